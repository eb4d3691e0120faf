/**
 * Mats Systemadmin in a real browser (issue 12): the population sync page ("Kör nu" triggers the
 * Temporal Schedule, a real worker imports the feed, the page follows the progress and shows the
 * counts, the rejected lines with line number and reason, and the next scheduled run), and the
 * setting that decides clean applications automatically, switched on and off in the UI and read
 * by a new application. At 1366×768: no sideways scrolling and axe on every page state.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Browser, Page, Route } from 'playwright-core';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { createFeedSchedule } from '../../scripts/schedule.js';
import { applicableQuarter, applicationStatus, createApplication, registerExam, submitApplication, type ServiceDeps } from '../../services/index.js';
import { setAutoDecide } from '../../services/settings.js';
import { person } from '../fixtures/person.js';
import { addPeople, datePreviousQuarter, testRegion, until } from '../lifecycle-support.js';
import { appSql, startWorker, temporalClient } from '../support.js';
import { launchBrowser, loginAs, serveApp, type RunningApp } from './browser-support.js';
import { checkPageState, LAPTOP } from './page-checks.js';

const sql = appSql();
const taskQueue = `test-mv-sync-${process.pid}`;
const scheduleId = `feed-import-test-${process.pid}`;
let client: Client;
let deps: ServiceDeps;
let worker: Awaited<ReturnType<typeof startWorker>>;
let app: RunningApp;
let browser: Browser;
let region: string;
const GOOD = 400;
const dossiers: string[] = [];

beforeAll(async () => {
  client = await temporalClient();
  worker = await startWorker(sql, taskQueue);
  deps = { client, sql, taskQueue };
  await seedOrganisationsAndUsers(sql);
  region = await testRegion(sql, 'Region Inläsning');
  // A feed of good records with a line that is not JSON (2) and one with an unknown type code (last).
  const lines: string[] = [];
  for (let i = 0; i < GOOD; i++) {
    const dossier = `7${process.pid % 10}-${String(100_000 + i).padStart(6, '0')}`;
    dossiers.push(dossier);
    lines.push(JSON.stringify(person({ dossierNumber: dossier, regionOrgNumber: region, familyName: `Inläsningsson${i}` })));
    if (i === 0) lines.push('{ inte json');
  }
  lines.push(JSON.stringify({ ...person({ dossierNumber: `7${process.pid % 10}-099999`, regionOrgNumber: region }), typeCode: 'X' }));
  const file = join(mkdtempSync(join(tmpdir(), 'melker-feed-')), 'feed.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  await createFeedSchedule(client, file, { scheduleId, taskQueue });
  app = await serveApp({ sql, temporal: client, taskQueue, feedScheduleId: scheduleId });
  browser = await launchBrowser();
});
afterAll(async () => {
  await setAutoDecide(sql, false, 'test');
  await client?.schedule.getHandle(scheduleId).delete().catch(() => undefined);
  await browser?.close();
  await app?.stop();
  await worker?.stop();
  await client?.connection.close();
  await sql.end();
});

async function matsPage(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: LAPTOP })).newPage();
  await loginAs(page, app.baseUrl, /Mats Systemadmin/);
  return page;
}

describe('the population sync page', () => {
  it('runs the schedule now, follows the import to its counts and lists the rejected lines', async () => {
    const page = await matsPage();
    await page.getByRole('link', { name: 'Inläsning av personer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inläsning av personer' }).waitFor();
    expect(await page.getByTestId('nasta-korning').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} 02:00 \(svensk tid, varje dag\)$/);
    await checkPageState(page, 'sync-start');

    // "Kör nu": the progress fragment, held still (its polls wait) while it is checked.
    const held: Route[] = [];
    await page.route('**/mv-admin/inlasning/status*', (route) => void held.push(route));
    await page.getByRole('button', { name: 'Kör nu' }).click();
    await page.getByTestId('inlasning-pagar').waitFor();
    expect(await page.getByRole('button', { name: 'Kör nu' }).count()).toBe(0);
    await checkPageState(page, 'sync-running');
    await page.unroute('**/mv-admin/inlasning/status*');
    for (const r of held.splice(0)) await r.continue().catch(() => undefined);

    // The import finishes; the page stops polling and shows its counts.
    await page.getByRole('button', { name: 'Kör nu' }).waitFor({ timeout: 90_000 });
    const table = page.getByTestId('inlasningar');
    const latest = table.getByRole('row').nth(1);
    expect(await latest.getByRole('cell').allTextContents()).toEqual([
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}, inläsning \d+$/), expect.stringMatching(/^\d{4}-\d{2}-\d{2}/), 'Klar',
      String(GOOD + 2), String(GOOD), '0', '0', '2',
    ]);
    expect(Number((await sql`select count(*)::int as n from persons where dossier_number = any(${dossiers})`)[0]!.n)).toBe(GOOD);
    await checkPageState(page, 'sync-done');
    const [run] = await sql`select * from access_log where action = 'run_feed_import' and actor_hsa_id = 'SE2021002163-ADM1' order by id desc limit 1`;
    expect(run).toMatchObject({ outcome: 'ok', object_id: scheduleId });

    // Its rejected lines, by line number and reason (access-logged).
    await latest.getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: 'Avvisade rader' }).waitFor();
    const rejected = page.getByTestId('avvisade-rader').getByRole('row');
    expect(await rejected.count()).toBe(3);
    expect(await rejected.nth(1).getByRole('cell').allTextContents()).toEqual(['2', 'raden är inte giltig JSON']);
    const last = await rejected.nth(2).getByRole('cell').allTextContents();
    expect(last[0]).toBe(String(GOOD + 2));
    expect(last[1]).toMatch(/^typeCode: Ogiltigt val/);
    await checkPageState(page, 'sync-rejected');
    const importId = /\/(\d+)$/.exec(page.url())![1]!;
    expect((await sql`select 1 from access_log where action = 'view' and object_type = 'feed_import' and object_id = ${importId}`).length).toBe(1);
    await page.context().close();
  }, 180_000);
});

