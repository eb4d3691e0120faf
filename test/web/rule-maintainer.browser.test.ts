/**
 * Rita Regelförvaltare in a real browser (issue 7): rule sets in readable form, check and test
 * from the page, a candidate that moves the 2022-07-01 LMA change date simulated against the live
 * population (a Temporal workflow) with its changed outcomes, and publication with a future
 * effective date; an exam dated before it is still judged by the old version. axe on every page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Browser } from 'playwright-core';
import { ruleSetRegistry } from '../../activities/rule-sets.js';
import { loadAllRuleSets } from '../../rules/store.js';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { addDays } from '../../domain/quarters.js';
import { evaluate, loadRuleSetsFromJson, type RuleCase, type RuleSetJson } from '../../rules/index.js';
import { registerExam, type ServiceDeps } from '../../services/index.js';
import { addPeople, datePreviousQuarter, testRegion, today } from '../lifecycle-support.js';
import { appSql, startWorker, temporalClient } from '../support.js';
import { expectNoAxeViolations, launchBrowser, loginAs, serveApp, type RunningApp } from './browser-support.js';

const sql = appSql();
const taskQueue = `test-rules-web-${process.pid}`;
let client: Client;
let deps: ServiceDeps;
let worker: Awaited<ReturnType<typeof startWorker>>;
let app: RunningApp;
let browser: Browser;
const effective = addDays(today(), 40);
const publishedId = `lma-${effective}`;

beforeAll(async () => {
  client = await temporalClient();
  worker = await startWorker(sql, taskQueue);
  deps = { client, sql, taskQueue };
  await seedOrganisationsAndUsers(sql);
  app = await serveApp({ sql, temporal: client, taskQueue });
  browser = await launchBrowser();
});
afterAll(async () => {
  await sql`delete from published_rule_sets where id = ${publishedId}`;
  await browser?.close();
  await app?.stop();
  await worker?.stop();
  await client?.connection.close();
  await sql.end();
});

/** The candidate's test cases with their expectations brought in line with its rules (what the maintainer edits by hand). */
async function withUpdatedCases(text: string): Promise<string> {
  const json = JSON.parse(text) as RuleSetJson & { cases: Record<string, { cases: { case: RuleCase; expected: Record<string, unknown> }[] }> };
  const [set] = loadRuleSetsFromJson([json]);
  for (const file of Object.values(json.cases)) {
    for (const tc of file.cases) {
      const result = await evaluate(tc.case, { sets: [set!] });
      if ('coveredFrom' in tc.expected) tc.expected.coveredFrom = result.coveredFrom;
    }
  }
  return JSON.stringify(json, null, 2);
}

