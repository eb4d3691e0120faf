/**
 * The SPEC §7 and SPEC-KOMMUNER §10 organisations, avtal and users. Idempotent and never
 * overwrites: an avtal ended, a permission removed or a name corrected in the app stays as it is
 * when the seed runs again.
 */
import type { Sql } from './sql.js';
import { DEMO_ORGANISATIONS, DEMO_USERS, type DemoUser } from '../domain/demo-world.js';
import { stockholmDate } from '../domain/stockholm-time.js';
import { inForce, shippedCompensationTypes } from '../rules/ersattning/types.js';

/** The ersättningstyper a demo user holds, as of `today`. */
export function demoCompensationTypes(u: DemoUser, today: string): string[] {
  if (!u.compensationTypes) return [];
  return shippedCompensationTypes()
    .filter((t) => inForce(t, today) && (u.compensationTypes === 'in-force' || t.kind === 'skolschablon'))
    .map((t) => t.name);
}

export async function seedOrganisationsAndUsers(sql: Sql, today = stockholmDate(Date.now())): Promise<{ organisations: number; users: number }> {
  return sql.begin(async (tx) => {
    const organisations = await tx`
      insert into organisations ${tx(DEMO_ORGANISATIONS.map((o) => ({
        org_number: o.orgNumber, name: o.name, kind: o.kind, county: o.county,
      })))}
      on conflict (org_number) do nothing
      returning org_number`;
    // Avtal only for organisations created just now (a region gets its own from the database).
    const created = new Set(organisations.map((o) => o.org_number as string));
    const agreements = DEMO_ORGANISATIONS.filter((o) => created.has(o.orgNumber))
      .flatMap((o) => (o.agreements ?? []).map((e_service) => ({ org_number: o.orgNumber, e_service })));
    if (agreements.length) await tx`insert into agreements ${tx(agreements)} on conflict do nothing`;
    const users = await tx`
      insert into users ${tx(DEMO_USERS.map((u) => ({
        hsa_id: u.hsaId, given_name: u.givenName, family_name: u.familyName, email: u.email,
        org_number: u.orgNumber, role: u.role, active: true,
      })))}
      on conflict (hsa_id) do nothing
      returning id, hsa_id`;
    // Permissions only for users created just now, so later changes by an administrator survive.
    // The catalogue names each permission's e-tjänst.
    const permissions = users.flatMap((row) => {
      const u = DEMO_USERS.find((d) => d.hsaId === row.hsa_id)!;
      return [...u.permissions, ...demoCompensationTypes(u, today)].map((permission) => ({ user_id: row.id as string, permission }));
    });
    for (const p of permissions) {
      await tx`insert into user_permissions (user_id, service, permission)
        select ${p.user_id}, e_service, permission from permission_catalogue where permission = ${p.permission}
        on conflict do nothing`;
    }
    return { organisations: organisations.length, users: users.length };
  }) as Promise<{ organisations: number; users: number }>;
}
