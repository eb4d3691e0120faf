/**
 * `check` and `test` as the rules CLI runs them (rules/cli.ts): the same validation functions
 * and case runner, over the shipped folders (with the shared cases), the published sets, or one
 * candidate document. The rule maintainers' "Kontrollera" and "Kör testfallen" show them, and
 * saving or publishing a document is refused when they fail (services/rule-maintenance.ts).
 *
 * Each runs in a rule-check thread beside the web tier's event loop, within a time budget
 * (services/rule-check-thread.ts, security audit issue 14): a run over its budget, or one whose
 * thread crashed, is a failed report whose `stopped` says so in Swedish.
 */
import type { RuleSet, RuleSetJson } from '../rules/index.js';
import { ruleSetDir } from '../rules/ruleset.js';
import { countCases } from './rule-check-jobs.js';
import { ruleCheckBudget, runInThread, type ThreadOutcome } from './rule-check-thread.js';

/** `stopped`: the run was stopped (over its time budget, or its thread crashed); then `problems` is that message alone. */
export type CheckReport = { ok: boolean; sets: number; files: number; cases: number; problems: string[]; stopped?: string };
/** `stopped`: the run was stopped; then it counts as one failure with no case named. */
export type TestReport = { passed: number; failed: number; failures: { file: string; name: string; details: string[] }[]; stopped?: string };
/** `budgetMs`: the run's time budget instead of RULE_CHECK_BUDGET_MS (or MELKER_RULE_CHECK_BUDGET_MS). */
export type RunOptions = { budgetMs?: number };

/** "5 s", "2,5 s", "50 ms". */
const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toLocaleString('sv-SE')} s`);

function checkStopped(outcome: Exclude<ThreadOutcome<CheckReport>, { ok: true }>, budgetMs: number): string {
  return outcome.reason === 'timeout'
    ? `Kontrollen avbröts efter ${duration(budgetMs)}: regeluppsättningen är för stor eller för invecklad för att kontrolleras. Dela upp den eller förenkla villkoren.`
    : 'Kontrollen avbröts: regeluppsättningen är för stor eller för djupt nästlad för att kontrolleras. Dela upp den eller förenkla villkoren.';
}

function testStopped(outcome: Exclude<ThreadOutcome<TestReport>, { ok: true }>, budgetMs: number): string {
  return outcome.reason === 'timeout'
    ? `Testkörningen avbröts efter ${duration(budgetMs)}: testfallen tar för lång tid att köra. Dela upp regeluppsättningen, förenkla villkoren eller ta bort testfall.`
    : 'Testkörningen avbröts: regeluppsättningen eller testfallen är för stora eller för djupt nästlade för att köras. Dela upp regeluppsättningen eller förenkla villkoren.';
}

async function check(job: Parameters<typeof runInThread>[0], counts: Omit<CheckReport, 'ok' | 'problems'>, options: RunOptions): Promise<CheckReport> {
  const budgetMs = ruleCheckBudget('check', options.budgetMs);
  const outcome = await runInThread<CheckReport>(job, budgetMs);
  if (outcome.ok) return outcome.report;
  const stopped = checkStopped(outcome, budgetMs);
  return { ok: false, ...counts, problems: [stopped], stopped };
}

async function test(job: Parameters<typeof runInThread>[0], options: RunOptions): Promise<TestReport> {
  const budgetMs = ruleCheckBudget('test', options.budgetMs);
  const outcome = await runInThread<TestReport>(job, budgetMs);
  if (outcome.ok) return outcome.report;
  return { passed: 0, failed: 1, failures: [], stopped: testStopped(outcome, budgetMs) };
}

/** The shipped folders and shared cases (as `rules check`), plus the published documents. */
export function checkInstalled(published: { label: string; content: RuleSetJson }[], options: RunOptions = {}): Promise<CheckReport> {
  return check({ kind: 'checkInstalled', published }, { sets: published.length, files: 0, cases: 0 }, options);
}

/** One candidate document (as `rules check --sets DIR` would for its folder). */
export function checkCandidate(json: RuleSetJson, label: string, options: RunOptions = {}): Promise<CheckReport> {
  const counts = { sets: 1, files: Object.keys(json.ruleFiles ?? {}).length, cases: countCases(json.cases ?? {}) };
  return check({ kind: 'checkCandidate', json, label }, counts, options);
}

/** A failed check in one sentence: the first three problems and how many more there are (or why it was stopped). */
export function checkSummary(report: CheckReport): string {
  if (report.stopped) return report.stopped;
  const more = report.problems.length > 3 ? ` (och ${report.problems.length - 3} fel till)` : '';
  return `Regeluppsättningen har ${report.problems.length} fel: ${report.problems.slice(0, 3).join('; ')}${more}`;
}

/**
 * Every installed set's cases and the shared cases against all of them (as `rules test`); a
 * shared case that expects a set since corrected expects the correction. The thread compiles
 * each set again from the document it was compiled from (and its folder, for a shipped set).
 */
export function testInstalled(sets: RuleSet[], options: RunOptions = {}): Promise<TestReport> {
  return test({ kind: 'testInstalled', sets: sets.map((set) => ({ json: set.source, dir: ruleSetDir(set) })) }, options);
}

/** A valid candidate's own cases against it alone (as `rules test --sets DIR`). */
export function testCandidate(json: RuleSetJson, options: RunOptions = {}): Promise<TestReport> {
  return test({ kind: 'testCandidate', json }, options);
}
