/**
 * Benchmarks start what they need like the test command does: a private PostgreSQL cluster and a
 * Temporal dev server under .data/bench (fresh database each run), unless given by env.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { connect, type Sql } from '../db/sql.js';
import { migrate } from '../db/migrate.js';
import { ensureSearchAttributes, repoRoot, startPostgres, startTemporal } from '../scripts/services.js';

export const benchDir = join(repoRoot, '.data', 'bench');

export async function withBenchDatabase<T>(fn: (sql: Sql, adminUrl: string) => Promise<T>): Promise<T> {
  let url = process.env.DATABASE_URL;
  let adminUrl = process.env.MIGRATION_DATABASE_URL ?? url;
  let stop = async () => {};
  if (!url) {
    const pg = await startPostgres({ dataDir: join(benchDir, 'pg'), database: 'postgres' });
    stop = pg.stop;
    const boot = postgres(pg.adminUrl, { max: 1, onnotice: () => {} });
    await boot.unsafe('drop database if exists melker_bench with (force)');
    await boot.unsafe('create database melker_bench');
    await boot.end();
    url = pg.url.replace(/\/postgres$/, '/melker_bench');
    adminUrl = pg.adminUrl.replace(/\/postgres$/, '/melker_bench');
  }
  const admin = connect(adminUrl!, { max: 1 });
  await migrate(admin);
  await admin.end();
  const sql = connect(url, { max: 20 });
  try {
    return await fn(sql, adminUrl!);
  } finally {
    await sql.end();
    await stop();
  }
}

/** CPU milliseconds a process has used so far (Linux /proc), or null when it cannot be read. */
export function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return null;
  }
}

/** The bench's own Temporal dev server (pid, for CPU figures), or the one TEMPORAL_ADDRESS names. */
export async function withBenchTemporal<T>(fn: (client: Client, address: string, serverPid?: number) => Promise<T>): Promise<T> {
  let address = process.env.TEMPORAL_ADDRESS;
  let serverPid: number | undefined;
  let stop = async () => {};
  if (!address) {
    const dbFile = join(benchDir, 'temporal.db');
    for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
    const t = await startTemporal({ dbFile, uiPort: null, logFile: join(benchDir, 'temporal.log') });
    stop = t.stop;
    address = t.address;
    serverPid = t.process?.pid;
  }
  await ensureSearchAttributes(address, process.env.TEMPORAL_NAMESPACE ?? 'default');
  const connection = await NativeConnection.connect({ address });
  try {
    return await fn(new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' }), address, serverPid);
  } finally {
    await connection.close();
    await stop();
  }
}

export function seconds(ms: number) {
  return Math.round(ms) / 1000;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
