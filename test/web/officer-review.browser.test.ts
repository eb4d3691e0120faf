/**
 * Hanna Handläggare reviews a 5 000-item application in real Chromium at 1366×768 (issue 12):
 * the items paged 50 at a time, filtered to proposed refusals and by reason code, a selection
 * granted with one reason, "Godkänn förslaget" for every undecided item, and the decision
 * confirmed. On every page state: what she sees (counts, totals), no sideways scrolling, axe.
 *
 * OFFICER_REVIEW_ITEMS sets the size (default 5 000); OFFICER_SHOTS=DIR writes screenshots of
 * each state at 1366×768 and 1920×1080.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { importFeedStream } from '../../activities/feed-import.js';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { formatSek } from '../../domain/decision-document.js';
import type { PersonRecord } from '../../domain/person.js';
import { addDays } from '../../domain/quarters.js';
import { applicableQuarter, applicationStatus, createApplication, registerExam, submitApplication, type ServiceDeps } from '../../services/index.js';
import { examinationWorkflow } from '../../workflows/examination.js';
import { applicationWorkflowId } from '../../contract/index.js';
import { addPeople, datePreviousQuarter, inParallel, testRegion, until } from '../lifecycle-support.js';
import { appSql, startWorker, temporalClient } from '../support.js';
import { expectNoAxeViolations, launchBrowser, loginAs, serveApp, type RunningApp } from './browser-support.js';

const ITEMS = Number(process.env.OFFICER_REVIEW_ITEMS ?? 5000);
const SHOTS = process.env.OFFICER_SHOTS;
const sql = appSql();
const taskQueue = `test-officer-review-${process.pid}`;
let client: Client;
let deps: ServiceDeps;
let worker: Awaited<ReturnType<typeof startWorker>>;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  client = await temporalClient();
  worker = await startWorker(sql, taskQueue);
  deps = { client, sql, taskQueue };
  await seedOrganisationsAndUsers(sql);
  app = await serveApp({ sql, temporal: client, taskQueue });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await worker?.stop();
  await client?.connection.close();
  await sql.end();
});


/**
 * A submitted application of `n` exams registered through the services (32 at a time, as the
 * application bench does). After the draft is made, the feed says that some people were
 * folkbokförda before their exam and that some are bevispersoner: on submission the rules propose
 * refusals for them, with two different reason codes.
 */
async function submittedApplication(n: number) {
  const region = await testRegion(sql, 'Region Granskning');
  const actor = { hsaId: `SE${region.replace('-', '')}-USR1`, orgNumber: region };
  const dossiers = await addPeople(sql, region, n);
  const examDate = datePreviousQuarter();
  await inParallel(dossiers, 32, async (d) => {
    // An answer after the web tier's wait is still a registration (counted below), as in the bench.
    const r = await registerExam(deps, { dossierNumber: d, examDate, actor });
    if (!r.ok) expect(r.error.code, r.error.message).toBe('STILL_PROCESSING');
  });
  await until(async () => (await sql`select count(*)::int as n from examinations where region_org_number = ${region} and status = 'Ansökningsbar'`)[0]!.n as number,
    (c) => c === n, 300_000);
  const quarter = applicableQuarter();
  expect((await createApplication(deps, { quarter, actor })).ok).toBe(true);
  await until(() => applicationStatus(deps, region, quarter), (s) => s.ok && s.value.state === 'Utkast', 600_000);

  const refusals = Math.max(6, Math.round(n * 0.05));
  const registered = dossiers.slice(0, Math.ceil(refusals / 2));
  const bevis = dossiers.slice(Math.ceil(refusals / 2), refusals);
  const records = await sql`select dossier_number, record from persons where dossier_number = any(${[...registered, ...bevis]})`;
  const changed = records.map((r) => {
    const rec = r.record as PersonRecord;
    return registered.includes(r.dossier_number as string)
      ? { ...rec, populationRegisteredFrom: addDays(examDate, -20) }
      : { ...rec, typeCode: 'B' as const };
  });
  await importFeedStream(sql, Readable.from(changed.map((p) => `${JSON.stringify(p)}\n`)), { source: 'test-granskning' });

  const submitted = await until(() => submitApplication(deps, { quarter, actor }), (r) => r.ok || r.error.code !== 'STILL_PROCESSING', 600_000);
  expect(submitted.ok).toBe(true);
  await until(() => applicationStatus(deps, region, quarter), (s) => s.ok && s.value.state === 'Inskickad', 600_000);
  const [row] = await sql`select id from applications where workflow_id = ${applicationWorkflowId(region, quarter)}`;
  return { region, quarter, applicationId: Number(row!.id), refusals, registered: registered.length, bevis: bevis.length };
}

