import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'melker-rules-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the rules CLI as `npm run --silent rules -- …` does (tsx rules/cli.ts). */
function rules(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'rules/cli.ts', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at |Error:|node:internal/);

const sampleCases = JSON.parse(readFileSync(join(root, 'rules/sets/lma-2022-07-01/cases/eligibility.json'), 'utf8')).cases as {
  case: unknown;
}[];

/** A copy of the current rule set whose file `name` is changed by `edit`. */
function brokenSet(name: string, edit: (doc: any) => void): string {
  const dir = mkdtempSync(join(work, 'set-'));
  cpSync(join(root, 'rules/sets/lma-2022-07-01'), dir, { recursive: true });
  const file = join(dir, name);
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  edit(doc);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return dir;
}

describe('rules check', () => {
  it('passes on the shipped rule sets', () => {
    const r = rules(['check']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/OK – 2 regeluppsättningar/);
  });

  it('names file, JSON path and problem for a misspelt operator', () => {
    const dir = brokenSet('eligibility.json', (d) => (d.rules[3].conditions.all[0].operator = 'isAfter'));
    const r = rules(['check', '--sets', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('eligibility.json: $.rules[3].conditions.all[0].operator: måste vara ett av: "dateBefore"');
    noStackTrace(r.stderr);
  });

  it('knows only the set\'s own parameters: constructor, toString and __proto__ are refused (security audit)', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const r = rules(['check', '--sets', brokenSet('coverage.json', (d) => (d.rules[2].conditions.all[1].value = { param: name }))]);
      expect(r.code, name).toBe(1);
      expect(r.stderr).toContain(`coverage.json: $.rules[2].conditions.all[1].value.param: parametern "${name}" finns inte i parameters.json`);
      noStackTrace(r.stderr);
    }
  });

  it('names an unknown fact, a missing field and an unknown parameter', () => {
    const dir = brokenSet('coverage.json', (d) => {
      d.rules[0].conditions.all[1].fact = 'latestAsylumApplicaton';
      delete d.rules[1].event.params.coveredFrom;
      d.rules[2].conditions.all[1].value = { param: 'lmaChangeDay' };
    });
    const first = rules(['check', '--sets', dir]);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('coverage.json: $.rules[0].conditions.all[1].fact: måste vara ett av');
    expect(first.stderr).toContain('coverage.json: $.rules[1].event.params: fältet "coveredFrom" saknas');
    // parameter references are checked once the file matches its schema
    const second = rules(['check', '--sets', brokenSet('coverage.json', (d) => (d.rules[2].conditions.all[1].value = { param: 'lmaChangeDay' }))]);
    expect(second.stderr).toContain('coverage.json: $.rules[2].conditions.all[1].value.param: parametern "lmaChangeDay" finns inte i parameters.json');
  });

  it('rejects an impossible date and an unlisted rule file', () => {
    const dir = brokenSet('manifest.json', (d) => {
      d.effectiveFrom = '2022-02-30';
      d.ruleFiles = ['coverage.json', 'eligibility.json'];
    });
    const r = rules(['check', '--sets', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('manifest.json: $.effectiveFrom: är inget giltigt datum');
    expect(r.stderr).toContain('application.json: $: regelfilen står inte i manifest.json och används inte');
  });

  it('reports invalid JSON with its line', () => {
    const dir = brokenSet('application.json', () => {});
    writeFileSync(join(dir, 'application.json'), '{\n  "concern": "application",\n  "rules": [,]\n}\n');
    const r = rules(['check', '--sets', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/application\.json: \$: ogiltig JSON \(rad 3, kolumn \d+\)/);
  });

  it('checks test cases against the feed schema', () => {
    const dir = brokenSet('cases/coverage.json', (d) => (d.cases[2].case.person.typeCode = 'X'));
    const r = rules(['check', '--sets', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cases/coverage.json: $.cases[2].case.person.typeCode: Ogiltigt val');
  });

  it('fails when an exam year from the effective-from year on has no amount', () => {
    const withPeriods = (periods: object[]) => brokenSet('parameters.json', (d) => (d.amountPerExamYear = periods));
    const gap = rules(['check', '--sets', withPeriods([
      { fromYear: 2018, toYear: 2023, amountSek: 2175 },
      { fromYear: 2026, amountSek: 2175 },
    ])]);
    expect(gap.code).toBe(1);
    expect(gap.stderr).toContain('parameters.json: $.amountPerExamYear[1].fromYear: undersökningsåren 2024–2025 saknar belopp');

    const closed = rules(['check', '--sets', withPeriods([
      { fromYear: 2018, toYear: 2018, amountSek: 2125 },
      { fromYear: 2019, toYear: 2026, amountSek: 2175 },
    ])]);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain('parameters.json: $.amountPerExamYear[1].toYear: undersökningsår från 2027 saknar belopp');

    const late = rules(['check', '--sets', withPeriods([{ fromYear: 2023, amountSek: 2175 }])]);
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('parameters.json: $.amountPerExamYear[0].fromYear: undersökningsåret 2022 saknar belopp');
    for (const r of [gap, closed, late]) noStackTrace(r.stderr);
  });

  it('accepts periods in any order, the open-ended one last in time', () => {
    const r = rules(['check', '--sets', brokenSet('parameters.json', (d) => (d.amountPerExamYear = [
      { fromYear: 2019, amountSek: 2175 },
      { fromYear: 2018, toYear: 2018, amountSek: 2125 },
    ]))]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('still rejects overlapping periods, an open-ended one included', () => {
    const r = rules(['check', '--sets', brokenSet('parameters.json', (d) => (d.amountPerExamYear = [
      { fromYear: 2018, amountSek: 2125 },
      { fromYear: 2019, amountSek: 2175 },
    ]))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('parameters.json: $.amountPerExamYear[1]: överlappar perioden i $.amountPerExamYear[0]');
  });
});

describe('rules test', () => {
  it('runs every case and ends with the pass/fail count', () => {
    const r = rules(['test']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed$/);
  });

  it('fails with a non-zero exit and says which case and what differs', () => {
    const dir = brokenSet('parameters.json', (d) => (d.amountPerExamYear.at(-1).amountSek = 2200));
    const r = rules(['test', '--sets', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ .*cases\/eligibility\.json: \$\.cases\[0\] Ersättningsbar undersökning/);
    expect(r.stdout).toContain('amountSek: väntat 2175, fick 2200');
    expect(r.stdout).toMatch(/\d+ passed, [1-9]\d* failed/);
    noStackTrace(r.stderr);
  });
});

describe('rules eval', () => {
  it('prints one JSON object for one case', () => {
    const file = join(work, 'one.json');
    writeFileSync(file, JSON.stringify(sampleCases[0]!.case));
    const r = rules(['eval', file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      coveredFrom: '2026-02-10',
      eligible: true,
      reasons: [],
      amountSek: 2175,
      applicationQuarter: '2026-Q2',
      applicationDeadline: '2026-06-30',
      ruleSet: 'lma-2022-07-01@1',
    });
  });

  it('prints a JSON array, in order, for an array of cases (also from stdin)', () => {
    const cases = sampleCases.slice(0, 6).map((c) => c.case);
    const r = rules(['eval', '-'], JSON.stringify(cases));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { reasons: { code: string }[] }[];
    expect(out).toHaveLength(6);
    expect(out.map((x) => x.reasons.map((y) => y.code))).toEqual([
      [],
      [],
      ['PROTECTED_IDENTITY'],
      ['NOT_COVERED_GROUP'],
      ['NOT_COVERED_GROUP'],
      ['NO_COVERAGE_DATE'],
    ]);
  });

  it('adds facts and the rule trace with --explain', () => {
    const file = join(work, 'explain.json');
    writeFileSync(file, JSON.stringify(sampleCases[0]!.case));
    const out = JSON.parse(rules(['eval', file, '--explain']).stdout);
    expect(out.explanation.facts.latestAsylumApplication).toBe('2026-02-10');
    expect(out.explanation.trace.length).toBeGreaterThan(10);
  });

  it('rejects a malformed case with one clear line, exit 2, no stack trace', () => {
    const file = join(work, 'bad.json');
    const bad = structuredClone(sampleCases[0]!.case) as { person: Record<string, unknown>; examDate: string };
    bad.person.typeCode = 'X';
    bad.examDate = '2026-02-30';
    writeFileSync(file, JSON.stringify([sampleCases[1]!.case, bad]));
    const r = rules(['eval', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('$[1].person.typeCode');
    expect(r.stderr).toContain('$[1].examDate: ogiltigt datum');
    noStackTrace(r.stderr);
  });

  it('rejects invalid JSON, a missing file and wrong usage with exit 2', () => {
    const file = join(work, 'broken.json');
    writeFileSync(file, '{"person": ');
    for (const args of [['eval', file], ['eval', join(work, 'missing.json')], ['eval'], ['frobnicate'], ['eval', file, '--nope']]) {
      const r = rules(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(/^rules: /);
      noStackTrace(r.stderr);
    }
  });
});
