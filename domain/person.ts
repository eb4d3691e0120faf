/**
 * The person record as Migrationsverket's daily feed delivers it (SPEC §2).
 * One schema drives feed validation, the rules' input and the persons table.
 * Pure module: safe to import from workflows (zod has no Node dependencies).
 */
import { z } from 'zod';
import { hasIsoDateShape, isIsoDate } from './civil-dates.js';

export const TYPE_CODES = ['A', 'AB', 'B', 'F', 'M'] as const;
export type TypeCode = (typeof TYPE_CODES)[number];

export const EVENT_TYPES = [
  'asylum-application',
  'detention-start',
  'detention-end',
  'temporary-protection-application',
  'temporary-protection-granted',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const DETENTION_FACILITIES = ['forvar', 'kriminalvard', 'polisarrest'] as const;

const isoDate = z
  .string()
  .refine(hasIsoDateShape, 'datum måste skrivas ÅÅÅÅ-MM-DD')
  .refine(isIsoDate, 'ogiltigt datum');

/** Free text from the feed: no control characters (a line break in a name split CSV rows; NUL breaks PostgreSQL). */
const text = (max: number) => z.string().max(max).refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'får inte innehålla styrtecken (radbrytning, tabb, nolltecken)');

export const orgNumber = z.string().regex(/^\d{6}-\d{4}$/, 'organisationsnummer måste skrivas NNNNNN-NNNN');

export const personEventSchema = z.object({
  type: z.enum(EVENT_TYPES),
  date: isoDate,
});

export const personRecordSchema = z
  .object({
    dossierNumber: z.string().regex(/^\d{1,2}-\d{6}$/, 'dossiernummer måste skrivas NN-NNNNNN'),
    givenName: text(200).min(1),
    familyName: text(200).min(1),
    birthDate: isoDate,
    typeCode: z.enum(TYPE_CODES),
    regionOrgNumber: orgNumber,
    municipality: text(200).min(1),
    address: z.object({
      street: text(200),
      postalCode: z.string().regex(/^\d{3} ?\d{2}$/, 'postnummer måste skrivas NNN NN'),
      city: text(200),
    }),
    receptionUnit: text(200).nullable().optional(),
    protectedIdentity: z.boolean(),
    populationRegisteredFrom: isoDate.nullable(),
    detentionFacility: z.enum(DETENTION_FACILITIES).nullable(),
    events: z.array(personEventSchema).max(200),
  })
  .strict();

export type PersonRecord = z.infer<typeof personRecordSchema>;
export type PersonEvent = z.infer<typeof personEventSchema>;
export { isoDate };
