/**
 * The case officers' pages: the worklist with its filter, the application with each item's rule
 * proposal, "Varför?", the decision forms and the decision; the examination's timeline page.
 * Pure functions of their props.
 */
import { formatSek, type DecisionDocument } from '../../domain/decision-document.js';
import { CsrfField } from '../layout.js';
import { DecisionDocumentView } from '../region/decision-document.js';
import type { Evaluation, ItemFilter, ItemPage, ItemSummary, ItemView, OfficerApplication, OfficerExam, OfficerItem, WorklistFilter, WorklistRow } from './data.js';
import { ITEM_VIEWS, ITEMS_PER_PAGE, OFFICER_STATES } from './data.js';
import { decidingReason, Explanation, proposalText, reasonLabel, TraceView } from './explain.js';
import { TimelineSection, type TimelineProps } from './timeline.js';

export const applicationHref = (id: number) => `/handlaggning/ansokan/${id}`;
export const examinationHref = (runId: string) => `/handlaggning/undersokning/${encodeURIComponent(runId)}`;
/** The selection script of the application page (select all on the page, the count of selected). */
export const OFFICER_SCRIPT = '/handlaggning/urval.js';

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

/** A bulk action's form as the officer sent it, with the messages for its fields. */
export type BulkFormState = {
  selected: number[];
  outcome?: string;
  reason?: string;
  errors: { selection?: string; outcome?: string; reason?: string; action?: string };
};

const numberFormat = new Intl.NumberFormat('sv-SE');
const num = (n: number) => numberFormat.format(n);
const examWord = (n: number) => (n === 1 ? 'undersökning' : 'undersökningar');

/** The application page's URL for a view of its items. */
export function itemViewHref(appId: number, f: ItemFilter, extra: Record<string, string> = {}, hash = ''): string {
  const q = new URLSearchParams();
  if (f.view !== 'alla') q.set('visa', f.view);
  if (f.reason) q.set('skal', f.reason);
  if (f.page > 1) q.set('sida', String(f.page));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const qs = q.toString();
  return `${applicationHref(appId)}${qs ? `?${qs}` : ''}${hash}`;
}

/** The view an item form returns to (the page the officer acted on). */
function ViewFields({ filter }: { filter: ItemFilter }) {
  return (
    <>
      <input type="hidden" name="visa" value={filter.view} />
      <input type="hidden" name="skal" value={filter.reason ?? ''} />
      <input type="hidden" name="sida" value={String(filter.page)} />
    </>
  );
}

function DecideForm({ app, item, csrf, state, filter }: { app: OfficerApplication; item: OfficerItem; csrf: string | null; state?: ItemFormState | undefined; filter: ItemFilter }) {
  const base = `post-${item.examinationId}`;
  const outcome = state?.outcome ?? item.outcome ?? (item.proposal?.eligible ? 'Beviljad' : 'Avslagen');
  const reason = state?.reason ?? item.outcomeReason ?? '';
  const reasonError = state?.errors.reason;
  const outcomeError = state?.errors.outcome;
  return (
    <form method="post" action={`${applicationHref(app.id)}/poster/${item.examinationId}`} class="officer-decide" novalidate>
      <CsrfField token={csrf} />
      <ViewFields filter={filter} />
      <fieldset class="fieldset radio-button-group" aria-describedby={outcomeError ? `${base}-utfall-fel` : undefined}>
        <legend class="label fieldset__label">Beslut för {item.name}</legend>
        {outcomeError && <p class="label__message label__message--error" id={`${base}-utfall-fel`} tabindex={-1} autofocus>{outcomeError}</p>}
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
          <span class="label__description" id={`${base}-skal-hjalp`}>Krävs vid avslag och när beslutet avviker från förslaget. Skälet står i beslutet.</span>
          {reasonError && <span class="label__message label__message--error" id={`${base}-skal-fel`}>{reasonError}</span>}
        </label>
        <textarea class="textarea-field__textarea" id={`${base}-skal`} name="reason" rows={3} maxlength={1000}
          aria-invalid={reasonError ? 'true' : undefined} aria-describedby={`${base}-skal-hjalp${reasonError ? ` ${base}-skal-fel` : ''}`}
          autofocus={reasonError && !outcomeError ? true : undefined}>{reason}</textarea>
      </div>
      <button type="submit" class="button button--secondary button--medium">Spara beslut<span class="sr-only"> för {item.name}</span></button>
    </form>
  );
}

