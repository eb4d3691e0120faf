/**
 * The Temporal worker: runs the workflows and the activities (with the real database).
 * `npm run worker` runs it alone against DATABASE_URL and TEMPORAL_ADDRESS.
 */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, bundleWorkflowCode, type NativeConnectionOptions, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { configurationMessage, temporalConnectionOptions, workerConfig } from '../config/production.js';
import { Client } from '@temporalio/client';
import { createActivities, type Activities } from '../activities/index.js';
import { ruleSetRegistry } from '../activities/rule-sets.js';
import { connect, type Sql } from '../db/sql.js';
import { searchAttributeMessages, searchAttributeProblems } from '../config/search-attributes.js';
import { TASK_QUEUE } from '../contract/index.js';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundles the workflow code once per process. */
export function workflowBundle() {
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error } as never });
  return bundle;
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
  const { temporal } = checked.config;
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
  console.error(`worker: polling task queue ${temporal.taskQueue}`);
  await worker.run();
  await connection.close();
  await sql.end();
}
