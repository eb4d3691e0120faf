/**
 * Eligibility rules as data (SPEC §3, §4, §6): the public API that activities, the web tier and
 * the rules CLI use. Rules are evaluated by json-rules-engine, a new Engine per evaluation.
 */
import type { PersonRecord } from '../domain/person.js';
import type { RuleProperties } from 'json-rules-engine';
import { referencedFacts, RuleSetError, runRules, traceOf } from './engine.js';
import { deriveFacts, swedishToday } from './facts.js';
import { REASON_CODES, REASON_MESSAGES, type Explanation, type RuleCase, type RuleResult, type RuleSet } from './model.js';
import { loadRuleSets, ruleSetInForce } from './ruleset.js';

export { validateCase } from './case.js';
export { REASON_CODES, REASON_MESSAGES } from './model.js';
export type { Explanation, ReasonCode, RuleCase, RuleResult, RuleSet, RuleSetJson } from './model.js';
export { loadRuleSetDir, loadRuleSets, loadRuleSetsFromJson, ruleSetInForce, ruleSetToJson, RuleSetProblems } from './ruleset.js';
export { RuleSetError } from './engine.js';
export { swedishToday } from './facts.js';

let shipped: RuleSet[] | undefined;
/** The shipped rule sets (rules/sets), read once per process: every reader shares this one copy. */
export function shippedRuleSets(): RuleSet[] {
  shipped ??= loadRuleSets();
  return shipped;
}

type Prepared = {
  all: RuleProperties[];
  allFacts: string[];
  coverageFacts: string[];
  order: Map<string, number>;
};
const prepared = new WeakMap<RuleSet, Prepared>();
function prepare(set: RuleSet): Prepared {
  let p = prepared.get(set);
  if (!p) {
    const all = [...set.compiled.coverage, ...set.compiled.assessment];
    p = {
      all,
      allFacts: referencedFacts(all),
      coverageFacts: referencedFacts(set.compiled.coverage),
      order: new Map(all.map((r, i) => [String(r.name), i])),
    };
    prepared.set(set, p);
  }
  return p;
}

/**
 * The amount (SEK) for an examination year: the period that covers it, an open-ended period
 * (no `toYear`) covering every year from its `fromYear`. Null only for a year the parameters have
 * no amount for, which `rules check` refuses from the set's effective-from year on.
 */
export function amountForExamYear(set: RuleSet, year: number): number | null {
  const period = set.parameters.amountPerExamYear.find((p) => p.fromYear <= year && (p.toYear === undefined || year <= p.toYear));
  return period?.amountSek ?? null;
}

/** The amount for an eligible examination; none is a broken rule set, never a business result. */
function eligibleAmount(set: RuleSet, examDate: string): number {
  const year = Number(examDate.slice(0, 4));
  const amount = amountForExamYear(set, year);
  if (amount === null) {
    throw new RuleSetError(
      `${set.label}: undersökningen ${examDate} är ersättningsbar men parameters.json har inget belopp för undersökningsåret ${year} – regeluppsättningen är felaktig (kör rules check)`,
    );
  }
  return amount;
}

/**
 * Evaluates a case with the rule set in force on its exam date (or today, without one).
 * With `explain`, the result carries the facts and the full rule trace.
 */
export async function evaluate(
  c: RuleCase,
  opts: { sets?: RuleSet[]; explain?: boolean } = {},
): Promise<RuleResult & { explanation?: Explanation }> {
  const today = c.today ?? swedishToday();
  const set = ruleSetInForce(opts.sets ?? shippedRuleSets(), c.examDate ?? today);
  const facts = deriveFacts(c, set.parameters.applicationQuartersAfterExam, today);
  const p = prepare(set);
  const hasExam = facts.examDate !== null;
  const outcome = hasExam
    ? await runRules(p.all, p.allFacts, facts, set.label)
    : await runRules(set.compiled.coverage, p.coverageFacts, facts, set.label);

  const reasons = REASON_CODES.filter((code) => outcome.reasons.has(code)).map((code) => ({
    code,
    message: REASON_MESSAGES[code],
  }));
  const eligible = hasExam && reasons.length === 0;
  const result: RuleResult & { explanation?: Explanation } = {
    coveredFrom: outcome.coveredFrom,
    eligible,
    reasons,
    amountSek: eligible && c.examDate ? eligibleAmount(set, c.examDate) : null,
    applicationQuarter: facts.applicationQuarter as string | null,
    applicationDeadline: facts.applicationDeadline as string | null,
    ruleSet: set.label,
  };
  if (opts.explain) {
    result.explanation = { facts: outcome.facts, trace: traceOf(outcome.engineResult, p.order) };
  }
  return result;
}

/**
 * The coverage date ("Omf. LMA / förvar fr.o.m.") by the rule set in force today: what the feed
 * import stores for every changed person.
 */
export async function coverageDate(
  person: PersonRecord,
  opts: { sets?: RuleSet[]; today?: string } = {},
): Promise<{ coveredFrom: string | null; ruleSet: string }> {
  const today = opts.today ?? swedishToday();
  const set = ruleSetInForce(opts.sets ?? shippedRuleSets(), today);
  const facts = deriveFacts({ person }, set.parameters.applicationQuartersAfterExam, today);
  const outcome = await runRules(set.compiled.coverage, prepare(set).coverageFacts, facts, set.label);
  return { coveredFrom: outcome.coveredFrom, ruleSet: set.label };
}
