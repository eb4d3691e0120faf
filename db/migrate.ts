/**
 * Applies db/migrations/NNNN_name.sql in order, each in its own transaction, recorded in
 * schema_migrations. Applying twice does nothing the second time. Then the permission catalogue's
 * ersättningstyper are brought in step with the shipped rule data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncShippedCatalogue } from './catalogue.js';
import { connect, type Sql } from './sql.js';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export type Migration = { version: number; name: string; file: string };

export function listMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 4)), name: file.slice(5, -4), file: join(dir, file) }));
}

export async function migrate(sql: Sql, dir = migrationsDir): Promise<string[]> {
  await sql`create table if not exists schema_migrations (
    version integer primary key, name text not null, applied_at timestamptz not null default now())`;
  const applied: string[] = [];
  for (const m of listMigrations(dir)) {
    // Each file in its own transaction; the advisory lock serialises concurrent migrators.
    const ran = await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(424242)`;
      const [done] = await tx`select 1 from schema_migrations where version = ${m.version}`;
      if (done) return false;
      await tx.unsafe(readFileSync(m.file, 'utf8'));
      await tx`insert into schema_migrations ${tx({ version: m.version, name: m.name })}`;
      return true;
    });
    if (ran) applied.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
  }
  // The catalogue table exists from migration 0016; a partial migration (tests of single files) skips it.
  const [catalogue] = await sql`select to_regclass('permission_catalogue') is not null as present`;
  if (catalogue?.present) await syncShippedCatalogue(sql);
  return applied;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sql = connect(process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL, { max: 1 });
  try {
    const applied = await migrate(sql);
    console.log(applied.length ? `Migrations applied: ${applied.join(', ')}` : 'Database schema is up to date.');
  } finally {
    await sql.end();
  }
}
