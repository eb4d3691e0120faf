/**
 * The ersättningstyper of `Ansök om statlig ersättning` (SPEC-KOMMUNER §12.1) as rule data: the
 * shipped ones in ersattningstyper.json, validated here. Each is also a permission of the e-tjänst
 * (same name), valid from `effectiveFrom` to `lastDay` (both inclusive).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isIsoDate } from '../../domain/civil-dates.js';

const isoDate = z.string().refine(isIsoDate, 'ska vara ett datum ÅÅÅÅ-MM-DD');

export const compensationTypeSchema = z.object({
  code: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ska vara gemener, siffror och bindestreck'),
  name: z.string().trim().min(3).max(120),
  kind: z.enum(['skolschablon', 'faktiska-kostnader', 'dygnsschablon']),
  legalBasis: z.string().trim().min(3).max(300),
  effectiveFrom: isoDate,
  lastDay: isoDate.nullable(),
}).refine((t) => t.lastDay === null || t.lastDay >= t.effectiveFrom, { message: 'sista dagen ligger före första dagen', path: ['lastDay'] });

export type CompensationType = z.infer<typeof compensationTypeSchema>;

const fileSchema = z.object({ types: z.array(compensationTypeSchema).min(1) }).refine(
  (f) => new Set(f.types.map((t) => t.name)).size === f.types.length && new Set(f.types.map((t) => t.code)).size === f.types.length,
  'varje ersättningstyp har ett eget namn och en egen kod',
);

let shipped: readonly CompensationType[] | undefined;
/** The shipped ersättningstyper, read and validated once. */
export function shippedCompensationTypes(): readonly CompensationType[] {
  shipped ??= fileSchema.parse(JSON.parse(readFileSync(new URL('./ersattningstyper.json', import.meta.url), 'utf8'))).types;
  return shipped;
}

/** Whether a type is in force on `date` (ISO). */
export function inForce(t: Pick<CompensationType, 'effectiveFrom' | 'lastDay'>, date: string): boolean {
  return t.effectiveFrom <= date && (t.lastDay === null || date <= t.lastDay);
}
