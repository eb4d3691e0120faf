/**
 * The administrator manual (seed 002, chapters 5–10) in a real browser: Anna Admin adds a user,
 * gives permissions, edits, searches, filters, sorts, removes the user after the confirmation and
 * logs out; Mats Systemadmin registers a region and its administrator, who can then log in and
 * lands on the user list; Mats reads and exports the access log. axe-core on every page state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Client } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { luhnValid } from '../../web/mv-admin/forms.js';
import { appSql, temporalClient } from '../support.js';
import { expectNoAxeViolations, launchBrowser, loginAs, serveApp, type RunningApp } from './browser-support.js';
import { uniqueLocal } from './admin-support.js';

const sql = appSql();
let client: Client;
let running: RunningApp;
let browser: Browser;

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  running = await serveApp({ sql, temporal: client });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await running?.stop();
  await client.connection.close();
  await sql.end();
});

const rows = (page: Page) => page.locator('#anvandarlista tbody tr');

describe('Anna Admin, region administrator (chapters 5–10)', () => {
  it('adds a user, gives permissions, edits, searches, filters, sorts, removes the user and logs out', async () => {
    const page = await (await browser.newContext()).newPage();
    const { baseUrl } = running;
    await loginAs(page, baseUrl, /Anna Admin/);

    // 5: the start page is the list of the region's users; organisation and who is logged in top right.
    expect(new URL(page.url()).pathname).toBe('/admin/anvandare');
    const header = page.getByRole('banner');
    expect(await header.textContent()).toContain('Region Stockholm');
    expect(await header.textContent()).toContain('Anna Admin');
    await page.getByRole('link', { name: 'Ulla' }).waitFor();
    await expectNoAxeViolations(page);

    // 6: Lägg till användare — every field mandatory.
    const local = uniqueLocal('B');
    const hsaId = `SE2321000016-${local}`;
    const familyName = `Webbsson${local}`;
    await page.getByRole('link', { name: 'Lägg till användare' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lägg till användare' }).waitFor();
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByRole('heading', { name: 'Formuläret innehåller fel' }).waitFor();
    expect(await page.getByLabel('Förnamn').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);
    await page.getByLabel('Förnamn').fill('Wilma');
    await page.getByLabel('Efternamn').fill(familyName);
    await page.getByLabel('HSA-id', { exact: false }).first().fill('SE5566778899-PRIV1');
    await page.getByLabel('E-post').fill('wilma.webbsson@regionstockholm.example');
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByText('privata vårdgivare', { exact: false }).first().waitFor();
    await page.getByRole('textbox', { name: /^HSA-id/ }).fill(hsaId);
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByRole('heading', { level: 1, name: 'Användaruppgifter' }).waitFor();
    await page.getByText('Användaren har inga behörigheter ännu.').waitFor();
    expect(await page.getByRole('main').textContent()).toContain(hsaId);
    await expectNoAxeViolations(page);

    // 7.2: Ändra och lägg till behörigheter → the e-tjänst → tick the four → Klar.
    await page.getByRole('link', { name: 'Ändra och lägg till behörigheter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ändra och lägg till behörigheter' }).waitFor();
    await page.getByRole('link', { name: 'E-tjänst för landsting' }).click();
    for (const p of ['Rapportera hälsoundersökning', 'Skapa ny ansökan om ersättning', 'Skicka in ansökan om ersättning', 'Se asylsökande m.fl. i länet']) {
      // FKUI draws the box on the label (the input itself lies under it), as a user clicks it.
      await page.locator('label.checkbox__label', { hasText: p }).click();
      expect(await page.getByRole('checkbox', { name: p }).isChecked()).toBe(true);
    }
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Klar' }).click();
    await page.getByRole('heading', { level: 2, name: 'Aktuella behörigheter' }).waitFor();
    const main = page.getByRole('main');
    for (const p of ['Rapportera hälsoundersökning', 'Skicka in ansökan om ersättning']) expect(await main.textContent()).toContain(p);
    const [stored] = await sql`select count(*)::int as n from user_permissions p join users u on u.id = p.user_id where u.hsa_id = ${hsaId}`;
    expect(stored!.n).toBe(4);

    // 8: Ändra användaruppgifter — Avbryt changes nothing, Spara saves.
    await page.getByRole('link', { name: 'Ändra användaruppgifter' }).click();
    await page.getByLabel('Efternamn').fill('Ångrad');
    await page.getByRole('link', { name: 'Avbryt' }).click();
    await page.getByRole('heading', { level: 1, name: 'Användaruppgifter' }).waitFor();
    expect(await main.textContent()).toContain(familyName);
    await page.getByRole('link', { name: 'Ändra användaruppgifter' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('Efternamn').fill(`${familyName}-Ny`);
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByText('Användaruppgifterna är sparade.').waitFor();
    expect(await main.textContent()).toContain(`${familyName}-Ny`);

    // Tillbaka till användare; 5.2 search on any characters (live, through htmx).
    await page.getByRole('link', { name: 'Tillbaka till användare' }).click();
    await page.getByRole('searchbox', { name: /Sök/ }).fill(local.toLowerCase());
    await expect.poll(() => rows(page).count()).toBe(1);
    expect(await rows(page).first().textContent()).toContain(hsaId);
    await expectNoAxeViolations(page);
    await page.getByRole('searchbox', { name: /Sök/ }).fill('');
    await expect.poll(() => rows(page).count()).toBeGreaterThan(2);

    // 5.1 Filtrera behörigheter: Rolf has no "Skicka in…", the new user and Ulla have.
    await page.getByLabel('Filtrera behörigheter').selectOption('Skicka in ansökan om ersättning');
    await expect.poll(async () => (await page.locator('#anvandarlista').textContent()) ?? '').not.toContain('SE2321000016-USR2');
    expect(await page.locator('#anvandarlista').textContent()).toContain(hsaId);
    expect(page.url()).toContain('behorighet=');
    await page.getByLabel('Filtrera behörigheter').selectOption('');
    await page.getByLabel('Filtrera e-tjänster').selectOption('E-tjänst för landsting');
    await expect.poll(async () => (await page.locator('#anvandarlista').textContent()) ?? '').toContain('SE2321000016-USR2');

    // 5.3 Sort with the arrows: Förnamn ascending, then descending.
    await page.goto(`${baseUrl}/admin/anvandare`);
    const fornamn = page.getByRole('columnheader', { name: /Förnamn/ });
    await fornamn.getByRole('link').click();
    await expect.poll(() => page.getByRole('columnheader', { name: /Förnamn/ }).getAttribute('aria-sort')).toBe('ascending');
    const asc = await page.locator('#anvandarlista tbody tr td:first-child').allTextContents();
    expect(asc).toEqual([...asc].sort((a, b) => a.localeCompare(b, 'sv')));
    await page.getByRole('columnheader', { name: /Förnamn/ }).getByRole('link').click();
    await expect.poll(() => page.getByRole('columnheader', { name: /Förnamn/ }).getAttribute('aria-sort')).toBe('descending');
    const desc = await page.locator('#anvandarlista tbody tr td:first-child').allTextContents();
    expect(desc).toEqual([...asc].reverse());

    // 9: Ta bort användare — the confirmation (Avbryt keeps the user, OK removes).
    await page.getByRole('link', { name: 'Wilma' }).click();
    await page.getByRole('link', { name: 'Ta bort användare' }).click();
    await page.getByText('Är du säker på att du vill ta bort denna användare?').waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Avbryt' }).click();
    await page.getByRole('heading', { level: 1, name: 'Användaruppgifter' }).waitFor();
    await page.getByRole('link', { name: 'Ta bort användare' }).click();
    await page.getByRole('button', { name: 'OK' }).click();
    await page.getByText('Användaren är borttagen.').waitFor();
    expect(await page.locator('#anvandarlista').textContent()).not.toContain(hsaId);
    expect(await sql`select 1 from users where hsa_id = ${hsaId}`).toHaveLength(0);

    // 10: Logga ut, from any page.
    await page.getByRole('banner').getByRole('button', { name: 'Logga ut' }).click();
    await page.getByRole('heading', { level: 1, name: 'Du är utloggad' }).waitFor();
    await page.context().close();
  });
});

describe('Mats Systemadmin, Migrationsverket', () => {
  it('registers a region and its administrator, who can then log in and lands on the user list', async () => {
    const page = await (await browser.newContext()).newPage();
    const { baseUrl } = running;
    await loginAs(page, baseUrl, /Mats Systemadmin/);
    expect(new URL(page.url()).pathname).toBe('/mv-admin/regioner');
    await page.getByRole('cell', { name: 'Region Stockholm' }).waitFor();
    await expectNoAxeViolations(page);

    // A new region with a valid organisation number.
    let org = '';
    for (let n = Number(String(process.pid).slice(-4)); !org; n++) {
      const body = `232177${String(n % 1000).padStart(3, '0')}`;
      const d = [...'0123456789'].find((x) => luhnValid(body + x))!;
      const candidate = `${body.slice(0, 6)}-${body.slice(6)}${d}`;
      if (!(await sql`select 1 from organisations where org_number = ${candidate}`).length) org = candidate;
    }
    await page.getByRole('link', { name: 'Lägg till region' }).click();
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByRole('heading', { name: 'Formuläret innehåller fel' }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByLabel('Namn').fill('Region Provland');
    await page.getByLabel(/^Organisationsnummer/).fill(org);
    await page.getByLabel(/^Län/).fill('Provlands län');
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByRole('heading', { level: 1, name: 'Region Provland' }).waitFor();
    await page.getByText('Regionen har ingen administratör.', { exact: false }).waitFor();
    await expectNoAxeViolations(page);

    // Its administrator: the HSA-id must carry the region's organisation number.
    const hsaId = `SE${org.replace('-', '')}-${uniqueLocal('ADM')}`;
    await page.getByRole('link', { name: 'Lägg till administratör' }).click();
    await page.getByLabel('Förnamn').fill('Agnes');
    await page.getByLabel('Efternamn').fill('Administratör');
    await page.getByRole('textbox', { name: /^HSA-id/ }).fill('SE2321000016-FEL1');
    await page.getByLabel('E-post').fill('agnes@provland.example');
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByText('HSA-id:t hör till Region Stockholm', { exact: false }).first().waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('textbox', { name: /^HSA-id/ }).fill(hsaId);
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByText('Administratören är sparad', { exact: false }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain(hsaId);
    await page.getByRole('banner').getByRole('button', { name: 'Logga ut' }).click();
    await page.getByRole('heading', { level: 1, name: 'Du är utloggad' }).waitFor();

    // The new administrator logs in with their card (the dev IdP's "other HSA-id").
    const agnes = await (await browser.newContext()).newPage();
    await agnes.goto(`${baseUrl}/`);
    await agnes.getByRole('link', { name: 'Logga in med SITHS-kort' }).click();
    await agnes.getByRole('radio', { name: /Annat HSA-id/ }).check();
    await agnes.getByLabel('HSA-id för annat kort').fill(hsaId);
    await agnes.getByRole('button', { name: 'Logga in' }).click();
    await agnes.getByRole('button', { name: 'Logga ut' }).waitFor();
    expect(new URL(agnes.url()).pathname).toBe('/admin/anvandare');
    const header = (await agnes.getByRole('banner').textContent()) ?? '';
    expect(header).toContain('Region Provland');
    expect(header).toContain('Agnes Administratör');
    await agnes.getByText('0 användare').waitFor();
    await agnes.context().close();

    // Mats finds the login in the access log, filtered by user, and exports it.
    await loginAs(page, baseUrl, /Mats Systemadmin/);
    await page.getByRole('link', { name: 'Åtkomstlogg' }).click();
    await page.getByRole('heading', { level: 1, name: 'Åtkomstlogg' }).waitFor();
    await page.getByLabel('Användare (HSA-id)').fill(hsaId);
    await page.getByLabel('Åtgärd').selectOption('login');
    await page.getByRole('button', { name: 'Filtrera' }).click();
    await page.getByRole('cell', { name: 'Inloggning' }).first().waitFor();
    expect(await page.locator('table tbody tr').count()).toBe(1);
    await expectNoAxeViolations(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Exportera till CSV' }).click()]);
    const csv = await readFile((await download.path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Tid (UTC);Användare (HSA-id);Organisation;Åtgärd;Objekttyp;Objekt;Utfall;Detaljer');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`;${hsaId};${org};login;session;;ok;`);

    // Mats ends the region's agreement: its administrator can no longer log in.
    await page.getByRole('link', { name: 'Regioner' }).click();
    await page.getByRole('link', { name: 'Region Provland' }).click();
    await page.getByRole('button', { name: 'Avsluta avtalet' }).click();
    await page.getByText('Avtalet är ändrat.').waitFor();
    expect(await page.getByRole('main').textContent()).toContain('Inte aktivt');
    await page.context().close();
    const refused = await (await browser.newContext()).newPage();
    await refused.goto(`${baseUrl}/auth/login`);
    await refused.getByRole('radio', { name: /Annat HSA-id/ }).check();
    await refused.getByLabel('HSA-id för annat kort').fill(hsaId);
    await refused.getByRole('button', { name: 'Logga in' }).click();
    await refused.getByRole('heading', { level: 1, name: 'Inloggningen misslyckades / Login failed' }).waitFor();
    expect(await refused.getByRole('alert').textContent()).toContain('inget aktivt avtal');
    await refused.context().close();
  });
});
