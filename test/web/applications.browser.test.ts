/**
 * Ulla applies for compensation in a real browser (Chromium, dev IdP login, a real worker): she
 * creates Region Stockholm's application for the previous quarter, watches the progress fragment
 * turn into the draft, removes an item, submits (confirmation, double click), and, once Hanna has
 * decided, reads the decision and its printable page. axe-core on the draft and the decision.
 * This file owns Region Stockholm's application for the applicable quarter in a test run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Browser } from 'playwright-core';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { formatSek } from '../../domain/decision-document.js';
import {
  applicableQuarter, applicationStatus, confirmDecision, deadlineForQuarter, decideItem, registerExam, type ServiceDeps,
} from '../../services/index.js';
import { applicationWorkflowId } from '../../contract/index.js';
import { addPeople, datePreviousQuarter, until } from '../lifecycle-support.js';
import { appSql, startWorker, temporalClient } from '../support.js';
import { expectNoAxeViolations, launchBrowser, loginAs, serveApp, type RunningApp } from './browser-support.js';
import { checkPageState } from './page-checks.js';

const sql = appSql();
const taskQueue = `test-web-applications-browser-${process.pid}`;
const STOCKHOLM = '232100-0016';
const ulla = { hsaId: 'SE2321000016-USR1', orgNumber: STOCKHOLM };
const hanna = { hsaId: 'SE2021002163-HL1', orgNumber: '202100-2163' };
let client: Client;
let worker: Awaited<ReturnType<typeof startWorker>>;
let services: ServiceDeps;
let running: RunningApp;
let browser: Browser;
let dossiers: string[];

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  worker = await startWorker(sql, taskQueue);
  services = { client, sql, taskQueue };
  running = await serveApp({ sql, temporal: client, taskQueue });
  browser = await launchBrowser();
  dossiers = await addPeople(sql, STOCKHOLM, 3);
  for (const d of dossiers) {
    const r = await registerExam(services, { dossierNumber: d, examDate: datePreviousQuarter(), actor: ulla });
    expect(r.ok && r.value.state).toBe('Ansökningsbar');
  }
});
afterAll(async () => {
  await browser?.close();
  await running?.stop();
  await worker?.stop();
  await client.connection.close();
  await sql.end();
});

/** Holds one exam's row so the application stays in creation until `release` (the page must show progress meanwhile). */
function holdExam(dossierNumber: string) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const done = sql.begin(async (tx) => {
    await tx`select id from examinations where dossier_number = ${dossierNumber} and status = 'Ansökningsbar' for update`;
    locked();
    await released;
  });
  return { isLocked, release: async () => { release(); await done; } };
}

