/**
 * The organisations Migrationsverket's system administrator registers: regions and kommuner,
 * their avtal per e-tjänst (the table agreements), and their administrators. Ending an avtal
 * shuts the organisation's people out of that e-tjänst on their next request (the session reads
 * the avtal every time). An organisation with an active avtal always keeps an active
 * administrator (LAST_ADMIN, SPEC-KOMMUNER §10).
 */
import type { Sql } from '../db/sql.js';
import { REGION_SERVICE, servicesFor, type EService } from '../domain/e-services.js';
import { ok, refused, type Result } from './result.js';
import { isUniqueViolation, registerPerson, type Organisation, type Person } from './users.js';

export type RegisteredKind = 'region' | 'kommun';
export type OrganisationDetails = { name: string; county: string };
export type NewRegion = OrganisationDetails & { orgNumber: string };
export type NewKommun = NewRegion & { services: readonly EService[] };

const KIND_NAMES: Record<RegisteredKind, string> = { region: 'regionen', kommun: 'kommunen' };

const takenRefusal = (orgNumber: string) =>
  refused('ORG_NUMBER_TAKEN', `Det finns redan en organisation med organisationsnummer ${orgNumber}.`, 'orgNumber');

/** Registers a region; the database gives it its avtal for the regions' e-tjänst. Refused (field `orgNumber`) when the number is taken. */
export async function registerRegion(sql: Sql, region: NewRegion): Promise<Result<{ orgNumber: string }>> {
  try {
    const inserted = await sql`
      insert into organisations (org_number, name, kind, county)
      values (${region.orgNumber}, ${region.name}, 'region', ${region.county})
      on conflict (org_number) do nothing returning org_number`;
    if (inserted.length) return ok({ orgNumber: region.orgNumber });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  return takenRefusal(region.orgNumber);
}

/** Registers a kommun with an active avtal for each of `services` (the kommun e-tjänster), in one transaction. */
export async function registerKommun(sql: Sql, kommun: NewKommun): Promise<Result<{ orgNumber: string }>> {
  const allowed = servicesFor('kommun');
  const unknown = kommun.services.find((s) => !allowed.includes(s));
  if (unknown) return refused('NOT_A_KOMMUN_SERVICE', `E-tjänsten ${unknown} är inte en e-tjänst för kommuner.`, 'etjanst');
  try {
    return await sql.begin(async (tx) => {
      const inserted = await tx`
        insert into organisations (org_number, name, kind, county)
        values (${kommun.orgNumber}, ${kommun.name}, 'kommun', ${kommun.county})
        on conflict (org_number) do nothing returning org_number`;
      if (!inserted.length) return takenRefusal(kommun.orgNumber);
      const rows = [...new Set(kommun.services)].map((e_service) => ({ org_number: kommun.orgNumber, e_service }));
      if (rows.length) await tx`insert into agreements ${tx(rows, 'org_number', 'e_service')}`;
      return ok({ orgNumber: kommun.orgNumber });
    }) as Result<{ orgNumber: string }>;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return takenRefusal(kommun.orgNumber);
  }
}

/** Changes an organisation's name and county; the organisation number is the key and never changes. */
export async function changeOrganisationDetails(sql: Sql, kind: RegisteredKind, orgNumber: string, details: OrganisationDetails): Promise<void> {
  await sql`
    update organisations set name = ${details.name}, county = ${details.county}, updated_at = now()
    where org_number = ${orgNumber} and kind = ${kind}`;
}

/**
 * Starts or ends the organisation's avtal for one e-tjänst (an avtal never started is started).
 * Answers whether it was active before. Refused when the e-tjänst is not for the organisation's kind.
 */
export async function setAgreement(sql: Sql, kind: RegisteredKind, orgNumber: string, eService: EService, active: boolean): Promise<Result<{ before: boolean }>> {
  if (!servicesFor(kind).includes(eService)) {
    return refused('NOT_A_SERVICE_OF_KIND', `E-tjänsten ${eService} är inte en e-tjänst för ${kind === 'region' ? 'regioner' : 'kommuner'}.`, 'etjanst');
  }
  return sql.begin(async (tx) => {
    // The same lock as an administrator's removal, so LAST_ADMIN sees the avtal as they end up.
    const [org] = await tx`select 1 from organisations where org_number = ${orgNumber} and kind = ${kind} for update`;
    if (!org) return refused('NOT_FOUND', `Det finns ingen sådan organisation (${orgNumber}).`);
    const [was] = await tx<{ active: boolean }[]>`select active from agreements where org_number = ${orgNumber} and e_service = ${eService}`;
    await tx`
      insert into agreements (org_number, e_service, active, ended_at)
      values (${orgNumber}, ${eService}, ${active}, ${active ? null : tx`now()`})
      on conflict (org_number, e_service) do update
        set active = excluded.active, ended_at = excluded.ended_at, updated_at = now()
        ${active ? tx`, started_at = case when agreements.active then agreements.started_at else now() end` : tx``}`;
    return ok({ before: was?.active ?? false });
  }) as Promise<Result<{ before: boolean }>>;
}

export async function setRegionAgreement(sql: Sql, orgNumber: string, active: boolean): Promise<void> {
  const result = await setAgreement(sql, 'region', orgNumber, REGION_SERVICE, active);
  if (!result.ok && result.error.code !== 'NOT_FOUND') throw new Error(result.error.message);
}

/** Registers an administrator of the organisation; the HSA-id must carry its number. */
export function addAdministrator(sql: Sql, org: Organisation, person: Person): Promise<Result<{ id: string }>> {
  return registerPerson(sql, org, 'admin', person);
}

/**
 * Removes an administrator of the organisation; anyone else (a user, another organisation's
 * administrator) is refused, and so is the last active administrator of an organisation with an
 * active avtal (LAST_ADMIN). The organisation's row is locked, so two removals at once cannot
 * both see the other administrator still there.
 */
export async function removeAdministrator(sql: Sql, kind: RegisteredKind, orgNumber: string, id: string): Promise<Result<void>> {
  return sql.begin(async (tx) => {
    const [org] = await tx<{ name: string }[]>`select name from organisations where org_number = ${orgNumber} and kind = ${kind} for update`;
    if (!org) return refused('NOT_AN_ADMINISTRATOR', `Personen är inte administratör i ${KIND_NAMES[kind]}.`);
    const [admin] = await tx<{ active: boolean }[]>`select active from users where id = ${id} and org_number = ${orgNumber} and role = 'admin'`;
    if (!admin) return refused('NOT_AN_ADMINISTRATOR', `Personen är inte administratör i ${KIND_NAMES[kind]}.`);
    if (admin.active) {
      const [counts] = await tx<{ others: number; avtal: number }[]>`
        select (select count(*)::int from users where org_number = ${orgNumber} and role = 'admin' and active and id <> ${id}) as others,
               (select count(*)::int from agreements where org_number = ${orgNumber} and active) as avtal`;
      if (counts!.avtal > 0 && counts!.others === 0) {
        return refused('LAST_ADMIN', `Administratören kan inte tas bort: ${org.name} har ett aktivt avtal och måste ha minst en aktiv administratör. `
          + 'Lägg först till en ny administratör, eller avsluta avtalen.');
      }
    }
    // Their sessions go with them (on delete cascade), as in removePerson.
    await tx`delete from users where id = ${id}`;
    return ok(undefined);
  }) as Promise<Result<void>>;
}