function outcomeText(item: OfficerItem): string {
  if (!item.outcome) return 'Inte beslutad';
  return `${item.outcome}${item.outcomeReason ? ` – ${item.outcomeReason}` : ' enligt förslaget'}`;
}

const departs = (item: OfficerItem) => item.outcome !== null && item.outcome !== (item.proposal?.eligible ? 'Beviljad' : 'Avslagen');

/** One item: its row with the selection box, and a row below with "Varför?" and the item's own decision form. */
function ItemRows({ app, item, csrf, state, open, selected, filter }: {
  app: OfficerApplication; item: OfficerItem; csrf: string | null; state?: ItemFormState | undefined; open: boolean;
  selected: boolean; filter: ItemFilter;
}) {
  const id = item.examinationId;
  const refusalReasons = item.proposal && !item.proposal.eligible ? item.proposal.reasons.map((r) => reasonLabel(r.code)) : [];
  return (
    <tbody class="officer-item" id={`post-${id}`} aria-labelledby={`post-${id}-namn`}>
      <tr>
        {open && (
          <td class="officer-items__select">
            <input type="checkbox" class="officer-items__checkbox" name="valda" value={String(id)} form="massbeslut" id={`valj-${id}`} checked={selected} />
            <label for={`valj-${id}`} class="sr-only">Välj {item.name}, {item.dossierNumber}</label>
          </td>
        )}
        <th scope="row" id={`post-${id}-namn`}>
          {item.name}<br /><span class="officer-items__dossier">{item.dossierNumber}</span>
        </th>
        <td>{item.examDate}<br /><a href={examinationHref(item.runId)}>{item.examStatus}<span class="sr-only"> – tidslinje för {item.name}</span></a></td>
        <td data-testid={`forslag-${item.dossierNumber}`}>
          {proposalText(item.proposal)}
          {refusalReasons.length > 0 && <span class="officer-items__reasons"> – {refusalReasons.join(', ')}</span>}
        </td>
        <td data-testid={`beslut-${item.dossierNumber}`} class={departs(item) ? 'officer-items__changed' : undefined}>
          {outcomeText(item)}{departs(item) && <span class="officer-items__badge"> (ändrat)</span>}
        </td>
      </tr>
      <tr class="officer-items__more">
        <td colspan={open ? 5 : 4}>
          <details class="why">
            <summary>Varför?<span class="sr-only"> Regelbedömningen för {item.name}</span></summary>
            <Explanation id={`varfor-${id}`} name={item.name} proposal={item.proposal} evaluation={item.evaluation} src={`${applicationHref(app.id)}/poster/${id}/varfor`} />
          </details>
          {open && (
            <details class="why officer-items__decide" open={state ? true : undefined}>
              <summary>Besluta om undersökningen<span class="sr-only"> för {item.name}</span></summary>
              <DecideForm app={app} item={item} csrf={csrf} state={state} filter={filter} />
            </details>
          )}
        </td>
      </tr>
    </tbody>
  );
}

const VIEW_LABELS: Record<ItemView, string> = {
  alla: 'Alla undersökningar',
  'forslag-avslag': 'Föreslagna avslag',
  andrade: 'Ändrade av handläggaren',
  'ej-beslutade': 'Inte beslutade',
};

