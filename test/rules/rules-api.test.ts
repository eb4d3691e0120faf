import { describe, expect, it } from 'vitest';
import { FACT_NAMES } from '../../rules/facts.js';
import {
  coverageDate,
  evaluate,
  loadRuleSets,
  loadRuleSetsFromJson,
  REASON_CODES,
  REASON_MESSAGES,
  ruleSetInForce,
  ruleSetToJson,
  validateCase,
  type RuleCase,
} from '../../rules/index.js';
import { schemaFactNames, schemaOperators, schemaReasonCodes } from '../../rules/validate.js';
import { BUILTIN_OPERATOR_NAMES, CUSTOM_OPERATOR_NAMES } from '../../rules/engine.js';
import { Engine } from 'json-rules-engine';
import { person } from '../fixtures/person.js';

const sets = loadRuleSets();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const asylumSeeker = person({ typeCode: 'A', events: [{ type: 'asylum-application', date: '2026-02-10' }] });
const eligibleCase: RuleCase = { person: asylumSeeker, examDate: '2026-03-05', reportingRegion: '232100-0016', today: '2026-05-15' };

describe('rule sets', () => {
  it('ships two effective-dated versions, the older without M applicants', () => {
    expect(sets.map((s) => `${s.label} ${s.effectiveFrom}`)).toEqual([
      'lma-2018-01-01@1 2018-01-01',
      'lma-2022-07-01@1 2022-07-01',
    ]);
  });

  it('picks the set in force on a date, the earliest for dates before all', () => {
    expect(ruleSetInForce(sets, '2022-06-30').id).toBe('lma-2018-01-01');
    expect(ruleSetInForce(sets, '2022-07-01').id).toBe('lma-2022-07-01');
    expect(ruleSetInForce(sets, '2031-01-01').id).toBe('lma-2022-07-01');
    expect(ruleSetInForce(sets, '2010-01-01').id).toBe('lma-2018-01-01');
  });

  it('lets a higher version of the same effective date supersede the lower', () => {
    const json = ruleSetToJson(sets[1]!) as { manifest: Record<string, unknown> };
    const v2 = loadRuleSetsFromJson([{ ...json, manifest: { ...json.manifest, version: '2' } }])[0]!;
    expect(ruleSetInForce([...sets, v2], '2026-01-01').label).toBe('lma-2022-07-01@2');
  });

  it('round-trips through the stored JSON form', async () => {
    const stored = JSON.parse(JSON.stringify(sets.map(ruleSetToJson))) as unknown[];
    const reloaded = loadRuleSetsFromJson(stored);
    expect(reloaded.map((s) => s.label)).toEqual(sets.map((s) => s.label));
    expect(await evaluate(eligibleCase, { sets: reloaded })).toEqual(await evaluate(eligibleCase, { sets }));
  });

  it('refuses stored JSON with a broken rule, naming the rule set, file and path', () => {
    const json = ruleSetToJson(sets[1]!) as { ruleFiles: Record<string, { rules: { conditions: { all: { operator: string }[] } }[] }> };
    json.ruleFiles['eligibility.json']!.rules[0]!.conditions.all[0]!.operator = 'equals';
    expect(() => loadRuleSetsFromJson([json])).toThrow(/lma-2022-07-01@1\/eligibility\.json: \$\.rules\[0\]\.conditions\.all\[0\]\.operator: måste vara ett av/);
  });

  it('allows exactly the facts the engine derives and the reason codes of SPEC §4', () => {
    expect([...schemaFactNames()].sort()).toEqual([...FACT_NAMES].sort());
    expect(schemaReasonCodes()).toEqual([...REASON_CODES]);
  });

  it('allows exactly the custom date operators and the engine operators that exist', () => {
    expect(schemaOperators()).toEqual([...CUSTOM_OPERATOR_NAMES, ...BUILTIN_OPERATOR_NAMES]);
    const engine = new Engine() as unknown as { operators: { get(name: string): unknown } };
    for (const name of BUILTIN_OPERATOR_NAMES) expect(engine.operators.get(name), name).toBeTruthy();
  });
});

