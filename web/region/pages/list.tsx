/**
 * The list tab's markup: information box, filter form, the table (one partial, written once: the
 * full page includes it, htmx requests get it alone) and the pager. Pure functions of their props.
 */
import type { Child } from 'hono/jsx';
import { TYPE_CODES } from '../../../domain/person.js';
import { assetUrl } from '../../static.js';
import { COLUMNS, EXAM_STATUS_FILTERS, TYPE_CODE_LABELS, cellValue, columnByKey, screenHeader, type Column, type ListRow } from '../columns.js';
import { PAGE_SIZE, type ListPage } from '../data/list.js';
import { listQueryString, type ListState } from '../forms.js';
import { LIST_PATH, actionsPath, personPath, personRowId } from './hrefs.js';

export const RESULTS_ID = 'lista-resultat';
export const COUNT_ID = 'lista-antal';
export const RESULTS_HEADING_ID = 'lista-resultat-rubrik';
const FILTER_FORM_ID = 'lista-filter';
const FILTER_COUNT_ID = 'lista-filter-antal';
const STYLESHEET = assetUrl('list.css');
const SCRIPT = assetUrl('list.js');

const numberFormat = new Intl.NumberFormat('sv-SE');
const personWord = (n: number) => (n === 1 ? 'person' : 'personer');

/** The stylesheet and script of the list and the person's page. */
export function ListAssets({ nonce }: { nonce: string | undefined }) {
  return (
    <>
      <link rel="stylesheet" href={STYLESHEET} />
      <script src={SCRIPT} nonce={nonce} defer></script>
    </>
  );
}

export function InfoBox() {
  return (
    <div class="message-box message-box--info lista-info" id="lista-information">
      <h2 class="message-box__heading">Om kolumnen ”Omf. LMA / förvar fr.o.m.”</h2>
      <p>
        Kolumnen visar från vilket datum individen antingen omfattas av LMA eller är tagen i förvar och därmed omfattas
        av personkretsen för statlig ersättning för genomförd hälsoundersökning.
      </p>
      <p>
        Om en individ tas ur förvar och fortfarande är asylsökande visas det ursprungliga datumet när individen började
        omfattas av LMA. Finns det däremot en helt ny asylansökan visas det nya datumet. Skyddsbehövande enligt
        massflyktsdirektivet som inte beviljats tillstånd före den 1 juli 2022 visas som att de omfattas av LMA från
        den 1 juli 2022.
      </p>
      <p>
        Datum saknas för bevispersoner (B) och asylsökande barn (AB), eftersom de inte omfattas av LMA. För dem kan
        regionen inte söka ersättning för hälsoundersökning.
      </p>
    </div>
  );
}

function Checkbox({ name, value, label, checked }: { name: string; value: string; label: string; checked: boolean }) {
  const id = `filter-${name}-${value}`;
  return (
    <div class="checkbox">
      <input class="checkbox__input" type="checkbox" id={id} name={name} value={value} checked={checked} />
      <label class="checkbox__label" for={id}>{label}</label>
    </div>
  );
}

const activeFilters = (state: ListState) => state.types.length + state.statuses.length;
const filterCountText = (n: number) => (n === 0 ? 'inga aktiva' : n === 1 ? '1 aktivt' : `${n} aktiva`);

/** The number of active filters in the "Filtrera" summary (htmx replaces it out of band). */
export function FilterCount({ state, oob }: { state: ListState; oob?: boolean }) {
  return <span id={FILTER_COUNT_ID} class="lista-filter__count" hx-swap-oob={oob ? 'true' : undefined}>({filterCountText(activeFilters(state))})</span>;
}