/** A fresh region with `n` exams that can be applied for now. */
async function regionWithApplicableExams(name: string, n: number) {
  const org = await testRegion(sql, name);
  const actor = { hsaId: `SE${org.replace('-', '')}-USR1`, orgNumber: org };
  for (const d of await addPeople(sql, org, n)) expect((await registerExam(deps, { dossierNumber: d, examDate: datePreviousQuarter(), actor })).ok).toBe(true);
  return { org, actor };
}

/** Creates and submits the region's application; answers its state after submission. */
async function submitClean(org: string, actor: { hsaId: string; orgNumber: string }) {
  const quarter = applicableQuarter();
  expect((await createApplication(deps, { quarter, actor })).ok).toBe(true);
  await until(() => applicationStatus(deps, org, quarter), (s) => s.ok && s.value.state === 'Utkast');
  const submitted = await submitApplication(deps, { quarter, actor });
  return submitted.ok ? submitted.value.state : submitted.error.code;
}

describe('automatic decisions of clean applications', () => {
  it('are switched on and off by the system administrator, logged, and followed by new applications', async () => {
    await setAutoDecide(sql, false, 'test');
    const on = await regionWithApplicableExams('Region Automatisk', 2);
    const off = await regionWithApplicableExams('Region Manuell', 2);
    // A draft made while the setting is off follows the setting as it is when the draft is submitted.
    const early = await regionWithApplicableExams('Region Tidigt utkast', 2);
    expect((await createApplication(deps, { quarter: applicableQuarter(), actor: early.actor })).ok).toBe(true);
    await until(() => applicationStatus(deps, early.org, applicableQuarter()), (s) => s.ok && s.value.state === 'Utkast');
    const page = await matsPage();
    await page.getByRole('link', { name: 'Inställningar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inställningar' }).waitFor();
    expect(await page.getByTestId('automatiskt-beslut').textContent()).toContain('Av');
    await checkPageState(page, 'settings-off');

    await page.getByLabel('Ja, bevilja rena ansökningar automatiskt').check();
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByText('Sparat. Rena ansökningar som skickas in från och med nu beviljas automatiskt.').waitFor();
    expect(await page.getByTestId('automatiskt-beslut').textContent()).toContain('På');
    expect(await page.locator('main').textContent()).toContain('av Mats Systemadmin (SE2021002163-ADM1)');
    await checkPageState(page, 'settings-on');
    const [logged] = await sql`select * from access_log where action = 'change_setting' and object_id = 'auto_decide' order by id desc limit 1`;
    expect(logged).toMatchObject({ actor_hsa_id: 'SE2021002163-ADM1', actor_org: '202100-2163', outcome: 'ok', detail: { before: false, after: true } });

    // A clean application created now is decided at submission, without a case officer.
    expect(await submitClean(on.org, on.actor)).toBe('Beslutad');
    const earlySubmitted = await submitApplication(deps, { quarter: applicableQuarter(), actor: early.actor });
    expect(earlySubmitted.ok && earlySubmitted.value.state).toBe('Beslutad');

    await page.getByLabel('Nej, en handläggare beslutar om varje ansökan').check();
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByText('Sparat. Från och med nu beslutar en handläggare om varje ansökan som skickas in.').waitFor();
    expect(await page.getByTestId('automatiskt-beslut').textContent()).toContain('Av');
    expect(await submitClean(off.org, off.actor)).toBe('Inskickad');
    await page.context().close();
  }, 180_000);
});
