/**
 * The case officer's worklist at 1366×768 (issue 12): the search and filter fields sit side by
 * side in a row that wraps, not stacked at full width; the page never scrolls sideways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Browser } from 'playwright-core';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { appSql, temporalClient } from '../support.js';
import { launchBrowser, loginAs, serveApp, type RunningApp } from './browser-support.js';
import { checkPageState, LAPTOP } from './page-checks.js';

const sql = appSql();
let client: Client;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  app = await serveApp({ sql, temporal: client });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await client?.connection.close();
  await sql.end();
});

describe('the officer worklist', () => {
  it('puts its filters side by side in one row at 1366×768', async () => {
    const page = await (await browser.newContext({ viewport: LAPTOP })).newPage();
    await loginAs(page, app.baseUrl, /Hanna Handläggare/);
    await page.goto(`${app.baseUrl}/handlaggning`);
    await page.getByRole('heading', { level: 1, name: 'Ansökningar' }).waitFor();
    const form = page.getByRole('search', { name: 'Sök och filtrera ansökningar' });
    const boxes = await Promise.all(['Dossiernummer', 'Region', 'Kvartal', 'Status'].map(async (label) => (await form.getByLabel(label, { exact: false }).first().boundingBox())!));
    const formBox = (await form.boundingBox())!;
    // Every field is narrower than half the form, and they share one row (the same top edge).
    for (const b of boxes) expect(b.width).toBeLessThan(formBox.width / 2);
    const tops = boxes.map((b) => Math.round(b.y));
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThanOrEqual(2);
    const button = (await form.getByRole('button', { name: 'Sök' }).boundingBox())!;
    expect(button.y).toBeLessThan(boxes[0]!.y + boxes[0]!.height + 40);
    await checkPageState(page, 'officer-worklist');

    // With an error beside a field the row still holds together.
    await page.goto(`${app.baseUrl}/handlaggning?q=${encodeURIComponent('<fel>')}`);
    await page.locator('.label__message--error').first().waitFor();
    await checkPageState(page, 'officer-worklist-error');
    await page.context().close();
  });
});
