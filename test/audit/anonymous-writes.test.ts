/**
 * Security audit (issue 14): anonymous clients cannot make the service write without limit —
 * repeated anonymous denials are aggregated, login starts are rate-limited per client, and
 * expired pre-sessions are purged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { purgeExpiredSessions } from '../../web/abuse.js';
import { createApp } from '../../web/app.js';
import type { WebDeps } from '../../web/deps.js';
import { appSql, temporalClient } from '../support.js';

const sql = appSql();
let client: Client;
let deps: WebDeps;
const rowsSince = async (id: number, objectId?: string) => Number((await sql`
  select count(*)::int as n from access_log where id > ${id} ${objectId ? sql`and object_id = ${objectId}` : sql``}`)[0]!.n);
const lastId = async () => Number((await sql`select coalesce(max(id), 0)::bigint as id from access_log`)[0]!.id);

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  deps = { sql, temporal: client, publicUrl: 'http://localhost:3999' };
});
afterAll(async () => {
  await client?.connection.close();
  await sql.end();
});

describe('anonymous requests', () => {
  it('200 anonymous denials of one route in a minute write one log row; the next minute\'s row counts the repeats', async () => {
    let now = Date.now();
    const app = createApp(deps, { abuse: { now: () => now } });
    const before = await lastId();
    for (let i = 0; i < 200; i++) {
      const res = await app.request('/admin/anvandare', { headers: { 'HX-Request': 'true' } });
      expect(res.status).toBe(401);
    }
    expect(await rowsSince(before, 'GET /admin/anvandare')).toBe(1);
    now += 61_000;
    await app.request('/admin/anvandare', { headers: { 'HX-Request': 'true' } });
    const [row] = await sql`select detail from access_log where id > ${before} and object_id = 'GET /admin/anvandare' order by id desc limit 1`;
    expect(row!.detail).toMatchObject({ upprepningarFöregåendeMinut: 199 });
  });

  it('a client starting logins without end is answered 429 after the limit, and nothing more is written', async () => {
    const app = createApp(deps, { abuse: { loginsPerMinute: 20 } });
    const before = await lastId();
    const sessionsBefore = Number((await sql`select count(*)::int as n from sessions`)[0]!.n);
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) statuses.push((await app.request('/auth/login')).status);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    expect(statuses.slice(0, 20).every((s) => s !== 429)).toBe(true);
    expect(await rowsSince(before)).toBeLessThanOrEqual(20);
    expect(Number((await sql`select count(*)::int as n from sessions`)[0]!.n)).toBeLessThanOrEqual(sessionsBefore + 20);
    const res = await app.request('/auth/login');
    expect(await res.text()).toContain('för många inloggningsförsök');
  });

  it('expired pre-sessions are purged', async () => {
    await sql`insert into sessions (id, csrf_token, login_state, expires_at)
      values ('test-expired-presession', 'x', ${sql.json({ state: 's' })}, now() - interval '1 minute')`;
    expect(await purgeExpiredSessions(sql)).toBeGreaterThanOrEqual(1);
    expect(await sql`select 1 from sessions where id = 'test-expired-presession'`).toHaveLength(0);
  });
});
