/**
 * Security audit (issue 14): where a login may send the browser afterwards, and what a login
 * started by another site does to the current session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { createApp } from '../../web/app.js';
import { safeReturnTo } from '../../web/auth/oidc.js';
import type { WebDeps } from '../../web/deps.js';
import { appSql, temporalClient } from '../support.js';
import { get, sessionOf } from '../web/admin-support.js';

const known = (path: string) => ['/lista', '/mv-admin/kommuner'].includes(path);

describe('returnTo after login', () => {
  it('never leaves the site: a TAB, CR/LF, backslash or other control character gives the start page', () => {
    for (const v of ['/\t/evil.example/phish', '/\n/evil.example', '/lista\r\nSet-Cookie: a=b', '/lista\u0000', '/\\\\evil.example', '/%09/x'])
      expect(safeReturnTo(v, known), JSON.stringify(v)).toBe('/');
  });

  it('goes only to known GET routes, never into /auth/', () => {
    expect(safeReturnTo('/lista?sok=haddad&sida=2', known)).toBe('/lista?sok=haddad&sida=2');
    expect(safeReturnTo('/finns-inte', known)).toBe('/');
    expect(safeReturnTo('/lista/../auth/login', known)).toBe('/');
    expect(safeReturnTo('https://localhost/lista', known)).toBe('/');
  });
});

describe('GET /auth/login while logged in', () => {
  const sql = appSql();
  let client: Client;
  let deps: WebDeps;
  beforeAll(async () => {
    client = await temporalClient();
    await seedOrganisationsAndUsers(sql);
    deps = { sql, temporal: client, publicUrl: 'http://localhost:3999' };
  });
  afterAll(async () => {
    await client?.connection.close();
    await sql.end();
  });

  it('sends the user on to where they were going and keeps the session (another site cannot log them out)', async () => {
    const app = createApp(deps);
    const mats = await sessionOf(sql, deps, 'SE2021002163-ADM1');
    const res = await get(app, mats, '/auth/login?returnTo=%2Fmv-admin%2Fkommuner');
    expect(res.status).toBe(302);
    expect(res.headers.get('Location')).toBe('/mv-admin/kommuner');
    expect(res.headers.get('Set-Cookie') ?? '').not.toMatch(/=;|Max-Age=0/);
    const after = await get(app, mats, '/mv-admin/kommuner');
    expect(after.status).toBe(200);
  });
});
