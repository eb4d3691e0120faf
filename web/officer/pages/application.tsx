/**
 * The application page: its facts and decision, the items with each one's rule proposal,
 * "Varför?" and decision form, the filter and pages of the item list, the bulk actions and the
 * confirmed decision, and the timeline (fetched when the page has loaded).
 */
import { formatSek } from '../../../domain/decision-document.js';
import { reasonLabel } from '../../components/reasons.js';
import { CsrfField } from '../../layout.js';
import { assetUrl } from '../../static.js';
import type { DecisionSummary, OfficerApplication } from '../data/applications.js';
import type { ItemFilter, ItemPage, ItemSummary, ItemView } from '../data/items.js';
import { ITEM_VIEWS, ITEMS_PER_PAGE } from '../data/items.js';
import { BulkForm, type BulkFormState } from './bulk-form.js';
import { SelectField } from './fields.js';
import { examWord, num } from './format.js';
import { applicationHref, itemViewHref } from './hrefs.js';
import { ItemRows, type ItemFormState } from './item-rows.js';

/** The selection script (select all on the page, the count of selected). */
const SELECTION_SCRIPT = assetUrl('officer-selection.js');

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
      <script src={SELECTION_SCRIPT} defer></script>
    </>
  );
}
