/**
 * The rule maintainers' forms: one schema per form (copy a set, a candidate document, publish),
 * and the amount correction's rows (issue 11), read and validated as `rules check` validates
 * parameters.json (rules/validate.ts), with each error beside its field.
 */
import { z } from 'zod';
import { isIsoDate } from '../../domain/civil-dates.js';
import { stockholmDate } from '../../domain/stockholm-time.js';
import { correctionDocument, type AmountChange } from '../../rules/correction.js';
import type { RuleSet, RuleSetJson } from '../../rules/index.js';
import type { AmountPeriod } from '../../rules/model.js';
import { documentLimitProblem } from '../../rules/limits.js';
import { parseJson, ruleSetProblems } from '../../rules/ruleset.js';
import type { Problem } from '../../rules/validate.js';
import { checkCandidate, checkSummary } from '../../services/rule-checks.js';

export const MAX_DOCUMENT = 2_000_000;

const DATE_MESSAGE = 'Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2022-09-01.';
const isoDate = z.string().trim().refine(isIsoDate, DATE_MESSAGE);

/** "Copy a set as a candidate", with the LMA change date to use. */
export const copyForm = z.object({
  source: z.string({ message: 'Välj en uppsättning att kopiera.' }).min(1, 'Välj en uppsättning att kopiera.').max(100),
  lmaChangeDate: z.union([z.literal(''), isoDate]).optional(),
});

const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The JSON path of the first key or string holding a control character (PostgreSQL refuses NUL), else null. */
export function controlCharacterAt(doc: unknown): string | null {
  const stack: [unknown, string][] = [[doc, '$']];
  while (stack.length) {
    const [node, path] = stack.pop()!;
    if (typeof node === 'string') {
      if (CONTROL_IN_TEXT.test(node)) return path;
    } else if (Array.isArray(node)) {
      node.forEach((v, i) => stack.push([v, `${path}[${i}]`]));
    } else if (typeof node === 'object' && node !== null) {
      for (const [k, v] of Object.entries(node)) {
        if (CONTROL_IN_TEXT.test(k)) return path;
        stack.push([v, `${path}.${k}`]);
      }
    }
  }
  return null;
}

const EMPTY_DOCUMENT = 'Välj en fil eller klistra in regeluppsättningen.';
/** A candidate document (upload or edit): JSON, one object, a rule set that passes the check (in a rule-check thread: parse it with safeParseAsync). */
export const candidateForm = z.object({
  content: z.string({ message: EMPTY_DOCUMENT }).max(MAX_DOCUMENT, 'Dokumentet är för stort (högst 2 MB).').transform(async (text, ctx) => {
    if (text.trim() === '') {
      ctx.addIssue({ code: 'custom', message: EMPTY_DOCUMENT });
      return z.NEVER;
    }
    const problems: Problem[] = [];
    const doc = parseJson(text, 'dokumentet', problems);
    if (problems.length > 0 || typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      ctx.addIssue({ code: 'custom', message: problems.length ? `Texten är inte giltig JSON: ${problems[0]!.message}.` : 'Innehållet ska vara en hel regeluppsättning i JSON-format, med beskrivning, värden, regler och testfall.' });
      return z.NEVER;
    }
    const tooLarge = documentLimitProblem(doc);
    if (tooLarge) {
      ctx.addIssue({ code: 'custom', message: tooLarge });
      return z.NEVER;
    }
    const control = controlCharacterAt(doc);
    if (control) {
      ctx.addIssue({ code: 'custom', message: `Texten innehåller ett otillåtet tecken (styrtecken, till exempel ett nolltecken) i ${control}. Ta bort det och försök igen.` });
      return z.NEVER;
    }
    const o = doc as Record<string, unknown>;
    const isObj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    const json: RuleSetJson = { manifest: o.manifest, parameters: o.parameters, ruleFiles: isObj(o.ruleFiles) ? o.ruleFiles as Record<string, unknown> : {}, cases: isObj(o.cases) ? o.cases as Record<string, unknown> : {} };
    const m = isObj(json.manifest) ? json.manifest as Record<string, unknown> : {};
    const label = `${String(m.id ?? 'kandidat')}@${String(m.version ?? '?')}`;
    const check = await checkCandidate(json, label);
    if (!check.ok) {
      ctx.addIssue({ code: 'custom', message: checkSummary(check) });
      return z.NEVER;
    }
    return { json, label };
  }),
});

