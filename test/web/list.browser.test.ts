/**
 * "Asylsökande m.fl. i länet" in a real browser as Ulla (Region Stockholm), logged in through the
 * development IdP, with a real worker: search, sort, filter, the tooltip, the CSV download against
 * the table, reporting (success, the explained refusal, delete and register again), a
 * keyboard-only report, the page without JavaScript, and axe-core on every state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Client } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { REPORT_REFUSED } from '../../services/index.js';
import { appSql, startWorker, temporalClient } from '../support.js';
import { addDays } from '../../domain/quarters.js';
import { today } from '../lifecycle-support.js';
import { expectNoAxeViolations, launchBrowser, loginAs, serveApp, type RunningApp } from './browser-support.js';
import { addPerson, parseCsv } from './list-support.js';

const STOCKHOLM = '232100-0016';
const sql = appSql();
const taskQueue = `list-browser-${process.pid}`;
// A word only this run's people carry, so the searches see them alone in the shared region.
const tag = `Qx${process.pid.toString(36)}`;
let client: Client;
let worker: Awaited<ReturnType<typeof startWorker>>;
let running: RunningApp;
let browser: Browser;
const people: Record<string, string> = {};

async function ullaOn(path: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true, javaScriptEnabled });
  const page = await context.newPage();
  await loginAs(page, running.baseUrl, /Ulla Användare/);
  await page.goto(`${running.baseUrl}${path}`);
  return page;
}

/** The table as the user sees it: header labels and the data cells of each row. */
async function readTable(page: Page) {
  const headers = (await page.locator('#lista-tabell thead th[data-column] .lista-sort__label').allTextContents()).map((h) => h.replaceAll('\u00AD', ''));
  const rows = await page.locator('#lista-tabell tbody > tr:first-child').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('th, td')].slice(0, 11).map((c) => (c.textContent ?? '').trim())));
  return { headers, rows };
}
const column = async (page: Page, index: number) => (await readTable(page)).rows.map((r) => r[index]!);

async function search(page: Page, text: string) {
  const results = page.waitForResponse((r) => r.url().includes('/lista?') && r.request().headers()['hx-request'] === 'true');
  await page.locator('#lista-sok').fill(text);
  await page.getByRole('button', { name: 'Sök', exact: true }).click();
  await results;
  await page.waitForURL((url) => url.searchParams.get('sok') === text);
}

function rowOf(page: Page, dossier: string) {
  return page.locator(`#person-${dossier}`);
}

async function openActions(page: Page, dossier: string) {
  await rowOf(page, dossier).getByRole('link', { name: /Kalla\/rapportera/ }).click();
  await rowOf(page, dossier).getByRole('heading', { name: /Hälsoundersökning för/ }).waitFor();
}

