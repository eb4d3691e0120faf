/**
 * The rule sets evaluations use: the shipped folders plus the sets published from the rule
 * maintainers' console (table published_rule_sets, validated again on load). The worker keeps a
 * registry that reloads the published ones periodically; evaluations already stored keep the
 * version they name and are never redone.
 */
import type { Sql } from '../db/sql.js';
import { loadRuleSets, loadRuleSetsFromJson, type RuleSet, type RuleSetJson } from '../rules/index.js';

export type PublishedRuleSet = {
  id: string;
  version: string;
  effectiveFrom: string;
  publishedBy: string;
  publishedAt: Date;
  content: RuleSetJson;
};

let shipped: RuleSet[] | undefined;
/** The shipped rule sets (rules/sets), read once per process. */
export function shippedRuleSets(): RuleSet[] {
  shipped ??= loadRuleSets();
  return shipped;
}

export async function publishedRuleSetRows(sql: Sql): Promise<PublishedRuleSet[]> {
  const rows = await sql`select id, version, to_char(effective_from, 'YYYY-MM-DD') as effective_from, content, published_by, published_at
    from published_rule_sets order by effective_from, published_at`;
  return rows.map((r) => ({
    id: r.id as string, version: r.version as string, effectiveFrom: r.effective_from as string,
    publishedBy: r.published_by as string, publishedAt: r.published_at as Date, content: r.content as RuleSetJson,
  }));
}

/** Shipped + published sets, oldest first (throws RuleSetProblems if a stored set is invalid). */
export async function loadAllRuleSets(sql: Sql): Promise<RuleSet[]> {
  const published = loadRuleSetsFromJson((await publishedRuleSetRows(sql)).map((r) => r.content));
  const labels = new Set(published.map((s) => s.label));
  return [...shippedRuleSets().filter((s) => !labels.has(s.label)), ...published].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
}

export type RuleSetRegistry = {
  /** The sets in use now (synchronous, for activities). */
  current: () => RuleSet[];
  /** Reloads the published sets from the database now. */
  refresh: () => Promise<RuleSet[]>;
  stop: () => void;
};

/**
 * Shipped + published sets, reloaded every `refreshMs` (default 30 s). A failed reload keeps the
 * sets already loaded: a bad row must not stop the worker.
 */
export async function ruleSetRegistry(sql: Sql, opts: { refreshMs?: number } = {}): Promise<RuleSetRegistry> {
  let sets = shippedRuleSets();
  const refresh = async () => {
    try {
      sets = await loadAllRuleSets(sql);
    } catch (err) {
      console.error('rule sets: reload failed, keeping the loaded sets:', (err as Error).message);
    }
    return sets;
  };
  await refresh();
  const timer = setInterval(() => void refresh(), opts.refreshMs ?? 30_000);
  timer.unref();
  return { current: () => sets, refresh, stop: () => clearInterval(timer) };
}
