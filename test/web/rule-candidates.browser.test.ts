/**
 * Rita Regelförvaltare's pages in plain Swedish, and candidates that can be deleted (issue 12):
 * no developer phrasing on the list, a rule set or a candidate; an unpublished candidate is
 * deleted after a confirmation, a published one can never be (the server refuses it), and a
 * published rule set has no way to be deleted at all. At 1366×768, axe on every page state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { addDays } from '../../domain/quarters.js';
import { today } from '../lifecycle-support.js';
import { appSql, temporalClient } from '../support.js';
import { launchBrowser, loginAs, serveApp, type RunningApp } from './browser-support.js';
import { checkPageState, LAPTOP } from './page-checks.js';

const sql = appSql();
let client: Client;
let app: RunningApp;
let browser: Browser;
const publishedId = `lma-radera-${process.pid}`;

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  app = await serveApp({ sql, temporal: client });
  browser = await launchBrowser();
});
afterAll(async () => {
  await sql`delete from published_rule_sets where id = ${publishedId}`;
  await browser?.close();
  await app?.stop();
  await client?.connection.close();
  await sql.end();
});

/** Words a rule maintainer should never have to read. */
const DEVELOPER_PHRASES = [
  'ruleSetToJson', 'i gällande regler', 'i dag 2022-07-01', '(lmaChangeDate)', 'parametern lmaChangeDate', 'manifest, parameters, ruleFiles',
  'rules/sets', 'Temporal Web UI', 'Id och version',
];
async function expectPlainSwedish(page: Page) {
  const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
  for (const phrase of DEVELOPER_PHRASES) expect(text, `"${phrase}" on ${page.url()}`).not.toContain(phrase);
}

/** A POST as the page's user would send it (session cookie and CSRF token), bypassing the page's buttons. */
async function postWithSession(page: Page, url: string) {
  const token = JSON.parse((await page.locator('body').getAttribute('hx-headers')) ?? '{}')['X-CSRF-Token'] as string;
  return page.request.post(url, { headers: { 'X-CSRF-Token': token, Origin: app.baseUrl } });
}

async function newCandidate(page: Page): Promise<{ url: string; id: string }> {
  await page.goto(`${app.baseUrl}/regler`);
  await page.getByRole('button', { name: 'Skapa kandidat' }).click();
  await page.getByText('Kandidaten är sparad.').waitFor();
  const url = page.url().replace(/\?.*$/, '');
  return { url, id: /\/(\d+)$/.exec(url)![1]! };
}

describe('the rule maintainer pages', () => {
  it('speak plain Swedish on the list, a rule set and a candidate', async () => {
    const page = await (await browser.newContext({ viewport: LAPTOP })).newPage();
    await loginAs(page, app.baseUrl, /Rita Regelförvaltare/);
    await page.goto(`${app.baseUrl}/regler`);
    await page.getByRole('heading', { level: 1, name: 'Regler' }).waitFor();
    await expectPlainSwedish(page);
    await checkPageState(page, 'rules-list');

    await page.getByRole('link', { name: 'lma-2022-07-01@1', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Regeluppsättning lma-2022-07-01@1' }).waitFor();
    await expectPlainSwedish(page);
    await checkPageState(page, 'rules-set');

    await newCandidate(page);
    await expectPlainSwedish(page);
    await checkPageState(page, 'rules-candidate');
    await page.context().close();
  }, 120_000);

  it('delete an unpublished candidate after a confirmation, and never a published one', async () => {
    const page = await (await browser.newContext({ viewport: LAPTOP })).newPage();
    await loginAs(page, app.baseUrl, /Rita Regelförvaltare/);

    // Cancel keeps it; OK deletes it (access-logged).
    const first = await newCandidate(page);
    await page.getByRole('link', { name: 'Ta bort kandidaten' }).click();
    await page.getByText('Är du säker på att du vill ta bort kandidaten?').waitFor();
    await checkPageState(page, 'rules-candidate-delete');
    await page.getByRole('link', { name: 'Avbryt' }).click();
    await page.getByRole('heading', { level: 2, name: 'Kontrollera och testa' }).waitFor();
    expect((await sql`select 1 from rule_candidates where id = ${first.id}`).length).toBe(1);
    await page.getByRole('link', { name: 'Ta bort kandidaten' }).click();
    await page.getByRole('button', { name: 'OK' }).click();
    await page.getByText(`Kandidat ${first.id} är borttagen.`).waitFor();
    expect((await sql`select 1 from rule_candidates where id = ${first.id}`).length).toBe(0);
    expect(await page.getByRole('link', { name: new RegExp(`^Kandidat ${first.id}:`) }).count()).toBe(0);
    await checkPageState(page, 'rules-candidate-deleted');
    const [logged] = await sql`select * from access_log where action = 'delete_candidate' and object_id = ${first.id}`;
    expect(logged).toMatchObject({ actor_hsa_id: 'SE2021002163-RF1', outcome: 'ok' });
    expect((await page.goto(`${first.url}`))!.status()).toBe(404);

    // A published candidate stays: no delete link, and the server refuses a delete anyway.
    const second = await newCandidate(page);
    await page.getByLabel('Gäller från').fill(addDays(today(), 400));
    await page.getByLabel(/^Namn/).fill(publishedId);
    await page.getByRole('button', { name: 'Publicera' }).click();
    await page.getByText(`${publishedId}@1 är publicerad`).waitFor();
    await page.goto(second.url);
    await page.getByText(`Kandidaten är publicerad som ${publishedId}@1`).waitFor();
    expect(await page.getByRole('link', { name: 'Ta bort kandidaten' }).count()).toBe(0);
    await checkPageState(page, 'rules-candidate-published');
    await page.goto(`${second.url}/ta-bort`);
    await page.getByText('kan inte tas bort').first().waitFor();
    expect(await page.getByRole('button', { name: 'OK' }).count()).toBe(0);
    const refused = await postWithSession(page, `${second.url}/ta-bort`);
    expect(refused.status()).toBe(409);
    expect(await refused.text()).toContain('kan inte tas bort');
    expect((await sql`select 1 from rule_candidates where id = ${second.id}`).length).toBe(1);
    expect((await sql`select 1 from published_rule_sets where id = ${publishedId}`).length).toBe(1);

    // A published rule set has no delete at all.
    await page.goto(`${app.baseUrl}/regler/uppsattning/${publishedId}@1`);
    expect(await page.getByRole('link', { name: /Ta bort/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Ta bort/ }).count()).toBe(0);
    expect((await postWithSession(page, `${app.baseUrl}/regler/uppsattning/${publishedId}@1/ta-bort`)).status()).toBe(404);
    await page.context().close();
  }, 120_000);
});
