/**
 * The case officers' pages: the worklist with its filter, the application with each item's rule
 * proposal, "Varför?", the decision forms and the decision; the examination's timeline page.
 * Pure functions of their props.
 */
import { formatSek, type DecisionDocument } from '../../domain/decision-document.js';
import { CsrfField } from '../layout.js';
import { DecisionDocumentView } from '../region/decision-document.js';
import type { OfficerApplication, OfficerExam, OfficerItem, WorklistFilter, WorklistRow } from './data.js';
import { OFFICER_STATES } from './data.js';
import { Explanation, proposalText } from './explain.js';
import { TimelineSection, type TimelineProps } from './timeline.js';

export const applicationHref = (id: number) => `/handlaggning/ansokan/${id}`;
export const examinationHref = (runId: string) => `/handlaggning/undersokning/${encodeURIComponent(runId)}`;

export type FieldErrors = Partial<Record<'q' | 'region' | 'quarter' | 'state', string>>;

function SelectField({ id, name, label, error, value, options }: {
  id: string; name: string; label: string; error?: string | undefined; value?: string | undefined; options: { value: string; label: string }[];
}) {
  return (
    <div class={`select-field${error ? ' select-field--error' : ''}`}>
      <label class="label" for={id}>
        {label}
        {error && <span class="label__message label__message--error" id={`${id}-fel`}>{error}</span>}
      </label>
      <div class="select-field__icon-wrapper">
        <select class="select-field__select" id={id} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-fel` : undefined}>
          {options.map((o) => <option value={o.value} selected={(value ?? '') === o.value}>{o.label}</option>)}
        </select>
      </div>
    </div>
  );
}

export function WorklistPage({ rows, filter, choices, errors }: {
  rows: WorklistRow[]; filter: WorklistFilter; choices: { regions: { orgNumber: string; name: string }[]; quarters: string[] }; errors: FieldErrors;
}) {
  const field = (name: keyof FieldErrors) => ({ errorId: `filter-${name}-fel`, error: errors[name] });
  const q = field('q');
  return (
    <>
      <p>Inskickade ansökningar om statlig ersättning för hälsoundersökningar, äldst först. <a href="/handlaggning/oversikt">Översikt per region och kvartal</a></p>
      <form method="get" action="/handlaggning" class="officer-filter" role="search" aria-label="Sök och filtrera ansökningar" novalidate>
        <div class={`text-field${q.error ? ' text-field--error' : ''}`}>
          <label class="label" for="filter-q">
            Dossiernummer
            <span class="label__description" id="filter-q-hjalp">En person i ansökan, NN-NNNNNN</span>
            {q.error && <span class="label__message label__message--error" id={q.errorId}>{q.error}</span>}
          </label>
          <div class="text-field__input-wrapper">
            <input class="text-field__input" id="filter-q" name="q" type="text" value={filter.q ?? ''} autocomplete="off" maxlength={20}
              aria-invalid={q.error ? 'true' : undefined} aria-describedby={`filter-q-hjalp${q.error ? ` ${q.errorId}` : ''}`} />
          </div>
        </div>
        <SelectField id="filter-region" name="region" label="Region" error={errors.region} value={filter.region}
          options={[{ value: '', label: 'Alla regioner' }, ...choices.regions.map((r) => ({ value: r.orgNumber, label: r.name }))]} />
        <SelectField id="filter-quarter" name="quarter" label="Kvartal" error={errors.quarter} value={filter.quarter}
          options={[{ value: '', label: 'Alla kvartal' }, ...choices.quarters.map((k) => ({ value: k, label: k }))]} />
        <SelectField id="filter-state" name="state" label="Status" error={errors.state} value={filter.state}
          options={[{ value: '', label: 'Att handlägga (Inskickad, Under handläggning)' }, ...OFFICER_STATES.map((k) => ({ value: k, label: k })), { value: 'alla', label: 'Alla' }]} />
        <button type="submit" class="button button--primary button--medium">Sök</button>
      </form>
      <p role="status" data-testid="worklist-count">{rows.length === 1 ? '1 ansökan' : `${rows.length} ansökningar`}</p>
      {rows.length > 0 && (
        <div class="table-wrap">
          <table class="table officer-worklist">
            <caption class="sr-only">Ansökningar</caption>
            <thead>
              <tr>
                <th scope="col">Ansökan</th><th scope="col">Region</th><th scope="col">Kvartal</th><th scope="col">Status</th>
                <th scope="col" class="num">Undersökningar</th><th scope="col" class="num">Belopp</th>
                <th scope="col">Kom in</th><th scope="col" class="num">Dagar sedan</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td><a href={applicationHref(r.id)}>Ansökan nr {r.id}<span class="sr-only">, {r.regionName} {r.quarter}</span></a></td>
                  <td>{r.regionName}</td>
                  <td>{r.quarter}</td>
                  <td>{r.status}</td>
                  <td class="num">{r.itemCount}</td>
                  <td class="num">{formatSek(r.totalAmountSek)}</td>
                  <td>{r.receivedDate}</td>
                  <td class="num">{r.daysSinceReceived}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export type ItemFormState = { examinationId: number; outcome?: string; reason?: string; errors: { outcome?: string; reason?: string } };

function DecideForm({ app, item, csrf, state }: { app: OfficerApplication; item: OfficerItem; csrf: string | null; state?: ItemFormState | undefined }) {
  const base = `post-${item.examinationId}`;
  const outcome = state?.outcome ?? item.outcome ?? (item.proposal?.eligible ? 'Beviljad' : 'Avslagen');
  const reason = state?.reason ?? item.outcomeReason ?? '';
  const reasonError = state?.errors.reason;
  const outcomeError = state?.errors.outcome;
  return (
    <form method="post" action={`${applicationHref(app.id)}/poster/${item.examinationId}`} class="officer-decide" novalidate>
      <CsrfField token={csrf} />
      <fieldset class="fieldset radio-button-group" aria-describedby={outcomeError ? `${base}-utfall-fel` : undefined}>
        <legend class="label fieldset__label">Beslut för {item.name}</legend>
        {outcomeError && <p class="label__message label__message--error" id={`${base}-utfall-fel`}>{outcomeError}</p>}
        <div class="fieldset__content radio-button-group__content">
          <div class="radio-button">
            <input class="radio-button__input" type="radio" id={`${base}-bevilja`} name="outcome" value="Beviljad" checked={outcome === 'Beviljad'} />
            <label class="radio-button__label" for={`${base}-bevilja`}>Bevilja</label>
          </div>
          <div class="radio-button">
            <input class="radio-button__input" type="radio" id={`${base}-avsla`} name="outcome" value="Avslagen" checked={outcome === 'Avslagen'} />
            <label class="radio-button__label" for={`${base}-avsla`}>Avslå</label>
          </div>
        </div>
      </fieldset>
      <div class={`textarea-field${reasonError ? ' textarea-field--error' : ''}`}>
        <label class="label" for={`${base}-skal`}>
          Skäl för avslag
          <span class="label__description" id={`${base}-skal-hjalp`}>Krävs vid avslag. Skälet står i beslutet.</span>
          {reasonError && <span class="label__message label__message--error" id={`${base}-skal-fel`}>{reasonError}</span>}
        </label>
        <textarea class="textarea-field__textarea" id={`${base}-skal`} name="reason" rows={3} maxlength={1000}
          aria-invalid={reasonError ? 'true' : undefined} aria-describedby={`${base}-skal-hjalp${reasonError ? ` ${base}-skal-fel` : ''}`}
          autofocus={reasonError ? true : undefined}>{reason}</textarea>
      </div>
      <button type="submit" class="button button--secondary button--medium">Spara beslut<span class="sr-only"> för {item.name}</span></button>
    </form>
  );
}

function ItemCard({ app, item, csrf, state, describe, open }: {
  app: OfficerApplication; item: OfficerItem; csrf: string | null; state?: ItemFormState | undefined; describe: Map<string, string>; open: boolean;
}) {
  const headingId = `post-${item.examinationId}-rubrik`;
  return (
    <article class="officer-item" id={`post-${item.examinationId}`} aria-labelledby={headingId}>
      <h3 id={headingId}>{item.name}, {item.dossierNumber}</h3>
      <dl class="application-facts">
        <div><dt>Undersökningsdatum</dt><dd>{item.examDate}</dd></div>
        <div><dt>Undersökningens status</dt><dd><a href={examinationHref(item.runId)}>{item.examStatus}<span class="sr-only"> – tidslinje för {item.name}</span></a></dd></div>
        <div><dt>Regelförslag</dt><dd data-testid={`forslag-${item.dossierNumber}`}>{proposalText(item.proposal)}</dd></div>
        <div><dt>Handläggarens beslut</dt><dd data-testid={`beslut-${item.dossierNumber}`}>{item.outcome ? `${item.outcome}${item.outcomeReason ? ` – ${item.outcomeReason}` : ''}` : 'Inte beslutad (förslaget gäller)'}</dd></div>
      </dl>
      <details class="why">
        <summary>Varför?<span class="sr-only"> Regelbedömningen för {item.name}</span></summary>
        <Explanation id={`varfor-${item.examinationId}`} proposal={item.proposal} evaluation={item.evaluation} describe={describe} />
      </details>
      {open && <DecideForm app={app} item={item} csrf={csrf} state={state} />}
    </article>
  );
}

export type ApplicationPageProps = {
  app: OfficerApplication;
  items: OfficerItem[];
  decision: DecisionDocument | null;
  csrf: string | null;
  state?: ItemFormState | undefined;
  confirmError?: string | undefined;
  describe: Map<string, string>;
  timeline: TimelineProps;
  notice?: string | undefined;
};

export function ApplicationPage({ app, items, decision, csrf, state, confirmError, describe, timeline, notice }: ApplicationPageProps) {
  const open = app.status === 'Inskickad' || app.status === 'Under handläggning';
  const decidedByOfficer = items.filter((i) => i.outcome).length;
  return (
    <>
      <p><a href="/handlaggning">Tillbaka till ansökningarna</a></p>
      {notice && <div class="message-box message-box--success" role="status"><p>{notice}</p></div>}
      <dl class="application-facts">
        <div><dt>Region</dt><dd>{app.regionName} ({app.regionOrgNumber})</dd></div>
        <div><dt>Kvartal</dt><dd>{app.quarter}</dd></div>
        <div><dt>Status</dt><dd data-testid="ansokan-status">{app.status}</dd></div>
        <div><dt>Kom in</dt><dd>{app.receivedDate} ({app.daysSinceReceived} dagar sedan)</dd></div>
        <div><dt>Sista dag för ansökan</dt><dd>{app.deadline}</dd></div>
        <div><dt>Undersökningar</dt><dd>{app.itemCount}</dd></div>
        <div><dt>Belopp</dt><dd>{formatSek(app.totalAmountSek)}</dd></div>
        {app.payoutDate && <div><dt>Utbetalningsdag</dt><dd>{app.payoutDate}</dd></div>}
      </dl>

      {decision && (
        <div class="officer-decision">
          <DecisionDocumentView document={decision} headingLevel={2} />
        </div>
      )}

      <section aria-labelledby="poster-rubrik">
        <h2 id="poster-rubrik">Hälsoundersökningar i ansökan</h2>
        {open && <p>Pröva varje undersökning. Regelförslaget gäller för de undersökningar du inte beslutar om själv; ett avslag kräver skäl.</p>}
        {items.map((item) => (
          <ItemCard app={app} item={item} csrf={csrf} describe={describe} open={open}
            state={state?.examinationId === item.examinationId ? state : undefined} />
        ))}
      </section>

      {open && (
        <section aria-labelledby="bekrafta-rubrik" class="officer-confirm">
          <h2 id="bekrafta-rubrik">Fatta beslut</h2>
          <p>
            Du har beslutat om {decidedByOfficer} av {items.length} undersökningar; övriga avgörs enligt regelförslaget.
            Beslutet skickas till regionen och kan inte ändras i e-tjänsten.
          </p>
          <form method="post" action={`${applicationHref(app.id)}/beslut`}>
            <CsrfField token={csrf} />
            <div class="actions">
              <button type="submit" class="button button--primary" aria-describedby={confirmError ? 'bekrafta-fel' : undefined}>Bekräfta beslut</button>
              {confirmError && <p id="bekrafta-fel" class="form-error" role="alert">{confirmError}</p>}
            </div>
          </form>
        </section>
      )}

      <TimelineSection {...timeline} />
    </>
  );
}

export function ExaminationPage({ exam, timeline }: { exam: OfficerExam; timeline: TimelineProps }) {
  return (
    <>
      {exam.applicationId && <p><a href={applicationHref(exam.applicationId)}>Till ansökan nr {exam.applicationId}</a></p>}
      <dl class="application-facts">
        <div><dt>Person</dt><dd>{exam.name}, {exam.dossierNumber}</dd></div>
        <div><dt>Region</dt><dd>{exam.regionName}</dd></div>
        <div><dt>Undersökningsdatum</dt><dd>{exam.examDate ?? '–'}</dd></div>
        <div><dt>Kvartal</dt><dd>{exam.quarter ?? '–'}</dd></div>
        <div><dt>Status</dt><dd>{exam.status}</dd></div>
      </dl>
      <TimelineSection {...timeline} />
    </>
  );
}