function ItemFilterForm({ app, summary, filter, errors }: { app: OfficerApplication; summary: ItemSummary; filter: ItemFilter; errors: ItemFilterErrors }) {
  const counts: Record<ItemView, number> = { alla: summary.total, 'forslag-avslag': summary.proposedRefusals, andrade: summary.changed, 'ej-beslutade': summary.undecided };
  const active = filter.view !== 'alla' || !!filter.reason;
  return (
    <form method="get" action={applicationHref(app.id)} class="officer-filter officer-item-filter" role="search" aria-label="Filtrera undersökningarna" novalidate>
      <SelectField id="poster-visa" name="visa" label="Visa" error={errors.view} value={filter.view}
        options={ITEM_VIEWS.map((v) => ({ value: v, label: `${VIEW_LABELS[v]} (${num(counts[v])})` }))} />
      <SelectField id="poster-skal" name="skal" label="Skäl i regelförslaget" error={errors.reason} value={filter.reason ?? ''}
        options={[{ value: '', label: 'Alla skäl' }, ...summary.reasons.map((r) => ({ value: r.code, label: `${reasonLabel(r.code)} (${num(r.count)})` }))]} />
      <div class="officer-filter__buttons">
        <button type="submit" class="button button--primary button--medium">Visa</button>
        {active && <a href={applicationHref(app.id)}>Visa alla undersökningar</a>}
      </div>
    </form>
  );
}

export type ItemFilterErrors = { view?: string; reason?: string };

function countLine(page: ItemPage, filter: ItemFilter): string {
  const what = [filter.view !== 'alla' ? VIEW_LABELS[filter.view].toLowerCase() : null, filter.reason ? `skäl: ${reasonLabel(filter.reason)}` : null].filter(Boolean).join(', ');
  if (page.total === 0) return `Inga undersökningar visas${what ? ` (${what})` : ''}.`;
  const first = (page.page - 1) * ITEMS_PER_PAGE + 1;
  const last = first + page.items.length - 1;
  return `Visar ${num(first)}–${num(last)} av ${num(page.total)} ${examWord(page.total)}${what ? ` (${what})` : ''}, sida ${num(page.page)} av ${num(page.pageCount)}.`;
}

function Pager({ app, page, filter }: { app: OfficerApplication; page: ItemPage; filter: ItemFilter }) {
  if (page.pageCount <= 1) return null;
  const link = (p: number, label: string) => <a href={itemViewHref(app.id, { ...filter, page: p }, {}, '#poster-rubrik')}>{label}</a>;
  const shown = [...new Set([1, page.page - 1, page.page, page.page + 1, page.pageCount])].filter((p) => p >= 1 && p <= page.pageCount).sort((a, b) => a - b);
  return (
    <nav class="officer-pager" aria-label="Sidor med undersökningar">
      {page.page > 1 && link(page.page - 1, 'Föregående sida')}
      <ul>
        {shown.map((p, i) => (
          <>
            {i > 0 && p - shown[i - 1]! > 1 && <li aria-hidden="true">…</li>}
            <li>
              {p === page.page
                ? <a href={itemViewHref(app.id, { ...filter, page: p }, {}, '#poster-rubrik')} aria-current="page"><span class="sr-only">Sida </span>{num(p)}</a>
                : <a href={itemViewHref(app.id, { ...filter, page: p }, {}, '#poster-rubrik')}><span class="sr-only">Sida </span>{num(p)}</a>}
            </li>
          </>
        ))}
      </ul>
      {page.page < page.pageCount && link(page.page + 1, 'Nästa sida')}
    </nav>
  );
}

