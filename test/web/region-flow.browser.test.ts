/**
 * The region user's daily work in a real browser at 1366×768 (issue 12): the list, its open
 * "Kalla/rapportera" panel, a refused report and the person's page never scroll sideways, the
 * panel's controls are inside the window, the filters fold away behind "Filtrera", every link
 * has the one underlined style (axe link-in-text-block), and axe finds nothing in any state.
 * With MELKER_SHOTS=<dir> every state is also saved as a PNG at 1366×768 and 1920×1080.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Browser, Locator, Page } from 'playwright-core';
import { applicableQuarter } from '../../services/applications.js';
import { REPORT_REFUSED } from '../../services/index.js';
import { appSql, startWorker, temporalClient } from '../support.js';
import { addPeople, today } from '../lifecycle-support.js';
import { expectNoAxeViolations, launchBrowser, serveApp, type RunningApp } from './browser-support.js';
import { addPerson, regionWithUser } from './list-support.js';

const LAPTOP = { width: 1366, height: 768 };
const DESKTOP = { width: 1920, height: 1080 };
const ALL = ['Se asylsökande m.fl. i länet', 'Rapportera hälsoundersökning', 'Skapa ny ansökan om ersättning', 'Skicka in ansökan om ersättning'];

const sql = appSql();
const taskQueue = `region-flow-${process.pid}`;
let client: Client;
let worker: Awaited<ReturnType<typeof startWorker>>;
let running: RunningApp;
let browser: Browser;
let world: Awaited<ReturnType<typeof regionWithUser>>;
const people: Record<string, string> = {};

async function userOn(path: string, who = world): Promise<Page> {
  const context = await browser.newContext({ viewport: LAPTOP });
  await context.addCookies([{ name: 'melker_session', value: who.cookie.split('=')[1]!, url: running.baseUrl }]);
  const page = await context.newPage();
  await page.goto(`${running.baseUrl}${path}`);
  return page;
}

async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })');
  // On failure, name the widest elements that stick out, so the cause is visible in the report.
  const wide = scrollWidth > innerWidth ? await page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth).slice(-5)
    .map((e) => e.tagName + '.' + e.className + ' right=' + Math.round(e.getBoundingClientRect().right))`) : [];
  expect(scrollWidth, `sideways scroll on ${page.url()}: ${wide.join(', ')}`).toBeLessThanOrEqual(innerWidth);
}

/** Each control is drawn inside the window's width (its left edge ≥ 0, its right edge ≤ the width). */
async function expectInsideWindow(controls: Locator) {
  const width = controls.page().viewportSize()!.width;
  const n = await controls.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const box = (await controls.nth(i).boundingBox())!;
    const what = `${await controls.nth(i).evaluate((e) => e.outerHTML.slice(0, 80))} at x = ${box.x}`;
    expect(box.x, what).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, what).toBeLessThanOrEqual(width);
  }
}

/** The whole page, and the window's view of `focus` (the part the state is about), at both sizes. */
async function shots(page: Page, name: string, focus?: Locator) {
  const dir = process.env.MELKER_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  for (const size of [DESKTOP, LAPTOP]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(dir, `${name}-${size.width}.png`), fullPage: true });
    if (focus) await focus.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(dir, `${name}-${size.width}-fonster.png`) });
  }
}

/** Every page state: fits 1366 px, axe finds nothing, screenshots when asked for. */
async function checkState(page: Page, name: string, focus?: Locator) {
  await shots(page, name, focus);
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
}

const rowOf = (page: Page, dossier: string) => page.locator(`#person-${dossier}`);

async function openPanel(page: Page, dossier: string) {
  await rowOf(page, dossier).getByRole('link', { name: /Kalla\/rapportera/ }).click();
  await rowOf(page, dossier).getByRole('heading', { name: /Hälsoundersökning för/ }).waitFor();
}

async function reportIn(scope: Locator, date: string) {
  await scope.getByLabel('Datum för genomförd hälsoundersökning').fill(date);
  await scope.getByRole('button', { name: 'Rapportera hälsoundersökning' }).click();
}

