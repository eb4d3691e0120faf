/**
 * Administrera behörigheter för e-tjänster for a kommun (SPEC-KOMMUNER §10, seed 002 chapters
 * 5–9) in a real browser: Karl Kommunadmin filters the user list by e-tjänst and permission, adds
 * a user (every field mandatory), grants permissions in both e-tjänster through their buttons and
 * Klar, sees them grouped, edits and removes the user after the confirmation; he has no user
 * functions. Every page state fits 1366 px and is axe clean (screenshots with MELKER_SHOTS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { COMPENSATION_SERVICE, UNACCOMPANIED_PERMISSION, UNACCOMPANIED_SERVICE } from '../../domain/e-services.js';
import { appSql, temporalClient } from '../support.js';
import { launchBrowser, loginAs, serveApp, type RunningApp } from './browser-support.js';
import { uniqueLocal } from './admin-support.js';
import { checkPageState } from './page-checks.js';

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

const list = (page: Page) => page.locator('#anvandarlista');
const optionTexts = (page: Page, label: string) =>
  page.getByLabel(label).locator('option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value).filter(Boolean));

describe('Karl Kommunadmin, Stockholms kommun', () => {
  it('filters, adds a user, grants in both e-tjänster with Klar, edits and removes the user', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await loginAs(page, running.baseUrl, /Karl Kommunadmin/);

    // 5: the list of the kommun's users; no user functions (no e-tjänst tabs) for an administrator.
    expect(new URL(page.url()).pathname).toBe('/admin/anvandare');
    expect(await page.getByRole('banner').textContent()).toContain('Stockholms kommun');
    await list(page).getByRole('link', { name: 'Elin' }).waitFor();
    expect(await page.locator('a[href="/ensamkommande"], a[href="/statlig-ersattning"], a[href="/lista"]').count()).toBe(0);
    await checkPageState(page, 'kommun-admin-lista');
    // The long permission names wrap in their cells: the table itself does not scroll sideways either.
    expect(await page.locator('.table-scroll').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);

    // 5.1 Filtrera e-tjänster offers the two with an avtal; Filtrera behörigheter follows the choice.
    expect(await optionTexts(page, 'Filtrera e-tjänster')).toEqual([UNACCOMPANIED_SERVICE, COMPENSATION_SERVICE]);
    await page.getByLabel('Filtrera e-tjänster').selectOption(UNACCOMPANIED_SERVICE);
    await expect.poll(() => optionTexts(page, 'Filtrera behörigheter')).toEqual([UNACCOMPANIED_PERMISSION]);
    await expect.poll(async () => (await list(page).textContent()) ?? '').not.toContain('SE2120000142-HLG2');
    expect(await list(page).textContent()).toContain('SE2120000142-HLG1');
    await page.getByLabel('Filtrera e-tjänster').selectOption(COMPENSATION_SERVICE);
    await expect.poll(async () => (await optionTexts(page, 'Filtrera behörigheter')).includes('Asylsökande i förskola')).toBe(true);
    expect(await optionTexts(page, 'Filtrera behörigheter')).not.toContain(UNACCOMPANIED_PERMISSION);
    await page.getByLabel('Filtrera behörigheter').selectOption('Asylsökande i förskola');
    await expect.poll(() => page.url()).toContain('behorighet=');
    await expect.poll(async () => (await list(page).textContent()) ?? '').toContain('SE2120000142-HLG2');
    await checkPageState(page, 'kommun-admin-filter');

    // 6: Lägg till användare — every field mandatory.
    const local = uniqueLocal('K');
    const hsaId = `SE2120000142-${local}`;
    const familyName = `Kommunsson${local}`;
    await page.getByRole('link', { name: 'Lägg till användare' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lägg till användare' }).waitFor();
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByRole('heading', { name: 'Formuläret innehåller fel' }).waitFor();
    for (const label of ['Förnamn', 'Efternamn', 'E-post']) expect(await page.getByLabel(label).getAttribute('aria-invalid'), label).toBe('true');
    expect(await page.getByRole('textbox', { name: /^HSA-id/ }).getAttribute('aria-invalid')).toBe('true');
    for (const message of ['Ange förnamn', 'Ange efternamn', 'Ange HSA-id', 'Ange e-postadress']) {
      expect(await page.locator('.label__message--error', { hasText: message }).count(), message).toBeGreaterThan(0);
    }
    await checkPageState(page, 'kommun-admin-ny-fel');
    await page.getByLabel('Förnamn').fill('Kim');
    await page.getByLabel('Efternamn').fill(familyName);
    await page.getByRole('textbox', { name: /^HSA-id/ }).fill(hsaId);
    await page.getByLabel('E-post').fill('kim.kommunsson@stockholm.example');
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByRole('heading', { level: 1, name: 'Användaruppgifter' }).waitFor();
    await page.getByText('Användaren har inga behörigheter ännu.').waitFor();

    // 7: Ändra och lägg till behörigheter — the e-tjänst's button, tick, Klar; then the other e-tjänst.
    await page.getByRole('link', { name: 'Ändra och lägg till behörigheter' }).click();
    await page.getByRole('link', { name: UNACCOMPANIED_SERVICE }).click();
    await page.locator('label.checkbox__label', { hasText: UNACCOMPANIED_PERMISSION }).click();
    expect(await page.getByRole('checkbox', { name: UNACCOMPANIED_PERMISSION }).isChecked()).toBe(true);
    await checkPageState(page, 'kommun-admin-behorigheter-ensamkommande');
    await page.getByRole('button', { name: 'Klar' }).click();
    await page.getByRole('heading', { level: 2, name: 'Aktuella behörigheter' }).waitFor();

    await page.getByRole('link', { name: 'Ändra och lägg till behörigheter' }).click();
    await page.getByRole('link', { name: COMPENSATION_SERVICE }).click();
    for (const p of ['Asylsökande i förskola', 'Asylsökande i grundskola']) {
      await page.locator('label.checkbox__label', { hasText: p }).click();
      expect(await page.getByRole('checkbox', { name: p }).isChecked()).toBe(true);
    }
    await checkPageState(page, 'kommun-admin-behorigheter-ersattning');
    await page.getByRole('button', { name: 'Klar' }).click();
    await page.getByText('Behörigheterna är sparade.', { exact: false }).waitFor();

    // Aktuella behörigheter, grouped per e-tjänst.
    const main = page.getByRole('main');
    await main.getByRole('heading', { level: 3, name: UNACCOMPANIED_SERVICE }).waitFor();
    await main.getByRole('heading', { level: 3, name: COMPENSATION_SERVICE }).waitFor();
    const grouped = await main.locator('h3').evaluateAll((hs) => hs.map((h) => ({
      service: h.textContent, permissions: [...(h.nextElementSibling?.querySelectorAll('li') ?? [])].map((li) => li.textContent),
    })));
    expect(grouped).toEqual([
      { service: UNACCOMPANIED_SERVICE, permissions: [UNACCOMPANIED_PERMISSION] },
      { service: COMPENSATION_SERVICE, permissions: ['Asylsökande i förskola', 'Asylsökande i grundskola'] },
    ]);
    expect((await sql`select count(*)::int as n from user_permissions p join users u on u.id = p.user_id where u.hsa_id = ${hsaId}`)[0]!.n).toBe(3);
    await checkPageState(page, 'kommun-admin-anvandare');

    // 8: Ändra användaruppgifter.
    await page.getByRole('link', { name: 'Ändra användaruppgifter' }).click();
    await page.getByLabel('Efternamn').fill(`${familyName}-Ny`);
    await checkPageState(page, 'kommun-admin-andra');
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByText('Användaruppgifterna är sparade.').waitFor();
    expect(await main.textContent()).toContain(`${familyName}-Ny`);

    // 9: Ta bort användare — the confirmation; Avbryt keeps the user, OK removes.
    await page.getByRole('link', { name: 'Ta bort användare' }).click();
    await page.getByText('Är du säker på att du vill ta bort denna användare?').waitFor();
    await checkPageState(page, 'kommun-admin-ta-bort');
    await page.getByRole('link', { name: 'Avbryt' }).click();
    await page.getByRole('heading', { level: 1, name: 'Användaruppgifter' }).waitFor();
    await page.getByRole('link', { name: 'Ta bort användare' }).click();
    await page.getByRole('button', { name: 'OK' }).click();
    await page.getByText('Användaren är borttagen.').waitFor();
    expect(await list(page).textContent()).not.toContain(hsaId);
    expect(await sql`select 1 from users where hsa_id = ${hsaId}`).toHaveLength(0);
    await page.context().close();
  });

  it('works without JavaScript: the filter form submits and the permission choice follows the e-tjänst', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, javaScriptEnabled: false })).newPage();
    await loginAs(page, running.baseUrl, /Karl Kommunadmin/);
    await page.getByLabel('Filtrera e-tjänster').selectOption(UNACCOMPANIED_SERVICE);
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await page.waitForURL(/etjanst=/);
    expect(await optionTexts(page, 'Filtrera behörigheter')).toEqual([UNACCOMPANIED_PERMISSION]);
    expect(await list(page).textContent()).not.toContain('SE2120000142-HLG2');
    await page.context().close();
  });
});
