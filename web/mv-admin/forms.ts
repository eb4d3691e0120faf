/**
 * What the system administrator sends: the region and kommun forms, the avtal switches, the access log's
 * filter, the automatic-decision setting and the sync page's "just triggered" marker. The
 * administrator form is the shared web/components/user-form.tsx.
 */
import { z } from 'zod';
import { isIsoDate } from '../../domain/civil-dates.js';
import { servicesFor, type EService } from '../../domain/e-services.js';
import { hasNoControlChars, parseWith, requiredText, stringFields, type FormValues, type Parsed } from '../components/form.js';

// ---------------------------------------------------------------- regions

/** Swedish organisation numbers end with a Luhn check digit. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

const orgNumber = z.string().trim()
  .min(1, 'Ange organisationsnummer.')
  .regex(/^\d{6}-?\d{4}$/, 'Ange organisationsnumret med tio siffror, till exempel 232100-0016.')
  .transform((s) => s.replace('-', ''))
  .refine(luhnValid, 'Organisationsnumret är inte giltigt: kontrollsiffran stämmer inte.')
  .transform((d) => `${d.slice(0, 6)}-${d.slice(6)}`);

/** Lägg till region. */
export const regionSchema = z.object({
  name: requiredText('regionens namn'),
  orgNumber,
  county: requiredText('län'),
});
/** Ändra region: the organisation number is the key and is not changed. */
export const editRegionSchema = regionSchema.omit({ orgNumber: true });
const REGION_FIELDS = ['name', 'orgNumber', 'county'] as const;
export const REGION_LABELS: Record<string, string> = { name: 'Namn', orgNumber: 'Organisationsnummer', county: 'Län' };

export type Form<T> = { values: FormValues; parsed: Parsed<T> };

export function readRegionForm(body: Record<string, unknown>): Form<z.infer<typeof regionSchema>> {
  const values = stringFields(body, REGION_FIELDS);
  return { values, parsed: parseWith(regionSchema, values) };
}

export function readEditRegionForm(body: Record<string, unknown>): Form<z.infer<typeof editRegionSchema>> {
  const values = stringFields(body, REGION_FIELDS);
  return { values, parsed: parseWith(editRegionSchema, values) };
}

// ---------------------------------------------------------------- kommuner

// The demo kommuner's numbers (212000-0142, -1355, -1124) carry a valid check digit, so a kommun's
// number gets the same Luhn check as a region's.
const kommunOrgNumber = z.string().trim()
  .min(1, 'Ange organisationsnummer.')
  .regex(/^212000-?\d{4}$/, 'Ange kommunens organisationsnummer i formen 212000-NNNN, till exempel 212000-0142.')
  .transform((s) => s.replace('-', ''))
  .refine(luhnValid, 'Organisationsnumret är inte giltigt: kontrollsiffran stämmer inte.')
  .transform((d) => `${d.slice(0, 6)}-${d.slice(6)}`);

const KOMMUN_SERVICES = servicesFor('kommun');

/** Lägg till kommun: the avtal are the ticked kommun e-tjänster (none is allowed: avtal can be started later). */
export const kommunSchema = z.object({
  name: requiredText('kommunens namn'),
  orgNumber: kommunOrgNumber,
  county: requiredText('län'),
  etjanst: z.array(z.string()).max(KOMMUN_SERVICES.length, 'Välj bland kommunernas e-tjänster.')
    .refine((list) => list.every((s) => (KOMMUN_SERVICES as string[]).includes(s)), 'Välj bland kommunernas e-tjänster.')
    .transform((list) => [...new Set(list)] as EService[]),
});
export const editKommunSchema = kommunSchema.pick({ name: true, county: true });
const KOMMUN_FIELDS = ['name', 'orgNumber', 'county'] as const;
export const KOMMUN_LABELS: Record<string, string> = { ...REGION_LABELS, etjanst: 'Avtal' };

/** The ticked values of a checkbox list (parseBody with `all: true` gives an array for repeated names). */
function listField(body: Record<string, unknown>, name: string): string[] {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
}

export function readKommunForm(body: Record<string, unknown>): Form<z.infer<typeof kommunSchema>> & { services: string[] } {
  const values = stringFields(body, KOMMUN_FIELDS);
  const services = listField(body, 'etjanst');
  return { values, services, parsed: parseWith(kommunSchema, { ...values, etjanst: services }) };
}