const count = (n: number) => new Intl.NumberFormat('sv-SE').format(n);

async function expectFitsAndAxe(page: Page, name: string) {
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    for (const [w, h] of [[1920, 1080], [1366, 768]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: join(SHOTS, `${name}-${w}x${h}.png`) });
    }
  }
  const wide = await page.evaluate(`[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth)
    .slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`);
  const fits = await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');
  expect(fits, `${name}: the page scrolls sideways (${JSON.stringify(wide)})`).toBe(true);
  await expectNoAxeViolations(page);
}

/** The page after an action: done, or (a long bulk action) still being processed — then reloaded until `done` holds. */
async function settle(page: Page, done: () => Promise<boolean>) {
  const message = page.locator('#resultat');
  await message.waitFor();
  expect(await page.evaluate('document.activeElement?.id')).toBe('resultat');
  if (await done()) return;
  expect(await message.textContent()).toContain('behandlas fortfarande');
  await page.getByRole('link', { name: 'Ladda om sidan' }).click();
  await page.waitForLoadState();
  // The reloaded page shows the application as it is now (no result message): reload until `done`.
  for (let i = 0; i < 120 && !(await done()); i++) {
    await new Promise((r) => setTimeout(r, 2000));
    await page.reload();
  }
  expect(await done()).toBe(true);
}

const summaryValue = async (page: Page, term: string) =>
  (await page.getByTestId('poster-summering').locator('div', { has: page.locator('dt', { hasText: new RegExp(`^${term}$`) }) }).locator('dd').textContent())?.trim();

