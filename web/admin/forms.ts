/**
 * What the administrator sends: the user list's query (search, filters, sorting) and the
 * permissions form. Every e-tjänst and permission comes from data: the e-tjänster the
 * organisation has an active avtal for, and the permission catalogue (services/catalogue.ts). The
 * user form itself is web/components/user-form.tsx.
 */
import type { CatalogueEntry } from '../../services/catalogue.js';
import { stringFields } from '../components/form.js';
import { COLUMNS, type SortKey } from './columns.js';

export const BASE = '/admin/anvandare';

export type ListQuery = { sok: string; etjanst: string; behorighet: string; sortera: SortKey; ordning: 'stigande' | 'fallande' };

/** The permissions "Filtrera behörigheter" offers: those of the chosen e-tjänst, or of all when none is chosen. */
export function permissionsOf(catalogue: readonly CatalogueEntry[], service: string): string[] {
  return catalogue.filter((e) => !service || e.eService === service).map((e) => e.permission);
}

/** The list's query; an e-tjänst or permission that is not offered is dropped, never trusted. */
export function parseListQuery(
  query: Record<string, string | undefined>, services: readonly string[], catalogue: readonly CatalogueEntry[],
): ListQuery {
  const q = (k: string) => (query[k] ?? '').slice(0, 200);
  const sortera = COLUMNS.some((col) => col.key === q('sortera')) ? (q('sortera') as SortKey) : 'efternamn';
  const etjanst = services.includes(q('etjanst')) ? q('etjanst') : '';
  return {
    sok: q('sok').trim(),
    etjanst,
    behorighet: permissionsOf(catalogue, etjanst).includes(q('behorighet')) ? q('behorighet') : '',
    sortera,
    ordning: q('ordning') === 'fallande' ? 'fallande' : 'stigande',
  };
}

export function listHref(q: ListQuery, change: Partial<ListQuery>): string {
  const next = { ...q, ...change };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(next)) if (v) params.set(k, v);
  return `${BASE}?${params}`;
}

/** The e-tjänst of `?etjanst=` among `services`, or null when none (or another) is chosen. */
export const serviceOf = (services: readonly string[], value: string | undefined) => services.find((s) => s === value) ?? null;

export type PermissionsChoice =
  | { ok: true; service: string; permissions: string[] }
  | { ok: false; service: string | null; error: string };

export const NOT_IN_LIST = 'Välj bland behörigheterna i listan.';

/**
 * Ändra och lägg till behörigheter: the e-tjänst and the ticked permissions, all from what the
 * form offered (`catalogue`: the grantable ones and those the user holds). services/users.ts
 * checks the same again when saving.
 */
export function parsePermissionsForm(
  body: Record<string, unknown>, services: readonly string[], catalogue: readonly CatalogueEntry[],
): PermissionsChoice {
  const service = serviceOf(services, stringFields(body, ['etjanst']).etjanst);
  const raw = body.behorighet;
  const ticked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => (typeof v === 'string' ? v : ''));
  if (!service) return { ok: false, service, error: 'Välj en e-tjänst.' };
  const offered = permissionsOf(catalogue, service);
  if (ticked.some((p) => !offered.includes(p))) return { ok: false, service, error: NOT_IN_LIST };
  return { ok: true, service, permissions: offered.filter((p) => ticked.includes(p)) };
}