export function FilterForm({ state }: { state: ListState }) {
  return (
    <form
      id={FILTER_FORM_ID} class="lista-filter" method="get" action={LIST_PATH} role="search" aria-label="Sök och filtrera listan"
      hx-get={LIST_PATH} hx-target={`#${RESULTS_ID}`} hx-push-url="true"
      hx-trigger="submit, change, keyup changed delay:500ms from:#lista-sok"
    >
      <div class="lista-filter__row">
        <div class="text-field lista-filter__search">
          <label class="label" for="lista-sok">
            Sök
            <span class="label__description" id="lista-sok-hjalp">Sök på valfri uppgift, till exempel namn, dossiernummer, datum, adress eller ort.</span>
          </label>
          <div class="text-field__input-wrapper">
            <input class="text-field__input" id="lista-sok" name="sok" type="search" value={state.search} maxlength={100}
              autocomplete="off" aria-describedby="lista-sok-hjalp" />
          </div>
        </div>
        <div class="lista-filter__buttons">
          <button type="submit" class="button button--primary button--medium">Sök</button>
          <a href={LIST_PATH}>Rensa sökning och filter</a>
        </div>
      </div>
      <details class="lista-filter__more">
        <summary>Filtrera <FilterCount state={state} /></summary>
        <div class="lista-filter__groups">
          <fieldset class="fieldset lista-filter__types">
            <legend class="label fieldset__label">Typ av sökande</legend>
            <div class="checkbox-group__content">
              {TYPE_CODES.map((t) => (
                <Checkbox name="typ" value={t} label={`${t} – ${TYPE_CODE_LABELS[t]}`} checked={state.types.includes(t)} />
              ))}
            </div>
          </fieldset>
          <fieldset class="fieldset">
            <legend class="label fieldset__label">Hälsoundersökning</legend>
            <div class="checkbox-group__content">
              {EXAM_STATUS_FILTERS.map((f) => (
                <Checkbox name="status" value={f.slug} label={f.label} checked={state.statuses.includes(f.slug)} />
              ))}
            </div>
          </fieldset>
        </div>
      </details>
    </form>
  );
}

const nextDirection = (state: ListState, column: Column) =>
  state.sort === column.key && state.direction === 'stigande' ? 'fallande' : 'stigande';

function SortHeader({ state, column }: { state: ListState; column: Column }) {
  const active = state.sort === column.key;
  const next = nextDirection(state, column);
  const href = `${LIST_PATH}${listQueryString(state, { sort: column.key, direction: next, page: 1 })}`;
  const tooltipId = column.tooltip ? `tooltip-${column.key}` : undefined;
  const link = (
    <a class="lista-sort" href={href} hx-get={href} hx-target={`#${RESULTS_ID}`} hx-push-url="true" aria-describedby={tooltipId}>
      <span class="lista-sort__label">{screenHeader(column)}</span>{' '}
      <span class="lista-sort__arrow" aria-hidden="true">{active ? (state.direction === 'stigande' ? '▲' : '▼') : '⇅'}</span>
      <span class="sr-only">{`, sortera ${next}`}</span>
    </a>
  );
  return (
    <th scope="col" data-column={column.key} aria-sort={active ? (state.direction === 'stigande' ? 'ascending' : 'descending') : undefined}>
      {column.tooltip ? (
        <span class="lista-tooltip">
          {link}
          <span class="lista-tooltip__text" role="tooltip" id={tooltipId}>{column.tooltip}</span>
        </span>
      ) : link}
    </th>
  );
}

export function TableHead({ state, canReport }: { state: ListState; canReport: boolean }) {
  return (
    <thead>
      <tr>
        {COLUMNS.map((column) => <SortHeader state={state} column={column} />)}
        {canReport && <th scope="col">Åtgärd</th>}
      </tr>
    </thead>
  );
}

export const personName = (row: ListRow) => `${row.given_name} ${row.family_name}`;

/** One person's rows: the data row (the dossier number opens the person's page), and the actions row when it is open. */
export function PersonBody({ row, canReport, open, children }: { row: ListRow; canReport: boolean; open?: boolean; children?: Child }) {
  const path = personPath(row.dossier_number);
  const id = personRowId(row.dossier_number);
  return (
    <tbody id={id} class={open ? 'person person--open' : 'person'}>
      <tr>
        {COLUMNS.map((column, i) =>
          i === 0
            ? <th scope="row"><a href={path}>{cellValue(row, column)}</a></th>
            : <td class={column.nowrap ? 'nowrap' : undefined}>{cellValue(row, column)}</td>)}
        {canReport && (
          <td>
            {open ? (
              <a class="lista-person-link" href={LIST_PATH} hx-get={`${path}/rad`} hx-target={`#${id}`} hx-swap="outerHTML" aria-expanded="true">
                Stäng<span class="sr-only"> åtgärder för {personName(row)}, {row.dossier_number}</span>
              </a>
            ) : (
              <a class="lista-person-link" href={`${path}#atgarder-${row.dossier_number}`} hx-get={actionsPath(row.dossier_number)}
                hx-target={`#${id}`} hx-swap="outerHTML">
                Kalla/<wbr />rapportera<span class="sr-only"> för {personName(row)}, {row.dossier_number}</span>
              </a>
            )}
          </td>
        )}
      </tr>
      {open && children && (
        <tr class="lista-actions">
          <td colspan={COLUMNS.length + 1}><div class="lista-actions__panel">{children}</div></td>
        </tr>
      )}
    </tbody>
  );
}