async function report(page: Page, dossier: string, date: string) {
  const row = rowOf(page, dossier);
  await row.getByLabel('Datum för genomförd hälsoundersökning').fill(date);
  await row.getByRole('button', { name: 'Rapportera hälsoundersökning' }).click();
}

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  worker = await startWorker(sql, taskQueue);
  running = await serveApp({ sql, temporal: client, taskQueue });
  browser = await launchBrowser();
  const add = (o: Parameters<typeof addPerson>[2]) => addPerson(sql, STOCKHOLM, o);
  people.alma = await add({ givenName: 'Alma', familyName: `Ahlström ${tag}`, birthDate: '1990-03-01', typeCode: 'A',
    address: { street: 'Ringvägen 3', postalCode: '118 60', city: 'Stockholm' }, events: [{ type: 'asylum-application', date: '2024-05-02' }] });
  people.bashir = await add({ givenName: 'Bashir', familyName: `Öztürk ${tag}`, birthDate: '1978-11-20', typeCode: 'F', detentionFacility: 'forvar',
    address: { street: 'Förvarsvägen 1', postalCode: '195 61', city: 'Märsta' }, events: [{ type: 'detention-start', date: '2025-02-01' }] });
  people.cima = await add({ givenName: 'Cima', familyName: `Ängel ${tag}`, birthDate: '2016-07-07', typeCode: 'AB',
    address: { street: 'Skolgatan 5', postalCode: '141 40', city: 'Huddinge' }, events: [] });
  people.dana = await add({ givenName: 'Dana', familyName: `Berg ${tag}`, birthDate: '2001-01-31', typeCode: 'M',
    address: { street: 'Kyrkogatan 8', postalCode: '152 30', city: 'Södertälje' }, events: [{ type: 'temporary-protection-application', date: '2024-09-09' }] });
  people.emil = await add({ givenName: 'Emil', familyName: `Cederlund ${tag}`, birthDate: '1995-05-05', typeCode: 'A',
    address: { street: 'Storgatan 12', postalCode: '172 66', city: 'Sundbyberg' }, events: [{ type: 'asylum-application', date: '2024-02-02' }] });
  people.fatima = await add({ givenName: 'Fatima', familyName: `Dahl ${tag}`, birthDate: '1988-08-18', typeCode: 'A',
    address: { street: 'Tallvägen 2', postalCode: '136 40', city: 'Haninge' }, events: [{ type: 'asylum-application', date: '2024-03-03' }] });
  people.hidden = await add({ givenName: 'Hemlig', familyName: `Skyddad ${tag}`, typeCode: 'A', protectedIdentity: true });
});
afterAll(async () => {
  await browser?.close();
  await running?.stop();
  await worker?.stop();
  await client.connection.close();
  await sql.end();
});

