/**
 * Settings Migrationsverket changes in the UI (service_settings). `autoDecide`: whether a clean
 * application (every item passes the rules) is decided without a case officer (SPEC §5). It is
 * read when an application is submitted (activities/lifecycle.ts submitApplication).
 */
import type { Sql } from '../db/sql.js';

/** `updatedBy`: the HSA-id, with the person's name when they are still registered. */
export type AutoDecideSetting = { enabled: boolean; updatedBy: string | null; updatedByName: string | null; updatedAt: Date | null };

const KEY = 'auto_decide';

export async function autoDecideSetting(sql: Sql): Promise<AutoDecideSetting> {
  const [row] = await sql<{ value: unknown; updated_by: string | null; updated_at: Date; name: string | null }[]>`
    select s.value, s.updated_by, s.updated_at, u.given_name || ' ' || u.family_name as name
    from service_settings s left join users u on u.hsa_id = s.updated_by where s.key = ${KEY}`;
  if (!row) return { enabled: false, updatedBy: null, updatedByName: null, updatedAt: null };
  return { enabled: row.value === true, updatedBy: row.updated_by, updatedByName: row.name, updatedAt: row.updated_by ? row.updated_at : null };
}

/** Switches automatic decisions on or off; answers the value before the change. */
export async function setAutoDecide(sql: Sql, enabled: boolean, by: string): Promise<{ before: boolean }> {
  return sql.begin(async (tx) => {
    const [old] = await tx<{ value: unknown }[]>`select value from service_settings where key = ${KEY} for update`;
    await tx`
      insert into service_settings (key, value, updated_by, updated_at) values (${KEY}, ${tx.json(enabled)}, ${by}, now())
      on conflict (key) do update set value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`;
    return { before: old?.value === true };
  });
}
