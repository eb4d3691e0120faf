/**
 * The web process alone, for production (`npm run web`): the settings of config/production.ts,
 * validated at start (fail closed); no migrations (the migrate step runs them with its own role),
 * no development IdP, no demo data. Several can run behind a load balancer.
 */
import { Client, Connection } from '@temporalio/client';
import { configurationMessage, temporalConnectionOptions, webConfig } from '../config/production.js';
import { listMigrations } from '../db/migrate.js';
import { connect } from '../db/sql.js';
import { purgeExpiredSessions } from './abuse.js';
import { createApp } from './app.js';
import { serveWeb } from './http-server.js';

const checked = webConfig();
if (!checked.ok) {
  console.error(configurationMessage('webb', checked.problems));
  process.exit(1);
}
const config = checked.config;

const sql = connect(config.databaseUrl);
try {
  // The schema must be the one this code expects: migrating is the migrate step's job.
  const rows = await sql<{ version: number }[]>`select version from schema_migrations`;
  const applied = new Set(rows.map((r) => Number(r.version)));
  const missing = listMigrations().filter((m) => !applied.has(m.version)).map((m) => m.version);
  if (missing.length) {
    console.error(configurationMessage('webb', [`Databasen saknar migreringarna ${missing.join(', ')}: kör npm run migrate först.`]));
    process.exit(1);
  }
} catch (e) {
  console.error(configurationMessage('webb', [`Databasen kan inte nås med DATABASE_URL: ${e instanceof Error ? e.message : String(e)}`]));
  process.exit(1);
}

// The pure-JS connection connects lazily: the read-only pages work while Temporal is down.
const connection = Connection.lazy(temporalConnectionOptions(config.temporal));
const client = new Client({ connection, namespace: config.temporal.namespace });
const app = createApp({ sql, temporal: client, publicUrl: config.publicUrl, auth: config.auth, taskQueue: config.temporal.taskQueue });
const web = await serveWeb(app.fetch, { port: config.port, hostname: config.host });
const purge = setInterval(() => void purgeExpiredSessions(sql).catch((e) => console.error('Rensning av sessioner misslyckades:', e)), 10 * 60_000);
purge.unref();
console.error(`web: ${config.publicUrl} (lyssnar på ${config.host}:${web.port})`);

async function stop() {
  clearInterval(purge);
  await web.close();
  await connection.close();
  await sql.end({ timeout: 5 });
  process.exit(0);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
