/**
 * "Rätta belopp" in a real browser (issue 11): Rita Regelförvaltare splits the open-ended amount
 * period around the current exam year, is told beside the field that 0 kr and a missing
 * justification are refused, previews and publishes the correction. axe on every page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Browser } from 'playwright-core';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { datePreviousQuarter } from '../lifecycle-support.js';
import { appSql, temporalClient } from '../support.js';
import { expectNoAxeViolations, launchBrowser, loginAs, serveApp, type RunningApp } from './browser-support.js';
import { checkPageState } from './page-checks.js';

const sql = appSql();
let client: Client;
let app: RunningApp;
let browser: Browser;
const year = Number(datePreviousQuarter().slice(0, 4));

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  app = await serveApp({ sql, temporal: client, taskQueue: `test-correction-web-${process.pid}` });
  browser = await launchBrowser();
});
afterAll(async () => {
  await sql`delete from published_rule_sets where id = 'lma-2022-07-01' and version = '2'`;
  await browser?.close();
  await app?.stop();
  await client?.connection.close();
  await sql.end();
});

describe('Rätta belopp', () => {
  it('corrects the amount of a past exam year, with errors beside the fields, a preview and publication', async () => {
    const page = await (await browser.newContext()).newPage();
    await loginAs(page, app.baseUrl, /Rita Regelförvaltare/);
    await page.goto(`${app.baseUrl}/regler/uppsattning/${encodeURIComponent('lma-2022-07-01@1')}`);
    await page.getByRole('link', { name: 'Rätta belopp' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rätta belopp i lma-2022-07-01@1' }).waitFor();
    await checkPageState(page, 'ratta-belopp');

    const period = (n: number) => page.getByRole('group', { name: new RegExp(`^(Period ${n}|Ny period \\(${n}\\))$`) });
    await period(2).getByLabel(/^Till år/).fill(String(year - 1));
    await period(3).getByLabel(/^Från år/).fill(String(year));
    await period(3).getByLabel(/^Till år/).fill(String(year));
    await period(3).getByLabel(/^Belopp/).fill('0');
    await period(4).getByLabel(/^Från år/).fill(String(year + 1));
    await period(4).getByLabel(/^Belopp/).fill('2175');
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();

    // 0 kr and no justification: refused beside each field.
    await page.getByText('Rättelsen kan inte publiceras: 2 fält behöver rättas.').waitFor();
    const amount = period(3).getByLabel(/^Belopp/);
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    expect(await period(3).textContent()).toContain('Ange beloppet i hela kronor, större än 0 kr, till exempel 2200.');
    expect(await page.getByLabel(/^Motivering/).getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);

    await period(3).getByLabel(/^Belopp/).fill('2200');
    await page.getByLabel(/^Motivering/).fill(`Migrationsverkets meddelande om schablonbeloppet för ${year}.`);
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    await page.getByRole('heading', { level: 2, name: 'Förhandsgranskning' }).waitFor();
    expect(await page.getByTestId('andrade-belopp').textContent()).toBe(`${year}: 2\u00a0175 kr → 2\u00a0200 kr`);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Publicera rättelsen som lma-2022-07-01@2' }).click();
    await page.getByText('Beloppen är rättade och publicerade som lma-2022-07-01@2').waitFor();
    expect(await page.getByRole('table', { name: 'Belopp per undersökningsår' }).textContent()).toContain(`${year}${year}2200`);
    await expectNoAxeViolations(page);
    const [row] = await sql`select action, object_id from access_log where action = 'correct_amount' order by id desc limit 1`;
    expect(row).toEqual({ action: 'correct_amount', object_id: 'lma-2022-07-01@2' });
  }, 120_000);
});
