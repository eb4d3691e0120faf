/**
 * The production entry points as separate processes, for the benchmarks and the scale-out test:
 * `web/server.ts` and `scripts/worker.ts` started with the settings an operator gives them (fail
 * closed: an https issuer and public URL, a database role of their own), and region users with a
 * session, a CSRF token and the form the browser posts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Sql } from '../db/sql.js';
import { freePort, repoRoot } from '../scripts/services.js';
import { createSession } from '../web/session.js';
import { CSRF_FIELD } from '../web/security.js';

/** What the web process is told it is reached at (cookies are then `__Host-` and Secure). */
export const PUBLIC_URL = 'https://melker.bench.example';
const SESSION_COOKIE = '__Host-melker_session';

/**
 * A login role of its own that is a member of melker_app, with a random password, as an operator
 * gives each deployment (the processes need no superuser URL). Answers its DATABASE_URL.
 */
export async function ownAppRole(admin: Sql, appUrl: string, name: string): Promise<string> {
  const password = randomBytes(18).toString('base64url');
  await admin.unsafe(`do $$ begin
    if not exists (select from pg_roles where rolname = '${name}') then create role ${name} login; end if;
  end $$`);
  await admin.unsafe(`alter role ${name} login password '${password}'`);
  await admin.unsafe(`grant melker_app to ${name}`);
  const url = new URL(appUrl);
  url.username = name;
  url.password = password;
  return url.toString();
}

export type Proc = { child: ChildProcess; pid: number; output: () => string; exited: Promise<number | null>; stop: (signal?: NodeJS.Signals) => Promise<number | null> };

function start(script: string, env: Record<string, string>, ready: RegExp | (() => Promise<boolean>), timeoutMs = 120_000): Promise<Proc> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, script)], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (code, signal) => r(code ?? (signal ? -1 : null))));
  const proc: Proc = {
    child, pid: child.pid!, output: () => out, exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not get ready within ${timeoutMs} ms:\n${out.slice(-3000)}`));
    }, timeoutMs);
    let done = false;
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.length > 200_000) out = out.slice(-100_000);
      if (!done && ready instanceof RegExp && ready.test(out)) {
        done = true;
        clearTimeout(timer);
        resolve(proc);
      }
    };
    if (typeof ready === 'function') {
      void (async () => {
        while (!done && child.exitCode === null) {
          if (await ready().catch(() => false)) {
            done = true;
            clearTimeout(timer);
            resolve(proc);
            return;
          }
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
    }
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready:\n${out.slice(-3000)}`));
    });
  });
}

export type Settings = { databaseUrl: string; temporalAddress: string; taskQueue: string; namespace?: string };

const temporalEnv = (s: Settings) => ({
  DATABASE_URL: s.databaseUrl, TEMPORAL_ADDRESS: s.temporalAddress, MELKER_TASK_QUEUE: s.taskQueue, TEMPORAL_NAMESPACE: s.namespace ?? 'default',
});

/** `npm run web` on a port of its own; ready once it answers HTTP. */
export async function startWebProcess(s: Settings, port: number): Promise<Proc & { base: string }> {
  const proc = await start('web/server.ts', {
    ...temporalEnv(s), PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL, METRICS_HOST: '127.0.0.1', METRICS_PORT: String(await freePort()),
    OIDC_ISSUER: 'https://idp.bench.example', OIDC_CLIENT_ID: 'melker-bench', OIDC_CLIENT_SECRET: randomBytes(12).toString('hex'),
    LOG_LEVEL: 'warn',
  }, async () => (await fetch(`http://127.0.0.1:${port}/livez`)).status > 0);
  return Object.assign(proc, { base: `http://127.0.0.1:${port}` });
}

/** `npm run worker`, its metrics on a port of its own; ready once it polls its task queue. */
export async function startWorkerProcess(s: Settings): Promise<Proc & { metricsPort: number }> {
  const metricsPort = await freePort();
  const proc = await start('scripts/worker.ts', { ...temporalEnv(s), LOG_LEVEL: 'info', WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}` }, /polling task queue/);
  return Object.assign(proc, { metricsPort });
}

export type RegionSession = { cookie: string; csrf: string; hsaId: string };

/** `n` users of the region with the permissions to see and report, each logged in. */
export async function regionReporters(sql: Sql, region: string, n: number, tag: string): Promise<RegionSession[]> {
  const sessions: RegionSession[] = [];
  for (let i = 0; i < n; i++) {
    const hsaId = `SE${region.replace('-', '')}-${tag}${i}`;
    const [u] = await sql<{ id: string }[]>`
      insert into users (hsa_id, given_name, family_name, email, org_number, role)
      values (${hsaId}, 'Bänk', ${`Användare ${i}`}, ${`${tag.toLowerCase()}${i}@bench.example`}, ${region}, 'user')
      on conflict (hsa_id) do update set active = true returning id`;
    for (const p of ['Se asylsökande m.fl. i länet', 'Rapportera hälsoundersökning']) {
      await sql`insert into user_permissions (user_id, permission) values (${u!.id}, ${p}) on conflict do nothing`;
    }
    const s = await createSession(sql, u!.id);
    sessions.push({ cookie: `${SESSION_COOKIE}=${s.token}`, csrf: s.csrfToken, hsaId });
  }
  return sessions;
}

export type WebReport = { status: number; ok: boolean; text: string };

/** What the browser sends when the user reports an exam from the list's row panel (htmx form post). */
export async function reportThroughWeb(base: string, s: RegionSession, dossier: string, examDate: string): Promise<WebReport> {
  const res = await fetch(`${base}/lista/person/${dossier}/rapport`, {
    method: 'POST', redirect: 'manual',
    headers: {
      cookie: s.cookie, origin: PUBLIC_URL, 'content-type': 'application/x-www-form-urlencoded',
      'hx-request': 'true', 'hx-target': `person-${dossier}`, 'hx-current-url': `${PUBLIC_URL}/lista`,
    },
    body: new URLSearchParams({ [CSRF_FIELD]: s.csrf, examDate }).toString(),
  });
  const text = await res.text();
  return { status: res.status, ok: res.status === 200 && text.includes(`Hälsoundersökningen den ${examDate} är rapporterad.`), text };
}
