import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { E_SERVICES, UNACCOMPANIED_PERMISSION } from '../../domain/e-services.js';
import { allRoutes, createApp } from '../../web/app.js';
import { feature, requireSameRegion, STAFF_ROLES } from '../../web/routes.js';
import { renderPage } from '../../web/layout.js';
import { createSession, sessionCookieName } from '../../web/session.js';
import { REGION_PERMISSIONS, type WebDeps } from '../../web/deps.js';
import { startDevIdp, type DevIdp } from '../../web/dev-idp/index.js';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { freePort } from '../../scripts/services.js';
import { appSql, temporalClient } from '../support.js';

const sql = appSql();
let client: Client;
let idp: DevIdp;
let deps: WebDeps;

/** Probe routes standing in for the features of issues 5 and 6. */
const probe = feature('/prov', (r) => {
  r.get('/lista', 'Se asylsökande m.fl. i länet', (c) => renderPage(c, { title: 'Lista', active: '/lista' }, 'lista'));
  r.post('/lista', 'Rapportera hälsoundersökning', async (c) => c.text(`ok ${(await c.req.parseBody()).value ?? ''}`));
  r.get('/skicka', 'Skicka in ansökan om ersättning', (c) => c.text('skicka'));
  r.get('/admin', 'admin', (c) => c.text('admin'));
  r.get('/valfri', ['officer', 'sysadmin'], (c) => c.text('valfri'));
  r.get('/region/:org', 'Se asylsökande m.fl. i länet', async (c) => {
    await requireSameRegion(c, c.req.param('org'), { type: 'person', id: '01-000001' });
    return c.text('samma region');
  });
  r.get('/krasch', 'authenticated', () => {
    throw new Error('boom');
  });
});
/** Stands in for the list tab until issue 5 mounts the real one (which then wins: it is mounted first). */
const listTab = feature('/lista', (r) => {
  r.get('/', 'Se asylsökande m.fl. i länet', (c) => renderPage(c, { title: 'Asylsökande m.fl. i länet', active: '/lista' }, 'lista'));
});
const app = () => createApp(deps, { extraFeatures: [probe, listTab] });

async function sessionOf(hsaId: string) {
  const [u] = await sql<{ id: string }[]>`select id from users where hsa_id = ${hsaId}`;
  const s = await createSession(sql, u!.id);
  return { cookie: `${sessionCookieName(deps)}=${s.token}`, csrf: s.csrfToken };
}
async function lastLog(action?: string) {
  const [row] = action
    ? await sql`select * from access_log where action = ${action} order by id desc limit 1`
    : await sql`select * from access_log order by id desc limit 1`;
  return row!;
}

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  const port = await freePort();
  idp = await startDevIdp({ port, redirectUris: ['http://localhost:3999/auth/callback'] });
  deps = { sql, temporal: client, publicUrl: 'http://localhost:3999', auth: idp };
});
afterAll(async () => {
  await idp.stop();
  await client.connection.close();
  await sql.end();
});

describe('the route table', () => {
  it('lists every route with a permission', () => {
    const routes = allRoutes();
    expect(routes).toContainEqual({ method: 'GET', path: '/', permission: 'public' });
    expect(routes).toContainEqual({ method: 'POST', path: '/auth/logout', permission: 'authenticated' });
    const valid = new Set<string>(['public', 'authenticated', ...REGION_PERMISSIONS, UNACCOMPANIED_PERMISSION, ...E_SERVICES.map((s) => `e-tjänst:${s}`), ...STAFF_ROLES]);
    for (const r of routes) for (const p of [r.permission].flat()) expect(valid.has(p), `${r.method} ${r.path}`).toBe(true);
  });

  it('refuses to build an app with a handler that has no entry in the table', () => {
    const sneaky = feature('/smyg', (r) => r.get('/', 'public', (c) => c.text('ok')));
    sneaky.app.get('/hemlig', (c) => c.text('hemlig'));
    expect(() => createApp(deps, { extraFeatures: [sneaky] })).toThrow(/GET \/smyg\/hemlig/);
  });

  it('answers 404 (in Swedish) for a path that is not in the table', async () => {
    const res = await app().request('/finns/inte');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Sidan finns inte');
  });
});

