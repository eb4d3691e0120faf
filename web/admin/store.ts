/**
 * Reads and writes of users and their permissions for the administration pages. A region user
 * (role 'user') holds permissions; an administrator never does, and one HSA-id is one person with
 * one role (the `users.hsa_id` unique key), so the two roles can never meet in one identity.
 */
import type { Sql } from '../../db/sql.js';
import { REGION_PERMISSIONS } from '../deps.js';
import { digitsOf, hsaOrgDigits, withDash } from './form.js';

export type UserRow = {
  id: string; hsaId: string; givenName: string; familyName: string; email: string;
  orgNumber: string; role: string; services: string[]; permissions: string[];
};

const byPermissionOrder = (a: string, b: string) =>
  (REGION_PERMISSIONS as readonly string[]).indexOf(a) - (REGION_PERMISSIONS as readonly string[]).indexOf(b);

type DbRow = {
  id: string; hsa_id: string; given_name: string; family_name: string; email: string;
  org_number: string; role: string; services: string[]; permissions: string[];
};
const toUser = (r: DbRow): UserRow => ({
  id: String(r.id), hsaId: r.hsa_id, givenName: r.given_name, familyName: r.family_name, email: r.email,
  orgNumber: r.org_number, role: r.role, services: r.services, permissions: [...r.permissions].sort(byPermissionOrder),
});

/** The users of one organisation with one role, with their e-tjänster and permissions. */
export async function listUsers(sql: Sql, orgNumber: string, role: 'user' | 'admin'): Promise<UserRow[]> {
  const rows = await sql<DbRow[]>`
    select u.id, u.hsa_id, u.given_name, u.family_name, u.email, u.org_number, u.role,
           coalesce(array_agg(distinct p.service) filter (where p.service is not null), '{}') as services,
           coalesce(array_agg(p.permission) filter (where p.permission is not null), '{}') as permissions
    from users u left join user_permissions p on p.user_id = u.id
    where u.org_number = ${orgNumber} and u.role = ${role}
    group by u.id
    order by u.family_name, u.given_name, u.id`;
  return rows.map(toUser);
}

/** One user by id (any organisation: the caller checks the region), or null. */
export async function findUser(sql: Sql, id: string): Promise<UserRow | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const [row] = await sql<DbRow[]>`
    select u.id, u.hsa_id, u.given_name, u.family_name, u.email, u.org_number, u.role,
           coalesce(array_agg(distinct p.service) filter (where p.service is not null), '{}') as services,
           coalesce(array_agg(p.permission) filter (where p.permission is not null), '{}') as permissions
    from users u left join user_permissions p on p.user_id = u.id
    where u.id = ${id}
    group by u.id`;
  return row ? toUser(row) : null;
}

const ROLE_NAMES: Record<string, string> = {
  user: 'en användare', admin: 'en administratör', officer: 'en handläggare',
  rule_maintainer: 'en regelförvaltare', sysadmin: 'en systemadministratör',
};

/**
 * Why `hsaId` cannot be registered in organisation `org` (name `orgName`) with `role`, or null.
 * `exceptId`: the user being edited.
 */
export async function hsaIdProblem(
  sql: Sql, hsaId: string, org: { orgNumber: string; name: string }, role: 'user' | 'admin', exceptId?: string,
): Promise<string | null> {
  const digits = hsaOrgDigits(hsaId);
  if (!digits) return null; // the schema reports the format
  if (digits !== digitsOf(org.orgNumber)) {
    const [other] = await sql<{ name: string; kind: string }[]>`
      select name, kind from organisations where org_number = ${withDash(digits)}`;
    const prefix = `SE${digitsOf(org.orgNumber)}-`;
    if (other) {
      return `HSA-id:t hör till ${other.name} (${withDash(digits)}), inte till ${org.name}. `
        + `HSA-id för ${org.name} börjar med ${prefix}.`;
    }
    return `HSA-id:t är utfärdat för organisationsnummer ${withDash(digits)}, som inte är ${org.name}. `
      + `Kort från privata vårdgivare och andra organisationer kan inte användas i e-tjänsten. HSA-id för ${org.name} börjar med ${prefix}.`;
  }
  const [existing] = await sql<{ id: string; role: string }[]>`
    select id, role from users where upper(hsa_id) = upper(${hsaId}) and (${exceptId ?? null}::bigint is null or id <> ${exceptId ?? null}::bigint)`;
  if (!existing) return null;
  if (existing.role === role) return `Det finns redan ${ROLE_NAMES[role]} med HSA-id ${hsaId}.`;
  if (role === 'user' && existing.role === 'admin') {
    return 'HSA-id:t tillhör en administratör. En administratör kan inte samtidigt vara användare i e-tjänsten.';
  }
  if (role === 'admin' && existing.role === 'user') {
    return 'HSA-id:t tillhör en användare. En användare kan inte samtidigt vara administratör; ta först bort användaren.';
  }
  return `HSA-id:t är redan registrerat som ${ROLE_NAMES[existing.role] ?? 'en annan roll'}.`;
}

export type NewUser = { givenName: string; familyName: string; hsaId: string; email: string };

export async function insertUser(sql: Sql, orgNumber: string, role: 'user' | 'admin', u: NewUser): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into users (hsa_id, given_name, family_name, email, org_number, role, active)
    values (${u.hsaId}, ${u.givenName}, ${u.familyName}, ${u.email}, ${orgNumber}, ${role}, true)
    returning id`;
  return String(row!.id);
}

export async function updateUserDetails(sql: Sql, id: string, u: Omit<NewUser, 'hsaId'>): Promise<void> {
  await sql`
    update users set given_name = ${u.givenName}, family_name = ${u.familyName}, email = ${u.email}, updated_at = now()
    where id = ${id}`;
}

/** Replaces the user's permissions in `service`; only region users ('user') can hold any. */
export async function setPermissions(sql: Sql, id: string, service: string, permissions: readonly string[]): Promise<void> {
  await sql.begin(async (tx) => {
    const [u] = await tx<{ role: string }[]>`select role from users where id = ${id} for update`;
    if (u?.role !== 'user') throw new Error('only region users hold permissions');
    await tx`delete from user_permissions where user_id = ${id} and service = ${service}`;
    if (permissions.length) {
      await tx`insert into user_permissions ${tx(permissions.map((permission) => ({ user_id: id, service, permission })))}`;
    }
  });
}

/** Removes the user; their permissions and sessions go with them (on delete cascade). */
export async function deleteUser(sql: Sql, id: string): Promise<void> {
  await sql`delete from users where id = ${id}`;
}