describe('evaluate', () => {
  it('gives the SPEC §6 result shape', async () => {
    expect(await evaluate(eligibleCase, { sets })).toEqual({
      coveredFrom: '2026-02-10',
      eligible: true,
      reasons: [],
      amountSek: 2175,
      applicationQuarter: '2026-Q2',
      applicationDeadline: '2026-06-30',
      ruleSet: 'lma-2022-07-01@1',
    });
  });

  it('says in Swedish what to do instead, for every reason code', async () => {
    for (const code of REASON_CODES) expect(REASON_MESSAGES[code]).toMatch(/[åäö]/);
    expect(REASON_MESSAGES.PROTECTED_IDENTITY).toMatch(/pappersblankett/);
    const r = await evaluate({ ...eligibleCase, person: { ...asylumSeeker, protectedIdentity: true } }, { sets });
    expect(r.reasons).toEqual([{ code: 'PROTECTED_IDENTITY', message: REASON_MESSAGES.PROTECTED_IDENTITY }]);
  });

  it('explains with the facts and the trace of every rule, each condition evaluated', async () => {
    const r = await evaluate({ ...eligibleCase, reportingRegion: '232100-0131' }, { sets, explain: true });
    const trace = r.explanation!.trace as { name: string; result: boolean; conditions: unknown }[];
    const set = sets[1]!;
    const ruleNames = set.ruleFiles.flatMap((f) => (f.rules as { name: string }[]).map((x) => x.name));
    expect(trace.map((t) => t.name)).toEqual(ruleNames);
    expect(trace.find((t) => t.name === 'other-region')!.result).toBe(true);
    // every fact condition was evaluated (one fact priority: no short-circuit), so the trace is complete
    const leaves = (c: unknown): { fact?: string; result?: unknown }[] => {
      const n = c as { all?: unknown[]; any?: unknown[]; not?: unknown; fact?: string };
      if (n.all) return n.all.flatMap(leaves);
      if (n.any) return n.any.flatMap(leaves);
      if (n.not) return leaves(n.not);
      return [n as { fact?: string; result?: unknown }];
    };
    for (const t of trace) for (const leaf of leaves(t.conditions)) expect(typeof leaf.result, `${t.name} ${leaf.fact}`).toBe('boolean');
    expect(r.explanation!.facts).toMatchObject({ typeCode: 'A', latestAsylumApplication: '2026-02-10', coveredFrom: '2026-02-10' });
    expect(JSON.parse(JSON.stringify(r.explanation))).toEqual(r.explanation);
  });

  it('never mutates its input', async () => {
    const frozen = deepFreeze(structuredClone({ ...eligibleCase, previousExams: [{ examDate: '2026-01-01', status: 'deleted' as const }] }));
    const copy = structuredClone(frozen);
    await evaluate(frozen, { sets, explain: true });
    await coverageDate(frozen.person, { sets, today: '2026-05-15' });
    expect(frozen).toEqual(copy);
  });

  it('gives the same results when many evaluations run at once as one by one', async () => {
    const cases: RuleCase[] = [];
    for (let i = 0; i < 200; i++) {
      const typeCode = (['A', 'AB', 'B', 'F', 'M'] as const)[i % 5]!;
      cases.push({
        person: person({
          typeCode,
          detentionFacility: typeCode === 'F' ? 'forvar' : null,
          events: [
            { type: typeCode === 'F' ? 'detention-start' : typeCode === 'M' ? 'temporary-protection-application' : 'asylum-application', date: `2026-0${1 + (i % 3)}-1${i % 10}` },
          ],
        }),
        examDate: `2026-0${2 + (i % 4)}-0${1 + (i % 9)}`,
        reportingRegion: i % 7 === 0 ? '232100-0131' : '232100-0016',
        today: '2026-05-15',
      });
    }
    const sequential = [];
    for (const c of cases) sequential.push(await evaluate(c, { sets, explain: true }));
    const concurrent = await Promise.all(cases.map((c) => evaluate(c, { sets, explain: true })));
    expect(concurrent).toEqual(sequential);
  });

  it('treats a missing exam date as a coverage-only question', async () => {
    const r = await evaluate({ person: asylumSeeker, today: '2026-05-15' }, { sets });
    expect(r).toMatchObject({ coveredFrom: '2026-02-10', eligible: false, reasons: [], applicationQuarter: null });
  });

  it('refuses a rule set whose coverage rules disagree, naming both rules', async () => {
    const json = ruleSetToJson(sets[1]!) as { ruleFiles: Record<string, { rules: Record<string, unknown>[] }> };
    json.ruleFiles['coverage.json']!.rules.push({
      name: 'coverage-overlapping',
      description: 'Överlappar coverage-asylum-seeker',
      conditions: { all: [{ fact: 'typeCode', operator: 'equal', value: 'A' }] },
      event: { type: 'coverage', params: { coveredFrom: { fact: 'today' } } },
    });
    const [overlapping] = loadRuleSetsFromJson([json]);
    await expect(evaluate(eligibleCase, { sets: [overlapping!] })).rejects.toThrow(
      /täckningsreglerna (coverage-asylum-seeker och coverage-overlapping|coverage-overlapping och coverage-asylum-seeker) ger olika datum/,
    );
  });

  it('fails clearly on an impossible date instead of guessing', async () => {
    await expect(evaluate({ ...eligibleCase, examDate: '2026-02-30' }, { sets })).rejects.toThrow(/ogiltigt datum/);
  });
});

describe('coverageDate', () => {
  it('uses the set in force today', async () => {
    const m = person({ typeCode: 'M', events: [{ type: 'temporary-protection-application', date: '2022-05-01' }] });
    expect(await coverageDate(m, { sets, today: '2022-06-30' })).toEqual({ coveredFrom: null, ruleSet: 'lma-2018-01-01@1' });
    expect(await coverageDate(m, { sets, today: '2026-05-15' })).toEqual({ coveredFrom: '2022-07-01', ruleSet: 'lma-2022-07-01@1' });
  });

  it('works with the shipped sets by default', async () => {
    expect((await coverageDate(asylumSeeker)).coveredFrom).toBe('2026-02-10');
  });
});

describe('validateCase', () => {
  it('accepts a case and names path and problem of a malformed one', () => {
    expect(validateCase(eligibleCase).ok).toBe(true);
    const bad = validateCase({ ...eligibleCase, examDate: '2026-3-5', previousExams: [{ examDate: '2026-01-01', status: 'done' }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors).toContain('$.examDate: datum måste skrivas ÅÅÅÅ-MM-DD');
      expect(bad.errors.some((e) => e.startsWith('$.previousExams[0].status: '))).toBe(true);
    }
    expect(validateCase(null).ok).toBe(false);
  });
});
