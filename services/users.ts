/**
 * The people administrators register: a region's or kommun's users (role 'user', the only role
 * that holds permissions, registered by their administrator) and the organisations' administrators
 * (role 'admin', registered by Migrationsverket). One HSA-id
 * is one person with one role (the `users.hsa_id` unique key), so the two roles never meet in one
 * identity. Refusals come back as Swedish messages naming the form field.
 */
import type { Sql } from '../db/sql.js';
import { stockholmDate } from '../domain/stockholm-time.js';
import { ok, refused, type Result } from './result.js';

/** `SE` + the 10-digit organisation number + `-` + a local part (SPEC §1). */
export const HSA_ID = /^SE(\d{10})-[A-Za-z0-9]{1,40}$/;
export const HSA_ID_FORMAT_MESSAGE =
  'Ange HSA-id i formatet SE, organisationsnumret med tio siffror, bindestreck och ett id, till exempel SE2321000016-ABC123.';

export type RegisteredRole = 'user' | 'admin';
export type Person = { givenName: string; familyName: string; hsaId: string; email: string };
export type PersonDetails = Omit<Person, 'hsaId'>;
/** The organisation a person is registered in. */
export type Organisation = { orgNumber: string; name: string };

/** The organisation number (10 digits) inside an HSA-id, or null. */
export function hsaOrgDigits(hsaId: string): string | null {
  return HSA_ID.exec(hsaId)?.[1] ?? null;
}
const withDash = (digits: string) => `${digits.slice(0, 6)}-${digits.slice(6)}`;
const digitsOf = (org: string) => org.replace(/\D/g, '');