describe('Ansökan om ersättning in the browser, as Ulla', () => {
  it('creates, trims and submits the application, then reads the decision and prints it', async () => {
    const quarter = applicableQuarter();
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await loginAs(page, running.baseUrl, /Ulla Användare/);

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ansökan om ersättning' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ansökan om ersättning' }).waitFor();
    expect(Number(await page.getByTestId('ansokningsbara').textContent())).toBeGreaterThanOrEqual(3);
    expect(await page.getByRole('main').textContent()).toContain(deadlineForQuarter(quarter));
    await expectNoAxeViolations(page);

    // Create while one exam is held: the page shows the progress fragment, which polls itself into the draft.
    const hold = holdExam(dossiers[0]!);
    await hold.isLocked;
    const polls: string[] = [];
    page.on('response', (res) => { if (res.url().endsWith('/forlopp')) polls.push(res.url()); });
    await page.getByRole('button', { name: 'Skapa ny ansökan' }).click();
    await page.getByRole('heading', { level: 2, name: 'Ansökan skapas' }).waitFor();
    expect(page.url()).toBe(`${running.baseUrl}/ansokan/${quarter}`);
    expect(await page.locator('progress').count()).toBe(1);
    await until(async () => page.getByTestId('forlopp-text').textContent(), (t) => /^0 av \d+ hälsoundersökningar genomgångna\.$/.test(t ?? ''));
    await expectNoAxeViolations(page);
    await hold.release();
    await page.getByTestId('ansokan-status').filter({ hasText: 'Utkast' }).waitFor();
    expect(polls.length).toBeGreaterThan(0);
    expect(await page.locator('#ansokan-forlopp').count()).toBe(0);
    expect(page.url()).toBe(`${running.baseUrl}/ansokan/${quarter}`);

    // The draft: every item, the total; axe on it.
    const table = page.getByRole('table', { name: /Hälsoundersökningar i ansökan/ });
    for (const d of dossiers) await table.getByRole('cell', { name: d, exact: true }).waitFor();
    await expectNoAxeViolations(page);

    // Remove one item, with confirmation.
    const [removed] = await sql`select given_name, family_name from persons where dossier_number = ${dossiers[2]!}`;
    await table.getByRole('link', { name: `Ta bort ${removed!.given_name} ${removed!.family_name}, ${dossiers[2]}, ur ansökan` }).click();
    await page.getByRole('heading', { level: 1, name: 'Ta bort ur ansökan' }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Ta bort ur ansökan' }).click();
    await page.getByText('Hälsoundersökningen är borttagen ur ansökan.').waitFor();
    expect(await table.getByRole('cell', { name: dossiers[2]!, exact: true }).count()).toBe(0);

    // Removed by mistake: the draft offers it back. Nothing chosen is refused beside the buttons.
    const addable = page.getByRole('table', { name: /Ansökningsbara hälsoundersökningar som inte ingår/ });
    await addable.getByRole('cell', { name: dossiers[2]!, exact: true }).waitFor();
    await checkPageState(page, 'ansokan-lagg-till');
    await page.getByRole('button', { name: 'Lägg till valda' }).click();
    await page.getByRole('alert').filter({ hasText: 'Välj minst en hälsoundersökning att lägga till' }).waitFor();
    expect(await table.getByRole('cell', { name: dossiers[2]!, exact: true }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.getByRole('checkbox', { name: `Lägg till ${removed!.given_name} ${removed!.family_name}, ${dossiers[2]}` }).check();
    await page.getByRole('button', { name: 'Lägg till valda' }).click();
    await page.getByText('1 hälsoundersökning är tillagd i ansökan.').waitFor();
    await table.getByRole('cell', { name: dossiers[2]!, exact: true }).waitFor();
    expect(await page.getByRole('table', { name: /Ansökningsbara hälsoundersökningar som inte ingår/ }).count()).toBe(0);
    const [logged] = await sql`select outcome, detail from access_log where action = 'add_items' order by id desc limit 1`;
    expect(logged).toMatchObject({ outcome: 'ok', detail: { added: 1, selection: 1 } });

    // … and removed again, for good.
    await table.getByRole('link', { name: `Ta bort ${removed!.given_name} ${removed!.family_name}, ${dossiers[2]}, ur ansökan` }).click();
    await page.getByRole('button', { name: 'Ta bort ur ansökan' }).click();
    await page.getByText('Hälsoundersökningen är borttagen ur ansökan.').waitFor();
    expect(await table.getByRole('cell', { name: dossiers[2]!, exact: true }).count()).toBe(0);
    const total = (await page.getByTestId('ansokan-totalt').textContent())!;

    // Submit: the confirmation shows the deadline and the total; a double click submits once.
    await page.getByRole('link', { name: 'Skicka in ansökan' }).click();
    await page.getByRole('heading', { level: 1, name: `Skicka in ansökan ${quarter}` }).waitFor();
    expect(await page.getByTestId('bekrafta-sista-dag').textContent()).toBe(deadlineForQuarter(quarter));
    expect(await page.getByTestId('bekrafta-totalt').textContent()).toBe(total);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Bekräfta och skicka in' }).dblclick();
    await page.getByTestId('ansokan-status').filter({ hasText: 'Inskickad' }).waitFor();
    await page.getByText('Ansökan är inskickad till Migrationsverket.').waitFor();
    const status = await applicationStatus(services, STOCKHOLM, quarter);
    expect(status.ok && status.value.history.filter((h) => h.to === 'Inskickad')).toHaveLength(1);

    // Hanna decides: one item rejected with a reason, the rest by the proposal.
    const wf = applicationWorkflowId(STOCKHOLM, quarter);
    const [rejected] = await sql`select id from examinations where dossier_number = ${dossiers[1]!} and status = 'Inskickad'`;
    const reason = 'Undersökningen uppfyller inte kraven i 3 §.';
    expect((await decideItem(services, { applicationWorkflowId: wf, examinationId: Number(rejected!.id), outcome: 'Avslagen', reason, actor: hanna })).ok).toBe(true);
    expect((await confirmDecision(services, { applicationWorkflowId: wf, actor: hanna, officerName: 'Hanna Handläggare' })).ok).toBe(true);
    const [decision] = await sql`select d.payout_date from decisions d join applications a on a.id = d.application_id where a.workflow_id = ${wf}`;

    await page.reload();
    await page.getByTestId('ansokan-status').filter({ hasText: 'Beslutad' }).waitFor();
    const decisionTable = page.getByRole('table', { name: 'Hälsoundersökningar i ansökan' });
    const grantedRow = decisionTable.getByRole('row').filter({ hasText: dossiers[0]! });
    expect(await grantedRow.textContent()).toContain('Beviljad');
    expect(await grantedRow.textContent()).toContain(formatSek(2175));
    const rejectedRow = decisionTable.getByRole('row').filter({ hasText: dossiers[1]! });
    expect(await rejectedRow.textContent()).toContain('Avslagen');
    expect(await rejectedRow.textContent()).toContain(reason);
    const main = (await page.getByRole('main').textContent())!;
    expect(main).toContain(decision!.payout_date as string);
    await page.getByRole('heading', { level: 3, name: 'Beslutet grundar sig på' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Övriga bestämmelser' }).waitFor();
    await expectNoAxeViolations(page);

    // The printable decision: its own page; in print, only the decision.
    await page.getByRole('link', { name: 'Utskriftsvänligt beslut' }).click();
    await page.getByRole('heading', { level: 1, name: 'Beslut om statlig ersättning för hälsoundersökning' }).waitFor();
    expect(page.url()).toBe(`${running.baseUrl}/ansokan/${quarter}/beslut`);
    await page.getByRole('heading', { level: 2, name: 'Beslutet grundar sig på' }).waitFor();
    await expectNoAxeViolations(page);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Huvudmeny' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Skriv ut' }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { level: 1, name: 'Beslut om statlig ersättning för hälsoundersökning' }).isVisible()).toBe(true);
    await page.context().close();
  });
});
