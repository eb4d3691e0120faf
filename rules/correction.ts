/**
 * Correcting amounts (SPEC §4): a new version of a rule set – same id and effective-from date,
 * higher version – whose only change is its amount periods, past exam years included. The set in
 * force on an exam date is the highest version of the latest effective date (ruleSetInForce), so
 * the correction applies to every exam the corrected set applied to. Decisions already made keep
 * the amounts they recorded.
 */
import type { AmountPeriod, CaseFile, RuleSet, RuleSetJson } from './model.js';
import { compareVersions } from './ruleset.js';

/** The amount of an exam year in a list of periods (as amountForExamYear), or null. */
export function amountInPeriods(periods: readonly AmountPeriod[], year: number): number | null {
  const period = periods.find((p) => p.fromYear <= year && (p.toYear === undefined || year <= p.toYear));
  return period?.amountSek ?? null;
}

/** The newest version among `sets` with the set's id and effective date: the one a correction starts from. */
export function latestVersion(sets: readonly RuleSet[], set: RuleSet): RuleSet {
  return sets
    .filter((s) => s.id === set.id && s.effectiveFrom === set.effectiveFrom)
    .reduce((a, b) => (compareVersions(b.version, a.version) > 0 ? b : a), set);
}

/** The version after the highest of `id` among `sets`, its last part one higher: 1 → 2, 1.1 → 1.2. */
export function nextVersion(sets: readonly RuleSet[], id: string): string {
  const versions = sets.filter((s) => s.id === id).map((s) => s.version);
  const highest = versions.reduce((a, b) => (compareVersions(b, a) > 0 ? b : a), '0');
  const parts = highest.split('.').map(Number);
  parts[parts.length - 1]! += 1;
  return parts.join('.');
}

/** Exam years whose amount differs: consecutive years with the same change; `toYear` null = and every later year. */
export type AmountChange = { fromYear: number; toYear: number | null; before: number | null; after: number | null };

export function amountChanges(before: readonly AmountPeriod[], after: readonly AmountPeriod[]): AmountChange[] {
  const all = [...before, ...after];
  if (all.length === 0) return [];
  const lo = Math.min(...all.map((p) => p.fromYear));
  // Past every bound each list is constant (its open-ended period, or nothing): one year stands for all later ones.
  const hi = Math.max(...all.flatMap((p) => [p.fromYear, p.toYear ?? p.fromYear])) + 1;
  const changes: AmountChange[] = [];
  for (let year = lo; year <= hi; year++) {
    const b = amountInPeriods(before, year);
    const a = amountInPeriods(after, year);
    const last = changes.at(-1);
    if (b === a) continue;
    if (last && last.toYear === year - 1 && last.before === b && last.after === a) last.toYear = year;
    else changes.push({ fromYear: year, toYear: year, before: b, after: a });
  }
  const tail = changes.at(-1);
  if (tail && tail.toYear === hi) tail.toYear = null;
  return changes;
}

const kronor = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
/** `2 175 kr`, or `inget belopp`. */
export const formatKronor = (n: number | null) => (n === null ? 'inget belopp' : `${kronor.format(n)} kr`);

/** `2026: 2 175 kr → 2 200 kr`, `2019–2025: …`, `från 2027: …`. */
export function describeChange(c: AmountChange): string {
  const years = c.toYear === null ? `från ${c.fromYear}` : c.fromYear === c.toYear ? `${c.fromYear}` : `${c.fromYear}–${c.toYear}`;
  return `${years}: ${formatKronor(c.before)} → ${formatKronor(c.after)}`;
}

type CaseLike = { case?: unknown; expected?: Record<string, unknown> };

/**
 * Brings a test case that expects `from` in line with its correction `to`, in place: the label,
 * and the amount when the case expects `from`'s amount for a year the correction changed.
 * Answers whether the expected amount changed.
 */
function followCorrection(tc: CaseLike, from: { label: string; periods: readonly AmountPeriod[] }, to: { label: string; periods: readonly AmountPeriod[] }): boolean {
  const expected = tc.expected;
  if (!expected) return false;
  if (expected.ruleSet === from.label) expected.ruleSet = to.label;
  const examDate = (tc.case as { examDate?: unknown } | undefined)?.examDate;
  if (typeof expected.amountSek !== 'number' || typeof examDate !== 'string') return false;
  const year = Number(examDate.slice(0, 4));
  const old = amountInPeriods(from.periods, year);
  const corrected = amountInPeriods(to.periods, year);
  if (expected.amountSek !== old || corrected === null || corrected === old) return false;
  expected.amountSek = corrected;
  return true;
}

/**
 * Shared cases (rules/cases) name the shipped versions: a case that expects a set a correction
 * has since superseded (same id and effective date, higher version among `sets`) expects the
 * correction instead, with its amount for a corrected year. Other cases are unchanged.
 */
export function casesFollowingCorrections(files: readonly CaseFile[], sets: readonly RuleSet[]): CaseFile[] {
  return files.map((file) => ({
    ...file,
    cases: file.cases.map((tc) => {
      const named = sets.find((s) => s.label === tc.expected.ruleSet);
      const latest = named && latestVersion(sets, named);
      if (!named || latest === named) return tc;
      const copy = structuredClone(tc);
      followCorrection(copy, { label: named.label, periods: named.parameters.amountPerExamYear }, { label: latest!.label, periods: latest!.parameters.amountPerExamYear });
      return copy;
    }),
  }));
}

/**
 * The corrected set's document: the set as stored with new amount periods (in year order), the
 * given version and a description that says what was corrected and why. Its own test cases
 * follow: those that expect the set's label expect the new one, and those that expect the old
 * amount of a corrected year expect the new amount. Nothing else changes.
 */
export function correctionDocument(
  set: RuleSet,
  periods: readonly AmountPeriod[],
  opts: { version: string; justification: string; date: string },
): { json: RuleSetJson; label: string; changes: AmountChange[]; /** cases whose expected amount followed the correction */ adjustedCases: number } {
  const before = set.parameters.amountPerExamYear;
  const after = [...periods]
    .sort((a, b) => a.fromYear - b.fromYear)
    .map((p) => (p.toYear === undefined ? { fromYear: p.fromYear, amountSek: p.amountSek } : { fromYear: p.fromYear, toYear: p.toYear, amountSek: p.amountSek }));
  const changes = amountChanges(before, after);
  const label = `${set.id}@${opts.version}`;
  const json = structuredClone(set.source) as RuleSetJson & { manifest: Record<string, unknown>; parameters: Record<string, unknown> };
  json.parameters = { ...json.parameters, amountPerExamYear: after };
  json.manifest = {
    ...json.manifest,
    version: opts.version,
    description: `${set.description} Rättelse av belopp ${opts.date} (version ${opts.version}, ersätter ${set.label}): ${changes.map(describeChange).join('; ')}. Motivering: ${opts.justification}`,
  };
  let adjustedCases = 0;
  for (const file of Object.values(json.cases) as { cases?: CaseLike[] }[]) {
    for (const tc of file.cases ?? []) {
      if (followCorrection(tc, { label: set.label, periods: before }, { label, periods: after })) adjustedCases++;
    }
  }
  return { json, label, changes, adjustedCases };
}
