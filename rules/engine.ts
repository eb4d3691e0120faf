/**
 * The json-rules-engine wrapper. A new Engine per evaluation (an Engine holds run state and is not
 * safe for concurrent runs); what can be shared is built once: the custom operators and the
 * compiled rule objects, from which each Engine makes its own Rule instances.
 */
import { Engine, Fact, Operator, type EngineResult, type RuleProperties } from 'json-rules-engine';
import { epochDay } from './dates.js';
import type { FactName, Facts } from './facts.js';
import type { ReasonCode } from './model.js';

type Comparison = (a: number, b: number) => boolean;
const dateOperator = (name: string, compare: Comparison) =>
  new Operator<unknown, unknown>(name, (fact, value) => {
    // a missing (null) or malformed date never satisfies a date comparison
    const a = epochDay(fact);
    const b = epochDay(value);
    return a !== null && b !== null && compare(a, b);
  });

/** Dates are compared as epoch days, never as strings. */
export const CUSTOM_OPERATORS: Operator<unknown, unknown>[] = [
  dateOperator('dateBefore', (a, b) => a < b),
  dateOperator('dateOnOrBefore', (a, b) => a <= b),
  dateOperator('dateAfter', (a, b) => a > b),
  dateOperator('dateOnOrAfter', (a, b) => a >= b),
  dateOperator('dateEqual', (a, b) => a === b),
  new Operator<unknown, unknown>('isDate', (fact, value) => (epochDay(fact) !== null) === value),
];
export const CUSTOM_OPERATOR_NAMES = CUSTOM_OPERATORS.map((o) => o.name);
export const DATE_OPERATOR_NAMES = CUSTOM_OPERATOR_NAMES.filter((n) => n.startsWith('date'));
export const BUILTIN_OPERATOR_NAMES = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
];

/** Coverage rules run first (they set the coveredFrom fact), the assessment rules after them. */
export const COVERAGE_PRIORITY = 2;
export const ASSESSMENT_PRIORITY = 1;

export type RunOutcome = {
  coveredFrom: string | null;
  reasons: Set<ReasonCode>;
  facts: Facts;
  engineResult: EngineResult;
};

export class RuleSetError extends Error {
  override name = 'RuleSetError';
}

/** Fact names a rule's conditions and event refer to (only these are given to the engine). */
export function referencedFacts(rules: RuleProperties[]): string[] {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'fact' && typeof v === 'string') names.add(v);
        else walk(v);
      }
    }
  };
  for (const rule of rules) {
    walk(rule.conditions);
    walk(rule.event);
  }
  return [...names];
}

/**
 * Runs rules over the facts in a fresh Engine. A coverage event sets `coveredFrom` in the almanac,
 * so the assessment rules (lower priority) see it; the other events are reason codes.
 */
export async function runRules(
  rules: RuleProperties[],
  factNames: readonly string[],
  facts: Facts,
  ruleSetLabel: string,
): Promise<RunOutcome> {
  const engine = new Engine(rules, { allowUndefinedFacts: false });
  for (const op of CUSTOM_OPERATORS) engine.addOperator(op);

  const finalFacts: Facts = { ...facts };
  const reasons = new Set<ReasonCode>();
  let coverageRule: string | undefined;
  engine.on('success', (event, almanac, ruleResult) => {
    if (event.type === 'coverage') {
      const param = event.params?.coveredFrom as unknown;
      const from = (
        typeof param === 'object' && param !== null ? finalFacts[(param as { fact: FactName }).fact] : param ?? null
      ) as string | null;
      if (coverageRule !== undefined && from !== finalFacts.coveredFrom) {
        throw new RuleSetError(
          `${ruleSetLabel}: täckningsreglerna ${coverageRule} och ${ruleResult.name} ger olika datum; villkoren ska utesluta varandra`,
        );
      }
      coverageRule = ruleResult.name;
      finalFacts.coveredFrom = from;
      almanac.addFact(new Fact('coveredFrom', from, { cache: false }));
    } else {
      reasons.add(event.type as ReasonCode); // the rule-file schema allows only reason codes here
    }
  });

  const runtimeFacts: Record<string, Fact> = {};
  for (const id of factNames) runtimeFacts[id] = new Fact(id, facts[id as FactName], { cache: false });
  const engineResult = await engine.run(runtimeFacts);
  return { coveredFrom: finalFacts.coveredFrom as string | null, reasons, facts: finalFacts, engineResult };
}

/** The full trace: `toJSON(false)` of every rule result in the order the rules were declared. */
export function traceOf(result: EngineResult, order: Map<string, number>): unknown[] {
  return [...result.results, ...result.failureResults]
    .sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0))
    .map((r) => r.toJSON(false));
}
