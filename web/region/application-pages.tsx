/**
 * Pages and fragments of "Ansökan om ersättning": pure functions of their props. The progress
 * fragment replaces itself (htmx polling) until the application is a draft.
 */
import { formatSek } from '../../domain/decision-document.js';
import { parseQuarter } from '../../domain/quarters.js';
import { CsrfField } from '../layout.js';
import type { ApplicationItemRow, ApplicationRow, OutsideExamRow } from './application-data.js';
import { DecisionDocumentView } from './decision-document.js';
import type { DecisionDocument } from '../../domain/decision-document.js';

const MONTHS = ['januari–mars', 'april–juni', 'juli–september', 'oktober–december'] as const;

/** `2026-Q1` → `2026-Q1 (januari–mars 2026)`. */
export function quarterLabel(quarter: string): string {
  const q = parseQuarter(quarter);
  return `${quarter} (${MONTHS[q.quarter - 1]} ${q.year})`;
}

export const applicationHref = (quarter: string) => `/ansokan/${quarter}`;

const STATUS_TEXT: Record<string, string> = {
  Skapas: 'Ansökan skapas: undersökningarna gås igenom.',
  Utkast: 'Utkast – ansökan är inte inskickad.',
  Inskickad: 'Inskickad – Migrationsverket har tagit emot ansökan.',
  'Under handläggning': 'Under handläggning hos Migrationsverket.',
  Beslutad: 'Beslutad – beslutet visas nedan.',
  Utbetald: 'Utbetald.',
};

export type FormError = { message: string; code?: string; link?: { href: string; text: string } };

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
          <form method="post" action="/ansokan" class="create-application">
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