describe('the officer reviews a large application', () => {
  it(`pages, filters and decides ${ITEMS} items in bulk at 1366×768`, async () => {
    const t0 = Date.now();
    const a = await submittedApplication(ITEMS);
    console.log(`set-up of ${ITEMS} items: ${Math.round((Date.now() - t0) / 1000)} s`);
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await loginAs(page, app.baseUrl, /Hanna Handläggare/);
    const href = `${app.baseUrl}/handlaggning/ansokan/${a.applicationId}`;

    // The server's time for a page, as the browser's requests see it (the bench measures it properly).
    const times: number[] = [];
    for (const q of ['', '?sida=2', '?visa=forslag-avslag', '?skal=POPULATION_REGISTERED', `?sida=${Math.ceil(ITEMS / 50)}`]) {
      const s = Date.now();
      expect((await page.request.get(`${href}${q}`)).status()).toBe(200);
      times.push(Date.now() - s);
    }
    console.log(`page times over HTTP (ms): ${times.join(', ')}`);

    // The first page: 50 of all items, the counts of the whole application.
    await page.goto(href);
    await page.getByTestId('poster-antal').filter({ hasText: `Visar 1–50 av ${count(ITEMS)} undersökningar` }).waitFor();
    expect(await page.locator('tbody.officer-item').count()).toBe(50);
    expect(await summaryValue(page, 'Undersökningar')).toBe(count(ITEMS));
    expect(await summaryValue(page, 'Föreslagna avslag')).toBe(count(a.refusals));
    const granted0 = ITEMS - a.refusals;
    expect(await page.getByTestId('poster-beviljas').textContent()).toBe(`${count(granted0)} undersökningar, ${formatSek(granted0 * 2175)}`);
    await page.getByRole('region', { name: 'Tidslinje för ansökan' }).getByText('Status nu:').waitFor(); // loaded after the page
    await expectFitsAndAxe(page, '01-forsta-sidan');

    // Page 2 by the pager.
    await page.getByRole('link', { name: 'Nästa sida' }).first().click();
    await page.getByTestId('poster-antal').filter({ hasText: `Visar 51–${Math.min(100, ITEMS)} av ${count(ITEMS)}` }).waitFor();
    await expectFitsAndAxe(page, '02-sida-2');

    // Nothing selected: refused beside the selection, focus there, nothing stored.
    await page.getByRole('button', { name: 'Godkänn förslaget för valda' }).click();
    const none = page.locator('#massbeslut-urval-fel');
    await none.waitFor();
    expect(await none.textContent()).toBe('Välj minst en undersökning i listan.');
    expect(await page.evaluate('document.activeElement?.id')).toBe('massbeslut-urval-fel');
    expect(await page.getByTestId('poster-antal').textContent()).toContain(`Visar 51–${Math.min(100, ITEMS)} av ${count(ITEMS)}`); // the same page again
    await expectFitsAndAxe(page, '03-inget-valt');
    const [{ decided }] = (await sql`select count(*)::int as decided from application_items where application_id = ${a.applicationId} and outcome is not null`) as unknown as [{ decided: number }];
    expect(decided).toBe(0);

    // Proposed refusals only, by the keyboard: the filter's select and its button.
    await page.getByLabel('Visa', { exact: true }).selectOption('forslag-avslag');
    await page.getByRole('button', { name: 'Visa', exact: true }).press('Enter');
    await page.getByTestId('poster-antal').filter({ hasText: `av ${count(a.refusals)} undersökningar (föreslagna avslag)` }).waitFor();
    await expectFitsAndAxe(page, '04-foreslagna-avslag');

    // …and by reason code: folkbokförd.
    await page.getByLabel('Skäl i regelförslaget').selectOption('POPULATION_REGISTERED');
    await page.getByRole('button', { name: 'Visa', exact: true }).click();
    await page.getByTestId('poster-antal').filter({ hasText: `av ${count(a.registered)} ${a.registered === 1 ? 'undersökning' : 'undersökningar'}` }).waitFor();
    const first = page.locator('tbody.officer-item').first();
    expect(await first.getByTestId(/^forslag-/).textContent()).toBe('Avslå – Folkbokförd på undersökningsdagen');

    // "Varför?" leads with the deciding reason; the trace is behind "Hela regelbedömningen".
    await first.getByText('Varför?').click();
    const lead = first.locator('.why__lead');
    expect(await lead.textContent()).toMatch(/^Förslaget är att avslå eftersom personen är folkbokförd från \d{4}-\d{2}-\d{2}, senast på undersökningsdagen \d{4}-\d{2}-\d{2}\.$/);
    expect(await first.locator('.why__trace').getAttribute('open')).toBeNull();
    await first.locator('.why__trace > summary').click(); // fetched when opened
    await first.locator('.why__trace').getByText('Villkor för ersättning').waitFor();
    expect(await first.locator('.why__trace').textContent()).toContain('Folkbokförd från');
    await expectFitsAndAxe(page, '05-varfor');
    // Without JavaScript the disclosure links to the trace on a page of its own.
    const traceHref = (await first.locator('.why__trace').getAttribute('hx-get'))!;
    const tracePage = await page.context().newPage();
    await tracePage.setViewportSize({ width: 1366, height: 768 });
    await tracePage.goto(`${app.baseUrl}${traceHref}`);
    expect(await tracePage.locator('.why__lead').textContent()).toBe(await lead.textContent());
    await tracePage.getByText('Villkor för ersättning').waitFor();
    await expectFitsAndAxe(tracePage, '05b-regelbedomning');
    await tracePage.close();

    // Grant three proposed refusals without a reason: refused beside the reason, nothing stored.
    const boxes = page.locator('input[name="valda"]');
    for (let i = 0; i < 3; i++) await boxes.nth(i).check();
    expect(await page.locator('#massbeslut-valda').textContent()).toBe('3 valda på sidan.');
    await page.locator('label[for="massbeslut-bevilja"]').click();
    await page.getByRole('button', { name: 'Spara beslutet för valda' }).click();
    await page.locator('#massbeslut-skal-fel').waitFor();
    expect(await page.locator('#massbeslut-skal-fel').textContent()).toContain('3 av de valda undersökningarna föreslås avslås');
    expect(await page.locator('#massbeslut-skal').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement?.id')).toBe('massbeslut-skal');
    expect(await boxes.evaluateAll((els) => els.filter((e) => (e as unknown as { checked: boolean }).checked).length)).toBe(3); // the selection is kept
    await expectFitsAndAxe(page, '06-skal-saknas');

    // With one reason: the three are granted.
    await page.locator('#massbeslut-skal').fill('Folkbokföringen registrerades i efterhand.');
    await page.getByRole('button', { name: 'Spara beslutet för valda' }).press('Enter');
    await settle(page, async () => (await summaryValue(page, 'Beslutade av handläggare')) === count(3));
    await expectFitsAndAxe(page, '07-tre-beviljade');

    // Changed by the officer: exactly those three, each with the reason.
    await page.getByLabel('Visa', { exact: true }).selectOption('andrade');
    await page.getByLabel('Skäl i regelförslaget').selectOption('');
    await page.getByRole('button', { name: 'Visa', exact: true }).click();
    await page.getByTestId('poster-antal').filter({ hasText: 'av 3 undersökningar (ändrade av handläggaren)' }).waitFor();
    for (const text of await page.getByTestId(/^beslut-/).allTextContents()) expect(text).toBe('Beviljad – Folkbokföringen registrerades i efterhand. (ändrat)');
    await expectFitsAndAxe(page, '08-andrade');

    // "Godkänn förslaget" for every undecided item (all views): one action for the whole application.
    await page.getByRole('link', { name: 'Visa alla undersökningar' }).click();
    const all = page.getByRole('button', { name: `Godkänn förslaget för alla ej beslutade (${count(ITEMS - 3)})` });
    await all.click();
    await settle(page, async () => (await summaryValue(page, 'Beslutade av handläggare')) === count(ITEMS));
    const granted = granted0 + 3;
    expect(await summaryValue(page, 'Ändrade från förslaget')).toBe('3');
    expect(await page.getByTestId('poster-beviljas').textContent()).toBe(`${count(granted)} undersökningar, ${formatSek(granted * 2175)}`);
    expect(await page.getByRole('button', { name: /Godkänn förslaget för alla ej beslutade \(0\)/ }).isDisabled()).toBe(true);
    await expectFitsAndAxe(page, '09-alla-godkanda');

    // Confirm: the decision, its totals.
    await page.getByRole('button', { name: 'Bekräfta beslut' }).click();
    await settle(page, async () => (await page.getByTestId('ansokan-status').textContent()) === 'Beslutad');
    expect(await page.getByRole('heading', { name: 'Beslut: Delvis bifall' }).count()).toBe(1);
    const [decision] = await sql`select total_amount_sek from decisions where application_id = ${a.applicationId}`;
    expect(decision!.total_amount_sek).toBe(granted * 2175);
    expect(await page.locator('.application-facts dd', { hasText: formatSek(granted * 2175) }).count()).toBeGreaterThan(0);
    expect(await page.getByTestId('poster-beviljas').textContent()).toBe(`${count(granted)} undersökningar, ${formatSek(granted * 2175)}`);
    expect(await page.locator('input[name="valda"]').count()).toBe(0); // decided: nothing to select
    await expectFitsAndAxe(page, '10-beslutad');

    // The whole decision document on its own page.
    await page.getByRole('link', { name: 'Visa beslutet i sin helhet' }).click();
    await page.locator('article.decision').waitFor();
    // 5 000 rows take a while to parse: count them once the whole document has loaded.
    await page.waitForLoadState('load');
    expect(await page.locator('article.decision tbody tr').count()).toBe(ITEMS);
    const fits = await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');
    expect(fits, 'decision page scrolls sideways').toBe(true);
    if (ITEMS <= 500) await expectFitsAndAxe(page, '11-beslutet');
    await page.context().close();
  }, 1_800_000);

  it('says a bulk action that outlasts the web tier\'s wait is still being processed, with focus on the message and a reload link', async () => {
    // An application whose workflow no worker runs: the update is never answered within the wait.
    const region = await testRegion(sql, 'Region Väntan');
    const [dossier] = await addPeople(sql, region, 1);
    const handle = await client.workflow.start(examinationWorkflow, {
      taskQueue: `ingen-worker-${process.pid}`, workflowId: `application-${region}-2026-Q3`, args: [{ dossierNumber: dossier!, regionOrgNumber: region }],
    });
    const [exam] = await sql`insert into examinations (workflow_id, run_id, dossier_number, region_org_number, status, exam_date, quarter)
      values (${`examination-${dossier}`}, ${`run-${dossier}`}, ${dossier!}, ${region}, 'Inskickad', '2026-07-10', '2026-Q3') returning id`;
    const [a] = await sql`insert into applications (workflow_id, region_org_number, quarter, status, deadline, item_count, total_amount_sek, submitted_at)
      values (${handle.workflowId}, ${region}, '2026-Q3', 'Inskickad', '2027-01-04', 1, 2175, now()) returning id`;
    await sql`insert into application_items (application_id, examination_id, amount_sek, proposal)
      values (${a!.id}, ${exam!.id}, 2175, ${sql.json({ eligible: true, reasons: [], amountSek: 2175, coveredFrom: '2024-01-10', ruleSet: 'lma-2022-07-01@1' })})`;
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await loginAs(page, app.baseUrl, /Hanna Handläggare/);
    await page.goto(`${app.baseUrl}/handlaggning/ansokan/${a!.id}`);
    await page.getByRole('button', { name: 'Godkänn förslaget för alla ej beslutade (1)' }).click();
    const message = page.locator('#resultat');
    await message.waitFor({ timeout: 30_000 });
    expect(await message.textContent()).toContain('behandlas fortfarande');
    expect(await page.evaluate('document.activeElement?.id')).toBe('resultat');
    expect(await page.getByRole('link', { name: 'Ladda om sidan' }).getAttribute('href')).toBe(`/handlaggning/ansokan/${a!.id}`);
    await expectFitsAndAxe(page, '12-behandlas-fortfarande');
    await page.context().close();
    await handle.terminate('testet är klart');
  }, 120_000);
});
