/**
 * The web process alone, for production (`npm run web`): the settings of config/production.ts,
 * validated at start (fail closed); no migrations (the migrate step runs them with its own role),
 * no development IdP, no demo data. Several can run behind a load balancer.
 */
import { Client, Connection } from '@temporalio/client';
import { configurationMessage, temporalConnectionOptions, webConfig } from '../config/production.js';
import { listMigrations } from '../db/migrate.js';
import { connect } from '../db/sql.js';
import { log } from '../observability/log.js';
import { processMetrics, serveMetrics } from '../observability/metrics.js';
import { purgeExpiredSessions } from './abuse.js';
import { createApp } from './app.js';
import { serveWeb } from './http-server.js';

const checked = webConfig();
if (!checked.ok) {
  console.error(configurationMessage('webb', checked.problems));
  process.exit(1);
}
const config = checked.config;
const logger = log.child({ process: 'web' });

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
const metrics = processMetrics();
const app = createApp({ sql, temporal: client, publicUrl: config.publicUrl, auth: config.auth, taskQueue: config.temporal.taskQueue }, { log: logger, metrics });
// The metrics need no session: they are served on a port of their own, never the public one. A
// port in use leaves the process without metrics (logged), not the users without the service.
const metricsServer = config.metrics
  ? await serveMetrics(metrics.registry, { port: config.metrics.port, hostname: config.metrics.host }).catch((err: unknown) => {
    logger.error({ err, metricsPort: config.metrics?.port }, 'web: the metrics cannot be served at METRICS_HOST:METRICS_PORT; running without them');
    return null;
  })
  : null;
const web = await serveWeb(app.fetch, { port: config.port, hostname: config.host });
const purge = setInterval(() => void purgeExpiredSessions(sql).catch((err: unknown) => logger.error({ err }, 'Rensning av sessioner misslyckades')), 10 * 60_000);
purge.unref();
logger.info({
  publicUrl: config.publicUrl, metrics: metricsServer && config.metrics ? `http://${config.metrics.host}:${metricsServer.port}/metrics` : null,
}, `web: listening on ${config.host}:${web.port}`);

async function stop() {
  clearInterval(purge);
  await web.close();
  await metricsServer?.close();
  await connection.close();
  await sql.end({ timeout: 5 });
  process.exit(0);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
