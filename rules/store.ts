/**
 * The rule sets in use, read side: the shipped folders plus the sets published from the rule
 * maintainers' console (table published_rule_sets, validated again on load). Shared by the
 * activities' registry and the web tier's explanations and lists; publishing writes elsewhere.
 */
import type { Sql } from '../db/sql.js';
import { loadRuleSetsFromJson, shippedRuleSets, type RuleSet, type RuleSetJson } from './index.js';

export type PublishedRuleSet = {
  id: string;
  version: string;
  effectiveFrom: string;
  publishedBy: string;
  publishedAt: Date;
  content: RuleSetJson;
};

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