function ItemsTable({ app, items, removable }: { app: ApplicationRow; items: ApplicationItemRow[]; removable: boolean }) {
  const decided = items.some((i) => i.outcome);
  return (
    <div class="application-table-wrap">
      <table class="table application-items">
        <caption>Hälsoundersökningar i ansökan ({items.length})</caption>
        <thead>
          <tr>
            <th scope="col">Dossiernummer</th><th scope="col">Namn</th><th scope="col">Undersökningsdatum</th>
            <th scope="col" class="num">Belopp</th>
            {decided && <th scope="col">Beslut</th>}
            {removable && <th scope="col">Åtgärd</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr>
              <td>{i.dossierNumber}</td>
              <td>{i.name}</td>
              <td>{i.examDate}</td>
              <td class="num">{i.amountSek == null ? '–' : formatSek(i.amountSek)}</td>
              {decided && <td>{i.outcome ?? '–'}{i.outcomeReason ? `: ${i.outcomeReason}` : ''}</td>}
              {removable && (
                <td>
                  <a href={`${applicationHref(app.quarter)}/poster/${i.examinationId}/ta-bort`} aria-label={`Ta bort ${i.name}, ${i.dossierNumber}, ur ansökan`}>
                    Ta bort
                  </a>
                </td>
              )}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>Totalt</th>
            <td class="num" data-testid="ansokan-totalt">{formatSek(app.totalAmountSek)}</td>
            {decided && <td />}
            {removable && <td />}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export type ApplicationViewProps = {
  app: ApplicationRow;
  items: ApplicationItemRow[];
  decision: DecisionDocument | null;
  canCreate: boolean;
  canSubmit: boolean;
  /** Ansökningsbar exams of the quarter outside the application (removed, or reported after it was created) */
  outside: number;
  /** with the right to change the draft: the outside exams it can add (the first ones, when many) */
  addable?: OutsideExamRow[] | undefined;
  csrf?: string | null;
  addError?: FormError | undefined;
  notice?: string | undefined;
};

/** "Lägg till i ansökan": the draft brought up to date, a selection or all. */
function AddItems({ app, outside, addable, csrf, error }: { app: ApplicationRow; outside: number; addable: OutsideExamRow[]; csrf: string | null; error?: FormError | undefined }) {
  const errorId = 'lagg-till-fel';
  return (
    <section aria-labelledby="lagg-till-rubrik" class="application-add">
      <h2 id="lagg-till-rubrik">Lägg till i ansökan</h2>
      <p>
        Hälsoundersökningar som blivit ansökningsbara efter att ansökan skapades, eller som tagits bort ur den, kan läggas till
        så länge ansökan inte är inskickad. Reglerna prövas igen för varje undersökning.
      </p>
      <form method="post" action={`${applicationHref(app.quarter)}/lagg-till`}>
        <CsrfField token={csrf} />
        {error && <p id={errorId} class="form-error" role="alert" tabindex={-1}>{error.message}</p>}
        <div class="application-table-wrap">
          <table class="table application-items">
            <caption>
              Ansökningsbara hälsoundersökningar som inte ingår ({outside}){addable.length < outside ? `, de ${addable.length} första visas` : ''}
            </caption>
            <thead>
              <tr><th scope="col">Välj</th><th scope="col">Dossiernummer</th><th scope="col">Namn</th><th scope="col">Undersökningsdatum</th></tr>
            </thead>
            <tbody>
              {addable.map((e) => (
                <tr>
                  <td>
                    <input type="checkbox" name="examinationId" value={String(e.examinationId)} id={`lagg-till-${e.examinationId}`}
                      aria-describedby={error ? errorId : undefined} />
                    <label for={`lagg-till-${e.examinationId}`} class="sr-only">Lägg till {e.name}, {e.dossierNumber}</label>
                  </td>
                  <td>{e.dossierNumber}</td>
                  <td>{e.name}</td>
                  <td>{e.examDate}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="actions">
          <button type="submit" class="button button--secondary" name="val" value="valda">Lägg till valda</button>
          <button type="submit" class="button button--secondary" name="val" value="alla">Lägg till alla ({outside})</button>
        </div>
      </form>
    </section>
  );
}

/** The application in whatever state it is past creation: draft, submitted, decided. */
export function ApplicationSection({ app, items, decision, canCreate, canSubmit, outside, addable, csrf, addError, notice }: ApplicationViewProps) {
  const draft = app.status === 'Utkast';
  return (
    <div id="ansokan" class="application">
      {notice && <div class="message-box message-box--success" role="status"><p>{notice}</p></div>}
      <dl class="application-facts">
        <div><dt>Kvartal</dt><dd>{quarterLabel(app.quarter)}</dd></div>
        <div><dt>Status</dt><dd data-testid="ansokan-status">{app.status}</dd></div>
        <div><dt>Ansökan nr</dt><dd>{app.id}</dd></div>
        <div><dt>Antal hälsoundersökningar</dt><dd>{app.itemCount}</dd></div>
        <div><dt>Totalt belopp</dt><dd>{formatSek(app.totalAmountSek)}</dd></div>
        <div><dt>Sista dag för ansökan</dt><dd>{app.deadline}</dd></div>
        <div><dt>Skapad</dt><dd>{app.createdAt}</dd></div>
        {app.submittedAt && <div><dt>Inskickad</dt><dd>{app.submittedAt}</dd></div>}
        {app.decidedAt && <div><dt>Beslutad</dt><dd>{app.decidedAt}</dd></div>}
        {app.payoutDate && <div><dt>Utbetalningsdag</dt><dd>{app.payoutDate}</dd></div>}
      </dl>
      <p>{STATUS_TEXT[app.status] ?? app.status}</p>
      {outside > 0 && (
        <p data-testid="utanfor-ansokan">
          {outside === 1 ? '1 ansökningsbar hälsoundersökning' : `${outside} ansökningsbara hälsoundersökningar`} från {app.quarter} ingår inte i
          ansökan (borttagen ur den eller rapporterad efter att ansökan skapades).
        </p>
      )}

      {draft && (
        <div class="actions">
          {canSubmit ? (
            items.length > 0 ? (
              <a class="button button--primary button-link" href={`${applicationHref(app.quarter)}/skicka-in`}>Skicka in ansökan</a>
            ) : (
              <p>Ansökan innehåller inga hälsoundersökningar och kan inte skickas in.</p>
            )
          ) : (
            <p>En kollega med behörigheten Skicka in ansökan om ersättning skickar in ansökan, senast {app.deadline}.</p>
          )}
        </div>
      )}

      {draft && canCreate && outside > 0 && addable && <AddItems app={app} outside={outside} addable={addable} csrf={csrf ?? null} error={addError} />}

      {decision ? (
        <>
          <p class="no-print"><a href={`${applicationHref(app.quarter)}/beslut`}>Utskriftsvänligt beslut</a></p>
          <DecisionDocumentView document={decision} headingLevel={2} />
        </>
      ) : (
        <section aria-labelledby="poster-rubrik">
          <h2 id="poster-rubrik">Hälsoundersökningar</h2>
          {items.length === 0 ? <p>Ansökan innehåller inga hälsoundersökningar.</p> : <ItemsTable app={app} items={items} removable={draft && canCreate} />}
        </section>
      )}
      <p class="no-print"><a href="/ansokan">Tillbaka till ansökningar</a></p>
    </div>
  );
}

export function RemoveConfirm({ app, item, csrf, error }: { app: ApplicationRow; item: ApplicationItemRow; csrf: string | null; error?: FormError | undefined }) {
  const errorId = 'ta-bort-fel';
  return (
    <>
      <p>Vill du ta bort den här hälsoundersökningen ur ansökan för {app.quarter}?</p>
      <dl class="application-facts">
        <div><dt>Dossiernummer</dt><dd>{item.dossierNumber}</dd></div>
        <div><dt>Namn</dt><dd>{item.name}</dd></div>
        <div><dt>Undersökningsdatum</dt><dd>{item.examDate}</dd></div>
        <div><dt>Belopp</dt><dd>{item.amountSek == null ? '–' : formatSek(item.amountSek)}</dd></div>
      </dl>
      <p>Undersökningen ersätts då inte genom denna ansökan. Registreringen av hälsoundersökningen finns kvar.</p>
      <form method="post" action={`${applicationHref(app.quarter)}/poster/${item.examinationId}/ta-bort`}>
        <CsrfField token={csrf} />
        <div class="actions">
          <button type="submit" class="button button--primary" aria-describedby={error ? errorId : undefined}>Ta bort ur ansökan</button>
          <a href={applicationHref(app.quarter)}>Avbryt</a>
          {error && <p id={errorId} class="form-error" role="alert">{error.message}</p>}
        </div>
      </form>
    </>
  );
}

export function SubmitConfirm({ app, csrf, error }: { app: ApplicationRow; csrf: string | null; error?: FormError | undefined }) {
  const errorId = 'skicka-in-fel';
  return (
    <>
      <p>Du skickar in ansökan om statlig ersättning för hälsoundersökningar under {quarterLabel(app.quarter)} till Migrationsverket.</p>
      <dl class="application-facts">
        <div><dt>Antal hälsoundersökningar</dt><dd>{app.itemCount}</dd></div>
        <div><dt>Totalt belopp</dt><dd data-testid="bekrafta-totalt">{formatSek(app.totalAmountSek)}</dd></div>
        <div><dt>Sista dag för ansökan</dt><dd data-testid="bekrafta-sista-dag">{app.deadline}</dd></div>
      </dl>
      <p>När ansökan är inskickad kan inga undersökningar tas bort eller läggas till. Migrationsverket prövar varje undersökning och fattar beslut.</p>
      <form method="post" action={`${applicationHref(app.quarter)}/skicka-in`}>
        <CsrfField token={csrf} />
        <div class="actions">
          <button type="submit" class="button button--primary" aria-describedby={error ? errorId : undefined}>Bekräfta och skicka in</button>
          <a href={applicationHref(app.quarter)}>Avbryt</a>
          {error && <p id={errorId} class="form-error" role="alert">{error.message}</p>}
        </div>
      </form>
    </>
  );
}
