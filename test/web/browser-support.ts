/**
 * Shared helpers of the browser tests: Debian's Chromium through playwright-core, the app and the
 * development IdP on free ports, login by picking a SITHS card, and axe-core (WCAG 2.1 A/AA).
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Client } from '@temporalio/client';
import { serveWeb } from '../../web/http-server.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { createApp, type AppOptions } from '../../web/app.js';
import type { WebDeps } from '../../web/deps.js';
import { startDevIdp, type DevIdp } from '../../web/dev-idp/index.js';
import { freePort } from '../../scripts/services.js';
import type { Sql } from '../../db/sql.js';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { appSql, temporalClient } from '../support.js';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export type RunningApp = { baseUrl: string; idp: DevIdp; stop: () => Promise<void> };

/** The app (with `deps` plus the dev IdP) served on a free port, as `npm start` would. */
export async function serveApp(deps: Omit<WebDeps, 'publicUrl' | 'auth'>, options: AppOptions = {}): Promise<RunningApp> {
  const [appPort, idpPort] = [await freePort(), await freePort()];
  const baseUrl = `http://localhost:${appPort}`;
  const idp = await startDevIdp({ port: idpPort, redirectUris: [`${baseUrl}/auth/callback`] });
  const app = createApp({ ...deps, publicUrl: baseUrl, auth: idp }, options);
  const web = await serveWeb(app.fetch, { port: appPort, hostname: '127.0.0.1' });
  return {
    baseUrl, idp,
    async stop() {
      await web.close();
      await idp.stop();
    },
  };
}

/** From the start page through the dev IdP's card picker back into the app. */
export async function loginAs(page: Page, baseUrl: string, name: RegExp | string) {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('link', { name: 'Logga in med SITHS-kort' }).click();
  await page.getByRole('heading', { level: 1, name: 'Välj SITHS-kort' }).waitFor();
  await page.getByRole('radio', { name }).check();
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('button', { name: 'Logga ut' }).waitFor();
}

export async function expectNoAxeViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe on ${page.url()}`).toEqual([]);
}

export type BrowserWorld = { sql: Sql; client: Client; running: RunningApp; browser: Browser };

/**
 * One test file's world: the demo organisations and users seeded, the app served with the dev
 * IdP (and `options`), Chromium launched; all closed after the file. Read its fields in tests.
 */
export function useBrowserWorld(options: AppOptions = {}): BrowserWorld {
  const world = { sql: appSql() } as BrowserWorld;
  beforeAll(async () => {
    world.client = await temporalClient();
    await seedOrganisationsAndUsers(world.sql);
    world.running = await serveApp({ sql: world.sql, temporal: world.client }, options);
    world.browser = await launchBrowser();
  });
  afterAll(async () => {
    await world.browser?.close();
    await world.running?.stop();
    await world.client?.connection.close();
    await world.sql.end();
  });
  return world;
}
