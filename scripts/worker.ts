/**
 * The Temporal worker: runs the workflows and the activities (with the real database).
 * `npm run worker` runs it alone against DATABASE_URL and TEMPORAL_ADDRESS.
 */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { Client } from '@temporalio/client';
import { createActivities } from '../activities/index.js';
import { ruleSetRegistry } from '../activities/rule-sets.js';
import { connect, type Sql } from '../db/sql.js';
import { TASK_QUEUE } from '../contract/index.js';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundles the workflow code once per process. */
export function workflowBundle() {
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error } as never });
  return bundle;
}

export async function createWorker(opts: { address: string; namespace?: string; sql: Sql; taskQueue?: string }) {
  const connection = await NativeConnection.connect({ address: opts.address });
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
    activities: createActivities({ sql: opts.sql, client, ruleSets: sets.current }),
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
      async close() {
        sets.stop();
        await connection.close();
      },
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sql = connect();
  const { worker, connection } = await createWorker({
    address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    sql,
    taskQueue: process.env.MELKER_TASK_QUEUE ?? TASK_QUEUE,
  });
  const stop = () => worker.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.error(`worker: polling task queue ${process.env.MELKER_TASK_QUEUE ?? TASK_QUEUE}`);
  await worker.run();
  await connection.close();
  await sql.end();
}