/** Whether a unique constraint stopped an insert (two administrators racing). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';
}

const ROLE_NAMES: Record<string, string> = {
  user: 'en användare', admin: 'en administratör', officer: 'en handläggare',
  rule_maintainer: 'en regelförvaltare', sysadmin: 'en systemadministratör',
};

/** Why `hsaId` cannot be registered in `org` with `role`, or null. */
async function hsaIdProblem(sql: Sql, hsaId: string, org: Organisation, role: RegisteredRole): Promise<string | null> {
  const digits = hsaOrgDigits(hsaId);
  if (!digits) return HSA_ID_FORMAT_MESSAGE;
  if (digits !== digitsOf(org.orgNumber)) {
    const [other] = await sql<{ name: string }[]>`select name from organisations where org_number = ${withDash(digits)}`;
    const prefix = `SE${digitsOf(org.orgNumber)}-`;
    if (other) {
      return `HSA-id:t hör till ${other.name} (${withDash(digits)}), inte till ${org.name}. `
        + `HSA-id för ${org.name} börjar med ${prefix}.`;
    }
    return `HSA-id:t är utfärdat för organisationsnummer ${withDash(digits)}, som inte är ${org.name}. `
      + `Kort från privata vårdgivare och andra organisationer kan inte användas i e-tjänsten. HSA-id för ${org.name} börjar med ${prefix}.`;
  }
  const [existing] = await sql<{ role: string }[]>`select role from users where upper(hsa_id) = upper(${hsaId})`;
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

/** What a lost race for the HSA-id says (the check above saw it free a moment before). */
const TAKEN_IN_RACE: Record<RegisteredRole, (hsaId: string) => string> = {
  user: (hsaId) => `Det finns redan en användare med HSA-id ${hsaId}.`,
  admin: (hsaId) => `HSA-id ${hsaId} är redan registrerat.`,
};

/**
 * Registers a person in `org` with `role`, without permissions. Refused (field `hsaId`) when the
 * HSA-id belongs to another organisation or is already registered.
 */
export async function registerPerson(sql: Sql, org: Organisation, role: RegisteredRole, person: Person): Promise<Result<{ id: string }>> {
  const problem = await hsaIdProblem(sql, person.hsaId, org, role);
  if (problem) return refused('HSA_ID_REFUSED', problem, 'hsaId');
  try {
    const [row] = await sql<{ id: string }[]>`
      insert into users (hsa_id, given_name, family_name, email, org_number, role, active)
      values (${person.hsaId}, ${person.givenName}, ${person.familyName}, ${person.email}, ${org.orgNumber}, ${role}, true)
      returning id`;
    return ok({ id: String(row!.id) });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return refused('HSA_ID_TAKEN', TAKEN_IN_RACE[role](person.hsaId), 'hsaId');
  }
}

/** Changes name and e-mail; the HSA-id is the identity and never changes. */
export async function changePersonDetails(sql: Sql, id: string, details: PersonDetails): Promise<void> {
  await sql`
    update users set given_name = ${details.givenName}, family_name = ${details.familyName}, email = ${details.email}, updated_at = now()
    where id = ${id}`;
}

export type PermissionChange = { added: string[]; removed: string[] };

/** Whether the database refused a row (a trigger's check, or a permission not in the catalogue). */
const isRefusedByDatabase = (e: unknown) =>
  typeof e === 'object' && e !== null && ['23514', '23503'].includes((e as { code?: string }).code ?? '');

const NOT_GRANTABLE = (permission: string) =>
  `Behörigheten "${permission}" kan inte ges i dag. Välj bland behörigheterna i listan.`;

/**
 * Sets a user's permissions in one e-tjänst to `permissions`, changing only the difference: a held
 * permission is never deleted and inserted again, because a discontinued one may be kept but not
 * granted anew. A permission added must be grantable today by the user's organisation (in the
 * catalogue, in force, with an active avtal for the e-tjänst); otherwise nothing is stored and the
 * refusal names the field `behorighet`. Only users (not administrators) hold permissions.
 */
export async function changeUserPermissions(
  sql: Sql, id: string, service: string, permissions: readonly string[],
): Promise<Result<PermissionChange>> {
  const today = stockholmDate(Date.now());
  try {
    return await sql.begin(async (tx) => {
      const [u] = await tx<{ role: string; org_number: string }[]>`select role, org_number from users where id = ${id} for update`;
      if (u?.role !== 'user') return refused('NOT_A_USER', 'Bara användare i e-tjänsten kan ha behörigheter.');
      const held = (await tx<{ permission: string }[]>`
        select permission from user_permissions where user_id = ${id} and service = ${service}`).map((r) => r.permission);
      const wanted = [...new Set(permissions)];
      const added = wanted.filter((p) => !held.includes(p));
      const removed = held.filter((p) => !wanted.includes(p));
      if (added.length) {
        const grantable = (await tx<{ permission: string }[]>`
          select c.permission from permission_catalogue c
          join agreements a on a.e_service = c.e_service and a.active and a.org_number = ${u.org_number}
          where c.e_service = ${service} and c.permission in ${tx(added)}
            and c.valid_from <= ${today}::date and (c.valid_to is null or ${today}::date <= c.valid_to)`).map((r) => r.permission);
        const refusedOne = added.find((p) => !grantable.includes(p));
        if (refusedOne !== undefined) return refused('NOT_GRANTABLE', NOT_GRANTABLE(refusedOne), 'behorighet');
      }
      if (removed.length) {
        await tx`delete from user_permissions where user_id = ${id} and service = ${service} and permission in ${tx(removed)}`;
      }
      if (added.length) {
        await tx`insert into user_permissions ${tx(added.map((permission) => ({ user_id: id, service, permission })), 'user_id', 'service', 'permission')}`;
      }
      return ok({ added, removed });
    }) as Result<PermissionChange>;
  } catch (e) {
    // The last line: the database's own check (e.g. the date turned between the check and the insert).
    if (!isRefusedByDatabase(e)) throw e;
    return refused('NOT_GRANTABLE', 'Behörigheterna kunde inte sparas: någon av dem kan inte ges i dag. Välj bland behörigheterna i listan.', 'behorighet');
  }
}

/** Removes the person; their permissions and sessions go with them (on delete cascade). */
export async function removePerson(sql: Sql, id: string): Promise<void> {
  await sql`delete from users where id = ${id}`;
}
