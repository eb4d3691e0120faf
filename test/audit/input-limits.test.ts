/**
 * Security audit (issue 14): request bodies are limited before anything reads them, and control
 * characters in any text input are refused centrally with a Swedish message, storing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { createApp } from '../../web/app.js';
import type { WebDeps } from '../../web/deps.js';
import { appSql, temporalClient } from '../support.js';
import { get, post, sessionOf, uniqueLocal, type Who } from '../web/admin-support.js';

const sql = appSql();
let client: Client;
let deps: WebDeps;
let app: ReturnType<typeof createApp>;
let anna: Who;
let ulla: Who;
const userCount = async () => Number((await sql`select count(*)::int as n from users`)[0]!.n);
const newUser = (fields: Record<string, string> = {}) => ({
  givenName: 'Test', familyName: 'Testsson', email: 'test@regionstockholm.example', hsaId: `SE2321000016-${uniqueLocal('L')}`, ...fields,
});

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  deps = { sql, temporal: client, publicUrl: 'http://localhost:3999' };
  app = createApp(deps);
  anna = await sessionOf(sql, deps, 'SE2321000016-ADM1');
  ulla = await sessionOf(sql, deps, 'SE2321000016-USR1');
});
afterAll(async () => {
  await client?.connection.close();
  await sql.end();
});

describe('request bodies', () => {
  it('a logged-in form post over 64 kB is refused with 413 in Swedish, before the CSRF check reads it, and stores nothing', async () => {
    const before = await userCount();
    const res = await post(app, anna, '/admin/anvandare/ny', newUser({ familyName: 'x'.repeat(200 * 1024) }));
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('Det du skickade var större än 64 kB och togs inte emot. Inget har sparats.');
    expect(await userCount()).toBe(before);
  });

  it('a streamed body without Content-Length is cut off at the limit too', async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 65536;
        if (sent > 64 * 1024 * 1024) controller.close();
        else controller.enqueue(new Uint8Array(65536).fill(0x61));
      },
    });
    const res = await app.request('/admin/anvandare/ny', {
      method: 'POST', body, headers: { Cookie: anna.cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(1024 * 1024); // it stopped reading: nowhere near the 64 MB on offer
  });

  it('a form within the limit still works', async () => {
    const res = await post(app, anna, '/admin/anvandare/ny', newUser());
    expect(res.status).toBe(303);
  });
});

describe('control characters', () => {
  it('a NUL in the list search answers 400 with a Swedish message, for the page and both exports', async () => {
    for (const path of ['/lista?sok=%00', '/lista/export.csv?sok=a%00b', '/lista/export.xlsx?sok=%01']) {
      const res = await get(app, ulla, path);
      expect(res.status, path).toBe(400);
      expect(await res.text(), path).toContain('innehåller otillåtna tecken (styrtecken');
    }
  });

  it('a NUL in a form field is refused beside the field and nothing is stored', async () => {
    const before = await userCount();
    const res = await post(app, anna, '/admin/anvandare/ny', newUser({ givenName: 'Te\u0000st' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="givenName-fel">[^<]*otillåtna tecken/);
    expect(await userCount()).toBe(before);
  });
});
