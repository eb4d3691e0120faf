/**
 * Starts the local services Melker needs: a private PostgreSQL cluster under .data/ (or, when the
 * cluster's user cannot reach the checkout, under /var/lib/melker with a link from .data/) and the
 * Temporal CLI dev server (built by scripts/setup.sh into a cache outside the repository).
 * Used by the start command, the test run's global setup and the benchmarks.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, chownSync, openSync, lstatSync, readlinkSync, rmSync, rmdirSync, symlinkSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import postgres from 'postgres';
import { SEARCH_ATTRIBUTES, createSearchAttributes } from '../config/search-attributes.js';

export { SEARCH_ATTRIBUTES };

export const repoRoot = resolve(import.meta.dirname, '..');
export const TEMPORAL_VERSION = process.env.MELKER_TEMPORAL_VERSION ?? '1.5.1';
export function temporalBinary(): string {
  const cache = process.env.MELKER_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'melker');
  const bin = join(cache, `temporal-${TEMPORAL_VERSION}`, 'bin', 'temporal');
  if (!existsSync(bin)) throw new Error(`Temporal CLI not found at ${bin}: run scripts/setup.sh`);
  return bin;
}

export async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((res) => {
      const srv = createServer();
      srv.once('error', () => res(null));
      srv.listen(port, '127.0.0.1', () => {
        const addr = srv.address();
        srv.close(() => res(typeof addr === 'object' && addr ? addr.port : null));
      });
    });
  if (preferred) {
    const p = await tryPort(preferred);
    if (p) return p;
  }
  const p = await tryPort(0);
  if (!p) throw new Error('no free port');
  return p;
}

// ---------------------------------------------------------------- PostgreSQL

function pgBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'postgres'))) : [];
  const v = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!v) throw new Error('PostgreSQL server binaries not found: run scripts/setup.sh');
  return join(base, v, 'bin');
}

const isRoot = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: run its tools as the postgres user then. */
function pgCommand(tool: string, args: string[]): [string, string[]] {
  const exe = join(pgBinDir(), tool);
  return isRoot ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
}

function runPg(tool: string, args: string[]): string {
  const [cmd, argv] = pgCommand(tool, args);
  // As the postgres user, from a folder it may enter (every path given is absolute).
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...(isRoot ? { cwd: '/' } : {}) });
}

function chownToPostgres(path: string) {
  if (!isRoot) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(path, uid, gid);
}

export type PostgresHandle = {
  /** connection for the application role (cannot change the access log) */
  url: string;
  /** connection for the owner (migrations, test set-up) */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
};

function isRunning(dataDir: string): boolean {
  try {
    runPg('pg_ctl', ['status', '-D', dataDir]);
    return true;
  } catch {
    return false;
  }
}

/** Where clusters live whose requested folder the postgres user cannot reach (root only). */
export const PG_RELOCATED_HOME = process.env.MELKER_PG_HOME ?? '/var/lib/melker';

/**
 * Where the files of a cluster asked for at `wanted` (an absolute path) are kept. As the invoking
 * user (not root) they stay there. As root the server runs as the postgres user, which must be
 * able to enter every folder above the cluster; a checkout in root's home (mode 700) is not, so
 * the cluster goes to `<home>/<hash of wanted>/<name>` instead: the same place on every run.
 */
export function choosePgClusterDir(wanted: string, how: { root: boolean; reachable: (dir: string) => boolean; home: string }): string {
  if (!how.root || how.reachable(dirname(wanted))) return wanted;
  const hash = createHash('sha256').update(wanted).digest('hex').slice(0, 16);
  return join(how.home, hash, basename(wanted));
}