beforeAll(async () => {
  client = await temporalClient();
  worker = await startWorker(sql, taskQueue);
  running = await serveApp({ sql, temporal: client, taskQueue });
  browser = await launchBrowser();
  world = await regionWithUser(sql, 'Region Flödeslän', ALL);
  // A full first page: 50 rows, long names and addresses included, sorted first by family name.
  await addPeople(sql, world.region, 55, {
    givenName: 'Maximiliana-Josefina', birthDate: '1987-06-15', typeCode: 'A',
    address: { street: 'Långa Kungsholmsbrogatan 123 B lgh 1402', postalCode: '112 34', city: 'Upplands Väsby' },
  });
  const add = (o: Parameters<typeof addPerson>[2]) => addPerson(sql, world.region, o);
  people.alma = await add({ givenName: 'Alma', familyName: 'Aaberg-Östlund Hamidi', birthDate: '1990-03-01', typeCode: 'A',
    address: { street: 'Ringvägen 3', postalCode: '118 60', city: 'Stockholm' },
    events: [{ type: 'asylum-application', date: '2024-05-02' }, { type: 'detention-start', date: '2024-06-01' }, { type: 'detention-end', date: '2024-07-01' }] });
  people.cima = await add({ givenName: 'Cima', familyName: 'Aabjörn', birthDate: '2016-07-07', typeCode: 'AB',
    address: { street: 'Skolgatan 5', postalCode: '141 40', city: 'Huddinge' }, events: [] });
  people.bo = await add({ givenName: 'Bo', familyName: 'Aabo', birthDate: '1970-02-02', typeCode: 'B',
    address: { street: 'Torget 1', postalCode: '151 30', city: 'Södertälje' }, events: [] });
});
afterAll(async () => {
  await browser?.close();
  await running?.stop();
  await worker?.stop();
  await client.connection.close();
  await sql.end();
});

describe('the region list at 1366×768', () => {
  it('fits the window with all its columns, the filters folded behind "Filtrera" and the hits by the table', async () => {
    const page = await userOn('/lista');
    await page.getByRole('heading', { level: 1, name: 'Asylsökande m.fl. i länet' }).waitFor();
    expect(await page.locator('#lista-tabell tbody').count()).toBe(50);
    // The skip link is the first thing in the page's content, and leads to the results.
    const firstLink = page.locator('main a').first();
    expect(await firstLink.textContent()).toBe('Hoppa till resultatet');
    await firstLink.click();
    await expect.poll(() => page.evaluate<string>('document.activeElement ? document.activeElement.id : ""')).toBe('lista-resultat-rubrik');
    // The filters are folded away and say how many are active; the count sits by the table.
    expect(await page.getByText('A – Asylsökande', { exact: true }).isVisible()).toBe(false);
    const summary = page.locator('summary', { hasText: 'Filtrera' });
    expect(await summary.textContent()).toBe('Filtrera (inga aktiva)');
    expect(await page.locator('.lista-results').getByRole('status').textContent()).toMatch(/^Visar 1–50 av 58 personer\.$/);
    await checkState(page, 'lista');

    await summary.click();
    await page.getByText('A – Asylsökande', { exact: true }).click();
    await page.getByText('Ej kallad', { exact: true }).click();
    await expect.poll(() => summary.textContent()).toBe('Filtrera (2 aktiva)');
    await expect.poll(() => new URL(page.url()).searchParams.getAll('status')).toEqual(['ej-kallad']);
    await checkState(page, 'lista-filter-oppet');
    await page.context().close();
  });

  it('shows the whole "Kalla/rapportera" panel inside the window, whichever row opens it', async () => {
    const page = await userOn('/lista');
    await openPanel(page, people.alma!);
    const panel = rowOf(page, people.alma!).locator('.lista-actions');
    await expectInsideWindow(panel.locator('h2, label, input[type="text"], button'));
    await checkState(page, 'lista-panel', panel);
    await page.context().close();
  });

  it('says for a refused AB report which case applies, why and the way forward, inside the window', async () => {
    const page = await userOn('/lista');
    await openPanel(page, people.cima!);
    await reportIn(rowOf(page, people.cima!), today());
    const alert = rowOf(page, people.cima!).getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent())!;
    expect(text).toContain(REPORT_REFUSED);
    expect(text).toContain('Personen är asylsökande barn (AB).');
    expect(text).not.toContain('bevisperson');
    expect(text).toContain('”Ersättning för hälsoundersökning av asylsökande eller massflyktingar”');
    expect(await alert.getByRole('link', { name: 'halsoundersokningar-melker@migrationsverket.se' }).getAttribute('href'))
      .toBe('mailto:halsoundersokningar-melker@migrationsverket.se');
    await expectInsideWindow(rowOf(page, people.cima!).locator('.lista-actions').locator('h2, input[type="text"], button, [role="alert"]'));
    await checkState(page, 'lista-avslag-ab', rowOf(page, people.cima!).locator('.lista-actions'));
    await page.context().close();
  });

  it('says for a refused B report that the person is a bevisperson, not an asylsökande barn', async () => {
    const page = await userOn('/lista');
    await openPanel(page, people.bo!);
    await reportIn(rowOf(page, people.bo!), today());
    const alert = rowOf(page, people.bo!).getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent())!;
    expect(text).toContain('Personen är bevisperson (B).');
    expect(text).not.toContain('asylsökande barn');
    await page.context().close();
  });
});

