/**
 * A person's actions in the list: record the invitation date, report the examination, delete the
 * registration (after a confirmation). Errors and the service's refusals are shown beside the
 * field they concern; the schemas are in ../forms.ts.
 */
import { REPORT_REFUSED, type Refusal } from '../../../services/index.js';
import { CsrfField } from '../../layout.js';
import type { ListRow } from '../columns.js';
import { DATE_FIELDS, type DateFormName } from '../forms.js';
import { actionsPath, personPath, personRowId } from './hrefs.js';
import { personName } from './list.js';
import { refusalText, type RefusedPerson } from './refusal-texts.js';

/** States in which the region may still delete the registration (SPEC §5). */
export const DELETABLE = new Set(['Kallad', 'Rapporterad', 'Ansökningsbar']);
const REPORTABLE = (status: string | null) => status === null || status === 'Kallad';

export type ActionsView = {
  /** Where the actions are shown: the list's open row (htmx swaps it) or the person's page (plain forms). */
  where?: 'row' | 'page';
  /** What just happened, announced and focused. */
  notice?: string | null;
  /** Which form the values and error belong to. */
  form?: DateFormName;
  value?: string;
  /** A field error (bad input) for the form. */
  error?: string | null;
  /** The service's refusal for the form. */
  refusal?: Refusal | null;
};

const fieldId = (form: DateFormName, dossier: string) => `${form}-${dossier}`;

/** htmx attributes that swap the person's rows in the list; none on the person's page. */
function inRow(view: ActionsView, dossier: string, verb: 'hx-get' | 'hx-post', url: string): Record<string, string> {
  return view.where === 'page' ? {} : { [verb]: url, 'hx-target': `#${personRowId(dossier)}`, 'hx-swap': 'outerHTML' };
}

/**
 * The refusal as the user reads it: the seed's sentence, then for each reason the case that
 * applies, why, and what to do instead; a refusal that is not the rules' keeps its own message.
 */
export function RefusalMessage({ id, refusal, person }: { id: string; refusal: Refusal; person: RefusedPerson }) {
  const lead = refusal.message.startsWith(REPORT_REFUSED) ? REPORT_REFUSED : null;
  const reasons = refusal.reasons.filter((r) => r.message && r.message !== REPORT_REFUSED);
  const shown = reasons.length ? reasons : [{ code: refusal.code, message: refusal.message }];
  return (
    <div class="message-box message-box--error lista-refusal" id={id} role="alert">
      {lead && <p><strong>{lead}</strong></p>}
      {shown.map((reason) => {
        const text = refusalText(reason.code, person);
        if (!text) return <p>{reason.message}</p>;
        return (
          <div class="lista-refusal__reason" data-reason={reason.code}>
            <p><strong>{text.applies}</strong> {text.why}</p>
            <p><strong>Så kan du gå vidare:</strong> {text.forward}</p>
          </div>
        );
      })}
    </div>
  );
}

function DateForm({ row, form, label, button, view, csrf }: {
  row: ListRow; form: DateFormName; label: string; button: string; view: ActionsView; csrf: string | null;
}) {
  const dossier = row.dossier_number;
  const id = fieldId(form, dossier);
  const name = DATE_FIELDS[form];
  const mine = view.form === form;
  const error = mine ? view.error : null;
  const refusal = mine ? view.refusal : null;
  const hintId = `${id}-hjalp`;
  const errorId = `${id}-fel`;
  const describedBy = [hintId, error || refusal ? errorId : ''].filter(Boolean).join(' ');
  const action = `${personPath(dossier)}/${form}`;
  return (
    <form method="post" action={action} {...inRow(view, dossier, 'hx-post', action)} novalidate>
      <CsrfField token={csrf} />
      <div class={`text-field${error || refusal ? ' text-field--error' : ''}`}>
        <label class="label" for={id}>
          {label}
          <span class="label__description" id={hintId}>ÅÅÅÅ-MM-DD</span>
          {error && <span class="label__message label__message--error" id={errorId}>{error}</span>}
        </label>
        <div class="text-field__input-wrapper">
          <input class="text-field__input" id={id} name={name} type="text" inputmode="numeric" autocomplete="off" maxlength={10}
            value={mine ? view.value ?? '' : ''} aria-invalid={error || refusal ? 'true' : undefined} aria-describedby={describedBy}
            autofocus={mine && (error || refusal) ? true : undefined} />
        </div>
      </div>
      <button type="submit" class="button button--secondary button--medium">{button}</button>
    </form>
  );
}

