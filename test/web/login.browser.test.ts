/**
 * Logging in and out through the development IdP in a real browser (Chromium), with axe-core on
 * the card picker, Ulla's start page, the logged-out page and the failure page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import type { Client } from '@temporalio/client';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { createApp } from '../../web/app.js';
import { startDevIdp, type DevIdp } from '../../web/dev-idp/index.js';
import { DEMO_IDENTITIES } from '../../domain/demo-world.js';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { freePort } from '../../scripts/services.js';
import { appSql, temporalClient } from '../support.js';
import { checkPageState } from './page-checks.js';

const sql = appSql();
let client: Client;
let idp: DevIdp;
let server: ServerType;
let browser: Browser;
let baseUrl: string;

async function expectNoAxeViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe on ${page.url()}`).toEqual([]);
}

async function pickCard(page: Page, name: RegExp) {
  await page.getByRole('link', { name: 'Logga in med SITHS-kort' }).click();
  await page.getByRole('heading', { level: 1, name: 'Välj SITHS-kort' }).waitFor();
  await page.getByRole('radio', { name }).check();
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForLoadState('domcontentloaded');
}

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  const [appPort, idpPort] = [await freePort(), await freePort()];
  baseUrl = `http://localhost:${appPort}`;
  // Two extra cards: a kommun whose only avtal has ended, and an organisation nobody registered.
  await sql`insert into organisations (org_number, name, kind, county) values ('212000-9990', 'Avtalslösa kommun', 'kommun', 'Testlän') on conflict do nothing`;
  await sql`insert into agreements (org_number, e_service, active, ended_at) values ('212000-9990', 'Ansök om statlig ersättning', false, now()) on conflict do nothing`;
  await sql`insert into users (hsa_id, given_name, family_name, email, org_number, role)
    values ('SE2120009990-HLG1', 'Alva', 'Avtalslös', 'alva@kommun.example', '212000-9990', 'user') on conflict do nothing`;
  const extra = [
    { hsaId: 'SE2120009990-HLG1', givenName: 'Alva', familyName: 'Avtalslös', orgNumber: '212000-9990', description: 'Användare, kommun utan avtal' },
    { hsaId: 'SE2120009991-HLG1', givenName: 'Okänd', familyName: 'Okändsson', orgNumber: '212000-9991', description: 'Okänd organisation' },
  ];
  idp = await startDevIdp({ port: idpPort, redirectUris: [`${baseUrl}/auth/callback`], identities: [...DEMO_IDENTITIES, ...extra] });
  const app = createApp({ sql, temporal: client, publicUrl: baseUrl, auth: idp });
  server = serve({ fetch: app.fetch, port: appPort, hostname: '127.0.0.1' });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await idp?.stop();
  await client.connection.close();
  await sql.end();
});

describe('login through the development IdP', () => {
  it('lets Ulla in, shows her and her region in the header, and logs her out', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/`);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Logga in med SITHS-kort' }).click();
    await page.getByRole('heading', { level: 1, name: 'Välj SITHS-kort' }).waitFor();
    expect(page.url().startsWith(idp.issuer)).toBe(true);
    await expectNoAxeViolations(page);
    await page.getByRole('radio', { name: /Ulla Användare/ }).check();
    await page.getByRole('button', { name: 'Logga in' }).click();

    const header = page.getByRole('banner');
    await header.getByText('Ulla Användare').waitFor();
    expect(page.url().startsWith(baseUrl)).toBe(true);
    expect(await header.textContent()).toContain('Region Stockholm');
    await expectNoAxeViolations(page);
    const [row] = await sql`select * from access_log where action = 'login' and actor_hsa_id = 'SE2321000016-USR1' order by id desc limit 1`;
    expect(row).toMatchObject({ outcome: 'ok', actor_org: '232100-0016' });

    await header.getByRole('button', { name: 'Logga ut' }).click();
    await page.getByRole('heading', { level: 1, name: 'Du är utloggad' }).waitFor();
    await expectNoAxeViolations(page);
    await page.goto(`${baseUrl}/`);
    expect(await page.getByRole('link', { name: 'Logga in med SITHS-kort' }).count()).toBe(1);
    await page.context().close();
  });

  it('refuses Petra\'s private-provider card with the bilingual failure page, a reference and a log row', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/`);
    await pickCard(page, /Petra Privat/);
    await page.getByRole('heading', { level: 1, name: 'Inloggningen misslyckades / Login failed' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('privata vårdgivare');
    const reference = (await page.getByTestId('login-reference').textContent())!;
    expect(reference).toMatch(/^ML-[0-9A-F]{10}$/);
    // The support addresses of the seeds (000, 002 ch. 11), as mail links carrying the reference.
    const support = page.getByRole('region', { name: 'Kontakta support' });
    for (const address of ['halsoundersokningar-melker@migrationsverket.se', 'etjanstkommuner@migrationsverket.se']) {
      const href = await support.getByRole('link', { name: address }).getAttribute('href');
      expect(href).toMatch(new RegExp(`^mailto:${address.replace(/[.]/g, '\\.')}\\?subject=`));
      expect(decodeURIComponent(href!)).toContain(reference);
    }
    expect(await support.textContent()).toContain('Regioner');
    expect(await support.textContent()).toContain('Kommuner');
    await expectNoAxeViolations(page);
    await checkPageState(page, 'login-failed');
    const rows = await sql`select * from access_log where action = 'login' and detail->>'reference' = ${reference}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'denied', actor_hsa_id: 'SE5566778899-USR1', actor_org: '556677-8899' });
    expect(rows[0]!.detail).toMatchObject({ reason: 'private_provider' });
    await page.context().close();
  });

  it('logs a cancelled login as failed', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/auth/login`);
    await page.getByRole('link', { name: 'Avbryt inloggningen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inloggningen misslyckades / Login failed' }).waitFor();
    const reference = (await page.getByTestId('login-reference').textContent())!;
    const [row] = await sql`select * from access_log where detail->>'reference' = ${reference}`;
    expect(row).toMatchObject({ action: 'login', outcome: 'failed' });
    expect(row!.detail).toMatchObject({ reason: 'cancelled' });
    await page.context().close();
  });

  it('lets Elin in to both kommun e-tjänster: the header names Stockholms kommun and the e-tjänst, and she switches between them', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await page.goto(`${baseUrl}/`);
    await pickCard(page, /Elin Ensamkommande/);
    const header = page.getByRole('banner');
    await header.getByText('Elin Ensamkommande').waitFor();
    expect(await header.textContent()).toContain('Stockholms kommun');
    expect(new URL(page.url()).pathname).toBe('/ensamkommande');
    expect(await header.textContent()).toContain('Se och ändra ansvar för ensamkommande');
    const services = page.getByRole('navigation', { name: 'E-tjänster' });
    expect(await services.getByRole('link').allTextContents()).toEqual(['Se och ändra ansvar för ensamkommande', 'Ansök om statlig ersättning']);
    await checkPageState(page, 'kommun-elin-ensamkommande');

    await services.getByRole('link', { name: 'Ansök om statlig ersättning' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ansök om statlig ersättning' }).waitFor();
    expect(await header.textContent()).toContain('Ansök om statlig ersättning');
    expect(await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link').allTextContents()).toEqual(['Ansökningar om ersättning']);
    const types = await page.locator('table tbody tr td:first-child').allTextContents();
    expect(types).toContain('Asylsökande i grundskola');
    expect(types).not.toContain('Kostnader för ekonomiskt bistånd till personer med tillstånd av medicinska skäl');
    await checkPageState(page, 'kommun-elin-ersattning');
    // No region route for a kommun user.
    const res = await page.goto(`${baseUrl}/lista`);
    expect(res!.status()).toBe(403);
    await page.context().close();
  });

  it('lets Malte (Malmö: only Ansök om statlig ersättning) in to that e-tjänst alone, and Karl to the administration only', async () => {
    const malte = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await malte.goto(`${baseUrl}/`);
    await pickCard(malte, /Malte Malmö/);
    await malte.getByRole('heading', { level: 1, name: 'Ansök om statlig ersättning' }).waitFor();
    expect(await malte.getByRole('navigation', { name: 'E-tjänster' }).count()).toBe(0);
    expect(await malte.getByRole('banner').textContent()).toContain('Malmö kommun');
    expect((await malte.goto(`${baseUrl}/ensamkommande`))!.status()).toBe(403);
    await malte.context().close();

    const karl = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await karl.goto(`${baseUrl}/`);
    await pickCard(karl, /Karl Kommunadmin/);
    await karl.getByRole('banner').getByText('Karl Kommunadmin').waitFor();
    expect(new URL(karl.url()).pathname).toBe('/admin/anvandare');
    expect(await karl.getByRole('banner').textContent()).toContain('Administrera behörigheter för e-tjänster');
    expect(await karl.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link').allTextContents()).toEqual(['Användare']);
    for (const path of ['/ensamkommande', '/statlig-ersattning', '/lista']) expect((await karl.goto(`${baseUrl}${path}`))!.status(), path).toBe(403);
    await karl.context().close();
    const rows = await sql`select outcome from access_log where action = 'login' and actor_hsa_id in ('SE2120001124-HLG1', 'SE2120000142-ADM1') order by id desc limit 2`;
    expect(rows.map((r) => r.outcome)).toEqual(['ok', 'ok']);
  });

  it('refuses a kommun without an active avtal and an organisation nobody registered, with a reference and a log row', async () => {
    for (const [card, reason, text] of [
      [/Alva Avtalslös/, 'no_agreement', 'inget aktivt avtal'],
      [/Okänd Okändsson/, 'private_provider', 'inte är en region, en kommun eller Migrationsverket'],
    ] as const) {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${baseUrl}/`);
      await pickCard(page, card);
      await page.getByRole('heading', { level: 1, name: 'Inloggningen misslyckades / Login failed' }).waitFor();
      expect(await page.getByRole('alert').textContent()).toContain(text);
      const reference = (await page.getByTestId('login-reference').textContent())!;
      const [row] = await sql`select * from access_log where action = 'login' and detail->>'reference' = ${reference}`;
      expect(row).toMatchObject({ outcome: 'denied' });
      expect(row!.detail).toMatchObject({ reason });
      await page.context().close();
    }
  });
});
