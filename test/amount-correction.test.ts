/**
 * Past amounts can be corrected (issue 11, SPEC §4): Rita Regelförvaltare corrects the 2026
 * amount (2 175 → 2 200 kr) on "Rätta belopp", previews the open applications whose items
 * change, and publishes the set's next version. The rule set in force on a 2026 exam date is then
 * the correction; an open draft submitted afterwards is decided with 2 200 kr per exam; an
 * application decided before keeps its recorded amounts; the correction is access-logged.
 * Refused corrections (a year left without an amount, 0 kr, no justification) store nothing.
 *
 * Real Temporal and PostgreSQL. The worker here is the production one (createActivities with a
 * rule-set registry) but its registry is refreshed by the test instead of every 30 s.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import fc from 'fast-check';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { ruleSetRegistry, type RuleSetRegistry } from '../activities/rule-sets.js';
import { seedOrganisationsAndUsers } from '../db/seed.js';
import { amountForExamYear, evaluate, ruleSetInForce } from '../rules/index.js';
import { workflowBundle } from '../scripts/worker.js';
import { applicableQuarter, applicationStatus, createApplication, registerExam, submitApplication, type ServiceDeps } from '../services/index.js';
import { createApp } from '../web/app.js';
import type { WebDeps } from '../web/deps.js';
import type { ApplicationView } from '../contract/index.js';
import { person } from './fixtures/person.js';
import { addPeople, datePreviousQuarter, testRegion, until } from './lifecycle-support.js';
import { appSql, temporalClient } from './support.js';
import { get, lastLog, post, sessionOf, type TestSession } from './web/applications-support.js';

const sql = appSql();
const taskQueue = `test-correction-${process.pid}`;
const SET = 'lma-2022-07-01';
const CORRECTED = `${SET}@2`;
const page = `/regler/uppsattning/${encodeURIComponent(`${SET}@1`)}/belopp`;
let client: Client;
let deps: ServiceDeps;
let web: WebDeps;
let rita: TestSession;
let registry: RuleSetRegistry;
let worker: Worker;
let running: Promise<void>;
let workerConnection: NativeConnection;
const app = () => createApp(web);

// The exams are from the quarter that can be applied for now; the correction is of their year.
const examDate = datePreviousQuarter();
const year = Number(examDate.slice(0, 4));
/** The form's rows: the exam year alone corrected from 2 175 to `amount`, the open-ended period split around it. */
const correction = (amount: string, periods = [
  ['2018', '2018', '2125'], ['2019', String(year - 1), '2175'], [String(year), String(year), amount], [String(year + 1), '', '2175'],
]) => Object.fromEntries([
  ['rader', String(periods.length + 1)],
  ...periods.flatMap(([from, to, sek], i) => [[`fromYear-${i}`, from!], [`toYear-${i}`, to!], [`amountSek-${i}`, sek!]]),
]) as Record<string, string>;
const JUSTIFICATION = `Migrationsverkets meddelande om schablonbeloppet för ${year}.`;
const publishedCount = async () => Number((await sql`select count(*)::int as n from published_rule_sets`)[0]!.n);

beforeAll(async () => {
  client = await temporalClient();
  registry = await ruleSetRegistry(sql, { refreshMs: 3_600_000 });
  workerConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
  worker = await Worker.create({
    connection: workerConnection, taskQueue, workflowBundle: await workflowBundle(),
    activities: createActivities({ sql, client: new Client({ connection: workerConnection }), ruleSets: registry.current }),
  });
  running = worker.run();
  deps = { client, sql, taskQueue };
  await seedOrganisationsAndUsers(sql);
  web = { sql, temporal: client, taskQueue, publicUrl: 'http://localhost:3999' };
  rita = await sessionOf(sql, web, 'SE2021002163-RF1');
  expect(year).toBeGreaterThan(2019);
});
afterAll(async () => {
  await sql`delete from published_rule_sets where id = ${SET} and version = '2'`;
  registry?.stop();
  worker?.shutdown();
  await running;
  await workerConnection?.close();
  await client?.connection.close();
  await sql.end();
});

/** A test region with `n` exams of `examDate`, and an application of its quarter (decided on submission). */
async function regionWithApplication(name: string, n: number) {
  const region = await testRegion(sql, name);
  const actor = { hsaId: `SE${region.replace('-', '')}-USR1`, orgNumber: region };
  for (const dossierNumber of await addPeople(sql, region, n)) {
    const r = await registerExam(deps, { dossierNumber, examDate, actor });
    expect(r.ok && r.value.state).toBe('Ansökningsbar');
  }
  expect((await createApplication(deps, { quarter: applicableQuarter(), actor, autoDecide: true })).ok).toBe(true);
  const view = await until(async () => {
    const s = await applicationStatus(deps, region, applicableQuarter());
    return s.ok ? s.value : null;
  }, (v) => v?.state === 'Utkast' && v.progress.done === n) as ApplicationView;
  const [row] = await sql`select id from applications where region_org_number = ${region} and quarter = ${applicableQuarter()}`;
  return { region, actor, view, applicationId: Number(row!.id) };
}