describe('the list as Ulla', () => {
  it('searches, sorts and filters with the state in the URL, and passes axe in each state', async () => {
    const page = await ullaOn('/lista');
    await page.getByRole('heading', { level: 1, name: 'Asylsökande m.fl. i länet' }).waitFor();
    expect(await page.getByText('Om kolumnen ”Omf. LMA / förvar fr.o.m.”').isVisible()).toBe(true);
    await expectNoAxeViolations(page);

    await search(page, tag);
    expect((await readTable(page)).rows.map((r) => r[0]).sort()).toEqual(
      [people.alma, people.bashir, people.cima, people.dana, people.emil, people.fatima].sort());
    expect(await page.getByRole('status').filter({ hasText: 'Visar' }).textContent()).toBe('Visar 1–6 av 6 personer.');
    await expectNoAxeViolations(page);

    // Sort by birth date: ascending, then descending; aria-sort follows.
    const birthHeader = page.locator('th[data-column="fodelsedatum"]');
    await birthHeader.getByRole('link').click();
    await expect.poll(() => birthHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await column(page, 3)).toEqual(['1978-11-20', '1988-08-18', '1990-03-01', '1995-05-05', '2001-01-31', '2016-07-07']);
    expect(page.url()).toContain('sortera=fodelsedatum');
    await birthHeader.getByRole('link').click();
    await expect.poll(() => birthHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await column(page, 3)).toEqual(['2016-07-07', '2001-01-31', '1995-05-05', '1990-03-01', '1988-08-18', '1978-11-20']);
    expect(page.url()).toContain('ordning=fallande');
    await expectNoAxeViolations(page);

    // Swedish order of family names: Ahlström, Berg, Cederlund, Dahl, Ängel, Öztürk.
    await page.locator('th[data-column="efternamn"]').getByRole('link').click();
    await expect.poll(() => page.locator('th[data-column="efternamn"]').getAttribute('aria-sort')).toBe('ascending');
    expect((await column(page, 1)).map((n) => n.split(' ')[0])).toEqual(['Ahlström', 'Berg', 'Cederlund', 'Dahl', 'Ängel', 'Öztürk']);

    // Filter: only A; the sort stays. The filters are folded behind "Filtrera".
    await page.locator('summary', { hasText: 'Filtrera' }).click();
    await page.getByText('A – Asylsökande', { exact: true }).click(); // the label, as FKUI draws the box
    await expect.poll(async () => (await column(page, 4)).join(',')).toBe('A,A,A');
    await expect.poll(() => new URL(page.url()).searchParams.getAll('typ')).toEqual(['A']);
    expect(new URL(page.url()).searchParams.get('sok')).toBe(tag);
    await expectNoAxeViolations(page);

    // The URL holds the whole state: a fresh load shows the same.
    const url = page.url();
    const again = await page.context().newPage();
    await again.goto(url);
    expect((await readTable(again)).rows).toEqual((await readTable(page)).rows);
    await page.context().close();
  });

  it('shows the tooltip of "Omf. LMA / förvar fr.o.m." on keyboard focus and hides it with Escape', async () => {
    const page = await ullaOn(`/lista?sok=${tag}`);
    const link = page.locator('th[data-column="omfattas"] a');
    const tooltip = page.getByRole('tooltip');
    expect(await tooltip.isVisible()).toBe(false);
    await link.focus();
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    expect(await tooltip.textContent()).toBe('Obs! Datum i denna kolumn saknas för bevispersoner (B) samt asylsökande barn (AB) då de inte omfattas av LMA');
    expect(await link.getAttribute('aria-describedby')).toBe(await tooltip.getAttribute('id'));
    await page.keyboard.press('Escape');
    await expect.poll(() => tooltip.isVisible()).toBe(false);
    await page.context().close();
  });

  it('exports the filtered list as CSV with the same headers and rows as the table', async () => {
    const page = await ullaOn(`/lista?sok=${tag}&sortera=ort&ordning=fallande`);
    const table = await readTable(page);
    expect(table.rows).toHaveLength(6);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Exportera till CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^asylsokande-232100-0016-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [headers, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(headers).toEqual(table.headers);
    expect(rows).toEqual(table.rows);
    expect(rows.flat().join(' ')).not.toContain('Skyddad');
    await page.context().close();
  });

  it('reports an exam for an eligible A person and sees it in the list at once; deletes it and registers again', async () => {
    const page = await ullaOn(`/lista?sok=${tag}`);
    await openActions(page, people.alma!);
    await report(page, people.alma!, today());
    await rowOf(page, people.alma!).getByRole('status').filter({ hasText: `Hälsoundersökningen den ${today()} är rapporterad.` }).waitFor();
    expect((await rowOf(page, people.alma!).locator('tr').first().locator('td').nth(9).textContent())).toBe(today());
    await page.reload();
    expect((await readTable(page)).rows.find((r) => r[0] === people.alma)![10]).toBe(today());

    // The date cannot be changed: delete (after the confirmation) and register again.
    await openActions(page, people.alma!);
    await rowOf(page, people.alma!).getByRole('link', { name: /Ta bort registreringen/ }).click();
    await rowOf(page, people.alma!).getByText('Är du säker på att du vill ta bort registreringen').waitFor();
    await expectNoAxeViolations(page);
    await rowOf(page, people.alma!).getByRole('button', { name: 'Ja, ta bort registreringen' }).click();
    await rowOf(page, people.alma!).getByText('Registreringen är borttagen').waitFor();
    expect(await rowOf(page, people.alma!).locator('tr').first().locator('td').nth(9).textContent()).toBe('');
    const yesterday = addDays(today(), -1);
    await report(page, people.alma!, yesterday);
    await rowOf(page, people.alma!).getByText(`Hälsoundersökningen den ${yesterday} är rapporterad.`).waitFor();
    expect(await rowOf(page, people.alma!).locator('tr').first().locator('td').nth(9).textContent()).toBe(yesterday);
    await page.context().close();
  });

  it('explains the refusal for an AB person beside the field, and the form with the error passes axe', async () => {
    const page = await ullaOn(`/lista?sok=${tag}`);
    await openActions(page, people.cima!);
    await report(page, people.cima!, today());
    const alert = rowOf(page, people.cima!).getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent())!;
    expect(text).toContain(REPORT_REFUSED);
    expect(text).toContain('Personen är asylsökande barn (AB).');
    const field = rowOf(page, people.cima!).getByLabel('Datum för genomförd hälsoundersökning');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.getAttribute('aria-describedby')).toContain(await alert.getAttribute('id'));
    await expectNoAxeViolations(page);

    // Bad input: the Swedish message beside the field, focus on the field.
    await field.fill('31/12/2025');
    await rowOf(page, people.cima!).getByRole('button', { name: 'Rapportera hälsoundersökning' }).click();
    await rowOf(page, people.cima!).getByText('Ange datum för hälsoundersökningen som ÅÅÅÅ-MM-DD').waitFor();
    await expectNoAxeViolations(page);
    const [live] = await sql`select 1 from examinations where dossier_number = ${people.cima!} and status <> 'Borttagen'`;
    expect(live).toBeUndefined();
    await page.context().close();
  });

  it('reports an exam with the keyboard only', async () => {
    const page = await ullaOn(`/lista?sok=${tag}`);
    const target = `Kalla/rapportera för Fatima Dahl ${tag}, ${people.fatima}`;
    let found = false;
    for (let i = 0; i < 200 && !found; i++) {
      await page.keyboard.press('Tab');
      found = ((await page.locator(':focus').textContent()) ?? '').replace(/\s+/g, ' ').trim() === target;
    }
    expect(found).toBe(true);
    await page.keyboard.press('Enter');
    const heading = rowOf(page, people.fatima!).getByRole('heading', { name: /Hälsoundersökning för Fatima/ });
    await expect.poll(() => heading.evaluate((h) => h.matches(':focus'))).toBe(true);
    // Heading → invitation date → its button → exam date.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    expect(await page.locator(':focus').getAttribute('name')).toBe('examDate');
    await page.keyboard.type(today());
    await page.keyboard.press('Enter');
    const notice = rowOf(page, people.fatima!).getByRole('status');
    await notice.waitFor();
    expect(await notice.textContent()).toBe(`Hälsoundersökningen den ${today()} är rapporterad.`);
    await expect.poll(() => notice.evaluate((n) => n.matches(':focus'))).toBe(true);
    expect(await rowOf(page, people.fatima!).locator('tr').first().locator('td').nth(9).textContent()).toBe(today());
    await page.context().close();
  });

  it('works without JavaScript: search, sort, filter and report through plain links and forms', async () => {
    const page = await ullaOn('/lista', false);
    await page.locator('#lista-sok').fill(tag);
    await page.locator('summary', { hasText: 'Filtrera' }).click();
    await page.getByText('F – Förvarstagen', { exact: true }).click();
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await page.waitForURL(/typ=F/);
    expect((await readTable(page)).rows.map((r) => r[0])).toEqual([people.bashir]);
    await page.locator('th[data-column="ort"] a').click();
    await page.waitForURL(/sortera=ort/);
    await rowOf(page, people.bashir!).getByRole('link', { name: /Kalla\/rapportera/ }).click();
    // Without JavaScript the link opens the person's page at its actions.
    await page.getByRole('heading', { level: 1, name: `Bashir Öztürk ${tag}` }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Kalla eller rapportera hälsoundersökning' }).waitFor();
    await page.getByLabel('Datum för kallelse').fill(today());
    await page.getByRole('button', { name: 'Spara kallelse' }).click();
    await page.getByText(`Kallelsen är sparad med datum ${today()}.`).waitFor();
    await page.getByRole('link', { name: 'Tillbaka till listan' }).click();
    await page.locator('#lista-sok').fill(people.bashir!);
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await page.waitForURL(/sok=/);
    expect(await rowOf(page, people.bashir!).locator('tr').first().locator('td').nth(8).textContent()).toBe(today());
    await page.context().close();
  });
});