/** Publication: the date the set is in force from (after today), its id and version. */
export const publishForm = z.object({
  effectiveFrom: isoDate.refine((d) => d > stockholmDate(Date.now()), 'Ange ett datum efter i dag: publicerade regler gäller bara framåt.'),
  id: z.string().trim().max(63).refine((v) => v === '' || /^[a-z0-9][a-z0-9-]{1,62}$/.test(v), 'Namnet får bara innehålla små bokstäver (a–z), siffror och bindestreck, till exempel lma-2027-01-01.'),
  version: z.string().trim().regex(/^[0-9]+(\.[0-9]+){0,2}$/, 'Ange versionen som 1, 1.1 eller 1.1.1.'),
});

/** A candidate's or simulation's number in a path. */
export const idParam = z.string().regex(/^[1-9]\d{0,14}$/).transform(Number);

/** The first message per field. */
export function fieldErrors(issues: z.core.$ZodIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[String(issue.path[0] ?? 'content')] ??= issue.message;
  return errors;
}

/** The string fields of a parsed body. */
export const strings = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;

/** The uploaded file's text, else the pasted text; a file over the limit reads as too long for the schema to refuse. */
export async function uploadedText(body: Record<string, unknown>): Promise<string> {
  const file = body.file;
  if (file instanceof File && file.size > 0) return file.size > MAX_DOCUMENT ? 'x'.repeat(MAX_DOCUMENT + 1) : file.text();
  return typeof body.content === 'string' ? body.content : '';
}

/** At most this many period rows in the amount correction form. */
export const MAX_ROWS = 30;
const BLANK_ROWS = 2;
export const MAX_JUSTIFICATION = 2000;

export type Row = { fromYear: string; toYear: string; amountSek: string };
export const blank = (r: Row) => r.fromYear.trim() === '' && r.toYear.trim() === '' && r.amountSek.trim() === '';

/** The form's rows for a set: its periods, then blank rows for new periods. */
export function rowsOf(set: RuleSet): Row[] {
  return withBlankRows(set.parameters.amountPerExamYear.map((p) => ({ fromYear: String(p.fromYear), toYear: p.toYear === undefined ? '' : String(p.toYear), amountSek: String(p.amountSek) })));
}

/** The rows with blank rows added at the end for new periods (indices unchanged). */
export function withBlankRows(rows: Row[]): Row[] {
  const out = [...rows];
  let trailing = 0;
  for (let i = out.length - 1; i >= 0 && blank(out[i]!); i--) trailing++;
  while (trailing < BLANK_ROWS && out.length < MAX_ROWS) {
    out.push({ fromYear: '', toYear: '', amountSek: '' });
    trailing++;
  }
  return out;
}

export const fieldName = (field: keyof Row, i: number) => `${field}-${i}`;

/** The field values of rows and justification, as the form shows them. */
export function formValues(rows: Row[], justification: string): Record<string, string> {
  const values: Record<string, string> = { motivering: justification };
  rows.forEach((r, i) => {
    values[fieldName('fromYear', i)] = r.fromYear;
    values[fieldName('toYear', i)] = r.toYear;
    values[fieldName('amountSek', i)] = r.amountSek;
  });
  return values;
}

/** The rows as posted (`rader` of them, at most MAX_ROWS), each value cut to a sane length. */
export function postedRows(body: Record<string, string>): Row[] {
  const n = Math.min(MAX_ROWS, Math.max(0, Number.parseInt(body.rader ?? '', 10) || 0));
  return Array.from({ length: n }, (_, i) => ({
    fromYear: (body[fieldName('fromYear', i)] ?? '').slice(0, 10),
    toYear: (body[fieldName('toYear', i)] ?? '').slice(0, 10),
    amountSek: (body[fieldName('amountSek', i)] ?? '').slice(0, 20),
  }));
}

const YEAR_MESSAGE = 'Ange året med fyra siffror, mellan 2000 och 2999, till exempel 2026.';
const AMOUNT_MESSAGE = 'Ange beloppet i hela kronor, större än 0 kr, till exempel 2200.';
const JUSTIFICATION_MESSAGE = 'Skriv en motivering: varför beloppet rättas, till exempel vilket meddelande från Migrationsverket rättelsen bygger på.';

function year(text: string): number | null {
  const t = text.trim();
  if (!/^\d{4}$/.test(t)) return null;
  const y = Number(t);
  return y >= 2000 && y <= 2999 ? y : null;
}