export function readEditKommunForm(body: Record<string, unknown>): Form<z.infer<typeof editKommunSchema>> {
  const values = stringFields(body, KOMMUN_FIELDS);
  return { values, parsed: parseWith(editKommunSchema, values) };
}

/** The avtal switch of a kommun: `etjanst=<a kommun e-tjänst>` and `aktivt=ja|nej`, or null. */
export function readKommunAgreementForm(body: Record<string, unknown>): { eService: EService; active: boolean } | null {
  const active = readAgreementForm(body);
  const { etjanst } = stringFields(body, ['etjanst']);
  const eService = KOMMUN_SERVICES.find((s) => s === etjanst);
  return active === null || !eService ? null : { eService, active };
}

/** The agreement switch: `aktivt=ja|nej`, or null for anything else. */
export function readAgreementForm(body: Record<string, unknown>): boolean | null {
  const wanted = stringFields(body, ['aktivt']).aktivt;
  return wanted === 'ja' ? true : wanted === 'nej' ? false : null;
}

// ---------------------------------------------------------------- the access log

export const PAGE_SIZE = 50;

const optionalText = (label: string) => z.string().trim().max(100, `${label} får vara högst 100 tecken.`)
  .refine(hasNoControlChars, `${label} innehåller otillåtna tecken.`);
const isoDate = (label: string) => z.string().trim()
  .refine((s) => s === '' || isIsoDate(s), `Ange ${label} som ÅÅÅÅ-MM-DD, till exempel 2026-03-31.`);

/** The filter form. */
export const logFilterSchema = z.object({
  anvandare: optionalText('Användare'),
  objekt: optionalText('Person eller objekt'),
  atgard: optionalText('Åtgärd'),
  fran: isoDate('från-datum'),
  till: isoDate('till-datum'),
}).refine((f) => !f.fran || !f.till || f.fran <= f.till, { path: ['till'], message: 'Till-datum kan inte vara före från-datum.' });
export type LogFilter = z.infer<typeof logFilterSchema>;
export const FILTER_FIELDS = ['anvandare', 'objekt', 'atgard', 'fran', 'till'] as const;
export const FILTER_LABELS: Record<string, string> = {
  anvandare: 'Användare (HSA-id)', objekt: 'Person eller objekt', atgard: 'Åtgärd', fran: 'Från och med', till: 'Till och med',
};

export function readLogFilter(query: Record<string, string>): Form<LogFilter> {
  const values = stringFields(query, FILTER_FIELDS);
  for (const k of FILTER_FIELDS) values[k] = values[k]!.slice(0, 200);
  return { values, parsed: parseWith(logFilterSchema, values) };
}

export const pageNumber = (sida: string | undefined) => Math.min(Math.max(1, Number.parseInt(sida ?? '1', 10) || 1), 100_000);

/** The filter as logged: only what was filled in. */
export const usedFilter = (f: LogFilter) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== ''));

// ---------------------------------------------------------------- settings

/** The form: "pa" or "av". */
export const autoDecideForm = z.object({
  automatisktBeslut: z.enum(['pa', 'av'], { message: 'Välj om rena ansökningar ska beslutas automatiskt eller inte.' }),
});

/** On, off, or the Swedish message of a missing or unknown choice. */
export function readAutoDecideForm(body: Record<string, unknown>): { ok: true; enabled: boolean } | { ok: false; error: string } {
  const parsed = autoDecideForm.safeParse({ automatisktBeslut: typeof body.automatisktBeslut === 'string' ? body.automatisktBeslut : undefined });
  return parsed.success ? { ok: true, enabled: parsed.data.automatisktBeslut === 'pa' } : { ok: false, error: parsed.error.issues[0]!.message };
}

// ---------------------------------------------------------------- the population sync

/** After "Kör nu" the page polls this long for the run to appear before it shows it as not started. */
export const START_GRACE_MS = 20_000;

/** `?startad=` (ms) of a "Kör nu" pressed within the last moments, else null. */
export function triggeredAtOf(value: string | undefined): number | null {
  const v = value ?? '';
  if (!/^\d{13}$/.test(v)) return null;
  const at = Number(v);
  return at <= Date.now() && Date.now() - at < START_GRACE_MS * 2 ? at : null;
}
