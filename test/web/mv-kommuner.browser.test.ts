/**
 * Mats Systemadmin in a real browser (issue 13): registers a kommun with its avtal, registers
 * its administrator, and is refused, in Swedish, when he removes the last one (LAST_ADMIN). Every
 * page state fits 1366 px, passes axe and is photographed when MELKER_SHOTS names a directory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { COMPENSATION_SERVICE, UNACCOMPANIED_SERVICE } from '../../domain/e-services.js';
import { luhnValid } from '../../web/mv-admin/forms.js';
import { appSql, temporalClient } from '../support.js';
import { uniqueLocal } from './admin-support.js';
import { launchBrowser, loginAs, serveApp, type RunningApp } from './browser-support.js';
import { checkPageState, LAPTOP } from './page-checks.js';

const sql = appSql();
let client: Client;
let app: RunningApp;
let browser: Browser;
let kommun = '';

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  app = await serveApp({ sql, temporal: client });
  browser = await launchBrowser();
  for (let n = (process.pid * 13) % 1000; !kommun; n = (n + 1) % 1000) {
    const body = `212000${String(n).padStart(3, '0')}`;
    const d = [...'0123456789'].find((x) => luhnValid(body + x))!;
    const candidate = `${body.slice(0, 6)}-${body.slice(6)}${d}`;
    if (!(await sql`select 1 from organisations where org_number = ${candidate}`).length) kommun = candidate;
  }
});
afterAll(async () => {
  if (kommun) {
    await sql`delete from users where org_number = ${kommun}`;
    await sql`delete from agreements where org_number = ${kommun}`;
    await sql`delete from organisations where org_number = ${kommun}`;
  }
  await browser?.close();
  await app?.stop();
  await client?.connection.close();
  await sql.end();
});

async function matsPage(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: LAPTOP })).newPage();
  await loginAs(page, app.baseUrl, /Mats Systemadmin/);
  return page;
}

describe('Mats Systemadmin, Kommuner', () => {
  it('registers a kommun and its administrator; removing the last administrator is refused in Swedish', async () => {
    const page = await matsPage();
    await page.getByRole('link', { name: 'Kommuner', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Kommuner' }).waitFor();
    await page.getByRole('cell', { name: 'Malmö kommun' }).waitFor();
    await checkPageState(page, 'kommuner-lista');

    // The form: a region's number is refused beside the field, then the kommun with one avtal.
    await page.getByRole('link', { name: 'Lägg till kommun' }).click();
    await page.getByLabel('Namn').fill('Provby kommun');
    await page.getByLabel(/^Organisationsnummer/).fill('232100-0016');
    await page.getByLabel(/^Län/).fill('Provlän');
    await page.locator('label.checkbox__label', { hasText: UNACCOMPANIED_SERVICE }).click();
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByRole('heading', { name: 'Formuläret innehåller fel' }).waitFor();
    expect(await page.locator('#orgNumber-fel').textContent()).toContain('Ange kommunens organisationsnummer i formen 212000-NNNN');
    expect(await page.getByRole('checkbox', { name: UNACCOMPANIED_SERVICE }).isChecked()).toBe(true);
    await checkPageState(page, 'kommun-ny-fel');
    await page.getByLabel(/^Organisationsnummer/).fill(kommun);
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByRole('heading', { level: 1, name: 'Provby kommun' }).waitFor();
    await page.getByText('Kommunen har ingen administratör.', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: `Avsluta avtalet för ${UNACCOMPANIED_SERVICE}` }).count()).toBe(1);
    expect(await page.getByRole('button', { name: `Aktivera avtalet för ${COMPENSATION_SERVICE}` }).count()).toBe(1);
    await checkPageState(page, 'kommun-vy');

    // Its administrator, with an HSA-id of the kommun.
    const hsaId = `SE${kommun.replace('-', '')}-${uniqueLocal('ADM')}`;
    await page.getByRole('link', { name: 'Lägg till administratör' }).click();
    await page.getByLabel('Förnamn').fill('Klara');
    await page.getByLabel('Efternamn').fill('Kommunsson');
    await page.getByRole('textbox', { name: /^HSA-id/ }).fill(hsaId);
    await page.getByLabel('E-post').fill('klara@provby.example');
    await checkPageState(page, 'kommun-admin-ny');
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByText('Administratören är sparad', { exact: false }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain(hsaId);
    await checkPageState(page, 'kommun-admin-sparad');

    // The last one cannot go while the kommun has an active avtal.
    await page.getByRole('link', { name: 'Ta bort Klara Kommunsson' }).click();
    await page.getByText('Är du säker på att du vill ta bort denna administratör?').waitFor();
    await checkPageState(page, 'kommun-admin-ta-bort');
    await page.getByRole('button', { name: 'OK' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Administratören kan inte tas bort: Provby kommun har ett aktivt avtal och måste ha minst en aktiv administratör.');
    await checkPageState(page, 'kommun-admin-sista');
    expect((await sql`select count(*)::int as n from users where org_number = ${kommun} and role = 'admin'`)[0]!.n).toBe(1);

    // The list shows the kommun with its avtal and its administrator.
    await page.goto(`${app.baseUrl}/mv-admin/kommuner`);
    const row = page.getByRole('row', { name: /Provby kommun/ });
    expect(await row.textContent()).toMatch(new RegExp(`${kommun}Provlän(Aktivt)(Inget aktivt avtal)1`));
    await page.context().close();
  });
});
