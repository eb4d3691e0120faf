import { relative, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleSets } from '../../rules/index.js';
import { ruleSetDir } from '../../rules/ruleset.js';
import { collectCases, readSharedCases, runCase } from '../../rules/testing.js';

// The same cases `rules test` runs: every set's own cases and the shared effective-dating cases.
const sets = loadRuleSets();
const shared = readSharedCases();
const runs = collectCases(sets, shared.files, shared.fileOf, (set, name) =>
  relative(process.cwd(), join(ruleSetDir(set) ?? set.label, name)),
);

describe('rule-set test cases', () => {
  it('are all valid and there are cases for every shipped set', () => {
    expect(shared.problems).toEqual([]);
    for (const set of sets) expect(runs.some((r) => r.sets.length === 1 && r.sets[0] === set)).toBe(true);
    expect(runs.length).toBeGreaterThan(70);
  });

  const byFile = new Map<string, typeof runs>();
  for (const run of runs) byFile.set(run.file, [...(byFile.get(run.file) ?? []), run]);
  for (const [file, fileRuns] of byFile) {
    describe(file, () => {
      for (const run of fileRuns) {
        it(run.name, async () => {
          const outcome = await runCase(run);
          expect(outcome.error).toBeUndefined();
          expect(outcome.differences).toEqual([]);
        });
      }
    });
  }
});