describe('the person page at 1366×768', () => {
  it('opens from the dossier number with the data, the coverage date and why, the exam with its history and deadline', async () => {
    const page = await userOn('/lista');
    await rowOf(page, people.alma!).getByRole('link', { name: people.alma!, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Alma Aaberg-Östlund Hamidi' }).waitFor();
    expect(page.url()).toBe(`${running.baseUrl}/lista/person/${people.alma}`);
    const main = page.locator('main');
    expect(await main.textContent()).toContain('Ringvägen 3');
    expect(await main.textContent()).toContain('Personen är asylsökande (A) och omfattas av LMA från dagen för sin senaste asylansökan, 2024-05-02.');
    await checkState(page, 'person');

    // Report from the page (a plain form): the exam, its deadline and its history show at once.
    await reportIn(main.locator('.person-actions'), today());
    await page.getByText(`Hälsoundersökningen den ${today()} är rapporterad.`).waitFor();
    expect(await main.textContent()).toContain('Sista dag för ansökan:');
    await main.getByRole('table', { name: /Historik för hälsoundersökningen/ }).getByText('Hälsoundersökning rapporterad').waitFor();
    await checkState(page, 'person-rapporterad', main.locator('#person-undersokning'));
    const [log] = await sql`select object_id, detail from access_log where actor_hsa_id = ${world.hsaId} and action = 'view_person' order by id desc limit 1`;
    expect(log).toMatchObject({ object_id: people.alma });
    await page.context().close();
  });

  it('shows an AB person why there is no date, and the refusal on the page', async () => {
    const page = await userOn(`/lista/person/${people.cima}`);
    await page.getByRole('heading', { level: 1, name: 'Cima Aabjörn' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Personen är asylsökande barn (AB) och omfattas inte av LMA.');
    await reportIn(page.locator('.person-actions'), today());
    await page.getByRole('alert').waitFor();
    await checkState(page, 'person-avslag', page.getByRole('alert'));
    await page.context().close();
  });
});

describe('links', () => {
  it('are underlined in running text: "Öppna ansökan för …" passes axe link-in-text-block', async () => {
    const quarter = applicableQuarter();
    await sql`insert into applications (workflow_id, region_org_number, quarter, status, deadline)
      values (${`test-flow-${world.region}-${quarter}`}, ${world.region}, ${quarter}, 'Utkast', ${today()})
      on conflict do nothing`;
    const page = await userOn('/ansokan');
    await page.getByRole('link', { name: `Öppna ansökan för ${quarter}` }).waitFor();
    await checkState(page, 'ansokan-befintlig');
    await page.context().close();
  });
});
