/**
 * One application of "Ansökan om ersättning" past its creation (draft, submitted, decided) and
 * the decision's printable page: pure functions of their props.
 */
import { formatSek, type DecisionDocument } from '../../../domain/decision-document.js';
import { parseQuarter } from '../../../domain/quarters.js';
import { DecisionDocumentView } from '../../components/decision-document.js';
import { CsrfField } from '../../layout.js';
import type { ApplicationItemRow, ApplicationRow, OutsideExamRow } from '../data/applications.js';
import type { FormError } from '../forms.js';
import { APPLICATIONS_PATH, applicationHref } from './hrefs.js';

const MONTHS = ['januari–mars', 'april–juni', 'juli–september', 'oktober–december'] as const;

/** `2026-Q1` → `2026-Q1 (januari–mars 2026)`. */
export function quarterLabel(quarter: string): string {
  const q = parseQuarter(quarter);
  return `${quarter} (${MONTHS[q.quarter - 1]} ${q.year})`;
}

const STATUS_TEXT: Record<string, string> = {
  Skapas: 'Ansökan skapas: undersökningarna gås igenom.',
  Utkast: 'Utkast – ansökan är inte inskickad.',
  Inskickad: 'Inskickad – Migrationsverket har tagit emot ansökan.',
  'Under handläggning': 'Under handläggning hos Migrationsverket.',
  Beslutad: 'Beslutad – beslutet visas nedan.',
  Utbetald: 'Utbetald.',
};

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
      <p class="no-print"><a href={APPLICATIONS_PATH}>Tillbaka till ansökningar</a></p>
    </div>
  );
}

const PRINT_SCRIPT = "document.getElementById('skriv-ut').addEventListener('click', function () { window.print(); });";

/** The decision on its own, to print. */
export function DecisionPrintPage({ app, decision, nonce }: { app: ApplicationRow; decision: DecisionDocument; nonce: string | undefined }) {
  return (
    <>
      <div class="actions no-print">
        <a href={applicationHref(app.quarter)}>Tillbaka till ansökan</a>
        <button type="button" class="button button--secondary" id="skriv-ut">Skriv ut</button>
      </div>
      <DecisionDocumentView document={decision} headingLevel={1} />
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: PRINT_SCRIPT }} />
    </>
  );
}
