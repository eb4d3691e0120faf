/**
 * One PostgreSQL cluster and one Temporal dev server for the whole test run, unless the
 * environment gives them (DATABASE_URL + MIGRATION_DATABASE_URL, TEMPORAL_ADDRESS).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { migrate } from '../db/migrate.js';
import { connect } from '../db/sql.js';
import { ensureSearchAttributes, repoRoot, startPostgres, startTemporal, temporalBinary } from '../scripts/services.js';

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
    const pg = await startPostgres({ dataDir: pgDataDir, database: 'postgres' });
    stops.push(() => pg.stop());
    // A fresh database for every run.
    const boot = postgres(pg.adminUrl, { max: 1, onnotice: () => {} });
    await boot.unsafe('drop database if exists melker_test with (force)');
    await boot.unsafe('create database melker_test');
    await boot.end();
    adminUrl = pg.adminUrl.replace(/\/postgres$/, '/melker_test');
    databaseUrl = pg.url.replace(/\/postgres$/, '/melker_test');
  }
  const admin = connect(adminUrl!, { max: 1 });
  await migrate(admin);
  await admin.end();

  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  const temporalDbFile = join(dataDir, 'temporal.db');
  if (!temporalAddress) {
    rmSync(temporalDbFile, { force: true });
    const t = await startTemporal({ dbFile: temporalDbFile, uiPort: null, logFile: join(dataDir, 'temporal.log') });
    stops.push(() => t.stop());
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
