import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { listMigrations, migrate } from '../db/migrate.js';
import { connect } from '../db/sql.js';
import { adminSql, appSql } from './support.js';

const admin = adminSql();
const app = appSql();
afterAll(async () => {
  await admin.end();
  await app.end();
});

describe('database migrations', () => {
  it('applying every migration again changes nothing', async () => {
    const before = await admin`select version from schema_migrations order by version`;
    expect(await migrate(admin)).toEqual([]);
    const after = await admin`select version from schema_migrations order by version`;
    expect(after).toEqual(before);
    expect(after.map((r) => r.version)).toEqual(listMigrations().map((m) => m.version));
  });
});

describe('the application role melker_app', () => {
  it('is never created by a migration: migrating without it fails, naming what the operator does', async () => {
    const first = listMigrations().find((m) => m.version === 1)!;
    // Roles are cluster-wide: the role is hidden only inside this transaction, which is rolled back.
    const attempt = admin.begin(async (tx) => {
      await tx`alter role melker_app rename to melker_app_hidden_by_test`;
      await tx.unsafe(readFileSync(first.file, 'utf8'));
    });
    await expect(attempt).rejects.toThrow(/Applikationens databasroll melker_app saknas[\s\S]*must be created by the operator before migrating/);
    const [role] = await admin`select count(*)::int as n from pg_roles where rolname = 'melker_app'`;
    expect(role!.n).toBe(1);
  });

  it('has no development password: melker_app/melker_app cannot log in, the address the cluster gives can', async () => {
    const url = new URL(inject('databaseUrl'));
    expect(url.username).toBe('melker_app');
    expect(decodeURIComponent(url.password)).not.toBe('melker_app');
    url.password = 'melker_app';
    const dev = connect(url.toString(), { max: 1, connect_timeout: 5 });
    try {
      await expect(dev`select 1`).rejects.toThrow(/password authentication failed for user "melker_app"/);
    } finally {
      await dev.end();
    }
    const [me] = await app`select current_user as name`;
    expect(me!.name).toBe('melker_app');
  });
});

describe('the access log', () => {
  it('accepts new rows from the application role', async () => {
    const [row] = await app`insert into access_log (actor_hsa_id, actor_org, action, object_type, object_id)
      values ('SE2321000016-USR1', '232100-0016', 'visa', 'person', 'test') returning id`;
    expect(Number(row!.id)).toBeGreaterThan(0);
  });

  it('takes the time of a row from the database, never from the caller', async () => {
    await expect(app`insert into access_log (at, action) values ('2000-01-01T00:00:00Z', 'visa')`).rejects.toThrow(/permission denied/);
    const [row] = await admin<{ at: Date }[]>`insert into access_log (at, action) values ('2000-01-01T00:00:00Z', 'visa') returning at`;
    expect(Math.abs(row!.at.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('cannot be changed or emptied by the application role', async () => {
    await expect(app`update access_log set action = 'ändrad'`).rejects.toThrow(/permission denied/);
    await expect(app`delete from access_log`).rejects.toThrow(/permission denied/);
    await expect(app`truncate access_log`).rejects.toThrow(/permission denied/);
  });

  it('cannot be changed even by the owner, because a trigger stops it', async () => {
    await expect(admin`update access_log set action = 'ändrad'`).rejects.toThrow(/append-only/);
  });
});