describe('the guard', () => {
  it('sends an anonymous GET of a protected route to login and logs the denial', async () => {
    const res = await app().request('/prov/lista?sok=a');
    expect(res.status).toBe(302);
    expect(res.headers.get('Location')).toBe('/auth/login?returnTo=%2Fprov%2Flista%3Fsok%3Da');
    expect(await lastLog('access')).toMatchObject({ outcome: 'denied', object_id: 'GET /prov/lista', actor_hsa_id: null });
  });

  it('answers an anonymous htmx request with 401 and HX-Redirect', async () => {
    const res = await app().request('/prov/lista', { headers: { 'HX-Request': 'true' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('HX-Redirect')).toMatch(/^\/auth\/login\?returnTo=/);
  });

  it('answers an anonymous POST with 401', async () => {
    const res = await app().request('/prov/lista', { method: 'POST' });
    expect(res.status).toBe(401);
  });

  it('lets a user with the permission in and keeps others out with 403, logged', async () => {
    const ulla = await sessionOf('SE2321000016-USR1');
    expect((await app().request('/prov/lista', { headers: { Cookie: ulla.cookie } })).status).toBe(200);
    const rolf = await sessionOf('SE2321000016-USR2');
    expect((await app().request('/prov/skicka', { headers: { Cookie: rolf.cookie } })).status).toBe(403);
    expect(await lastLog('access')).toMatchObject({ outcome: 'denied', actor_hsa_id: 'SE2321000016-USR2', object_id: 'GET /prov/skicka' });
    const anna = await sessionOf('SE2321000016-ADM1');
    const res = await app().request('/prov/lista', { headers: { Cookie: anna.cookie } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Du saknar behörighet');
    expect((await app().request('/prov/admin', { headers: { Cookie: anna.cookie } })).status).toBe(200);
    expect((await app().request('/prov/admin', { headers: { Cookie: ulla.cookie } })).status).toBe(403);
  });

  it('accepts any one of a list of permissions', async () => {
    const mats = await sessionOf('SE2021002163-ADM1');
    const hanna = await sessionOf('SE2021002163-HL1');
    const rita = await sessionOf('SE2021002163-RF1');
    expect((await app().request('/prov/valfri', { headers: { Cookie: mats.cookie } })).status).toBe(200);
    expect((await app().request('/prov/valfri', { headers: { Cookie: hanna.cookie } })).status).toBe(200);
    expect((await app().request('/prov/valfri', { headers: { Cookie: rita.cookie } })).status).toBe(403);
  });

  it('denies a revoked permission on the very next request', async () => {
    const ulla = await sessionOf('SE2321000016-USR1');
    const [u] = await sql`select id from users where hsa_id = 'SE2321000016-USR1'`;
    expect((await app().request('/prov/lista', { headers: { Cookie: ulla.cookie } })).status).toBe(200);
    await sql`delete from user_permissions where user_id = ${u!.id} and permission = 'Se asylsökande m.fl. i länet'`;
    try {
      expect((await app().request('/prov/lista', { headers: { Cookie: ulla.cookie } })).status).toBe(403);
    } finally {
      await sql`insert into user_permissions (user_id, permission) values (${u!.id}, 'Se asylsökande m.fl. i länet') on conflict do nothing`;
    }
  });

  it('answers 404 for another region\'s object and logs it', async () => {
    const vera = await sessionOf('SE2321000131-USR1');
    expect((await app().request('/prov/region/232100-0131', { headers: { Cookie: vera.cookie } })).status).toBe(200);
    const res = await app().request('/prov/region/232100-0016', { headers: { Cookie: vera.cookie } });
    expect(res.status).toBe(404);
    expect(await lastLog('access')).toMatchObject({ outcome: 'denied', actor_hsa_id: 'SE2321000131-USR1', object_type: 'person', object_id: '01-000001' });
  });
});

describe('CSRF protection', () => {
  it('refuses a POST without the token with 403', async () => {
    const ulla = await sessionOf('SE2321000016-USR1');
    const res = await app().request('/prov/lista', {
      method: 'POST', headers: { Cookie: ulla.cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'value=1',
    });
    expect(res.status).toBe(403);
    expect(await lastLog('csrf')).toMatchObject({ outcome: 'denied', actor_hsa_id: 'SE2321000016-USR1' });
  });

  it('refuses a wrong token and a foreign Origin', async () => {
    const ulla = await sessionOf('SE2321000016-USR1');
    const form = { Cookie: ulla.cookie, 'Content-Type': 'application/x-www-form-urlencoded' };
    expect((await app().request('/prov/lista', { method: 'POST', headers: form, body: '_csrf=fel' })).status).toBe(403);
    expect((await app().request('/prov/lista', {
      method: 'POST', headers: { ...form, Origin: 'http://evil.example' }, body: `_csrf=${ulla.csrf}`,
    })).status).toBe(403);
  });

  it('accepts the token as form field or X-CSRF-Token header, and the handler still reads the form', async () => {
    const ulla = await sessionOf('SE2321000016-USR1');
    const form = { Cookie: ulla.cookie, 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost:3999' };
    const a = await app().request('/prov/lista', { method: 'POST', headers: form, body: `_csrf=${ulla.csrf}&value=42` });
    expect(a.status).toBe(200);
    expect(await a.text()).toBe('ok 42');
    const b = await app().request('/prov/lista', { method: 'POST', headers: { ...form, 'X-CSRF-Token': ulla.csrf }, body: 'value=7' });
    expect(await b.text()).toBe('ok 7');
  });
});

describe('headers and pages', () => {
  it('sends a nonce CSP, no framing, a referrer policy and no-store', async () => {
    const ulla = await sessionOf('SE2321000016-USR1');
    const res = await app().request('/lista', { headers: { Cookie: ulla.cookie } });
    const csp = res.headers.get('Content-Security-Policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(res.headers.get('Referrer-Policy')).toBe('same-origin');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain(`<script src="/static/htmx.min.js" nonce="${nonce}"`);
    expect(html).toMatch(/^<!DOCTYPE html><html lang="sv">/);
    expect(html).toContain('Region Stockholm');
    expect(html).toContain('Ulla Användare');
    expect(html).toMatch(/<form class="logout-form" method="post" action="\/auth\/logout"><input type="hidden" name="_csrf" value="[^"]+"/);
    expect(html).toContain(`hx-headers="{&quot;X-CSRF-Token&quot;:&quot;${ulla.csrf}&quot;}"`);
    expect(html).toContain('aria-current="page"');
  });

  it('gives htmx requests the fragment only', async () => {
    const ulla = await sessionOf('SE2321000016-USR1');
    const res = await app().request('/prov/lista', { headers: { Cookie: ulla.cookie, 'HX-Request': 'true' } });
    expect(await res.text()).toBe('lista');
    expect(res.headers.get('Vary')).toContain('HX-Request');
  });

  it('serves htmx and the FKUI CSS from node_modules, cacheable', async () => {
    const js = await app().request('/static/htmx.min.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('Content-Type')).toContain('javascript');
    expect(js.headers.get('Cache-Control')).toContain('max-age');
    const css = await app().request('/static/fkui.css');
    expect(css.status).toBe(200);
    expect(await css.text()).toContain('.button--primary');
    expect((await app().request('/static/..%2Fpackage.json')).status).toBe(404);
  });

  it('shows visitors the login button and sends users to their first tab', async () => {
    const visitor = await app().request('/');
    expect(await visitor.text()).toContain('Logga in med SITHS-kort');
    const ulla = await sessionOf('SE2321000016-USR1');
    const res = await app().request('/', { headers: { Cookie: ulla.cookie } });
    expect(res.status).toBe(302);
    expect(res.headers.get('Location')).toBe('/lista');
    // Without the tab's route in the table, no tab leads to a 404: she gets a start page.
    const bare = await createApp(deps).request('/', { headers: { Cookie: ulla.cookie } });
    if (bare.status === 200) expect(await bare.text()).toContain('Välkommen, Ulla Användare');
  });

  it('answers an unexpected error with a Swedish 500 page and a reference', async () => {
    const ulla = await sessionOf('SE2321000016-USR1');
    const res = await app().request('/prov/krasch', { headers: { Cookie: ulla.cookie } });
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/Ett tekniskt fel inträffade[\s\S]*ML-[0-9A-F]{10}/);
  });
});

describe('session', () => {
  it('starts a login with an HttpOnly, SameSite=Lax pre-session cookie and redirects to the IdP with PKCE', async () => {
    const res = await app().request('/auth/login?returnTo=/prov/lista');
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('Location')!);
    expect(location.origin).toBe(idp.issuer);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('redirect_uri')).toBe('http://localhost:3999/auth/callback');
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('nonce')).toBeTruthy();
    const cookie = res.headers.get('Set-Cookie')!;
    expect(cookie).toMatch(/^melker_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it('uses Secure and the __Host- prefix under https', async () => {
    const https = createApp({ ...deps, publicUrl: 'https://melker.example' });
    const res = await https.request('/auth/login');
    const cookie = res.headers.get('Set-Cookie')!;
    expect(cookie).toMatch(/^__Host-melker_session=[\w-]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
  });

  it('ends after the idle timeout', async () => {
    const ulla = await sessionOf('SE2321000016-USR1');
    expect((await app().request('/prov/lista', { headers: { Cookie: ulla.cookie } })).status).toBe(200);
    await sql`update sessions set last_seen_at = now() - interval '31 minutes' where csrf_token = ${ulla.csrf}`;
    expect((await app().request('/prov/lista', { headers: { Cookie: ulla.cookie } })).status).toBe(302);
  });

  it('ends after the absolute lifetime even when active', async () => {
    const ulla = await sessionOf('SE2321000016-USR1');
    await sql`update sessions set expires_at = now() - interval '1 second' where csrf_token = ${ulla.csrf}`;
    expect((await app().request('/prov/lista', { headers: { Cookie: ulla.cookie } })).status).toBe(302);
  });

  it('is invalidated server-side at logout (POST with CSRF only)', async () => {
    const ulla = await sessionOf('SE2321000016-USR1');
    const headers = { Cookie: ulla.cookie, 'Content-Type': 'application/x-www-form-urlencoded' };
    expect((await app().request('/auth/logout', { method: 'POST', headers, body: '' })).status).toBe(403);
    const res = await app().request('/auth/logout', { method: 'POST', headers, body: `_csrf=${ulla.csrf}` });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/auth/utloggad');
    expect(res.headers.get('Set-Cookie')).toMatch(/melker_session=;.*Max-Age=0/);
    expect(await sql`select 1 from sessions where csrf_token = ${ulla.csrf}`).toHaveLength(0);
    expect((await app().request('/prov/lista', { headers: { Cookie: ulla.cookie } })).status).toBe(302);
    expect(await lastLog('logout')).toMatchObject({ actor_hsa_id: 'SE2321000016-USR1', outcome: 'ok' });
    const page = await app().request('/auth/utloggad');
    expect(await page.text()).toContain('Du är utloggad');
  });

  it('shows the failure page when the callback comes without a started login', async () => {
    const res = await app().request('/auth/callback?code=x&state=y');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Inloggningen misslyckades / Login failed');
    const ref = /ML-[0-9A-F]{10}/.exec(html)![0];
    const [row] = await sql`select * from access_log where detail->>'reference' = ${ref}`;
    expect(row).toMatchObject({ action: 'login', outcome: 'failed' });
  });
});

