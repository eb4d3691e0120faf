/**
 * The README's start command: local PostgreSQL and Temporal dev server (unless given by env),
 * migrations, the demo world on first start, the worker and the web server. Ctrl-C stops all.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { purgeExpiredSessions } from '../web/abuse.js';
import { serveWeb } from '../web/http-server.js';
import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { connect } from '../db/sql.js';
import { migrate } from '../db/migrate.js';
import { createApp } from '../web/app.js';
import { createLogger } from '../observability/log.js';
import { authConfigFromEnv } from '../web/auth/oidc.js';
import { startDevIdp } from '../web/dev-idp/index.js';
import { sessionOptionsFromEnv } from '../web/session.js';
import { TASK_QUEUE } from '../contract/index.js';
import { ensureSearchAttributes, repoRoot, startPostgres, startTemporal, type PostgresHandle, type TemporalHandle } from './services.js';
import { createWorker } from './worker.js';
import { ensureFeedSchedule } from './schedule.js';
import { loadDemoWorldIfEmpty } from './demo-load.js';

const dataDir = join(repoRoot, '.data');
mkdirSync(dataDir, { recursive: true });
const t0 = Date.now();
const stops: (() => Promise<unknown>)[] = [];
let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nStänger av …');
  let failed = false;
  for (const stop of stops.reverse()) await stop().catch((e) => { failed = true; console.error(e); });
  if (!failed) console.log('Melker har stängts av.');
  process.exit(code || (failed ? 1 : 0));
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

try {
  let pg: PostgresHandle | null = null;
  if (!process.env.DATABASE_URL) {
    pg = await startPostgres({ dataDir: join(dataDir, 'pg'), port: 54329 });
    stops.push(() => pg!.stop());
  }
  const databaseUrl = process.env.DATABASE_URL ?? pg!.url;
  const admin = connect(process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL ?? pg!.adminUrl, { max: 1 });
  const applied = await migrate(admin);
  await admin.end();
  if (applied.length) console.log(`Migreringar: ${applied.join(', ')}`);
  const sql = connect(databaseUrl);
  stops.push(() => sql.end());

  let temporal: TemporalHandle | null = null;
  if (!process.env.TEMPORAL_ADDRESS) {
    temporal = await startTemporal({ dbFile: join(dataDir, 'temporal.db'), port: 7233, uiPort: 8233, logFile: join(dataDir, 'temporal.log') });
    stops.push(() => temporal!.stop());
  }
  const address = process.env.TEMPORAL_ADDRESS ?? temporal!.address;
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  await ensureSearchAttributes(address, namespace);
  // The native (Rust) connection: cheaper per call than the pure-JS gRPC one.
  const connection = await NativeConnection.connect({ address });
  stops.push(() => connection.close());
  const client = new Client({ connection, namespace });

  const { worker } = await createWorker({ address, namespace, sql });
  const running = worker.run();
  stops.push(async () => {
    // The SDK itself reacts to SIGINT/SIGTERM by draining; only ask when it has not.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  });

  const feedSource = await loadDemoWorldIfEmpty({ sql, adminUrl: process.env.MIGRATION_DATABASE_URL ?? pg?.adminUrl, client, dataDir });
  await ensureFeedSchedule(client, process.env.MELKER_FEED_SOURCE ?? feedSource);

  const port = Number(process.env.PORT ?? 3000);
  const publicUrl = (process.env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  // The region's IdP when configured, else the built-in development IdP with the demo SITHS cards.
  let auth = authConfigFromEnv();
  if (!auth) {
    const idp = await startDevIdp({ port: Number(process.env.OIDC_DEV_PORT ?? 3001), redirectUris: [`${publicUrl}/auth/callback`] });
    stops.push(() => idp.stop());
    auth = idp;
    console.log(`Utvecklings-IdP: ${idp.issuer}`);
  }
  // The demo's terminal shows the URLs and warnings, not a JSON line per request (LOG_LEVEL=info does).
  const log = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  const app = createApp({ sql, temporal: client, publicUrl, auth, session: sessionOptionsFromEnv() }, { log });
  const web = await serveWeb(app.fetch, { port, hostname: process.env.HOST ?? '127.0.0.1' });
  stops.push(() => web.close());
  // Logins never completed leave pre-sessions behind: purge expired sessions every ten minutes.
  const purge = setInterval(() => void purgeExpiredSessions(sql).catch((e) => console.error('Rensning av sessioner misslyckades:', e)), 10 * 60_000);
  purge.unref();
  stops.push(async () => clearInterval(purge));

  console.log(`\nMelker körs (${((Date.now() - t0) / 1000).toFixed(1)} s):`);
  console.log(`  Webbapplikation: http://localhost:${port}/`);
  // The ports asked for are taken when another instance runs: the printed ones are those in use.
  if (temporal?.uiUrl) console.log(`  Temporal Web UI: ${temporal.uiUrl.replace('127.0.0.1', 'localhost')}/namespaces/${namespace}/workflows`);
  console.log(`  Arbetskö: ${TASK_QUEUE}. Avsluta med Ctrl-C.`);
} catch (e) {
  console.error('Melker kunde inte starta:', e instanceof Error ? e.message : e);
  await shutdown(1);
}
