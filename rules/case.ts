/** Validation of a case (the input of `rules eval` and of every test case), SPEC §6. */
import { z } from 'zod';
import { isoDate, orgNumber, personRecordSchema } from '../domain/person.js';
import type { RuleCase } from './model.js';

export const ruleCaseSchema = z
  .object({
    person: personRecordSchema,
    examDate: isoDate.optional(),
    reportingRegion: orgNumber.optional(),
    previousExams: z
      .array(z.object({ examDate: isoDate, status: z.enum(['reported', 'compensated', 'deleted']) }).strict())
      .max(100)
      .optional(),
    applicationReceived: isoDate.optional(),
    today: isoDate.optional(),
  })
  .strict();

const swedish = z.locales.sv().localeError;

/** A JSONPath for an issue path, e.g. `$.person.events[0].date`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return (
    '$' +
    path
      .map((p) =>
        typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`,
      )
      .join('')
  );
}

export type CaseIssue = { path: string; message: string };

/** Checks a case: the value, or every issue with its JSONPath and a Swedish message. */
export function checkCase(input: unknown): { ok: true; value: RuleCase } | { ok: false; issues: CaseIssue[] } {
  const parsed = ruleCaseSchema.safeParse(input, { error: swedish });
  if (parsed.success) return { ok: true, value: parsed.data as RuleCase };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message })) };
}

/** Checks a case; errors read `$.person.typeCode: <what is wrong>`. */
export function validateCase(input: unknown): { ok: true; value: RuleCase } | { ok: false; errors: string[] } {
  const checked = checkCase(input);
  if (checked.ok) return checked;
  return { ok: false, errors: checked.issues.map((i) => `${i.path}: ${i.message}`) };
}
