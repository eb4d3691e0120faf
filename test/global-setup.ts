/**
 * One PostgreSQL cluster and one Temporal dev server for the whole test run, unless the
 * environment gives them (DATABASE_URL + MIGRATION_DATABASE_URL, TEMPORAL_ADDRESS).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { migrate } from '../db/migrate.js';
import { connect } from '../db/sql.js';
import { ensureSearchAttributes, repoRoot, startPostgres, startTemporal, stopPostgres, temporalBinary } from '../scripts/services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    adminDatabaseUrl: string;
    temporalAddress: string;
    temporalBinary: string;
    pgDataDir: string;
    temporalDbFile: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = join(repoRoot, '.data', 'test');
  const stops: (() => Promise<void>)[] = [];

  let databaseUrl = process.env.DATABASE_URL;
  let adminUrl = process.env.MIGRATION_DATABASE_URL ?? databaseUrl;
  const pgDataDir = join(dataDir, 'pg');
  if (!databaseUrl) {
    // Runs may overlap on a developer's machine: each has its own database and Temporal server;
    // the cluster is shared and stopped by the last run that leaves.
    const users = join(dataDir, 'pg.users');
    mkdirSync(users, { recursive: true });
    writeFileSync(join(users, String(process.pid)), '');
    const pg = await startPostgres({ dataDir: pgDataDir, database: 'postgres' });
    const database = `melker_test_${process.pid}`;
    const boot = postgres(pg.adminUrl, { max: 1, onnotice: () => {} });
    await boot.unsafe(`drop database if exists ${database} with (force)`);
    await boot.unsafe(`create database ${database}`);
    await boot.end();
    stops.push(async () => {
      const end = postgres(pg.adminUrl, { max: 1, onnotice: () => {} });
      await end.unsafe(`drop database if exists ${database} with (force)`).catch(() => {});
      await end.end();
      rmSync(join(users, String(process.pid)), { force: true });
      const alive = readdirSync(users).filter((pid) => {
        try {
          process.kill(Number(pid), 0);
          return true;
        } catch {
          rmSync(join(users, pid), { force: true });
          return false;
        }
      });
      if (alive.length === 0 && existsSync(pgDataDir)) stopPostgres(pgDataDir, 'fast');
    });
    adminUrl = pg.adminUrl.replace(/\/postgres$/, `/${database}`);
    databaseUrl = pg.url.replace(/\/postgres$/, `/${database}`);
  }
  const admin = connect(adminUrl!, { max: 1 });
  await migrate(admin);
  await admin.end();

  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  const temporalDbFile = join(dataDir, `temporal-${process.pid}.db`);
  if (!temporalAddress) {
    rmSync(temporalDbFile, { force: true });
    const t = await startTemporal({ dbFile: temporalDbFile, uiPort: null, logFile: join(dataDir, 'temporal.log') });
    stops.push(async () => {
      await t.stop();
      rmSync(temporalDbFile, { force: true });
    });
    temporalAddress = t.address;
  }
  await ensureSearchAttributes(temporalAddress, process.env.TEMPORAL_NAMESPACE ?? 'default');

  project.provide('databaseUrl', databaseUrl);
  project.provide('adminDatabaseUrl', adminUrl!);
  project.provide('temporalAddress', temporalAddress);
  project.provide('temporalBinary', temporalBinary());
  project.provide('pgDataDir', pgDataDir);
  project.provide('temporalDbFile', temporalDbFile);

  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
