/**
 * What the region administrator sends: the user list's query (search, filters, sorting) and the
 * permissions form. The user form itself is web/components/user-form.tsx.
 */
import { REGION_PERMISSIONS, type RegionPermission } from '../deps.js';
import { REGION_SERVICE } from '../../domain/e-services.js';
import { stringFields } from '../components/form.js';
import { COLUMNS, type SortKey } from './columns.js';

export const BASE = '/admin/anvandare';
/** The e-tjänster a region has an agreement for (regions have one). */
export const SERVICES = [REGION_SERVICE] as const;

export type ListQuery = { sok: string; etjanst: string; behorighet: string; sortera: SortKey; ordning: 'stigande' | 'fallande' };

export function parseListQuery(query: Record<string, string | undefined>): ListQuery {
  const q = (k: string) => (query[k] ?? '').slice(0, 200);
  const sortera = COLUMNS.some((col) => col.key === q('sortera')) ? (q('sortera') as SortKey) : 'efternamn';
  return {
    sok: q('sok').trim(),
    etjanst: (SERVICES as readonly string[]).includes(q('etjanst')) ? q('etjanst') : '',
    behorighet: (REGION_PERMISSIONS as readonly string[]).includes(q('behorighet')) ? q('behorighet') : '',
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

/** The e-tjänst of `?etjanst=`, or null when none (or an unknown one) is chosen. */
export const serviceOf = (value: string | undefined) => SERVICES.find((s) => s === value) ?? null;

export type PermissionsChoice =
  | { ok: true; service: string; permissions: RegionPermission[] }
  | { ok: false; service: string | null; error: string };

/** Ändra och lägg till behörigheter: the e-tjänst and the ticked permissions, all from the lists. */
export function parsePermissionsForm(body: Record<string, unknown>): PermissionsChoice {
  const service = serviceOf(stringFields(body, ['etjanst']).etjanst);
  const raw = body.behorighet;
  const ticked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => (typeof v === 'string' ? v : ''));
  if (!service) return { ok: false, service, error: 'Välj en e-tjänst.' };
  if (ticked.some((p) => !(REGION_PERMISSIONS as readonly string[]).includes(p))) {
    return { ok: false, service, error: 'Välj bland behörigheterna i listan.' };
  }
  return { ok: true, service, permissions: REGION_PERMISSIONS.filter((p) => ticked.includes(p)) };
}
