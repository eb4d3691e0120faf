/**
 * Correcting a past year's amount (issue 11, SPEC §4): a new version of the set with the same id
 * and effective date whose only change is its amount periods; the form refuses amounts of 0 kr
 * and periods that leave an exam year without an amount, beside the field.
 */
import { describe, expect, it } from 'vitest';
import { amountChanges, correctionDocument, describeChange, latestVersion, nextVersion } from '../../rules/correction.js';
import { amountForExamYear, evaluate, loadRuleSets, loadRuleSetsFromJson, ruleSetInForce, type RuleCase, type RuleSet } from '../../rules/index.js';
import { collectCases, runCase } from '../../rules/testing.js';
import { testInstalled } from '../../services/rule-checks.js';
import { readCorrection, rowsOf, type Row } from '../../web/rule-maintainer/forms.js';
import { person } from '../fixtures/person.js';

const sets = loadRuleSets();
const current = sets.find((s) => s.id === 'lma-2022-07-01')!;
const exam = (examDate: string, today: string): RuleCase => ({
  person: person({ typeCode: 'A', events: [{ type: 'asylum-application', date: '2024-01-10' }] }),
  examDate, reportingRegion: '232100-0016', today,
});
/** 2026 alone corrected from 2 175 to 2 200 kr: the open-ended period split around it. */
const split2026 = [
  { fromYear: 2018, toYear: 2018, amountSek: 2125 },
  { fromYear: 2019, toYear: 2025, amountSek: 2175 },
  { fromYear: 2026, toYear: 2026, amountSek: 2200 },
  { fromYear: 2027, amountSek: 2175 },
];
const rows = (periods: { fromYear: number; toYear?: number; amountSek: number | string }[]): Row[] =>
  periods.map((p) => ({ fromYear: String(p.fromYear), toYear: p.toYear === undefined ? '' : String(p.toYear), amountSek: String(p.amountSek) }));

describe('an amount correction', () => {
  it('is the next version of the same set, in force for a past exam date, with the corrected amount only for 2026', async () => {
    expect(nextVersion(sets, current.id)).toBe('2');
    const { json, label, changes, adjustedCases } = correctionDocument(current, split2026, { version: '2', justification: 'Migrationsverkets meddelande', date: '2026-12-01' });
    expect(label).toBe('lma-2022-07-01@2');
    expect(changes).toEqual([{ fromYear: 2026, toYear: 2026, before: 2175, after: 2200 }]);
    expect(adjustedCases).toBeGreaterThan(0); // shipped cases of 2026 exams expect 2 175 kr: they now expect 2 200 kr
    const [corrected] = loadRuleSetsFromJson([json]);
    expect(corrected).toMatchObject({ id: current.id, version: '2', effectiveFrom: current.effectiveFrom });
    expect(corrected!.description).toContain('Motivering: Migrationsverkets meddelande');
    // Nothing but the amounts (and the version and description) differs.
    const strip = (s: RuleSet) => ({ ...s.source, manifest: { ...(s.source.manifest as object), version: 0, description: '' }, parameters: { ...(s.source.parameters as object), amountPerExamYear: [] } });
    expect(strip(corrected!)).toEqual({ ...strip(current), cases: corrected!.source.cases });

    const all = [...sets, corrected!];
    expect(latestVersion(all, current)).toBe(corrected);
    expect(ruleSetInForce(all, '2026-07-10').label).toBe('lma-2022-07-01@2');
    expect(amountForExamYear(ruleSetInForce(all, '2026-07-10'), 2026)).toBe(2200);
    expect(await evaluate(exam('2026-07-10', '2026-12-01'), { sets: all })).toMatchObject({ eligible: true, amountSek: 2200, ruleSet: 'lma-2022-07-01@2' });
    expect(await evaluate(exam('2025-07-10', '2025-10-15'), { sets: all })).toMatchObject({ amountSek: 2175, ruleSet: 'lma-2022-07-01@2' });
    expect(await evaluate(exam('2027-01-02', '2027-04-10'), { sets: all })).toMatchObject({ amountSek: 2175 });
    // Before the set's effective date the older set still applies.
    expect(ruleSetInForce(all, '2022-06-30').id).toBe('lma-2018-01-01');
    // The corrected set's own cases still pass (their labels follow the new version).
    for (const run of collectCases([corrected!], [], (n) => n, (_, n) => n)) expect((await runCase(run)).differences).toEqual([]);
  });

  it('moves the cases that expected the old amount of a corrected year along with it', async () => {
    const everyYear = [{ fromYear: 2018, toYear: 2018, amountSek: 2125 }, { fromYear: 2019, amountSek: 2250 }];
    const { json, changes, adjustedCases } = correctionDocument(current, everyYear, { version: '2', justification: 'x', date: '2026-12-01' });
    expect(changes).toEqual([{ fromYear: 2019, toYear: null, before: 2175, after: 2250 }]);
    expect(describeChange(changes[0]!)).toBe('från 2019: 2\u00a0175 kr → 2\u00a0250 kr');
    expect(adjustedCases).toBeGreaterThan(0);
    const [corrected] = loadRuleSetsFromJson([json]);
    for (const run of collectCases([corrected!], [], (n) => n, (_, n) => n)) expect((await runCase(run)).differences).toEqual([]);
  });

  it('keeps the console\'s test run of the installed sets green: the shared cases expect the correction', async () => {
    const { json } = correctionDocument(current, [{ fromYear: 2018, toYear: 2018, amountSek: 2125 }, { fromYear: 2019, amountSek: 2250 }], { version: '2', justification: 'x', date: '2026-12-01' });
    const report = await testInstalled([...sets, ...loadRuleSetsFromJson([json])]);
    expect(report.failures).toEqual([]);
    expect(report.passed).toBeGreaterThan(0);
  });

  it('lists changed years as spans', () => {
    const before = [{ fromYear: 2019, amountSek: 2175 }];
    expect(amountChanges(before, before)).toEqual([]);
    expect(amountChanges(before, [{ fromYear: 2018, toYear: 2018, amountSek: 2000 }, { fromYear: 2019, toYear: 2020, amountSek: 2100 }, { fromYear: 2021, amountSek: 2175 }]))
      .toEqual([{ fromYear: 2018, toYear: 2018, before: null, after: 2000 }, { fromYear: 2019, toYear: 2020, before: 2175, after: 2100 }]);
    expect(nextVersion([{ ...current, version: '1.1' } as RuleSet], current.id)).toBe('1.2');
  });
});

