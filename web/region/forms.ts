/**
 * What the region's pages take from the user: the list's state as it lives in the URL (search,
 * filters, sort, page), the person's date forms, and the application forms. One zod schema per
 * form; anything in the URL that is not understood falls back to the default, never an error.
 */
import { z } from 'zod';
import { hasIsoDateShape, isIsoDate } from '../../domain/civil-dates.js';
import { TYPE_CODES } from '../../domain/person.js';
import { columnByKey, DEFAULT_SORT, EXAM_STATUS_FILTERS } from './columns.js';

const MAX_SEARCH_LENGTH = 100;

export type SortDirection = 'stigande' | 'fallande';
export type ListState = {
  search: string;
  types: string[];
  statuses: string[];
  sort: string;
  direction: SortDirection;
  page: number;
};

export const DEFAULT_STATE: ListState = { search: '', types: [], statuses: [], sort: DEFAULT_SORT, direction: 'stigande', page: 1 };

const TYPE_SET = new Set<string>(TYPE_CODES);
const STATUS_SET = new Set(EXAM_STATUS_FILTERS.map((s) => s.slug));

/** Reads the state from query parameters; anything unknown falls back to the default (never an error). */
export function parseListState(params: URLSearchParams): ListState {
  const unique = (xs: string[]) => [...new Set(xs)];
  const search = (params.get('sok') ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_SEARCH_LENGTH);
  const types = unique(params.getAll('typ').filter((t) => TYPE_SET.has(t))).sort((a, b) => TYPE_CODES.indexOf(a as never) - TYPE_CODES.indexOf(b as never));
  const statuses = unique(params.getAll('status').filter((s) => STATUS_SET.has(s)))
    .sort((a, b) => EXAM_STATUS_FILTERS.findIndex((f) => f.slug === a) - EXAM_STATUS_FILTERS.findIndex((f) => f.slug === b));
  const sortKey = params.get('sortera') ?? '';
  const sort = columnByKey(sortKey) ? sortKey : DEFAULT_SORT;
  const direction: SortDirection = params.get('ordning') === 'fallande' ? 'fallande' : 'stigande';
  const pageText = params.get('sida') ?? '1';
  const page = /^\d{1,6}$/.test(pageText) && Number(pageText) >= 1 ? Number(pageText) : 1;
  return { search, types, statuses, sort, direction, page };
}

/** The query string of a state (default values left out), e.g. `?sok=huddinge&typ=A&sida=2`. */
export function listQueryString(state: ListState, overrides: Partial<ListState> = {}): string {
  const s = { ...state, ...overrides };
  const p = new URLSearchParams();
  if (s.search) p.set('sok', s.search);
  for (const t of s.types) p.append('typ', t);
  for (const st of s.statuses) p.append('status', st);
  if (s.sort !== DEFAULT_SORT) p.set('sortera', s.sort);
  if (s.direction !== 'stigande') p.set('ordning', s.direction);
  if (s.page > 1) p.set('sida', String(s.page));
  const text = p.toString();
  return text ? `?${text}` : '';
}

/** What the access log may say about the filters: no search text (it may be a name). */
export function stateForLog(state: ListState) {
  return {
    sokning: state.search !== '', typ: state.types, status: state.statuses, sortera: state.sort, ordning: state.direction, sida: state.page,
  };
}

const dateField = (what: string) => z.string().trim()
  .min(1, `Ange ${what}.`)
  .refine(hasIsoDateShape, `Ange ${what} som ÅÅÅÅ-MM-DD, till exempel 2026-03-15.`)
  .refine(isIsoDate, `Datumet finns inte i kalendern. Ange ${what} som ÅÅÅÅ-MM-DD.`);

export const invitationSchema = z.object({ invitedDate: dateField('datum för kallelsen') });
export const reportSchema = z.object({ examDate: dateField('datum för hälsoundersökningen') });
export const DOSSIER_NUMBER = /^\d{1,2}-\d{6}$/;

/** The person's two date forms: which field each posts. */
export type DateFormName = 'kallelse' | 'rapport';
export const DATE_FIELDS = { kallelse: 'invitedDate', rapport: 'examDate' } as const;

/** A form field as the user typed it (the last one when repeated), cut to a sane length for redisplay. */
export function formValue(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  const s = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof s === 'string' ? s.slice(0, 100) : '';
}

export const QUARTER = /^\d{4}-Q[1-4]$/;
export const QUARTER_MESSAGE = 'Ange kvartalet som ÅÅÅÅ-QN, till exempel 2026-Q1.';
const POSITIVE_ID = /^[1-9]\d{0,14}$/;

/** The one application form with a field: creating an application for a quarter. */
export const createApplicationForm = z.object({
  quarter: z.string({ message: QUARTER_MESSAGE }).trim().regex(QUARTER, QUARTER_MESSAGE),
});
/** An item in the URL: the examination's number. */
export const examinationIdParam = z.string().regex(POSITIVE_ID).transform(Number);
/** An application number in the URL (`:ref` when it is not a quarter). */
export const isApplicationNumber = (ref: string) => POSITIVE_ID.test(ref);

export type FormError = { message: string; code?: string; link?: { href: string; text: string } };

/** "Lägg till i ansökan": all the outside exams, or the ones picked (at least one, each a number). */
export function parseAddItems(form: Record<string, unknown>): { all: boolean; ids: number[]; error: FormError | null } {
  const all = form.val === 'alla';
  const picked = ([] as unknown[]).concat(form.examinationId ?? []).map(String);
  const ids = picked.map((v) => (POSITIVE_ID.test(v) ? Number(v) : NaN));
  const error: FormError | null = !all && (ids.length === 0 || ids.some((n) => Number.isNaN(n)))
    ? { code: 'NONE_SELECTED', message: 'Välj minst en hälsoundersökning att lägga till, eller välj Lägg till alla.' } : null;
  return { all, ids, error };
}
