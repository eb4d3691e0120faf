/**
 * The overview of "Ansökan om ersättning" (the quarter to apply for, the region's applications)
 * and the fragment shown while an application is being created, which replaces itself (htmx
 * polling) until the application is a draft. Pure functions of their props.
 */
import { formatSek } from '../../../domain/decision-document.js';
import { CsrfField } from '../../layout.js';
import type { ApplicationRow } from '../data/applications.js';
import type { FormError } from '../forms.js';
import { quarterLabel } from './application.js';
import { APPLICATIONS_PATH, applicationHref } from './hrefs.js';

export type OverviewProps = {
  applicable: { quarter: string; examCount: number; deadline: string; existing: ApplicationRow | null };
  current: { quarter: string; reportedCount: number; opens: string };
  applications: ApplicationRow[];
  canCreate: boolean;
  csrf: string | null;
  error?: FormError | undefined;
};

export function OverviewPage({ applicable, current, applications, canCreate, csrf, error }: OverviewProps) {
  const errorId = 'skapa-ansokan-fel';
  return (
    <>
      <p>Här ansöker regionen om statlig ersättning för genomförda hälsoundersökningar, ett kvartal i taget.</p>
      <div class="message-box message-box--info">
        <p>
          Ansökan i e-tjänsten kan bara göras för tidigare kvartal. Personer som har genomgått en hälsoundersökning
          nuvarande kvartal syns inte i ansökningsläget förrän nästkommande kvartal då ansökan ska skickas in.
        </p>
        <p>Ansökan måste ha kommit in till Migrationsverket senast sista dagen i kvartalet efter det kvartal då undersökningen gjordes.</p>
      </div>

      <section aria-labelledby="kvartal-rubrik">
        <h2 id="kvartal-rubrik">Kvartal att ansöka för</h2>
        <dl class="application-facts">
          <div><dt>Kvartal</dt><dd>{quarterLabel(applicable.quarter)}</dd></div>
          <div><dt>Ansökningsbara hälsoundersökningar</dt><dd data-testid="ansokningsbara">{applicable.examCount}</dd></div>
          <div><dt>Sista dag för ansökan</dt><dd>{applicable.deadline}</dd></div>
        </dl>
        {applicable.existing ? (
          <>
            {error && <p class="form-error" role="alert">{error.message}</p>}
            <p>
              Det finns redan en ansökan för {applicable.quarter} (status: {applicable.existing.status}).{' '}
              <a href={applicationHref(applicable.quarter)}>Öppna ansökan för {applicable.quarter}</a>
            </p>
          </>
        ) : canCreate ? (
          <form method="post" action={APPLICATIONS_PATH} class="create-application">
            <CsrfField token={csrf} />
            <input type="hidden" name="quarter" value={applicable.quarter} />
            <p>
              Ansökan omfattar de hälsoundersökningar som är ansökningsbara när den skapas. Rapportera därför alla
              undersökningar från {applicable.quarter} innan du skapar ansökan. Endast en ansökan per kvartal kan göras.
            </p>
            <div class="actions">
              <button type="submit" class="button button--primary" aria-describedby={error ? errorId : undefined}>
                Skapa ny ansökan
              </button>
              {error && <p id={errorId} class="form-error" role="alert">{error.message}</p>}
            </div>
            {error?.link && <p><a href={error.link.href}>{error.link.text}</a></p>}
          </form>
        ) : (
          <p>Du har inte behörighet att skapa ansökningar (Skapa ny ansökan om ersättning).</p>
        )}
        <p>
          Innevarande kvartal ({current.quarter}): {current.reportedCount} rapporterade hälsoundersökningar. De kan sökas
          från och med {current.opens}.
        </p>
      </section>

      <section aria-labelledby="ansokningar-rubrik">
        <h2 id="ansokningar-rubrik">Regionens ansökningar</h2>
        {applications.length === 0 ? (
          <p>Regionen har inga ansökningar i e-tjänsten ännu.</p>
        ) : (
          <div class="application-table-wrap">
            <table class="table">
              <caption>Ansökningar om ersättning, senaste kvartalet först</caption>
              <thead>
                <tr>
                  <th scope="col">Kvartal</th><th scope="col">Status</th><th scope="col" class="num">Undersökningar</th>
                  <th scope="col" class="num">Belopp</th><th scope="col">Skapad</th><th scope="col">Inskickad</th>
                  <th scope="col">Sista dag</th><th scope="col">Utbetalningsdag</th>
                </tr>
              </thead>
              <tbody>
                {applications.map((a) => (
                  <tr>
                    <td><a href={applicationHref(a.quarter)}>{a.quarter}</a></td>
                    <td>{a.status}</td>
                    <td class="num">{a.itemCount}</td>
                    <td class="num">{formatSek(a.totalAmountSek)}</td>
                    <td>{a.createdAt}</td>
                    <td>{a.submittedAt ?? '–'}</td>
                    <td>{a.deadline}</td>
                    <td>{a.payoutDate ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** The self-replacing fragment shown while the application is being created. */
export function ProgressFragment({ quarter, progress }: { quarter: string; progress: { done: number; total: number } }) {
  const known = progress.total > 0;
  return (
    <div id="ansokan-forlopp" class="application-progress" hx-get={`${applicationHref(quarter)}/forlopp`} hx-trigger="every 1s" hx-swap="outerHTML">
      <h2 id="forlopp-rubrik">Ansökan skapas</h2>
      <p>Varje ansökningsbar hälsoundersökning från {quarter} prövas mot reglerna och läggs till i ansökan. Sidan uppdateras av sig själv.</p>
      {known ? (
        <progress aria-labelledby="forlopp-rubrik" max={progress.total} value={progress.done}>{progress.done} av {progress.total}</progress>
      ) : (
        <progress aria-labelledby="forlopp-rubrik" />
      )}
      <p aria-live="polite" data-testid="forlopp-text">
        {known ? `${progress.done} av ${progress.total} hälsoundersökningar genomgångna.` : 'Hälsoundersökningarna hämtas…'}
      </p>
      <p class="no-print"><a href={applicationHref(quarter)}>Uppdatera sidan</a></p>
    </div>
  );
}
