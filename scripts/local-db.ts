/**
 * For command-line tools: the database from DATABASE_URL, or the local cluster under .data/pg
 * (started if needed, stopped again afterwards if this process started it), migrated.
 */
import { join } from 'node:path';
import { connect, type Sql } from '../db/sql.js';
import { migrate } from '../db/migrate.js';
import { repoRoot, startPostgres } from './services.js';

export async function withLocalDatabase<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
  let stop = async () => {};
  let url = process.env.DATABASE_URL;
  let adminUrl = process.env.MIGRATION_DATABASE_URL ?? url;
  if (!url) {
    const pg = await startPostgres({ dataDir: join(repoRoot, '.data', 'pg'), port: 54329 });
    stop = pg.stop;
    url = pg.url;
    adminUrl = pg.adminUrl;
  }
  const admin = connect(adminUrl!, { max: 1 });
  await migrate(admin);
  await admin.end();
  const sql = connect(url);
  try {
    return await fn(sql);
  } finally {
    await sql.end();
    await stop();
  }
}
