/**
 * The SPEC §7 organisations and users. Idempotent and never overwrites: an agreement turned off,
 * a permission removed or a name corrected in the app stays as it is when the seed runs again.
 */
import type { Sql } from './sql.js';
import { DEMO_ORGANISATIONS, DEMO_USERS } from '../domain/demo-world.js';

export async function seedOrganisationsAndUsers(sql: Sql): Promise<{ organisations: number; users: number }> {
  return sql.begin(async (tx) => {
    const organisations = await tx`
      insert into organisations ${tx(DEMO_ORGANISATIONS.map((o) => ({
        org_number: o.orgNumber, name: o.name, kind: o.kind, county: o.county, agreement_active: true,
      })))}
      on conflict (org_number) do nothing
      returning org_number`;
    const users = await tx`
      insert into users ${tx(DEMO_USERS.map((u) => ({
        hsa_id: u.hsaId, given_name: u.givenName, family_name: u.familyName, email: u.email,
        org_number: u.orgNumber, role: u.role, active: true,
      })))}
      on conflict (hsa_id) do nothing
      returning id, hsa_id`;
    // Permissions only for users created just now, so later changes by a region admin survive.
    const permissions = users.flatMap((row) =>
      DEMO_USERS.find((u) => u.hsaId === row.hsa_id)!.permissions.map((permission) => ({ user_id: row.id as string, permission })));
    if (permissions.length) await tx`insert into user_permissions ${tx(permissions)} on conflict do nothing`;
    return { organisations: organisations.length, users: users.length };
  }) as Promise<{ organisations: number; users: number }>;
}