/** The bulk actions: "Godkänn förslaget" for the selection or for every undecided item of the view, one outcome with one reason for the selection. */
function BulkForm({ app, csrf, filter, undecidedInView, state }: {
  app: OfficerApplication; csrf: string | null; filter: ItemFilter; undecidedInView: number; state?: BulkFormState | undefined;
}) {
  const e = state?.errors ?? {};
  const inView = filter.view !== 'alla' || filter.reason ? ' i urvalet' : '';
  return (
    <form method="post" action={`${applicationHref(app.id)}/poster`} id="massbeslut" class="officer-bulk" aria-labelledby="massbeslut-rubrik" novalidate>
      <CsrfField token={csrf} />
      <ViewFields filter={filter} />
      <div class="officer-bulk__top">
        <h3 id="massbeslut-rubrik" class="officer-bulk__heading">Beslut för flera undersökningar</h3>
        <p class="officer-bulk__selected" id="massbeslut-valda" aria-live="polite">
          {state?.selected.length ? `${num(state.selected.length)} valda på sidan.` : 'Inga valda på sidan.'}
        </p>
      </div>
      {e.selection && <p class="form-error officer-bulk__error" id="massbeslut-urval-fel" tabindex={-1} autofocus>{e.selection}</p>}
      {e.action && <p class="form-error officer-bulk__error" id="massbeslut-fel" role="alert" tabindex={-1} autofocus={!e.selection ? true : undefined}>{e.action}</p>}
      <div class="officer-bulk__row">
        <button type="submit" name="action" value="forslag-valda" class="button button--secondary button--medium"
          aria-describedby={e.selection ? 'massbeslut-urval-fel' : undefined}>Godkänn förslaget för valda</button>
        <button type="submit" name="action" value="forslag-alla" class="button button--secondary button--medium" disabled={undecidedInView === 0 ? true : undefined}>
          Godkänn förslaget för alla ej beslutade{inView} ({num(undecidedInView)})
        </button>
      </div>
      <fieldset class="fieldset officer-bulk__other">
        <legend class="label fieldset__label">Annat beslut för valda</legend>
        <div class={`officer-bulk__outcome radio-button-group radio-button-group--horizontal${e.outcome ? ' radio-button-group--error' : ''}`} role="radiogroup" aria-labelledby="massbeslut-utfall-rubrik"
          aria-describedby={e.outcome ? 'massbeslut-utfall-fel' : undefined}>
          <span class="label" id="massbeslut-utfall-rubrik">Beslut</span>
          {e.outcome && <span class="label__message label__message--error" id="massbeslut-utfall-fel">{e.outcome}</span>}
          <div class="radio-button-group__content officer-bulk__radios">
            <div class="radio-button">
              <input class="radio-button__input" type="radio" id="massbeslut-bevilja" name="outcome" value="Beviljad" checked={state?.outcome === 'Beviljad'} />
              <label class="radio-button__label" for="massbeslut-bevilja">Bevilja</label>
            </div>
            <div class="radio-button">
              <input class="radio-button__input" type="radio" id="massbeslut-avsla" name="outcome" value="Avslagen" checked={state?.outcome === 'Avslagen'} />
              <label class="radio-button__label" for="massbeslut-avsla">Avslå</label>
            </div>
          </div>
        </div>
        <div class={`text-field officer-bulk__reason${e.reason ? ' text-field--error' : ''}`}>
          <label class="label" for="massbeslut-skal">
            Skäl
            <span class="label__description" id="massbeslut-skal-hjalp">Krävs vid avslag och när beslutet avviker från förslaget. Skälet står i beslutet.</span>
            {e.reason && <span class="label__message label__message--error" id="massbeslut-skal-fel">{e.reason}</span>}
          </label>
          <div class="text-field__input-wrapper">
            <input class="text-field__input" type="text" id="massbeslut-skal" name="reason" maxlength={1000} value={state?.reason ?? ''} autocomplete="off"
              aria-invalid={e.reason ? 'true' : undefined} aria-describedby={`massbeslut-skal-hjalp${e.reason ? ' massbeslut-skal-fel' : ''}`}
              autofocus={e.reason && !e.selection && !e.action ? true : undefined} />
          </div>
        </div>
        <button type="submit" name="action" value="beslut-valda" class="button button--primary button--medium">Spara beslutet för valda</button>
      </fieldset>
    </form>
  );
}

export type DecisionSummary = { outcome: string; summary: string; payoutSentence: string };

