/**
 * Issue 14: outside the demo, the web and worker processes validate their settings at start and
 * fail closed with one message naming every missing or unsafe setting.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { webConfig, workerConfig } from '../config/production.js';
import { repoRoot } from '../scripts/services.js';

const bare = { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp' };
const run = (script: string, env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, script)], { env: { ...bare, ...env }, encoding: 'utf8', timeout: 60_000 });

const GOOD = {
  DATABASE_URL: 'postgres://melker_web:s3cret-from-vault@db.example:5432/melker',
  TEMPORAL_ADDRESS: 'temporal.example:7233',
  OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'melker', OIDC_CLIENT_SECRET: 'x',
  PUBLIC_URL: 'https://melker.example',
};

describe('production settings', () => {
  it('the web process without settings exits non-zero, naming every missing one', () => {
    const r = run('web/server.ts', {});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Melker (webb) startar inte: inställningarna är ofullständiga eller osäkra.');
    for (const name of ['DATABASE_URL saknas', 'TEMPORAL_ADDRESS saknas', 'OIDC_ISSUER saknas', 'OIDC_CLIENT_ID saknas', 'OIDC_CLIENT_SECRET saknas', 'PUBLIC_URL saknas']) {
      expect(r.stderr).toContain(name);
    }
  });

  it('the web process refuses unsafe settings: http issuer and address, the development database password, demo switches', () => {
    const r = run('web/server.ts', {
      ...GOOD, OIDC_ISSUER: 'http://idp.example', PUBLIC_URL: 'http://melker.example',
      DATABASE_URL: 'postgres://melker_app:melker_app@db.example:5432/melker', MELKER_DEV_IDP: 'true',
    });
    expect(r.status).toBe(1);
    for (const text of ['OIDC_ISSUER ska vara en https-adress', 'PUBLIC_URL ska vara en https-adress', 'utvecklingslösenordet', 'MELKER_DEV_IDP']) {
      expect(r.stderr).toContain(text);
    }
  });

  it('the worker without settings exits non-zero, naming them', () => {
    const r = run('scripts/worker.ts', {});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Melker (worker) startar inte');
    expect(r.stderr).toContain('DATABASE_URL saknas');
    expect(r.stderr).toContain('TEMPORAL_ADDRESS saknas');
  });

  it('the worker refuses the development database password too', () => {
    const r = run('scripts/worker.ts', { DATABASE_URL: 'postgres://melker_app:melker_app@db.example:5432/melker', TEMPORAL_ADDRESS: 'temporal.example:7233' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Melker (worker) startar inte');
    expect(r.stderr).toContain('DATABASE_URL använder utvecklingslösenordet');
    for (const password of ['melker_app', 'melker_worker']) {
      const checked = workerConfig({ ...GOOD, DATABASE_URL: `postgres://melker_worker:${password}@db.example:5432/melker` });
      expect(!checked.ok && checked.problems).toEqual(['DATABASE_URL använder utvecklingslösenordet: ge databasrollen ett eget lösenord.']);
    }
    expect(workerConfig(GOOD).ok).toBe(true);
  });

  it('accepts complete settings, with TLS when a certificate pair or an API key is given', () => {
    const web = webConfig(GOOD);
    expect(web.ok).toBe(true);
    expect(web.ok && web.config.temporal.tls).toBeNull();
    const cloud = workerConfig({ ...GOOD, TEMPORAL_API_KEY: 'key', TEMPORAL_NAMESPACE: 'melker.abc12' });
    expect(cloud.ok && cloud.config.temporal).toMatchObject({ apiKey: 'key', namespace: 'melker.abc12', tls: {} });
    const half = workerConfig({ ...GOOD, TEMPORAL_TLS_CERT: '/finns/inte.pem' });
    expect(half.ok).toBe(false);
    expect(!half.ok && half.problems.join('\n')).toMatch(/TEMPORAL_TLS_CERT och TEMPORAL_TLS_KEY anges tillsammans[\s\S]*kan inte läsas|kan inte läsas[\s\S]*anges tillsammans/);
  });
});
