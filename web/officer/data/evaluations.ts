/**
 * An item's stored rule evaluation (rule_evaluations: facts, trace, rule-set version) and the
 * descriptions of the rules it names, for "Varför?".
 */
import type { Sql } from '../../../db/sql.js';
import { loadAllRuleSets } from '../../../rules/store.js';

/** The stored rule evaluation of an item without its trace: enough for the deciding reason. */
export type EvaluationSummary = {
  ruleSet: string;
  evaluatedAt: Date;
  facts: Record<string, unknown>;
};
export type Evaluation = EvaluationSummary & { trace: TraceRule[] };
export type TraceCondition = {
  fact?: string;
  operator?: string;
  value?: unknown;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
  all?: TraceCondition[];
  any?: TraceCondition[];
  not?: TraceCondition;
};
export type TraceRule = { name: string; result: boolean; conditions: TraceCondition; event: { type: string; params?: Record<string, unknown> } };

/** The whole stored rule evaluation of an item ("Hela regelbedömningen"), or null. */
export async function itemEvaluation(sql: Sql, applicationId: number, examinationId: number): Promise<Evaluation | null> {
  const [r] = await sql`select rule_set, evaluated_at, facts, trace from rule_evaluations
    where subject_type = 'application_item' and subject_id = ${`${applicationId}:${examinationId}`}
    order by evaluated_at desc limit 1`;
  return r ? { ruleSet: r.rule_set as string, evaluatedAt: r.evaluated_at as Date, facts: r.facts as Record<string, unknown>, trace: r.trace as TraceRule[] } : null;
}

const descriptions = new Map<string, Map<string, string>>();
/** Rule descriptions of a rule-set version (versions never change once published, so they are cached). */
export async function ruleDescriptions(sql: Sql, label: string): Promise<Map<string, string>> {
  let found = descriptions.get(label);
  if (!found) {
    const set = (await loadAllRuleSets(sql)).find((s) => s.label === label);
    found = new Map(set?.ruleFiles.flatMap((f) => (f.rules as { name: string; description: string }[]).map((r) => [r.name, r.description] as const)) ?? []);
    if (set) descriptions.set(label, found);
  }
  return found;
}
