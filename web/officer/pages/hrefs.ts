/** The officer console's URLs, used by its pages and by the redirects after an action. */
import type { ItemFilter } from '../data/items.js';

export const applicationHref = (id: number) => `/handlaggning/ansokan/${id}`;
export const examinationHref = (runId: string) => `/handlaggning/undersokning/${encodeURIComponent(runId)}`;

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
