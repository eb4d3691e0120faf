/**
 * The Temporal worker: runs the workflows and the activities (with the real database).
 * `npm run worker` runs it alone against DATABASE_URL and TEMPORAL_ADDRESS.
 */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Runtime, Worker, bundleWorkflowCode, type NativeConnectionOptions, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { configurationMessage, temporalConnectionOptions, workerConfig } from '../config/production.js';
import { Client } from '@temporalio/client';
import { createActivities, type Activities } from '../activities/index.js';
import { ruleSetRegistry } from '../activities/rule-sets.js';
import { connect, type Sql } from '../db/sql.js';
import { searchAttributeMessages, searchAttributeProblems } from '../config/search-attributes.js';
import { TASK_QUEUE } from '../contract/index.js';
import { log, temporalLogger, type Logger } from '../observability/log.js';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * The bundler's logger: warnings and errors go to the logger, the rest stays quiet. Webpack's
 * report comes as one `info` message even when it holds warnings (`WARNING in …`), so such a
 * report is logged as a warning.
 */
export function bundlerLogger(logger: Logger = log) {
  const target = temporalLogger(logger);
  const quiet = (_message: string, _meta?: Record<string, unknown>) => {};
  return {
    log: (level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR', message: string, meta?: Record<string, unknown>) => {
      if (level === 'WARN' || level === 'ERROR') target.log(level, message, meta);
    },
    trace: quiet,
    debug: quiet,
    info: (message: string, meta?: Record<string, unknown>) => {
      if (/\bWARNING\b/.test(message)) target.warn(message, meta);
    },
    warn: target.warn,
    error: target.error,
  };
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundles the workflow code once per process. */
export function workflowBundle() {
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: bundlerLogger() });
  return bundle;
}

/**
 * The Temporal runtime of the worker process, installed once, before any connection: the SDK's
 * logs (its own and, forwarded, the native core's warnings) go to the process logger, and its
 * metrics to a Prometheus endpoint at `metricsAddress` (`GET /metrics`; null: none). When that
 * address cannot be bound (a port in use) the worker runs without metrics and logs an error:
 * the workflows matter more than their metrics.
 */
export function installWorkerRuntime(metricsAddress: string | null, logger: Logger = log): Runtime {
  const logging = { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } as const;
  const install = (address: string | null) => Runtime.install({
    logger: temporalLogger(logger),
    telemetryOptions: { logging, ...(address ? { metrics: { prometheus: { bindAddress: address } } } : {}) },
  });
  if (!metricsAddress) return install(null);
  try {
    return install(metricsAddress);
  } catch (err) {
    logger.error({ err, metricsAddress }, 'worker: the Temporal metrics cannot be served at WORKER_METRICS_ADDRESS; running without them');
    return install(null);
  }
}

export type WorkerOptions = NativeConnectionOptions & {
  address: string; namespace?: string; sql: Sql; taskQueue?: string;
  /** Fault injection in tests (e.g. a slow projection); production never sets it. */
  wrapActivities?: (activities: Activities) => Activities;
};

export async function createWorker(opts: WorkerOptions) {
  const { namespace: _namespace, sql: _sql, taskQueue: _taskQueue, wrapActivities, ...connectionOptions } = opts;
  const connection = await NativeConnection.connect(connectionOptions);
  const namespace = opts.namespace ?? 'default';
  // Activities signal examination workflows through a client on the same native connection.
  const client = new Client({ connection, namespace });
  // Shipped + published rule sets, reloaded from the database every 30 s.
  const sets = await ruleSetRegistry(opts.sql);
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    workflowBundle: await workflowBundle(),
    activities: (wrapActivities ?? ((x) => x))(createActivities({ sql: opts.sql, client, ruleSets: sets.current })),
    maxConcurrentActivityTaskExecutions: 50,
    // Most workflow tasks a user waits for are the first task of a new workflow (a registration's
    // update-with-start), served by the normal queue, not the sticky one. With the defaults (ten
    // pollers, a fifth of them on the normal queue) those tasks wait in the server's backlog under
    // load; autoscaling pollers, shared evenly, keep up with it (bench/registration.ts).
    nonStickyToStickyPollRatio: 1,
    workflowTaskPollerBehavior: { type: 'autoscaling' },
    maxConcurrentWorkflowTaskExecutions: 100,
  });
  return {
    worker,
    connection: {
      native: connection,
      async close() {
        sets.stop();
        await connection.close();
      },
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Alone, the worker takes its settings from the environment and refuses to start without them.
  const checked = workerConfig();
  if (!checked.ok) {
    console.error(configurationMessage('worker', checked.problems));
    process.exit(1);
  }
  const { temporal, metricsAddress } = checked.config;
  const logger = log.child({ process: 'worker' });
  installWorkerRuntime(metricsAddress, logger);
  const sql = connect(checked.config.databaseUrl);
  const { worker, connection } = await createWorker({ ...temporalConnectionOptions(temporal), namespace: temporal.namespace, sql, taskQueue: temporal.taskQueue });
  // The workflows set search attributes: a namespace without them would fail every workflow task.
  const problems = searchAttributeMessages(temporal.namespace, await searchAttributeProblems(connection.native, temporal.namespace));
  if (problems.length) {
    console.error(configurationMessage('worker', problems));
    await connection.close();
    await sql.end({ timeout: 5 });
    process.exit(1);
  }
  const stop = () => worker.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  logger.info({ taskQueue: temporal.taskQueue, namespace: temporal.namespace, metrics: metricsAddress ? `http://${metricsAddress}/metrics` : null }, 'worker: polling task queue');
  await worker.run();
  await connection.close();
  await sql.end();
}
