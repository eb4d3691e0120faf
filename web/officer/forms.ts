/**
 * The case officers' input: the worklist's search and filter, the item list's view, one item's
 * decision and the bulk actions, each parsed into values or Swedish messages beside the fields.
 */
import { z } from 'zod';
import { REASON_LABELS } from '../components/reasons.js';
import { OFFICER_STATES } from './data/applications.js';
import { ITEM_VIEWS, MAX_SELECTION, type ItemFilter, type ItemView } from './data/items.js';
import type { ItemFilterErrors, PageMessage } from './pages/application.js';
import type { BulkFormState } from './pages/bulk-form.js';
import { examWord, num } from './pages/format.js';

const DOSSIER_MESSAGE = 'Ange dossiernumret som NN-NNNNNN, till exempel 12-345678.';
/** The worklist's search and filter (GET). */
export const worklistFilterForm = z.object({
  q: z.string().trim().max(20, DOSSIER_MESSAGE).refine((v) => v === '' || /^\d{1,2}-\d{6}$/.test(v), DOSSIER_MESSAGE).optional(),
  region: z.string().refine((v) => v === '' || /^\d{6}-\d{4}$/.test(v), 'Välj en region i listan.').optional(),
  quarter: z.string().refine((v) => v === '' || /^\d{4}-Q[1-4]$/.test(v), 'Välj ett kvartal i listan.').optional(),
  state: z.string().refine((v) => v === '' || v === 'alla' || (OFFICER_STATES as readonly string[]).includes(v), 'Välj en status i listan.').optional(),
});

const REASON_MESSAGE = 'Ange skäl för avslaget.';
/** One item's decision. */
export const decideItemForm = z.object({
  outcome: z.enum(['Beviljad', 'Avslagen'], { message: 'Välj Bevilja eller Avslå.' }),
  reason: z.string().max(1000, 'Skälet får vara högst 1 000 tecken.').optional().transform((v) => v?.trim() ?? ''),
}).superRefine((v, ctx) => {
  if (v.outcome === 'Avslagen' && v.reason === '') ctx.addIssue({ code: 'custom', path: ['reason'], message: REASON_MESSAGE });
});

export const idParam = z.string().regex(/^[1-9]\d{0,14}$/).transform(Number);
export const runIdParam = z.string().regex(/^[0-9a-f-]{36}$/);

/** The message after an action, from the redirect's `klart` (and `antal`). */
export function actionNotice(query: { klart?: string | undefined; antal?: string | undefined }): PageMessage | undefined {
  const n = /^\d{1,6}$/.test(query.antal ?? '') ? Number(query.antal) : null;
  const count = n === null ? '' : `${num(n)} ${examWord(n)}`;
  const texts: Record<string, string | null> = {
    sparat: 'Beslutet för undersökningen är sparat.',
    beslutad: 'Beslutet är fattat och skickat till regionen.',
    forslag: count ? `Förslaget är godkänt för ${count}.` : null,
    beviljad: count ? `Beslutet Bevilja är sparat för ${count}.` : null,
    avslagen: count ? `Beslutet Avslå är sparat för ${count}.` : null,
  };
  const text = texts[query.klart ?? ''];
  return text ? { kind: 'done', text } : undefined;
}

const REASON_CODES = Object.keys(REASON_LABELS);
/** The view of an application's items from the query or a form: `visa`, `skal`, `sida`. */
export function parseItemFilter(raw: { visa?: string | undefined; skal?: string | undefined; sida?: string | undefined }): { filter: ItemFilter; errors: ItemFilterErrors } {
  const errors: ItemFilterErrors = {};
  let view: ItemView = 'alla';
  if (raw.visa && (ITEM_VIEWS as readonly string[]).includes(raw.visa)) view = raw.visa as ItemView;
  else if (raw.visa) errors.view = 'Välj vad som ska visas i listan.';
  let reason: string | null = null;
  if (raw.skal && REASON_CODES.includes(raw.skal)) reason = raw.skal;
  else if (raw.skal) errors.reason = 'Välj ett skäl i listan.';
  const page = raw.sida && /^\d{1,6}$/.test(raw.sida) ? Math.max(1, Number(raw.sida)) : 1;
  return { filter: { view, reason, page }, errors };
}

type FormBody = Record<string, string | File | (string | File)[]>;

/** A form field's single value (a repeated field gives its first). */
export function field(body: FormBody, name: string): string | undefined {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

/** The view a form was sent from, so the answer returns to the same page. */
export const filterOfForm = (body: FormBody) => parseItemFilter({ visa: field(body, 'visa'), skal: field(body, 'skal'), sida: field(body, 'sida') }).filter;

const BULK_ACTIONS = ['forslag-valda', 'forslag-alla', 'beslut-valda'] as const;
type BulkAction = (typeof BULK_ACTIONS)[number];
const examIdPattern = /^[1-9]\d{0,14}$/;

/** A bulk action as sent; `errors` holds what is wrong with the form itself (the selection is checked against the application after). */
export type BulkInput = {
  filter: ItemFilter;
  action: BulkAction;
  /** by the selection ("… för valda"), or every undecided item of the view */
  bySelection: boolean;
  selected: number[];
  outcome: string | undefined;
  reason: string;
  errors: BulkFormState['errors'];
};

export function parseBulkForm(body: FormBody): BulkInput {
  const rawSelected = ([] as unknown[]).concat(body.valda ?? []);
  const action = field(body, 'action');
  const outcome = field(body, 'outcome');
  const reason = (field(body, 'reason') ?? '').trim();
  const errors: BulkFormState['errors'] = {};
  const wellFormed = rawSelected.length <= MAX_SELECTION && rawSelected.every((v) => typeof v === 'string' && examIdPattern.test(v));
  const selected = wellFormed ? [...new Set((rawSelected as string[]).map(Number))] : [];
  if (!(BULK_ACTIONS as readonly string[]).includes(action ?? '')) errors.action = 'Välj en åtgärd: godkänn förslaget eller spara ett annat beslut.';
  const act = action as BulkAction;
  const bySelection = act === 'forslag-valda' || act === 'beslut-valda';
  if (!wellFormed) errors.selection = 'Urvalet kunde inte läsas. Ladda om sidan och välj undersökningarna igen.';
  else if (bySelection && selected.length === 0) errors.selection = 'Välj minst en undersökning i listan.';
  if (act === 'beslut-valda') {
    if (outcome !== 'Beviljad' && outcome !== 'Avslagen') errors.outcome = 'Välj Bevilja eller Avslå.';
    if (reason.length > 1000) errors.reason = 'Skälet får vara högst 1 000 tecken.';
    else if (outcome === 'Avslagen' && !reason) errors.reason = 'Ange skäl för avslaget.';
  }
  return { filter: filterOfForm(body), action: act, bySelection, selected, outcome, reason, errors };
}

/** The bulk form as the officer sent it, to show again with its messages. */
export const bulkFormState = (input: BulkInput): BulkFormState => ({
  selected: input.selected, ...(input.outcome ? { outcome: input.outcome.slice(0, 20) } : {}), reason: input.reason.slice(0, 1000), errors: input.errors,
});

/** Granting proposed refusals departs from the proposal, which needs a reason. */
export const departureNeedsReason = (departing: number) => (departing === 1
  ? 'Ange skäl: en av de valda undersökningarna föreslås avslås, och att bevilja den avviker från förslaget.'
  : `Ange skäl: ${num(departing)} av de valda undersökningarna föreslås avslås, och att bevilja dem avviker från förslaget.`);
