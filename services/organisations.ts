/**
 * The organisations Migrationsverket's system administrator registers: regions with their
 * agreement, and each region's administrators. Ending an agreement shuts the region's people out
 * on their next request (the session reads it every time).
 */
import type { Sql } from '../db/sql.js';
import { ok, refused, type Result } from './result.js';
import { isUniqueViolation, registerPerson, removePerson, type Organisation, type Person } from './users.js';

export type RegionDetails = { name: string; county: string };
export type NewRegion = RegionDetails & { orgNumber: string };

/** Registers a region with an active agreement; refused (field `orgNumber`) when the number is taken. */
export async function registerRegion(sql: Sql, region: NewRegion): Promise<Result<{ orgNumber: string }>> {
  try {
    const inserted = await sql`
      insert into organisations (org_number, name, kind, county, agreement_active)
      values (${region.orgNumber}, ${region.name}, 'region', ${region.county}, true)
      on conflict (org_number) do nothing returning org_number`;
    if (inserted.length) return ok({ orgNumber: region.orgNumber });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  return refused('ORG_NUMBER_TAKEN', `Det finns redan en organisation med organisationsnummer ${region.orgNumber}.`, 'orgNumber');
}

/** Changes a region's name and county; the organisation number is the key and never changes. */
export async function changeRegionDetails(sql: Sql, orgNumber: string, details: RegionDetails): Promise<void> {
  await sql`
    update organisations set name = ${details.name}, county = ${details.county}, updated_at = now()
    where org_number = ${orgNumber} and kind = 'region'`;
}

export async function setRegionAgreement(sql: Sql, orgNumber: string, active: boolean): Promise<void> {
  await sql`update organisations set agreement_active = ${active}, updated_at = now() where org_number = ${orgNumber} and kind = 'region'`;
}

/** Registers an administrator of the region; the HSA-id must carry the region's number. */
export function addRegionAdministrator(sql: Sql, region: Organisation, person: Person): Promise<Result<{ id: string }>> {
  return registerPerson(sql, region, 'admin', person);
}

/** Removes an administrator of the region; anyone else (a user, another region's administrator) is refused. */
export async function removeRegionAdministrator(sql: Sql, orgNumber: string, id: string): Promise<Result<void>> {
  const [admin] = await sql`select 1 from users where id = ${id} and org_number = ${orgNumber} and role = 'admin'`;
  if (!admin) return refused('NOT_AN_ADMINISTRATOR', 'Personen är inte administratör i regionen.');
  await removePerson(sql, id);
  return ok(undefined);
}