const statusText = (row: ListRow) => row.exam_status ?? 'Ej kallad';

/** The open actions of one person (inside the list's row, or on the person's own page). */
export function PersonActions({ row, view, csrf }: { row: ListRow; view: ActionsView; csrf: string | null }) {
  const dossier = row.dossier_number;
  const status = row.exam_status;
  return (
    <div class="lista-person-actions">
      <h2 class="heading--h3" id={`atgarder-${dossier}`} tabindex={-1}
        autofocus={view.where !== 'page' && !view.notice && !view.error && !view.refusal ? true : undefined}>
        {view.where === 'page' ? 'Kalla eller rapportera hälsoundersökning' : <>Hälsoundersökning för {personName(row)}, {dossier}</>}
      </h2>
      {view.where !== 'page' && <p>Status: <strong>{statusText(row)}</strong></p>}
      {view.notice && (
        <p class="message-box message-box--success lista-message" role="status" tabindex={-1} autofocus>{view.notice}</p>
      )}
      {REPORTABLE(status) ? (
        <>
          <div class="lista-action-forms">
            <DateForm row={row} form="kallelse" label="Datum för kallelse" button="Spara kallelse" view={view} csrf={csrf} />
            <DateForm row={row} form="rapport" label="Datum för genomförd hälsoundersökning" button="Rapportera hälsoundersökning" view={view} csrf={csrf} />
          </div>
          {view.refusal && <RefusalMessage id={`${fieldId(view.form ?? 'rapport', dossier)}-fel`} refusal={view.refusal} person={row} />}
        </>
      ) : (
        <>
          <p>Hälsoundersökningen är rapporterad{row.exam_date ? ` (${row.exam_date})` : ''}. Datumet kan inte ändras; ta bort registreringen och registrera en ny om datumet är fel.</p>
          {view.refusal && <RefusalMessage id={`${view.form ?? 'rapport'}-${dossier}-fel`} refusal={view.refusal} person={row} />}
        </>
      )}
      {status && DELETABLE.has(status) && (
        <p>
          <a href={`${personPath(dossier)}/ta-bort`} {...inRow(view, dossier, 'hx-get', `${personPath(dossier)}/ta-bort`)}>
            Ta bort registreringen<span class="sr-only"> för {personName(row)}</span>
          </a>
        </p>
      )}
      {view.where !== 'page' && (
        <p><a href={personPath(dossier)}>Visa personens sida<span class="sr-only">: {personName(row)}, {dossier}</span></a></p>
      )}
    </div>
  );
}

/** The confirmation step before a registration is deleted. */
export function DeleteConfirmation({ row, csrf, error, where = 'row' }: {
  row: ListRow; csrf: string | null; error?: string | null; where?: 'row' | 'page';
}) {
  const dossier = row.dossier_number;
  const view: ActionsView = { where };
  const action = `${personPath(dossier)}/ta-bort`;
  return (
    <div class="lista-person-actions">
      <h2 class="heading--h3">Ta bort registreringen för {personName(row)}, {dossier}</h2>
      {error && <div class="message-box message-box--error" role="alert"><p>{error}</p></div>}
      <p class="lista-message" id={`bekrafta-${dossier}`} tabindex={-1} autofocus>
        Är du säker på att du vill ta bort registreringen av hälsoundersökningen
        {row.exam_date ? ` (genomförd ${row.exam_date})` : row.exam_invited_date ? ` (kallad ${row.exam_invited_date})` : ''}? Därefter kan du registrera en ny med rätt datum.
      </p>
      <form method="post" action={action} {...inRow(view, dossier, 'hx-post', action)} class="lista-button-row">
        <CsrfField token={csrf} />
        <button type="submit" class="button button--primary button--medium">Ja, ta bort registreringen</button>
        <a href={`${personPath(dossier)}#atgarder-${dossier}`} {...inRow(view, dossier, 'hx-get', actionsPath(dossier))}>Avbryt</a>
      </form>
    </div>
  );
}