describe('the correction form', () => {
  const read = (r: Row[], justification = 'Rättelse enligt Migrationsverket') => readCorrection(current, r, justification, '2', '2026-12-01');

  it('starts from the set\'s periods and accepts a split 2026', () => {
    expect(rowsOf(current).slice(0, 2)).toEqual(rows(current.parameters.amountPerExamYear));
    const ok = read([...rows(split2026), { fromYear: '', toYear: '', amountSek: '' }]);
    expect(ok).toMatchObject({ ok: true, label: 'lma-2022-07-01@2', changes: [{ fromYear: 2026, after: 2200 }] });
  });

  it('refuses 0 kr, and any amount that is not whole kronor above 0, beside the field', () => {
    for (const bad of ['0', '-2200', '2200.50', 'tvåtusen', '']) {
      const r = read(rows([split2026[0]!, split2026[1]!, { ...split2026[2]!, amountSek: bad }, split2026[3]!]));
      expect(r.ok).toBe(false);
      expect(!r.ok && r.errors).toEqual({ 'amountSek-2': 'Ange beloppet i hela kronor, större än 0 kr, till exempel 2200.' });
    }
    expect(read(rows([split2026[0]!, split2026[1]!, { ...split2026[2]!, amountSek: '2 200' }, split2026[3]!])).ok).toBe(true);
  });

  it('refuses periods that leave an exam year without an amount, beside the field that leaves the gap', () => {
    const gap = read(rows([split2026[0]!, split2026[1]!, split2026[3]!]));
    expect(!gap.ok && gap.errors).toEqual({ 'fromYear-2': 'undersökningsåret 2026 saknar belopp (lucka före denna period); varje undersökningsår ska ha ett belopp.' });
    const closed = read(rows([split2026[0]!, split2026[1]!, split2026[2]!]));
    expect(!closed.ok && closed.errors['toYear-2']).toMatch(/^undersökningsår från 2027 saknar belopp: den sista perioden ska gälla tills vidare – ta bort ”Till år”/);
    const late = read(rows([{ fromYear: 2023, amountSek: 2175 }]));
    expect(!late.ok && late.errors['fromYear-0']).toMatch(/^undersökningsåret 2022 saknar belopp: regeluppsättningen gäller från 2022-07-01/);
    const overlap = read(rows([split2026[0]!, { fromYear: 2019, toYear: 2026, amountSek: 2175 }, split2026[2]!, split2026[3]!]));
    expect(!overlap.ok && overlap.errors['fromYear-2']).toBe('överlappar perioden i period 2.');
  });

  it('needs a justification, a year in every period and some change', () => {
    const none = read(rows(split2026), '   ');
    expect(!none.ok && none.errors.motivering).toMatch(/^Skriv en motivering/);
    const noYear = read([{ fromYear: '', toYear: '', amountSek: '2200' }]);
    expect(!noYear.ok && noYear.errors['fromYear-0']).toMatch(/^Ange första undersökningsåret/);
    const badYear = read([{ fromYear: '26', toYear: '', amountSek: '2200' }]);
    expect(!badYear.ok && badYear.errors['fromYear-0']).toMatch(/^Ange året med fyra siffror/);
    const unchanged = read(rows([split2026[0]!, split2026[1]!, { ...split2026[2]!, amountSek: 2175 }, split2026[3]!]));
    expect(unchanged).toMatchObject({ ok: false, errors: {}, formError: expect.stringMatching(/^Inget belopp är ändrat/) });
  });
});
