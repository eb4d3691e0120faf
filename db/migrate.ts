/**
 * Applies db/migrations/NNNN_name.sql in order, each in its own transaction, recorded in
 * schema_migrations. Applying twice does nothing the second time. Then the permission catalogue's
 * ersättningstyper are brought in step with the shipped rule data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncShippedCatalogue } from './catalogue.js';
import { type Sql } from './sql.js';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export type Migration = { version: number; name: string; file: string };

export function listMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 4)), name: file.slice(5, -4), file: join(dir, file) }));
}

export type MigrateOptions = {
  /**
   * PostgreSQL's lock_timeout inside every migration's transaction (e.g. '15s'): a migration that
   * would wait longer for a lock (a long transaction holding a table, another migrator) fails
   * with LockTimeout instead of queueing every later query behind it. None by default (the demo).
   */
  lockTimeout?: string;
};

/** A migration gave up waiting for a lock; nothing of that migration was applied. */
export class LockTimeout extends Error {
  constructor(readonly migration: string, readonly lockTimeout: string) {
    super(`Migreringen ${migration} fick inte sina lås inom ${lockTimeout}: en annan migrering eller en långvarig transaktion håller dem. ` +
      'Inget av den migreringen har ändrats; kör npm run migrate igen när den är klar.');
  }
}

export async function migrate(sql: Sql, dir = migrationsDir, opts: MigrateOptions = {}): Promise<string[]> {
  const lockTimeout = opts.lockTimeout;
  if (lockTimeout !== undefined && !/^[1-9]\d{0,5}(ms|s|min)$/.test(lockTimeout)) throw new Error(`invalid lock timeout ${lockTimeout}`);
  await sql.begin(async (tx) => {
    if (lockTimeout) await tx.unsafe(`set local lock_timeout = '${lockTimeout}'`);
    await tx`create table if not exists schema_migrations (
      version integer primary key, name text not null, applied_at timestamptz not null default now())`;
  }).catch((e) => { throw lockTimeoutOr(e, 'schema_migrations', lockTimeout); });
  const applied: string[] = [];
  for (const m of listMigrations(dir)) {
    const label = `${String(m.version).padStart(4, '0')}_${m.name}`;
    // Each file in its own transaction; the advisory lock serialises concurrent migrators.
    const ran = await sql.begin(async (tx) => {
      if (lockTimeout) await tx.unsafe(`set local lock_timeout = '${lockTimeout}'`);
      await tx`select pg_advisory_xact_lock(424242)`;
      const [done] = await tx`select 1 from schema_migrations where version = ${m.version}`;
      if (done) return false;
      await tx.unsafe(readFileSync(m.file, 'utf8'));
      await tx`insert into schema_migrations ${tx({ version: m.version, name: m.name })}`;
      return true;
    }).catch((e) => { throw lockTimeoutOr(e, label, lockTimeout); });
    if (ran) applied.push(label);
  }
  // The catalogue table exists from migration 0016; a partial migration (tests of single files) skips it.
  const [catalogue] = await sql`select to_regclass('permission_catalogue') is not null as present`;
  if (catalogue?.present) await syncShippedCatalogue(sql);
  return applied;
}

function lockTimeoutOr(e: unknown, migration: string, lockTimeout: string | undefined): unknown {
  // 55P03 lock_not_available: what lock_timeout raises.
  return lockTimeout && (e as { code?: string })?.code === '55P03' ? new LockTimeout(migration, lockTimeout) : e;
}

/**
 * `npm run migrate`, the migrate step of a deployment: its own role (MIGRATION_DATABASE_URL), a lock
 * timeout, and the Temporal namespace's search attributes — created where the operator allows it
 * (MELKER_CREATE_SEARCH_ATTRIBUTES=true), else only checked. Fails closed with one message.
 */
async function main() {
  const { migrateConfig, settingsOrStop, stopWith, temporalConnectionOptions } = await import('../config/production.js');
  const config = settingsOrStop('migrering', migrateConfig());
  const { connect } = await import('./sql.js');
  const sql = connect(config.migrationDatabaseUrl, { max: 1 });
  try {
    const applied = await migrate(sql, migrationsDir, { lockTimeout: config.lockTimeout });
    console.error(applied.length ? `migrate: applied ${applied.join(', ')}` : 'migrate: the database schema is up to date');
  } catch (e) {
    const reason = e instanceof LockTimeout ? e.message : `Databasen kunde inte migreras: ${e instanceof Error ? e.message : String(e)}`;
    stopWith('migrering', [reason]);
  } finally {
    await sql.end({ timeout: 5 });
  }
  if (!config.temporal) {
    console.error('migrate: TEMPORAL_ADDRESS not given, search attributes not checked');
    return;
  }
  const { Connection } = await import('@temporalio/client');
  const { createSearchAttributes, searchAttributeMessages, searchAttributeProblems } = await import('../config/search-attributes.js');
  const namespace = config.temporal.namespace;
  let connection: Awaited<ReturnType<typeof Connection.connect>> | undefined;
  try {
    connection = await Connection.connect({ ...temporalConnectionOptions(config.temporal), connectTimeout: 10_000 });
    if (config.createSearchAttributes) {
      const created = await createSearchAttributes(connection, namespace);
      console.error(created.length ? `migrate: search attributes created in ${namespace}: ${created.join(', ')}` : `migrate: search attributes present in ${namespace}`);
    }
    const problems = searchAttributeMessages(namespace, await searchAttributeProblems(connection, namespace));
    if (problems.length) stopWith('migrering', problems);
  } catch (e) {
    stopWith('migrering', [`Temporal (${config.temporal.address}, namnrymden ${namespace}) kunde inte nås eller ändras: ${e instanceof Error ? e.message : String(e)}`]);
  } finally {
    await connection?.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
