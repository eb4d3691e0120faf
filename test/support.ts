/** Shared helpers for tests that cross a boundary: the real database and Temporal server. */
import { inject } from 'vitest';
import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { connect, type Sql } from '../db/sql.js';
import { createWorker, type WorkerOptions } from '../scripts/worker.js';

export function appSql(): Sql {
  return connect(inject('databaseUrl'), { max: 5 });
}
export function adminSql(): Sql {
  return connect(inject('adminDatabaseUrl'), { max: 2 });
}

export async function temporalClient(): Promise<Client> {
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  return new Client({ connection });
}

/** A real worker on its own task queue, so test files do not steal each other's tasks. */
export async function startWorker(sql: Sql, taskQueue: string, options: Pick<WorkerOptions, 'wrapActivities'> = {}) {
  const { worker, connection } = await createWorker({ address: inject('temporalAddress'), sql, taskQueue, ...options });
  const running = worker.run();
  return {
    worker,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

let counter = 0;
/** A dossier number no other test uses in this run. */
export function uniqueDossier(prefix: number): string {
  counter++;
  return `${String(prefix).padStart(2, '0')}-${String((process.pid * 1000 + counter) % 1_000_000).padStart(6, '0')}`;
}
