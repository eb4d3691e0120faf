/**
 * Issue 14: the local PostgreSQL cluster of npm start and npm test works wherever a newcomer
 * clones, also as root in a folder of mode 700 (root's home), where the postgres user that runs
 * the cluster cannot enter; and its application role never has a default password.
 * The whole two README commands from such a clone: scripts/check-clone-700.sh (several minutes).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { PG_RELOCATED_HOME, choosePgClusterDir, pgClusterDir, removePostgresCluster, startPostgres } from '../scripts/services.js';

const isRoot = process.getuid?.() === 0;

describe('where the local cluster keeps its files', () => {
  const wanted = '/root/h700/melker/.data/pg';
  it('stays where it was asked for as the invoking user, or as root when the postgres user can enter', () => {
    expect(choosePgClusterDir(wanted, { root: false, reachable: () => false, home: '/var/lib/melker' })).toBe(wanted);
    expect(choosePgClusterDir(wanted, { root: true, reachable: () => true, home: '/var/lib/melker' })).toBe(wanted);
  });

  it('as root, when the postgres user cannot enter the folder, goes to one stable place per requested folder', () => {
    const seen: string[] = [];
    const how = { root: true, reachable: (dir: string) => (seen.push(dir), false), home: '/var/lib/melker' };
    const dir = choosePgClusterDir(wanted, how);
    expect(dir).toMatch(/^\/var\/lib\/melker\/[0-9a-f]{16}\/pg$/);
    expect(seen).toEqual(['/root/h700/melker/.data']);
    expect(choosePgClusterDir(wanted, how)).toBe(dir);
    expect(choosePgClusterDir('/root/h700/other/.data/pg', how)).not.toBe(dir);
    expect(choosePgClusterDir('/root/h700/melker/.data/test/pg', how)).not.toBe(dir);
  });
});

describe('a cluster asked for inside a folder of mode 700 in the home folder', () => {
  const home = mkdtempSync(join(homedir(), 'melker-700-'));
  chmodSync(home, 0o700);
  const wanted = join(home, 'melker', '.data', 'pg');
  afterAll(() => {
    removePostgresCluster(wanted);
    rmSync(home, { recursive: true, force: true });
  });

  it('starts, is reachable by the user that runs it, and gives the application role a random password of its own', async () => {
    if (isRoot) {
      // What a start before this fix left behind: an empty folder and a password file nobody could use.
      mkdirSync(wanted, { recursive: true });
      writeFileSync(`${wanted}.superuser-password`, 'x');
    }
    const t0 = Date.now();
    const pg = await startPostgres({ dataDir: wanted, database: 'postgres' });
    console.log(`local-cluster: new cluster started in ${Date.now() - t0} ms (root: ${isRoot})`);
    const dir = pgClusterDir(wanted);
    if (isRoot) {
      expect(dir.startsWith(`${PG_RELOCATED_HOME}/`)).toBe(true);
      expect(lstatSync(wanted).isSymbolicLink()).toBe(true);
      expect(pgClusterDir(wanted)).toBe(dir);
      execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-r', join(dir, 'PG_VERSION')]);
      expect(readFileSync(join(dirname(dir), 'origin'), 'utf8').trim()).toBe(wanted);
    } else {
      expect(dir).toBe(wanted);
      expect(statSync(dir).uid).toBe(process.getuid!());
    }
    expect(statSync(`${dir}.app-password`).mode & 0o777).toBe(0o600);
    const appPassword = readFileSync(`${dir}.app-password`, 'utf8').trim();
    const url = new URL(pg.url);
    expect(url.username).toBe('melker_app');
    expect(decodeURIComponent(url.password)).toBe(appPassword);
    expect(appPassword).not.toBe('melker_app');
    expect(appPassword.length).toBeGreaterThanOrEqual(20);
    expect(await whoAmI(pg.url)).toBe('melker_app');
    await expect(whoAmI(devUrl(pg.url))).rejects.toThrow(/password authentication failed/);

    // A cluster from before, whose role still has the development password, gets the random one.
    const admin = postgres(pg.adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`alter role melker_app with password 'melker_app'`);
    await admin.end();
    expect(await whoAmI(devUrl(pg.url))).toBe('melker_app');
    const again = await startPostgres({ dataDir: wanted, database: 'postgres' });
    expect(again.url).toBe(pg.url);
    await expect(whoAmI(devUrl(pg.url))).rejects.toThrow(/password authentication failed/);
    expect(await whoAmI(again.url)).toBe('melker_app');

    // Stopped and started again, it is found in the same place (npm start is idempotent).
    await pg.stop();
    const third = await startPostgres({ dataDir: wanted, database: 'postgres' });
    expect(pgClusterDir(wanted)).toBe(dir);
    expect(third.url.replace(/:\d+\//, ':P/')).toBe(pg.url.replace(/:\d+\//, ':P/'));
    expect(await whoAmI(third.url)).toBe('melker_app');
    await third.stop();
  }, 120_000);
});

function devUrl(url: string): string {
  const u = new URL(url);
  u.password = 'melker_app';
  return u.toString();
}

async function whoAmI(url: string): Promise<string> {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    const [row] = await sql<{ name: string }[]>`select current_user as name`;
    return row!.name;
  } finally {
    await sql.end();
  }
}