describe('a refused amount correction', () => {
  it('shows the form with the periods, and refuses a year left without an amount beside the field; nothing is stored', async () => {
    const setPage = await (await get(app(), rita, `/regler/uppsattning/${encodeURIComponent(`${SET}@1`)}`)).text();
    expect(setPage).toContain(`<a href="${page}">Rätta belopp</a>`);
    const form = await get(app(), rita, page);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain(`<title>Rätta belopp i ${SET}@1`);
    expect(html).toContain(`${SET}@2`);
    expect(html).toMatch(/<label class="label" for="rattelse-motivering">\s*Motivering/);
    expect(html).toContain('name="amountSek-1" type="text" value="2175"');

    const before = await publishedCount();
    // The exam year dropped: the period after it starts a year too late.
    const gap = await post(app(), rita, page, { ...correction('2200', [['2018', '2018', '2125'], ['2019', String(year - 1), '2175'], [String(year + 1), '', '2175']]), motivering: JUSTIFICATION, steg: 'publicera' });
    expect(gap.status).toBe(400);
    const gapHtml = await gap.text();
    expect(gapHtml).toContain(`<span class="label__message label__message--error" id="belopp-2-fran-fel">undersökningsåret ${year} saknar belopp (lucka före denna period); varje undersökningsår ska ha ett belopp.</span>`);
    expect(gapHtml).toMatch(/id="belopp-2-fran" name="fromYear-2"[^>]*aria-invalid="true" aria-describedby="belopp-2-fran-fel"/);
    // A closed last period leaves every later year without an amount.
    const closed = await post(app(), rita, page, { ...correction('2200', [['2018', '2018', '2125'], ['2019', '', '2175']]), 'toYear-1': String(year), motivering: JUSTIFICATION, steg: 'publicera' });
    expect(closed.status).toBe(400);
    expect(await closed.text()).toContain(`id="belopp-1-till-fel">undersökningsår från ${year + 1} saknar belopp`);
    expect(await publishedCount()).toBe(before);
  });

  it('refuses 0 kr and a missing justification beside their fields; nothing is stored or logged', async () => {
    const before = await publishedCount();
    const logged = async () => Number((await sql`select count(*)::int as n from access_log where action = 'correct_amount'`)[0]!.n);
    const loggedBefore = await logged();
    const zero = await post(app(), rita, page, { ...correction('0'), motivering: JUSTIFICATION, steg: 'publicera' });
    expect(zero.status).toBe(400);
    const html = await zero.text();
    expect(html).toContain('id="belopp-2-kr-fel">Ange beloppet i hela kronor, större än 0 kr, till exempel 2200.</span>');
    expect(html).toMatch(/id="belopp-2-kr" name="amountSek-2" type="text" value="0"[^>]*aria-invalid="true"/);
    expect(html).toContain('Rättelsen kan inte publiceras: ett fält behöver rättas.');

    const unjustified = await post(app(), rita, page, { ...correction('2200'), motivering: '  ', steg: 'publicera' });
    expect(unjustified.status).toBe(400);
    expect(await unjustified.text()).toContain('id="rattelse-motivering-fel">Skriv en motivering');

    // Without the CSRF token nothing happens at all.
    const forged = await post(app(), rita, page, { ...correction('2200'), motivering: JUSTIFICATION, steg: 'publicera', _csrf: 'fel' });
    expect(forged.status).toBe(403);
    expect(await publishedCount()).toBe(before);
    expect(await logged()).toBe(loggedBefore);
  });

  it('never stores anything from malformed rows and never answers 5xx (fuzz)', async () => {
    const before = await publishedCount();
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -5, max: 3000 }).map(String), fc.constantFrom('', '0', '2200,5', '2 200', '١٢٣٤', '9'.repeat(30)));
    const row = fc.tuple(value, value, value);
    await fc.assert(fc.asyncProperty(fc.array(row, { maxLength: 5 }), fc.string({ maxLength: 10 }), fc.constantFrom('granska', 'publicera'), async (rows, rader, steg) => {
      // Never publishable (no justification), whatever the rows: refused with 400, never a 5xx.
      const fields = { ...correction('', rows.map((r) => [...r])), ...(rader ? { rader } : {}), motivering: '', steg };
      const res = await post(app(), rita, page, fields);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('id="rattelse-motivering-fel">Skriv en motivering');
    }), { numRuns: 40 });
    expect(await publishedCount()).toBe(before);
  });
});

