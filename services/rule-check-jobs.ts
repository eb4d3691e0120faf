/**
 * What a rule-check thread runs (services/rule-check-thread.ts): `check` and `test` as the rules
 * CLI runs them (rules/cli.ts), with the same validation functions and case runner, over the
 * shipped folders (with the shared cases), the published sets, or one candidate document. A job
 * and its report are plain data (structured clone): compiled rule sets travel as the document
 * they were compiled from and the folder they were read from. No database here: the caller reads
 * the published documents and sends them.
 */
import { join, relative } from 'node:path';
import { casesFollowingCorrections } from '../rules/correction.js';
import type { RuleSet, RuleSetJson } from '../rules/index.js';
import {
  compileRuleSet, DEFAULT_SETS_DIR, readRuleSetDir, ruleSetDir, ruleSetDirProblems, ruleSetDirs, ruleSetProblems,
} from '../rules/ruleset.js';
import { collectCases, readSharedCases, runCase } from '../rules/testing.js';
import { formatProblem } from '../rules/validate.js';
import type { CheckReport, TestReport } from './rule-checks.js';

/** An installed set as a thread receives it: its document and, for a shipped set, its folder. */
export type SetSource = { json: RuleSetJson; dir?: string | undefined };

export type RuleCheckJob =
  | { kind: 'checkInstalled'; published: { label: string; content: RuleSetJson }[] }
  | { kind: 'checkCandidate'; json: RuleSetJson; label: string }
  | { kind: 'testInstalled'; sets: SetSource[] }
  | { kind: 'testCandidate'; json: RuleSetJson };

const display = (p: string) => relative(process.cwd(), p) || p;

function setFile(set: RuleSet, name: string): string {
  const dir = ruleSetDir(set);
  return dir ? display(join(dir, name)) : `${set.label}/${name}`;
}

export function countCases(cases: Record<string, unknown>): number {
  return Object.values(cases).reduce<number>((n, doc) => n + ((doc as { cases?: unknown[] })?.cases?.length ?? 0), 0);
}

/** The shipped folders and shared cases (as `rules check`), plus the published documents. */
export function checkInstalledNow(published: { label: string; content: RuleSetJson }[]): CheckReport {
  const problems: string[] = [];
  let files = 0;
  let cases = 0;
  const dirs = ruleSetDirs(DEFAULT_SETS_DIR);
  for (const dir of dirs) {
    const read = readRuleSetDir(dir);
    problems.push(...ruleSetDirProblems(read).map(formatProblem));
    files += Object.keys(read.json.ruleFiles).length;
    cases += countCases(read.json.cases);
  }
  const shared = readSharedCases();
  problems.push(...shared.problems.map(formatProblem));
  for (const f of shared.files) cases += f.cases?.length ?? 0;
  for (const p of published) {
    problems.push(...ruleSetProblems(p.content, (name) => `${p.label}/${name}`).map(formatProblem));
    files += Object.keys(p.content.ruleFiles ?? {}).length;
    cases += countCases(p.content.cases ?? {});
  }
  return { ok: problems.length === 0, sets: dirs.length + published.length, files, cases, problems };
}

/** One candidate document (as `rules check --sets DIR` would for its folder). */
export function checkCandidateNow(json: RuleSetJson, label: string): CheckReport {
  const problems = ruleSetProblems(json, (name) => `${label}/${name}`).map(formatProblem);
  return { ok: problems.length === 0, sets: 1, files: Object.keys(json.ruleFiles ?? {}).length, cases: countCases(json.cases ?? {}), problems };
}

async function run(sets: RuleSet[], withShared: boolean): Promise<TestReport> {
  const shared = withShared ? readSharedCases() : { files: [], fileOf: (n: string) => n };
  // The shared cases name the shipped versions; a published amount correction supersedes one.
  const runs = collectCases(sets, casesFollowingCorrections(shared.files, sets), shared.fileOf, setFile);
  const report: TestReport = { passed: 0, failed: 0, failures: [] };
  for (const r of runs) {
    const outcome = await runCase(r);
    if (!outcome.error && outcome.differences.length === 0) {
      report.passed++;
      continue;
    }
    report.failed++;
    report.failures.push({ file: outcome.file, name: `$.cases[${outcome.index}] ${outcome.name}`, details: outcome.error ? [`fel: ${outcome.error}`] : outcome.differences });
  }
  return report;
}

/**
 * Every installed set's cases and the shared cases against all of them (as `rules test`); a
 * shared case that expects a set since corrected expects the correction.
 */
export function testInstalledNow(sets: SetSource[]): Promise<TestReport> {
  return run(sets.map((s) => compileRuleSet(s.json, s.dir)), true);
}

/** A valid candidate's own cases against it alone (as `rules test --sets DIR`). */
export function testCandidateNow(json: RuleSetJson): Promise<TestReport> {
  return run([compileRuleSet(json)], false);
}

/** Runs one job (in a rule-check thread). */
export async function runJob(job: RuleCheckJob): Promise<CheckReport | TestReport> {
  switch (job.kind) {
    case 'checkInstalled': return checkInstalledNow(job.published);
    case 'checkCandidate': return checkCandidateNow(job.json, job.label);
    case 'testInstalled': return testInstalledNow(job.sets);
    case 'testCandidate': return testCandidateNow(job.json);
  }
}
