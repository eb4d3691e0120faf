import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../domain/person.js';
import { simulate } from '../../rules/simulate.js';
import { person } from '../fixtures/person.js';

const root = new URL('../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'melker-simulate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// A candidate that moves the LMA change for M applicants to 2022-08-01.
const candidateDir = join(work, 'candidate');
cpSync(join(root, 'rules/sets/lma-2022-07-01'), candidateDir, { recursive: true });
const params = JSON.parse(readFileSync(join(candidateDir, 'parameters.json'), 'utf8'));
params.lmaChangeDate = '2022-08-01';
writeFileSync(join(candidateDir, 'parameters.json'), JSON.stringify(params));

const people: PersonRecord[] = [
  person({ dossierNumber: '12-000001', typeCode: 'A', events: [{ type: 'asylum-application', date: '2022-03-01' }] }),
  person({ dossierNumber: '12-000002', typeCode: 'M', events: [{ type: 'temporary-protection-application', date: '2022-07-15' }] }),
  person({ dossierNumber: '12-000003', typeCode: 'M', events: [{ type: 'temporary-protection-application', date: '2022-05-01' }] }),
  person({ dossierNumber: '12-000004', typeCode: 'M', events: [{ type: 'temporary-protection-application', date: '2022-09-01' }] }),
];
const feedFile = join(work, 'feed.jsonl');
writeFileSync(feedFile, [...people.map((p) => JSON.stringify(p)), '{"dossierNumber": "x"}', 'not json', ''].join('\n'));

describe('simulate against a feed file', () => {
  it('reports every changed coverage date and counts per kind', async () => {
    const report = await simulate({ candidateDir, source: { feedFile }, today: '2026-05-15' });
    expect(report.candidate).toBe('lma-2022-07-01@1');
    expect(report.counts).toMatchObject({ persons: 4, examinations: 0, skipped: 2, changed: 2, byKind: { coveredFrom: 2 } });
    expect(report.skipped.map((s) => s.line)).toEqual([5, 6]);
    expect(report.changes.map((c) => [c.dossierNumber, c.old.coveredFrom, c.new.coveredFrom])).toEqual([
      ['12-000002', '2022-07-15', '2022-08-01'],
      ['12-000003', '2022-07-01', '2022-08-01'],
    ]);
  });

  it('compares eligibility for a fixed exam date', async () => {
    const report = await simulate({ candidateDir, source: { feedFile }, today: '2022-10-01', examDate: '2022-07-20' });
    const exams = report.changes.filter((c) => c.kind === 'examination');
    expect(exams.map((c) => [c.dossierNumber, c.changes, c.new.reasons])).toEqual([
      ['12-000002', ['coveredFrom', 'becameIneligible'], ['EXAM_BEFORE_COVERAGE']],
      ['12-000003', ['coveredFrom', 'becameIneligible'], ['EXAM_BEFORE_COVERAGE']],
    ]);
    expect(report.counts.byKind).toMatchObject({ becameIneligible: 2 });
  });

  it('reports nothing for a candidate equal to the current rules', async () => {
    const same = join(work, 'same');
    cpSync(join(root, 'rules/sets/lma-2022-07-01'), same, { recursive: true });
    const report = await simulate({ candidateDir: same, source: { feedFile }, today: '2026-05-15', examDate: '2026-03-01' });
    expect(report.counts.changed).toBe(0);
    expect(report.changes).toEqual([]);
  });

  it('runs from the CLI and prints the report as JSON', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'rules/cli.ts', 'simulate', candidateDir, '--feed', feedFile, '--today', '2026-05-15'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).counts.changed).toBe(2);
  });

  it('refuses a broken candidate with its problems and exit 1', () => {
    const broken = join(work, 'broken');
    cpSync(candidateDir, broken, { recursive: true });
    writeFileSync(join(broken, 'manifest.json'), '{"id": "x"}');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'rules/cli.ts', 'simulate', broken, '--feed', feedFile], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('manifest.json: $: fältet "version" saknas');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
