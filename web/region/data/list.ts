/**
 * The list's queries on the `persons` projection: always the user's own region, never protected
 * identities. Pages, exports and the person's page read the same rows in the same order.
 */
import type { Sql } from '../../../db/sql.js';
import { columnByKey, DEFAULT_SORT, EXAM_STATUS_FILTERS, type ListRow } from '../columns.js';
import type { ListState } from '../forms.js';

export const PAGE_SIZE = 50;
const MAX_TERMS = 6;

/**
 * Plans the query for its own values each time (an unnamed statement): a plan cached for one search
 * pattern or filter can be very slow for another (e.g. a two-letter search cannot use trigrams).
 */
function planEachTime<Q>(query: Q): Q {
  (query as unknown as { options: { prepare?: boolean } }).options.prepare = false;
  return query;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** Whether `term` can be part of a date written ÅÅÅÅ-MM-DD (then the exam dates are searched too). */
export function couldBePartOfDate(term: string): boolean {
  const template = 'dddd-dd-dd';
  for (let at = 0; at + term.length <= template.length; at++) {
    if ([...term].every((ch, i) => (template[at + i] === 'd' ? ch >= '0' && ch <= '9' : ch === '-'))) return true;
  }
  return false;
}

function whereClause(sql: Sql, regionOrgNumber: string, state: ListState) {
  const parts = [sql`region_org_number = ${regionOrgNumber} and not protected_identity`];
  if (state.types.length) parts.push(sql`type_code = any(${state.types})`);
  if (state.statuses.length) {
    const filters = EXAM_STATUS_FILTERS.filter((f) => state.statuses.includes(f.slug));
    const named = filters.flatMap((f) => (f.status ? [f.status] : []));
    const none = filters.some((f) => f.status === null);
    if (none && named.length) parts.push(sql`(exam_status is null or exam_status = any(${named}))`);
    else if (none) parts.push(sql`exam_status is null`);
    else parts.push(sql`exam_status = any(${named})`);
  }
  const terms = state.search.toLowerCase().split(' ').filter(Boolean).slice(0, MAX_TERMS);
  for (const term of terms) {
    const pattern = `%${likeEscape(term)}%`;
    // search_text holds every feed column; the exam dates are searched when the term fits in a date.
    if (couldBePartOfDate(term)) {
      parts.push(sql`(search_text like ${pattern} or exam_invited_date::text like ${pattern} or exam_date::text like ${pattern})`);
    } else {
      parts.push(sql`search_text like ${pattern}`);
    }
  }
  return parts.reduce((acc, part) => sql`${acc} and ${part}`);
}

const NULLABLE = new Set<keyof ListRow>(['covered_from', 'exam_invited_date', 'exam_date']);
const sortColumn = (state: ListState) => columnByKey(state.sort) ?? columnByKey(DEFAULT_SORT)!;

/**
 * The sort keys: the column, then the dossier number so that the order is total (stable pages).
 * Each order matches an index of migration 0008 in both directions.
 */
function sortKeys(state: ListState): string {
  const column = sortColumn(state);
  const dir = state.direction === 'fallande' ? 'desc' : 'asc';
  if (column.key === 'dossiernummer') return `${column.sortSql} ${dir}`;
  const extra = column.key === 'efternamn' ? `, given_name collate sv_se ${dir}` : '';
  return `${column.sortSql} ${dir}${extra}, dossier_number collate "C" ${dir}`;
}

const SELECT_COLUMNS = 'dossier_number, family_name, given_name, birth_date, type_code, covered_from, street, postal_code, city, exam_invited_date, exam_date, exam_status';

export type ListPage = { rows: ListRow[]; total: number; page: number; pageCount: number };

/**
 * Up to this many matches are gathered first and sorted (a walk along the sort index would pass
 * too many); more for a search, whose matches tend to cluster on the index (a name, a street).
 */
const GATHER_AT_MOST = 2000;
const GATHER_SEARCH_AT_MOST = 5000;

/**
 * `limit` rows from `offset` in `order`. Many matches: the page is found by walking the sort index,
 * then its rows are read. Few matches (a search, a rare status): they are gathered on their own
 * index first and sorted, since the planner cannot know that they may all sit at the end of the index.
 */
function slice(sql: Sql, where: ReturnType<typeof whereClause>, order: string, offset: number, limit: number, gather: boolean) {
  if (gather) {
    return planEachTime(sql<ListRow[]>`
      with matching as materialized (select ${sql.unsafe(SELECT_COLUMNS)} from persons where ${where})
      select * from matching order by ${sql.unsafe(order)} limit ${limit} offset ${offset}`);
  }
  return planEachTime(sql<ListRow[]>`
    select ${sql.unsafe(SELECT_COLUMNS)} from persons
    join (select dossier_number from persons where ${where} order by ${sql.unsafe(order)} limit ${limit} offset ${offset}) page
      using (dossier_number)
    order by ${sql.unsafe(order)}`);
}

/**
 * One page of the list and the number of matching people; a page past the end shows the last page.
 * Empty values come last in both directions: the filled ones first (on their partial index), then
 * the empty ones in dossier order.
 */
export async function listPage(
  sql: Sql, regionOrgNumber: string, state: ListState, opts: { gatherAtMost?: number } = {},
): Promise<ListPage> {
  const gatherAtMost = opts.gatherAtMost ?? (state.search ? GATHER_SEARCH_AT_MOST : GATHER_AT_MOST);
  const where = whereClause(sql, regionOrgNumber, state);
  const column = sortColumn(state);
  const nullable = NULLABLE.has(column.field);
  const field = sql(column.field);
  const count = async (w: ReturnType<typeof whereClause>) =>
    ((await planEachTime(sql`select count(*)::int as n from persons where ${w}`)) as unknown as [{ n: number }])[0].n;
  // Both counts are index-only scans (migrations 0008, 0011); they run side by side.
  const [total, filled] = await Promise.all([count(where), nullable ? count(sql`${where} and ${field} is not null`) : 0]);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(state.page, pageCount);
  const offset = (page - 1) * PAGE_SIZE;
  if (!nullable) return { rows: await slice(sql, where, sortKeys(state), offset, PAGE_SIZE, total <= gatherAtMost), total, page, pageCount };

  const rows: ListRow[] = offset < filled ? await slice(sql, sql`${where} and ${field} is not null`, sortKeys(state), offset, PAGE_SIZE, filled <= gatherAtMost) : [];
  if (rows.length < PAGE_SIZE && offset + PAGE_SIZE > filled) {
    const dossierOrder = `dossier_number collate "C" ${state.direction === 'fallande' ? 'desc' : 'asc'}`;
    rows.push(...await slice(sql, sql`${where} and ${field} is null`, dossierOrder, Math.max(0, offset - filled), PAGE_SIZE - rows.length, total - filled <= gatherAtMost));
  }
  return { rows, total, page, pageCount };
}

/** Every matching row in list order, in batches from a cursor (flat memory for exports). */
export function listCursor(sql: Sql, regionOrgNumber: string, state: ListState, batchSize = 1000): AsyncIterable<ListRow[]> {
  const where = whereClause(sql, regionOrgNumber, state);
  // The same order as the pages: for a nullable column, the empty values after the filled ones.
  const column = sortColumn(state);
  const order = NULLABLE.has(column.field) ? sortKeys(state).replace(/^(\S+ (?:asc|desc))/, '$1 nulls last') : sortKeys(state);
  return planEachTime(sql<ListRow[]>`
    select ${sql.unsafe(SELECT_COLUMNS)} from persons where ${where}
    order by ${sql.unsafe(order)}`).cursor(batchSize);
}

/** One person's row, if they are in the list of that region (not protected). */
export async function listRow(sql: Sql, regionOrgNumber: string, dossierNumber: string): Promise<ListRow | null> {
  const [row] = await sql<ListRow[]>`
    select ${sql.unsafe(SELECT_COLUMNS)} from persons
    where dossier_number = ${dossierNumber} and region_org_number = ${regionOrgNumber} and not protected_identity`;
  return row ?? null;
}

/** Where a dossier number belongs (any region: the caller checks it is the user's before showing anything). */
export async function personRegion(sql: Sql, dossierNumber: string): Promise<{ regionOrgNumber: string; protectedIdentity: boolean } | null> {
  const [person] = await sql`select region_org_number, protected_identity from persons where dossier_number = ${dossierNumber}`;
  return person ? { regionOrgNumber: person.region_org_number as string, protectedIdentity: Boolean(person.protected_identity) } : null;
}