/** What the page says at the top after an action: done (success), or still being processed (reload). */
export type PageMessage = { kind: 'done' | 'processing' | 'error'; text: string; reloadHref?: string };

export type ApplicationPageProps = {
  app: OfficerApplication;
  page: ItemPage;
  summary: ItemSummary;
  filter: ItemFilter;
  filterErrors?: ItemFilterErrors | undefined;
  undecidedInView: number;
  decision: DecisionSummary | null;
  csrf: string | null;
  state?: ItemFormState | undefined;
  bulk?: BulkFormState | undefined;
  confirmError?: string | undefined;
  timelineSrc: string;
  message?: PageMessage | undefined;
};

function MessageBox({ message }: { message: PageMessage }) {
  const kind = message.kind === 'done' ? 'success' : message.kind === 'processing' ? 'info' : 'error';
  return (
    <div class={`message-box message-box--${kind} officer-message`} id="resultat" role={message.kind === 'error' ? 'alert' : 'status'} tabindex={-1} autofocus>
      <p>{message.text}</p>
      {message.reloadHref && <p><a href={message.reloadHref}>Ladda om sidan</a></p>}
    </div>
  );
}

export function ApplicationPage(props: ApplicationPageProps) {
  const { app, page, summary, filter, decision, csrf, state, bulk, confirmError, message } = props;
  const open = app.status === 'Inskickad' || app.status === 'Under handläggning';
  const selected = new Set(bulk?.selected ?? []);
  const decidedByOfficer = summary.total - summary.undecided;
  return (
    <>
      <p><a href="/handlaggning">Tillbaka till ansökningarna</a></p>
      {message && <MessageBox message={message} />}
      <dl class="application-facts officer-facts">
        <div><dt>Region</dt><dd>{app.regionName} ({app.regionOrgNumber})</dd></div>
        <div><dt>Kvartal</dt><dd>{app.quarter}</dd></div>
        <div><dt>Status</dt><dd data-testid="ansokan-status">{app.status}</dd></div>
        <div><dt>Kom in</dt><dd>{app.receivedDate} ({app.daysSinceReceived} dagar sedan)</dd></div>
        <div><dt>Sista dag för ansökan</dt><dd>{app.deadline}</dd></div>
        <div><dt>Undersökningar</dt><dd>{num(app.itemCount)}</dd></div>
        <div><dt>{decision ? 'Beviljat belopp' : 'Sökt belopp'}</dt><dd>{formatSek(app.totalAmountSek)}</dd></div>
        {app.payoutDate && <div><dt>Utbetalningsdag</dt><dd>{app.payoutDate}</dd></div>}
      </dl>

      {decision && (
        <section class="officer-decision" aria-labelledby="beslut-rubrik">
          <h2 id="beslut-rubrik">Beslut: {decision.outcome}</h2>
          <p data-testid="beslut-sammanfattning">{decision.summary}</p>
          <p>{decision.payoutSentence}</p>
          <p><a href={`${applicationHref(app.id)}/beslut`}>Visa beslutet i sin helhet</a></p>
        </section>
      )}

      <section aria-labelledby="poster-rubrik">
        <h2 id="poster-rubrik" tabindex={-1}>Hälsoundersökningar i ansökan</h2>
        <dl class="application-facts officer-facts" data-testid="poster-summering">
          <div><dt>Undersökningar</dt><dd>{num(summary.total)}</dd></div>
          <div><dt>Föreslagna avslag</dt><dd>{num(summary.proposedRefusals)}</dd></div>
          <div><dt>Beslutade av handläggare</dt><dd>{num(decidedByOfficer)}</dd></div>
          <div><dt>Ändrade från förslaget</dt><dd>{num(summary.changed)}</dd></div>
          <div><dt>{open ? 'Beviljas som det ser ut nu' : 'Beviljade'}</dt><dd data-testid="poster-beviljas">{num(summary.granted)} {examWord(summary.granted)}, {formatSek(summary.grantedSek)}</dd></div>
        </dl>
        {open && <p>Regelförslaget gäller för de undersökningar du inte beslutar om själv. Ett avslag kräver skäl, liksom ett beslut som avviker från förslaget.</p>}
        <ItemFilterForm app={app} summary={summary} filter={filter} errors={props.filterErrors ?? {}} />
        <p class="officer-count" role="status" data-testid="poster-antal">{countLine(page, filter)}</p>
        {open && summary.total > 0 && <BulkForm app={app} csrf={csrf} filter={filter} undecidedInView={props.undecidedInView} state={bulk} />}
        {page.items.length > 0 && (
          <div class="table-wrap">
            <table class="table officer-items">
              <caption class="sr-only">Hälsoundersökningar i ansökan, sida {page.page} av {page.pageCount}</caption>
              <thead>
                <tr>
                  {open && (
                    <th scope="col" class="officer-items__select">
                      <span class="officer-items__all" hidden>
                        <input type="checkbox" class="officer-items__checkbox" id="valj-alla" aria-controls="massbeslut" />
                        <label for="valj-alla">Alla<span class="sr-only"> på sidan</span></label>
                      </span>
                      <span class="sr-only officer-items__all-fallback">Välj</span>
                    </th>
                  )}
                  <th scope="col" class="officer-items__person">Person</th>
                  <th scope="col" class="officer-items__date">Undersökt</th>
                  <th scope="col" class="officer-items__proposal">Regelförslag</th>
                  <th scope="col">Handläggarens beslut</th>
                </tr>
              </thead>
              {page.items.map((item) => (
                <ItemRows app={app} item={item} csrf={csrf} open={open} filter={filter} selected={selected.has(item.examinationId)}
                  state={state?.examinationId === item.examinationId ? state : undefined} />
              ))}
            </table>
          </div>
        )}
        <Pager app={app} page={page} filter={filter} />
      </section>

      {open && (
        <section aria-labelledby="bekrafta-rubrik" class="officer-confirm">
          <h2 id="bekrafta-rubrik">Fatta beslut</h2>
          <p>
            Du har beslutat om {num(decidedByOfficer)} av {num(summary.total)} undersökningar; övriga avgörs enligt regelförslaget.
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

      <section id="tidslinje" class="timeline" aria-labelledby="tidslinje-rubrik" hx-get={props.timelineSrc} hx-trigger="load" hx-swap="outerHTML">
        <h2 id="tidslinje-rubrik">Tidslinje för ansökan</h2>
        <p><a href={props.timelineSrc}>Visa tidslinjen för ansökan</a></p>
      </section>
      <script src={OFFICER_SCRIPT} defer></script>
    </>
  );
}

/** "Hela regelbedömningen" of one item on a page of its own (without JavaScript). */
export function TracePage({ app, item, evaluation, describe }: { app: OfficerApplication; item: OfficerItem; evaluation: Evaluation; describe: Map<string, string> }) {
  return (
    <>
      <p><a href={`${applicationHref(app.id)}#post-${item.examinationId}`}>Till ansökan nr {app.id}</a></p>
      <p>Dossiernummer {item.dossierNumber}, undersökt {item.examDate}, ansökan nr {app.id} från {app.regionName} ({app.quarter}).</p>
      <p class="why__lead">{decidingReason(item.proposal, evaluation.facts)}</p>
      <div class="why__body"><TraceView proposal={item.proposal} evaluation={evaluation} describe={describe} /></div>
    </>
  );
}

/** The whole decision document on a page of its own (a 5 000-item table does not belong on the review page). */
export function DecisionPage({ app, decision }: { app: OfficerApplication; decision: DecisionDocument }) {
  return (
    <>
      <p><a href={applicationHref(app.id)}>Till ansökan nr {app.id}</a></p>
      <div class="officer-decision">
        <DecisionDocumentView document={decision} headingLevel={2} />
      </div>
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