function pageWindow(page: number, pageCount: number): number[] {
  const pages = new Set([1, pageCount]);
  for (let p = page - 2; p <= page + 2; p++) if (p >= 1 && p <= pageCount) pages.add(p);
  return [...pages].sort((a, b) => a - b);
}

function PageLink({ state, page, label, current }: { state: ListState; page: number; label: Child; current?: boolean }) {
  const href = `${LIST_PATH}${listQueryString(state, { page })}`;
  return (
    <a href={href} hx-get={href} hx-target={`#${RESULTS_ID}`} hx-push-url="true" aria-current={current ? 'page' : undefined}>{label}</a>
  );
}

function Pager({ state, result }: { state: ListState; result: ListPage }) {
  if (result.pageCount <= 1) return null;
  const { page, pageCount } = result;
  const shown = pageWindow(page, pageCount);
  return (
    <nav class="lista-pager" aria-label="Sidor i listan">
      {page > 1 && <PageLink state={state} page={page - 1} label="Föregående sida" />}
      <ul>
        {shown.map((p, i) => (
          <>
            {i > 0 && p - shown[i - 1]! > 1 && <li aria-hidden="true">…</li>}
            <li><PageLink state={state} page={p} current={p === page} label={<><span class="sr-only">Sida </span>{p}</>} /></li>
          </>
        ))}
      </ul>
      {page < pageCount && <PageLink state={state} page={page + 1} label="Nästa sida" />}
    </nav>
  );
}

export function countText(result: ListPage): string {
  if (result.total === 0) return 'Inga personer matchar sökningen.';
  const first = (result.page - 1) * PAGE_SIZE + 1;
  const last = first + result.rows.length - 1;
  return `Visar ${numberFormat.format(first)}–${numberFormat.format(last)} av ${numberFormat.format(result.total)} ${personWord(result.total)}.`;
}

export function CountLine({ result, oob }: { result: ListPage; oob?: boolean }) {
  return (
    <p id={COUNT_ID} class="lista-count" role="status" hx-swap-oob={oob ? 'true' : undefined}>{countText(result)}</p>
  );
}

/** The part of the page that search, filters, sorting and paging replace. */
export function Results({ state, result, canReport }: { state: ListState; result: ListPage; canReport: boolean }) {
  const query = listQueryString({ ...state, page: 1 });
  const sortColumn = columnByKey(state.sort)!;
  return (
    <>
      <input type="hidden" name="sortera" value={state.sort} form={FILTER_FORM_ID} />
      <input type="hidden" name="ordning" value={state.direction} form={FILTER_FORM_ID} />
      <p class="lista-exports">
        <a href={`${LIST_PATH}/export.csv${query}`}>Exportera till CSV<span class="sr-only"> (det som visas, alla sidor)</span></a>
        <a href={`${LIST_PATH}/export.xlsx${query}`}>Exportera till Excel<span class="sr-only"> (det som visas, alla sidor)</span></a>
      </p>
      {result.total > 0 && (
        <div class="lista-scroll">
          <table class="lista-table" id="lista-tabell">
            <caption class="sr-only">
              {`Asylsökande m.fl. i länet, sorterad på ${sortColumn.header} ${state.direction}, sida ${result.page} av ${result.pageCount}`}
            </caption>
            <TableHead state={state} canReport={canReport} />
            {result.rows.map((row) => <PersonBody row={row} canReport={canReport} />)}
          </table>
        </div>
      )}
      <Pager state={state} result={result} />
    </>
  );
}

export function ListPageBody({ state, result, canReport, nonce }: { state: ListState; result: ListPage; canReport: boolean; nonce: string | undefined }) {
  return (
    <div data-lista hx-history="false">
      <ListAssets nonce={nonce} />
      <p class="lista-skip"><a href={`#${RESULTS_HEADING_ID}`}>Hoppa till resultatet</a></p>
      <h1>Asylsökande m.fl. i länet</h1>
      <InfoBox />
      <FilterForm state={state} />
      <section class="lista-results" aria-labelledby={RESULTS_HEADING_ID}>
        <div class="lista-results__bar">
          <h2 id={RESULTS_HEADING_ID} tabindex={-1}>Resultat</h2>
          <CountLine result={result} />
        </div>
        <div id={RESULTS_ID}>
          <Results state={state} result={result} canReport={canReport} />
        </div>
      </section>
    </div>
  );
}