describe('rule maintainer console', () => {
  it('simulates a candidate that moves the LMA change date, shows the changed outcomes, and publishes it for a future date', async () => {
    // A population with M persons around the change date.
    const region = await testRegion(sql, 'Region Regler');
    const movedApplied = await addPeople(sql, region, 3, { typeCode: 'M', events: [{ type: 'temporary-protection-application', date: '2022-07-20' }] });
    const movedGranted = await addPeople(sql, region, 1, { typeCode: 'M', events: [
      { type: 'temporary-protection-application', date: '2022-06-10' }, { type: 'temporary-protection-granted', date: '2022-08-15' }] });
    const unaffected = await addPeople(sql, region, 2, { typeCode: 'M', events: [{ type: 'temporary-protection-application', date: '2023-02-01' }] });
    const actor = { hsaId: `SE${region.replace('-', '')}-USR1`, orgNumber: region };
    expect((await registerExam(deps, { dossierNumber: movedApplied[0]!, examDate: datePreviousQuarter(), actor })).ok).toBe(true);

    const page = await (await browser.newContext()).newPage();
    await loginAs(page, app.baseUrl, /Rita Regelförvaltare/);
    await page.goto(`${app.baseUrl}/regler`);
    await page.getByRole('heading', { level: 1, name: 'Regler' }).waitFor();
    await expectNoAxeViolations(page);

    // Check and test the installed sets from the page.
    await page.getByRole('button', { name: 'Kontrollera' }).click();
    await page.getByTestId('kontroll').filter({ hasText: 'Kontrollen gick igenom' }).waitFor();
    await page.getByRole('button', { name: 'Kör testfallen' }).click();
    await page.getByTestId('test').filter({ hasText: ', 0 misslyckades' }).waitFor();
    await expectNoAxeViolations(page);

    // A rule in readable form.
    await page.getByRole('link', { name: 'lma-2022-07-01@1', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Regeluppsättning lma-2022-07-01@1' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('senaste ansökan om tillfälligt skydd är samma dag som eller efter 2022-07-01 (datumet för LMA-ändringen)');
    await expectNoAxeViolations(page);

    // Copy as a candidate with the change date moved; a malformed date is refused beside the field.
    await page.goto(`${app.baseUrl}/regler`);
    await page.getByLabel(/Datum för LMA-ändringen/).fill('2022-13-01');
    await page.getByRole('button', { name: 'Skapa kandidat' }).click();
    await page.getByText('Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2022-09-01.').waitFor();
    expect(await page.getByLabel(/Datum för LMA-ändringen/).getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);
    await page.getByLabel(/Datum för LMA-ändringen/).fill('2022-09-01');
    await page.getByRole('button', { name: 'Skapa kandidat' }).click();
    await page.getByText('Kandidaten är sparad.').waitFor();
    expect(await page.getByTestId('parameter-lmaChangeDate').textContent()).toBe('2022-09-01');
    await expectNoAxeViolations(page);
    const candidateUrl = page.url().replace(/\?.*$/, '');

    // Its own test cases still expect the old date.
    await page.getByRole('button', { name: 'Kör testfallen' }).click();
    await page.getByTestId('test').filter({ hasText: /[1-9]\d* misslyckades/ }).waitFor();

    // Simulate against the live population: a Temporal workflow with a progress fragment.
    await page.getByRole('button', { name: 'Simulera' }).click();
    await page.getByTestId('simulering-status').filter({ hasText: 'Klar' }).waitFor({ timeout: 60_000 });
    const changedPersons = [...movedApplied, ...movedGranted];
    const all = page.getByTestId('alla-andringar');
    for (const d of changedPersons) await all.getByRole('cell', { name: d, exact: true }).first().waitFor();
    for (const d of unaffected) expect(await all.getByRole('cell', { name: d, exact: true }).count()).toBe(0);
    const appliedRow = all.getByRole('row').filter({ hasText: movedApplied[1]! });
    expect(await appliedRow.textContent()).toContain('täckningsdatum 2022-07-20');
    expect(await appliedRow.textContent()).toContain('täckningsdatum 2022-09-01');
    const grantedRow = all.getByRole('row').filter({ hasText: movedGranted[0]! });
    expect(await grantedRow.textContent()).toContain('täckningsdatum 2022-07-01');
    expect(Number(await page.getByTestId('antal-coveredFrom').textContent())).toBeGreaterThanOrEqual(5); // 4 persons + 1 open exam
    const examRow = all.getByRole('row').filter({ hasText: `Undersökning ${datePreviousQuarter()}` }).filter({ hasText: movedApplied[0]! });
    expect(await examRow.count()).toBe(1);
    await expectNoAxeViolations(page);

    // Publish: the date must be in the future, and the candidate's tests must pass.
    await page.goto(candidateUrl);
    await page.getByLabel('Gäller från').fill(today());
    await page.getByRole('button', { name: 'Publicera' }).click();
    await page.getByText('Ange ett datum efter i dag').waitFor();
    expect(await page.getByLabel('Gäller från').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);
    await page.getByLabel('Gäller från').fill(effective);
    await page.getByRole('button', { name: 'Publicera' }).click();
    await page.getByText(/testfall misslyckades. Rätta reglerna eller testfallen/).waitFor();
    expect((await sql`select 1 from published_rule_sets where id = ${publishedId}`).length).toBe(0);

    // The maintainer updates the expectations in the candidate's JSON.
    const editor = page.getByLabel('Kandidatens JSON');
    const updated = await withUpdatedCases(await editor.inputValue());
    // pasted as a whole (typing 30 kB through fill() is slow and adds nothing)
    await editor.evaluate((el, text) => { (el as unknown as { value: string }).value = text; }, updated);
    await page.getByRole('button', { name: 'Spara ändringar' }).click();
    await page.getByText('Ändringarna är sparade.').waitFor();
    await page.getByRole('button', { name: 'Kör testfallen' }).click();
    await page.getByTestId('test').filter({ hasText: ', 0 misslyckades' }).waitFor();

    await page.getByLabel('Gäller från').fill(effective);
    await page.getByRole('button', { name: 'Publicera' }).click();
    await page.getByText(`${publishedId}@1 är publicerad och gäller från ${effective}.`).waitFor();
    await expectNoAxeViolations(page);
    await page.goto(`${app.baseUrl}/regler`);
    expect(await page.getByRole('row', { name: new RegExp(`${publishedId}@1`) }).textContent()).toContain('Publicerad');

    const [row] = await sql`select to_char(effective_from, 'YYYY-MM-DD') as effective_from, content, published_by from published_rule_sets where id = ${publishedId}`;
    expect(row).toMatchObject({ effective_from: effective, published_by: 'SE2021002163-RF1', content: { parameters: { lmaChangeDate: '2022-09-01' } } });
    const [log] = await sql`select * from access_log where action = 'publish' and object_id = ${`${publishedId}@1`} and outcome = 'ok'`;
    expect(log).toMatchObject({ actor_hsa_id: 'SE2021002163-RF1', object_type: 'rule_set' });

    // The worker's sets: an exam dated before the effective date is judged by the old version.
    const registry = await ruleSetRegistry(sql, { refreshMs: 60_000 });
    registry.stop();
    const sets = registry.current();
    expect(sets.map((s) => s.label)).toEqual((await loadAllRuleSets(sql)).map((s) => s.label));
    const [person] = await sql`select record from persons where dossier_number = ${movedApplied[1]!}`;
    const before = await evaluate({ person: person!.record, examDate: addDays(effective, -1), reportingRegion: region, today: effective }, { sets });
    expect(before).toMatchObject({ ruleSet: 'lma-2022-07-01@1', coveredFrom: '2022-07-20' });
    const from = await evaluate({ person: person!.record, examDate: effective, reportingRegion: region, today: effective }, { sets });
    expect(from).toMatchObject({ ruleSet: `${publishedId}@1`, coveredFrom: '2022-09-01' });
    // The exam already reported keeps the version it was judged by.
    const [stored] = await sql`select v.rule_set from rule_evaluations v join examinations e on e.run_id = v.subject_id
      where e.dossier_number = ${movedApplied[0]!} and v.subject_type = 'examination'`;
    expect(stored!.rule_set).toBe('lma-2022-07-01@1');
    await page.context().close();
  }, 180_000);

  it('refuses an upload that is not a valid rule set, with the Swedish error beside the field', async () => {
    const page = await (await browser.newContext()).newPage();
    await loginAs(page, app.baseUrl, /Rita Regelförvaltare/);
    await page.goto(`${app.baseUrl}/regler`);
    const before = Number((await sql`select count(*)::int as n from rule_candidates`)[0]!.n);
    await page.getByLabel('JSON-text').fill('{"manifest": {"id": "x"');
    await page.getByRole('button', { name: 'Ladda upp kandidat' }).click();
    await page.getByText(/Texten är inte giltig JSON/).waitFor();
    expect(await page.getByLabel('JSON-text').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);
    await page.getByLabel('JSON-text').fill('{"manifest": {"id": "lma-x", "version": "1"}, "parameters": {}}');
    await page.getByRole('button', { name: 'Ladda upp kandidat' }).click();
    await page.getByText(/Regeluppsättningen har \d+ fel/).waitFor();
    expect(Number((await sql`select count(*)::int as n from rule_candidates`)[0]!.n)).toBe(before);
    await page.context().close();
  });

  it('shows a running simulation as progress bars that poll themselves', async () => {
    const [cand] = await sql`insert into rule_candidates (content, label, created_by)
      select content, label, created_by from rule_candidates order by id limit 1 returning id, content, label`;
    // A simulation whose workflow has not answered yet: the fragment shows its progress and polls.
    const [sim] = await sql`insert into rule_simulations (candidate_id, workflow_id, candidate, candidate_label, today, started_by)
      values (${cand!.id}, ${`rule-simulation-vantar-${process.pid}`}, ${sql.json(cand!.content as never)}, ${cand!.label}, ${today()}, 'SE2021002163-RF1') returning id`;
    const page = await (await browser.newContext()).newPage();
    await loginAs(page, app.baseUrl, /Rita Regelförvaltare/);
    await page.goto(`${app.baseUrl}/regler/simulering/${sim!.id}`);
    await page.getByRole('progressbar', { name: /Personer/ }).waitFor();
    expect(await page.getByTestId('simulering-status').textContent()).toBe('Pågår');
    expect(await page.locator('#simulering').getAttribute('hx-trigger')).toBe('every 1s');
    await expectNoAxeViolations(page);
    await sql`delete from rule_simulations where id = ${sim!.id}`;
    await page.context().close();
  });
});
