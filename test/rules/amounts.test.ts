import { describe, expect, it } from 'vitest';
import { evaluate, loadRuleSets, type RuleCase, type RuleSet } from '../../rules/index.js';
import { RuleSetView } from '../../web/rule-maintainer/pages/rule-set.js';
import { person } from '../fixtures/person.js';

// SPEC §4: 2018: 2 125 kr · from 2019: 2 175 kr; the last value stays in force until a newer one
// is published, so no exam year is ever without an amount.
const sets = loadRuleSets();

const examCase = (examDate: string, applied: string, today: string): RuleCase => ({
  person: person({ typeCode: 'A', events: [{ type: 'asylum-application', date: applied }] }),
  examDate,
  reportingRegion: '232100-0016',
  today,
});

describe('amount per examination', () => {
  it('is 2 175 kr for an exam in 2027, after the last year any parameter names', async () => {
    expect(await evaluate(examCase('2027-01-15', '2026-12-01', '2027-05-15'), { sets })).toMatchObject({
      eligible: true,
      reasons: [],
      amountSek: 2175,
      applicationQuarter: '2027-Q2',
      ruleSet: 'lma-2022-07-01@1',
    });
  });

  it('is 2 175 kr for an exam in 2031', async () => {
    expect(await evaluate(examCase('2031-06-01', '2031-01-20', '2031-08-15'), { sets })).toMatchObject({
      eligible: true,
      reasons: [],
      amountSek: 2175,
      applicationQuarter: '2031-Q3',
    });
  });

  it('stays 2 125 kr for 2018 and 2 175 kr from 2019 in the older set', async () => {
    const older = sets.filter((s) => s.id === 'lma-2018-01-01');
    expect((await evaluate(examCase('2018-12-20', '2018-11-01', '2019-01-10'), { sets: older })).amountSek).toBe(2125);
    expect((await evaluate(examCase('2019-02-01', '2019-01-10', '2019-04-10'), { sets: older })).amountSek).toBe(2175);
    expect((await evaluate(examCase('2027-01-15', '2026-12-01', '2027-05-15'), { sets: older })).amountSek).toBe(2175);
  });

  it('never gives an eligible result without an amount: a set without one for the exam year is an error', async () => {
    const current = sets.find((s) => s.id === 'lma-2022-07-01')!;
    const broken: RuleSet = {
      ...current,
      parameters: { ...current.parameters, amountPerExamYear: [{ fromYear: 2018, toYear: 2026, amountSek: 2175 }] },
    };
    await expect(evaluate(examCase('2027-01-15', '2026-12-01', '2027-05-15'), { sets: [broken] })).rejects.toThrow(
      /lma-2022-07-01@1.*2027/,
    );
    // not eligible: no amount is needed, and none is given
    expect(await evaluate(examCase('2027-01-15', '2026-12-01', '2028-01-15'), { sets: [broken] })).toMatchObject({
      eligible: false,
      amountSek: null,
    });
  });

  it('shows the open-ended period as "tills vidare" on the rule maintainers\' page', () => {
    const html = String(RuleSetView({ set: sets.find((s) => s.id === 'lma-2022-07-01')! }));
    expect(html).toContain('<tr><td>2018</td><td>2018</td><td class="num">2125</td></tr>');
    expect(html).toContain('<tr><td>2019</td><td>tills vidare</td><td class="num">2175</td></tr>');
  });
});