describe('a published amount correction', () => {
  it('applies to open applications and to evaluations of the year; a decided application keeps its amounts', async () => {
    // Decided before the correction: 2 175 kr.
    const decided = await regionWithApplication('Region Beslutad före rättelsen', 1);
    const done = await submitApplication(deps, { quarter: applicableQuarter(), actor: decided.actor });
    expect(done.ok && done.value).toMatchObject({ state: 'Beslutad', totalAmountSek: 2175 });
    const [decision] = await sql`select total_amount_sek, content from decisions where application_id = ${decided.applicationId}`;
    expect(decision!.total_amount_sek).toBe(2175);
    // Open (a draft of two exams) when the correction is published.
    const open = await regionWithApplication('Region Utkast vid rättelsen', 2);
    expect(open.view.totalAmountSek).toBe(2 * 2175);

    // Preview: the draft's two items change by +25 kr each; the decided application is not listed.
    const preview = await post(app(), rita, page, { ...correction('2200'), motivering: JUSTIFICATION, steg: 'granska' });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain(`<li>${year}: 2\u00a0175 kr → 2\u00a0200 kr</li>`);
    const table = html.slice(html.indexOf('data-testid="paverkade-ansokningar"'));
    expect(table).toMatch(new RegExp(`Region Utkast vid rättelsen, ${applicableQuarter()} \\(nr ${open.applicationId}\\)</td><td>Utkast</td><td>${year}</td><td class="num">2</td>`
      + '<td class="num">2\u00a0175 kr</td><td class="num">2\u00a0200 kr</td><td class="num">\\+50 kr</td><td>när ansökan skickas in</td>'));
    expect(table).not.toContain(`(nr ${decided.applicationId})`);
    expect(html).toContain(`Publicera rättelsen som ${CORRECTED}`);
    expect((await sql`select count(*)::int as n from published_rule_sets where id = ${SET}`)[0]!.n).toBe(0); // a preview stores nothing

    const published = await post(app(), rita, page, { ...correction('2200'), motivering: JUSTIFICATION, steg: 'publicera' });
    expect(published.status).toBe(303);
    expect(published.headers.get('location')).toBe(`/regler/uppsattning/${encodeURIComponent(CORRECTED)}?klart=rattad`);
    const shown = await (await get(app(), rita, published.headers.get('location')!)).text();
    expect(shown).toContain(`Beloppen är rättade och publicerade som ${CORRECTED}, för undersökningar från 2022-07-01.`);
    expect(shown).toContain(`<a href="/regler/uppsattning/${encodeURIComponent(CORRECTED)}/belopp">Rätta belopp</a>`);
    expect(await (await get(app(), rita, `/regler/uppsattning/${encodeURIComponent(`${SET}@1`)}`)).text()).not.toContain('Rätta belopp</a>');
    const [row] = await sql`select version, effective_from::text as effective_from, published_by from published_rule_sets where id = ${SET}`;
    expect(row).toEqual({ version: '2', effective_from: '2022-07-01', published_by: rita.hsaId });
    // The older version cannot be corrected again: its page leads to the newest.
    const stale = await get(app(), rita, page);
    expect(stale.status).toBe(303);
    expect(stale.headers.get('location')).toBe(`/regler/uppsattning/${encodeURIComponent(CORRECTED)}/belopp`);

    // Access-logged, with what changed and why.
    const log = await lastLog(sql, rita.hsaId);
    expect(log).toMatchObject({
      action: 'correct_amount', object_type: 'rule_set', object_id: CORRECTED, outcome: 'ok',
      detail: { replaces: `${SET}@1`, effectiveFrom: '2022-07-01', justification: JUSTIFICATION, changes: [{ fromYear: year, toYear: year, before: 2175, after: 2200 }], openItems: expect.any(Number) },
    });

    // The worker's registry picks it up: the set in force on the exam date is the correction.
    const sets = await registry.refresh();
    expect(ruleSetInForce(sets, examDate).label).toBe(CORRECTED);
    expect(amountForExamYear(ruleSetInForce(sets, examDate), year)).toBe(2200);
    expect(amountForExamYear(ruleSetInForce(sets, `${year + 1}-01-15`), year + 1)).toBe(2175);
    const evaluated = await evaluate({ person: person({ typeCode: 'A', events: [{ type: 'asylum-application', date: '2024-01-10' }] }), examDate, reportingRegion: '232100-0016' }, { sets });
    expect(evaluated).toMatchObject({ eligible: true, amountSek: 2200, ruleSet: CORRECTED });

    // The open draft, submitted now, is decided with the corrected amount.
    const submitted = await submitApplication(deps, { quarter: applicableQuarter(), actor: open.actor });
    expect(submitted.ok && submitted.value).toMatchObject({ state: 'Beslutad', totalAmountSek: 2 * 2200 });
    const items = await sql`select i.amount_sek, i.proposal->>'ruleSet' as rule_set from application_items i where i.application_id = ${open.applicationId}`;
    expect(items.map((i) => [i.amount_sek, i.rule_set])).toEqual([[2200, CORRECTED], [2200, CORRECTED]]);

    // The application decided before keeps its recorded amounts: decision, document, items.
    const [after] = await sql`select total_amount_sek, content from decisions where application_id = ${decided.applicationId}`;
    expect(after).toEqual(decision);
    expect((await sql`select total_amount_sek from applications where id = ${decided.applicationId}`)[0]!.total_amount_sek).toBe(2175);
    expect((await sql`select amount_sek from application_items where application_id = ${decided.applicationId}`).map((i) => i.amount_sek)).toEqual([2175]);
  }, 180_000);
});
