/**
 * The permission catalogue (SPEC-KOMMUNER §10) as the administration and the session read it,
 * and the publishing of a new ersättningstyp. The table permission_catalogue is the authority: the
 * database refuses a grant the catalogue does not allow, and these reads offer exactly what it
 * allows, so a page never offers what a save would refuse.
 */
import type { Sql } from '../db/sql.js';
import { COMPENSATION_SERVICE, type EService } from '../domain/e-services.js';
import { stockholmDate } from '../domain/stockholm-time.js';
import { compensationTypeSchema, shippedCompensationTypes, type CompensationType } from '../rules/ersattning/types.js';
import { ok, refused, type Result } from './result.js';

export type CatalogueEntry = {
  eService: EService;
  permission: string;
  validFrom: string;
  validTo: string | null;
  /** Whether it may be granted today. */
  grantable: boolean;
};

type Row = { e_service: EService; permission: string; valid_from: string; valid_to: string | null; grantable: boolean };

/**
 * The catalogue of the e-tjänster `services`, in their order: every permission already in force
 * (a type whose first day has not come is left out, as is one that ended, unless `keep` holds it).
 */
export async function catalogueFor(sql: Sql, services: readonly string[], keep: readonly string[] = []): Promise<CatalogueEntry[]> {
  if (!services.length) return [];
  const rows = await sql<Row[]>`
    select p.e_service, p.permission, to_char(p.valid_from, 'YYYY-MM-DD') as valid_from, to_char(p.valid_to, 'YYYY-MM-DD') as valid_to,
           p.valid_from <= ${stockholmDate(Date.now())}::date and (p.valid_to is null or ${stockholmDate(Date.now())}::date <= p.valid_to) as grantable
    from permission_catalogue p join e_services e on e.name = p.e_service
    where p.e_service in ${sql(services as string[])}
      and p.valid_from <= ${stockholmDate(Date.now())}::date
      and (p.valid_to is null or ${stockholmDate(Date.now())}::date <= p.valid_to or p.permission in ${sql(keep.length ? (keep as string[]) : [''])})
    order by e.position, p.position, p.permission`;
  return rows.map((r) => ({ eService: r.e_service, permission: r.permission, validFrom: r.valid_from, validTo: r.valid_to, grantable: r.grantable }));
}

/** The e-tjänster an organisation has an active avtal for, in order. */
export async function activeServicesOf(sql: Sql, orgNumber: string): Promise<EService[]> {
  const rows = await sql<{ name: EService }[]>`
    select e.name from e_services e join agreements a on a.e_service = e.name and a.active
    where a.org_number = ${orgNumber} order by e.position`;
  return rows.map((r) => r.name);
}

/**
 * Publishes a new ersättningstyp: from its first day it is a permission administrators can grant
 * (nobody holds it until one does). A name or code already in use is refused.
 */
export async function publishCompensationType(sql: Sql, input: unknown, publishedBy: string): Promise<Result<CompensationType>> {
  const parsed = compensationTypeSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refused('INVALID', `Ersättningstypen är ofullständig: ${String(issue.path.join('.') || 'typ')} ${issue.message}.`, String(issue.path[0] ?? ''));
  }
  const type = parsed.data;
  return sql.begin(async (tx) => {
    const [taken] = await tx`select 1 from published_compensation_types where code = ${type.code}`;
    if (taken || shippedCompensationTypes().some((t) => t.code === type.code)) {
      return refused('EXISTS', `Det finns redan en ersättningstyp med koden "${type.code}".`, 'code');
    }
    const inserted = await tx`
      insert into permission_catalogue (e_service, permission, position, valid_from, valid_to, source, published_by)
      select ${COMPENSATION_SERVICE}, ${type.name}, coalesce(max(position), 0) + 1, ${type.effectiveFrom}, ${type.lastDay}, 'published', ${publishedBy}
      from permission_catalogue where e_service = ${COMPENSATION_SERVICE}
      on conflict do nothing
      returning permission`;
    if (!inserted.length) return refused('EXISTS', `Det finns redan en behörighet som heter "${type.name}".`, 'name');
    await tx`insert into published_compensation_types (code, name, content, published_by)
      values (${type.code}, ${type.name}, ${tx.json(type as never)}, ${publishedBy})`;
    return ok(type);
  }) as Promise<Result<CompensationType>>;
}
