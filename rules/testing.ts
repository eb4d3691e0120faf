/**
 * Running rule-set test cases: every case file of every set (against that set alone, so a
 * candidate can be tested before it is published) and the shared cases in rules/cases (against
 * all sets, to test effective dating). Used by `rules test` and by the vitest suite.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate } from './index.js';
import type { CaseFile, RuleCase, RuleSet, TestCase } from './model.js';
import { parseJson } from './ruleset.js';
import { caseProblems, schemaProblems, schemas, type Problem } from './validate.js';

export const SHARED_CASES_DIR = fileURLToPath(new URL('./cases/', import.meta.url));

export type CaseRun = {
  /** Where the case is written, e.g. `rules/sets/lma-2022-07-01/cases/eligibility.json`. */
  file: string;
  index: number;
  name: string;
  sets: RuleSet[];
  testCase: TestCase;
};

export type CaseOutcome = CaseRun & { differences: string[]; error?: string };

/** Reads the shared case files (validated like a set's cases). */
export function readSharedCases(dir: string = SHARED_CASES_DIR): { files: CaseFile[]; problems: Problem[]; fileOf: (n: string) => string } {
  const problems: Problem[] = [];
  const docs: Record<string, unknown> = {};
  const fileOf = (name: string) => relative(process.cwd(), join(dir, name.replace(/^cases\//, ''))) || name;
  let names: string[] = [];
  try {
    if (statSync(dir).isDirectory()) names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    names = [];
  }
  for (const name of names) {
    const doc = parseJson(readFileSync(join(dir, name), 'utf8'), fileOf(name), problems);
    if (doc !== undefined) docs[name] = doc;
  }
  for (const [name, doc] of Object.entries(docs)) problems.push(...schemaProblems(schemas.caseFile, doc, fileOf(name)));
  if (problems.length === 0) problems.push(...caseProblems(docs, fileOf));
  const files = Object.entries(docs).map(([name, doc]) => ({ name, ...(doc as Omit<CaseFile, 'name'>) }));
  return { files, problems, fileOf };
}

/** Every case to run: each set's own cases, then the shared ones against all sets. */
export function collectCases(sets: RuleSet[], shared: CaseFile[], fileOfShared: (n: string) => string, fileOfSet: (set: RuleSet, n: string) => string): CaseRun[] {
  const runs: CaseRun[] = [];
  for (const set of sets) {
    for (const file of set.cases) {
      file.cases.forEach((testCase, index) =>
        runs.push({ file: fileOfSet(set, `cases/${file.name}`), index, name: testCase.name, sets: [set], testCase }),
      );
    }
  }
  for (const file of shared) {
    file.cases.forEach((testCase, index) => runs.push({ file: fileOfShared(file.name), index, name: testCase.name, sets, testCase }));
  }
  return runs;
}

const show = (v: unknown) => JSON.stringify(v);

/** Runs one case and lists how the result differs from what the case expects. */
export async function runCase(run: CaseRun): Promise<CaseOutcome> {
  try {
    const result = await evaluate(run.testCase.case as RuleCase, { sets: run.sets });
    const differences: string[] = [];
    for (const [key, expected] of Object.entries(run.testCase.expected)) {
      const actual =
        key === 'reasons' ? result.reasons.map((r) => r.code) : (result as unknown as Record<string, unknown>)[key];
      if (show(actual) !== show(expected)) differences.push(`${key}: väntat ${show(expected)}, fick ${show(actual)}`);
    }
    return { ...run, differences };
  } catch (error) {
    return { ...run, differences: [], error: (error as Error).message };
  }
}
