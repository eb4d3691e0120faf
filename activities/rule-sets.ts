/**
 * The worker's registry of the rule sets evaluations use (rules/store.ts reads them): it reloads
 * the published ones periodically; evaluations already stored keep the version they name and are
 * never redone.
 */
import type { Sql } from '../db/sql.js';
import type { RuleSet } from '../rules/index.js';
import { shippedRuleSets } from '../rules/index.js';
import { loadAllRuleSets } from '../rules/store.js';
import { log } from '../observability/log.js';

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
      log.error({ err }, 'rule sets: reload failed, keeping the loaded sets');
    }
    return sets;
  };
  await refresh();
  const timer = setInterval(() => void refresh(), opts.refreshMs ?? 30_000);
  timer.unref();
  return { current: () => sets, refresh, stop: () => clearInterval(timer) };
}