function amount(text: string): number | null {
  const t = text.replace(/[\s\u00a0]/g, '').replace(/kr$/i, '');
  if (!/^\d{1,9}$/.test(t)) return null;
  const n = Number(t);
  return n > 0 ? n : null;
}

/** The wording of rules/validate.ts with the form's labels for the JSON fields and periods. */
const formWords = (message: string, rowOfIndex: (k: number) => number | undefined) => message
  .replace(/\btoYear\b/g, '”Till år”').replace(/\bfromYear\b/g, '”Från år”')
  .replace(/\$\.amountPerExamYear\[(\d+)\]/g, (all, k: string) => {
    const row = rowOfIndex(Number(k));
    return row === undefined ? all : `period ${row + 1}`;
  });

export type CorrectionResult =
  | { ok: false; errors: Record<string, string>; formError?: string }
  | { ok: true; json: RuleSetJson; label: string; changes: AmountChange[]; adjustedCases: number; justification: string };

/**
 * Reads and validates a correction of `set` to `version`: every row's years and amount, then the
 * periods together exactly as `rules check` validates parameters.json (every exam year from the
 * set's effective-from year has an amount, no overlap), and at least one amount must change.
 */
export function readCorrection(set: RuleSet, rows: Row[], justificationText: string, version: string, date: string): CorrectionResult {
  const errors: Record<string, string> = {};
  const periods: AmountPeriod[] = [];
  const rowOf: number[] = [];
  rows.forEach((r, i) => {
    if (blank(r)) return;
    const from = r.fromYear.trim() === '' ? null : year(r.fromYear);
    const to = r.toYear.trim() === '' ? undefined : year(r.toYear);
    const sek = r.amountSek.trim() === '' ? null : amount(r.amountSek);
    if (from === null) errors[fieldName('fromYear', i)] = r.fromYear.trim() === '' ? 'Ange första undersökningsåret i perioden, till exempel 2026.' : YEAR_MESSAGE;
    if (to === null) errors[fieldName('toYear', i)] = `${YEAR_MESSAGE} Lämna tomt för en period som gäller tills vidare.`;
    if (sek === null) errors[fieldName('amountSek', i)] = AMOUNT_MESSAGE;
    if (from !== null && to !== null && sek !== null) {
      periods.push(to === undefined ? { fromYear: from, amountSek: sek } : { fromYear: from, toYear: to, amountSek: sek });
      rowOf.push(i);
    }
  });
  const justification = justificationText.trim();
  if (justification === '') errors.motivering = JUSTIFICATION_MESSAGE;
  else if (justification.length > MAX_JUSTIFICATION) errors.motivering = `Motiveringen får vara högst ${MAX_JUSTIFICATION} tecken.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (periods.length === 0) return { ok: false, errors: { [fieldName('amountSek', 0)]: 'Ange minst en period med belopp.' } };

  // Sorted as the document stores them, so a problem's index names its row.
  const order = periods.map((p, k) => ({ p, row: rowOf[k]! })).sort((a, b) => a.p.fromYear - b.p.fromYear);
  const doc = correctionDocument(set, order.map((o) => o.p), { version, justification, date });
  const problems = ruleSetProblems(doc.json, (name) => `${doc.label}/${name}`);
  let formError: string | undefined;
  for (const p of problems) {
    const m = /^\$\.amountPerExamYear\[(\d+)\](?:\.(fromYear|toYear|amountSek))?$/.exec(p.path);
    const rowOfIndex = (k: number) => order[k]?.row;
    const row = m ? rowOfIndex(Number(m[1])) : undefined;
    if (m && row !== undefined) errors[fieldName((m[2] as keyof Row | undefined) ?? 'fromYear', row)] ??= `${formWords(p.message, rowOfIndex)}.`;
    else formError ??= `Rättelsen klarar inte kontrollen: ${p.file}: ${p.path}: ${p.message}.`;
  }
  if (Object.keys(errors).length > 0 || formError) return { ok: false, errors, ...(formError ? { formError } : {}) };
  if (doc.changes.length === 0) {
    return { ok: false, errors: {}, formError: 'Inget belopp är ändrat: varje undersökningsår har samma belopp som nu. Ändra minst ett belopp.' };
  }
  return { ok: true, json: doc.json, label: doc.label, changes: doc.changes, adjustedCases: doc.adjustedCases, justification };
}