/** Whether the postgres user can enter `dir` (or, while it does not exist, its nearest existing ancestor). */
function postgresCanEnter(dir: string): boolean {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  try {
    execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-x', d], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The folder the cluster asked for at `dataDir` really lives in: `dataDir` itself, or where its
 * link points (left by an earlier start), or the place choosePgClusterDir gives.
 */
export function pgClusterDir(dataDir: string): string {
  const wanted = resolve(dataDir);
  if (isSymlink(wanted)) return resolve(dirname(wanted), readlinkSync(wanted));
  return choosePgClusterDir(wanted, { root: isRoot, reachable: postgresCanEnter, home: PG_RELOCATED_HOME });
}

/** Stops the cluster asked for at `dataDir` if it runs and removes its files, wherever they are. */
export function removePostgresCluster(dataDir: string) {
  const wanted = resolve(dataDir);
  const dir = pgClusterDir(wanted);
  stopPostgres(wanted, 'immediate');
  for (const path of [dir, `${dir}.superuser-password`, `${dir}.app-password`, wanted, `${wanted}.superuser-password`, `${wanted}.app-password`]) {
    rmSync(path, { recursive: true, force: true });
  }
  // The relocated cluster's own folder (<home>/<hash>), never anything a link of someone else's points into.
  if (dir !== wanted && dirname(dirname(dir)) === resolve(PG_RELOCATED_HOME)) rmSync(dirname(dir), { recursive: true, force: true });
}

/**
 * Makes the folder for a cluster, reachable by the user that runs it. When it is kept elsewhere,
 * `wanted` becomes a link to it (an empty folder left by an earlier failed start is replaced).
 */
function prepareClusterDir(wanted: string, dir: string) {
  if (dir !== wanted) {
    mkdirSync(PG_RELOCATED_HOME, { recursive: true, mode: 0o755 });
    const own = dirname(dir);
    mkdirSync(own, { recursive: true, mode: 0o700 });
    chownToPostgres(own);
    writeFileSync(join(own, 'origin'), `${wanted}\n`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chownToPostgres(dir);
  if (dir !== wanted && !isSymlink(wanted)) {
    mkdirSync(dirname(wanted), { recursive: true });
    if (existsSync(wanted) && readdirSync(wanted).length === 0) rmdirSync(wanted);
    if (!existsSync(wanted)) symlinkSync(dir, wanted);
  }
}

/** A secret kept in a file of its own (mode 600), made once; concurrent starts agree on one. */
function secretFile(path: string): string {
  try {
    writeFileSync(path, randomBytes(18).toString('base64url'), { mode: 0o600, flag: 'wx' });
    chownToPostgres(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return readFileSync(path, 'utf8').trim();
}

export async function startPostgres(opts: { dataDir: string; port?: number; database?: string }): Promise<PostgresHandle> {
  const wanted = resolve(opts.dataDir);
  const dataDir = pgClusterDir(wanted);
  const database = opts.database ?? 'melker';
  const pwFile = `${dataDir}.superuser-password`;
  prepareClusterDir(wanted, dataDir);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    const t0 = Date.now();
    writeFileSync(pwFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    chownToPostgres(pwFile);
    runPg('initdb', ['-D', dataDir, '-U', 'postgres', '--pwfile', pwFile, '-E', 'UTF8', '--locale=C.UTF-8',
      '--auth-local=peer', '--auth-host=scram-sha-256']);
    console.error(`postgres: new cluster in ${dataDir} (${Date.now() - t0} ms)`);
  }
  const password = readFileSync(pwFile, 'utf8').trim();
  // The application role's password: random, made once per cluster, never a default.
  const appPassword = secretFile(`${dataDir}.app-password`);
  const portFile = join(dataDir, 'melker.port');
  let port: number;
  let startedHere = false;
  if (isRunning(dataDir) && existsSync(portFile)) {
    port = Number(readFileSync(portFile, 'utf8'));
  } else {
    port = await freePort(opts.port);
    writeFileSync(portFile, String(port));
    const logFile = join(dataDir, 'server.log');
    runPg('pg_ctl', ['start', '-D', dataDir, '-w', '-t', '60', '-l', logFile, '-o',
      `-p ${port} -c listen_addresses=127.0.0.1 -k ${dataDir} -c fsync=${process.env.CI ? 'off' : 'on'} -c max_connections=200 -c shared_buffers=256MB`]);
    startedHere = true;
  }
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  const boot = postgres(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await boot`select 1 from pg_database where datname = ${database}`;
    if (!exists) await boot.unsafe(`create database "${database}"`);
    // The migrations require the application role to exist (an operator creates it in production).
    // Here it is made by the cluster's superuser; a cluster from before still has the old
    // development password (melker_app) and gets the random one too.
    await boot.unsafe(`do $$ begin
      if not exists (select from pg_roles where rolname = 'melker_app') then create role melker_app login; end if;
    exception when duplicate_object or unique_violation then null;
    end $$`);
    await boot.unsafe(`alter role melker_app with login password '${appPassword}'`);
  } finally {
    await boot.end();
  }
  return {
    url: `postgres://melker_app:${encodeURIComponent(appPassword)}@127.0.0.1:${port}/${database}`,
    adminUrl,
    port,
    async stop() {
      if (startedHere && isRunning(dataDir)) runPg('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w']);
    },
  };
}

/** Stops and starts the cluster again on the same port (restart tests). */
export function stopPostgres(dataDir: string, mode: 'immediate' | 'fast' = 'immediate') {
  const dir = pgClusterDir(dataDir);
  if (isRunning(dir)) runPg('pg_ctl', ['stop', '-D', dir, '-m', mode, '-w']);
}
export function restartPostgres(dataDir: string) {
  const dir = pgClusterDir(dataDir);
  const port = readFileSync(join(dir, 'melker.port'), 'utf8').trim();
  runPg('pg_ctl', ['start', '-D', dir, '-w', '-t', '60', '-l', join(dir, 'server.log'), '-o',
    `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c max_connections=200`]);
}

// ---------------------------------------------------------------- Temporal

export type TemporalHandle = { address: string; uiUrl: string | null; process: ChildProcess | null; stop(): Promise<void> };

async function waitForTemporal(address: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const { Connection } = await import('@temporalio/client');
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`temporal dev server exited with code ${child.exitCode}`);
    try {
      const c = await Connection.connect({ address, connectTimeout: 1000 });
      await c.workflowService.getSystemInfo({});
      await c.close();
      return;
    } catch (e) {
      lastError = e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal at ${address} did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

export async function startTemporal(opts: { dbFile: string; port?: number; uiPort?: number | null; logFile?: string }): Promise<TemporalHandle> {
  const port = await freePort(opts.port);
  // The Web UI on the port asked for (or port + 1000), else on a free one: another instance may hold it.
  const uiPort = opts.uiPort === null ? null : await freePort(opts.uiPort ?? port + 1000);
  const args = ['server', 'start-dev', '--db-filename', resolve(opts.dbFile), '--ip', '127.0.0.1', '--port', String(port)];
  if (uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  for (const [k, v] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${k}=${v}`);
  // Write-ahead logging: durable across process crashes, far fewer fsyncs than the default journal.
  args.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  mkdirSync(resolve(opts.dbFile, '..'), { recursive: true });
  const out = opts.logFile ? openSync(opts.logFile, 'a') : 'ignore';
  const child = spawn(temporalBinary(), args, { stdio: ['ignore', out, out], detached: false });
  const address = `127.0.0.1:${port}`;
  await waitForTemporal(address, 60_000, child);
  return {
    address,
    uiUrl: uiPort === null ? null : `http://127.0.0.1:${uiPort}`,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Registers the workflows' search attributes on an existing namespace (idempotent; the local servers). */
export async function ensureSearchAttributes(address: string, namespace: string): Promise<void> {
  const { Connection } = await import('@temporalio/client');
  const c = await Connection.connect({ address });
  try {
    await createSearchAttributes(c, namespace);
  } finally {
    await c.close();
  }
}
