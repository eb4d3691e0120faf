/**
 * Reads of the system administrator's pages: the regions and kommuner with their avtal and administrators, the
 * population sync's imports (feed_imports) with their rejected lines, and the access log.
 */
import type { Sql } from '../../db/sql.js';
import type { FeedError } from '../../contract/index.js';
import { REGION_SERVICE, servicesFor, type EService } from '../../domain/e-services.js';
import type { LogFilter } from './forms.js';

// ---------------------------------------------------------------- regions and kommuner

export type Region = { orgNumber: string; name: string; county: string | null; agreementActive: boolean };
export type RegionSummary = Region & { admins: number };
/** A kommun with its avtal: whether each kommun e-tjänst's is active (false also when never started). */
export type Kommun = { orgNumber: string; name: string; county: string | null; agreements: Record<EService, boolean> };
export type KommunSummary = Kommun & { admins: number };
export type Administrator = { id: string; hsaId: string; givenName: string; familyName: string; email: string };

type RegionDbRow = { org_number: string; name: string; county: string | null; agreement_active: boolean };
const toRegion = (r: RegionDbRow): Region => ({ orgNumber: r.org_number, name: r.name, county: r.county, agreementActive: r.agreement_active });
const regionAgreement = (sql: Sql) => sql`coalesce((select a.active from agreements a
  where a.org_number = o.org_number and a.e_service = ${REGION_SERVICE}), false) as agreement_active`;
const adminCount = (sql: Sql) => sql`(select count(*)::int from users u where u.org_number = o.org_number and u.role = 'admin') as admins`;

export async function listRegions(sql: Sql): Promise<RegionSummary[]> {
  const rows = await sql<(RegionDbRow & { admins: number })[]>`
    select o.org_number, o.name, o.county, ${regionAgreement(sql)}, ${adminCount(sql)}
    from organisations o where o.kind = 'region' order by o.name, o.org_number`;
  return rows.map((r) => ({ ...toRegion(r), admins: r.admins }));
}

/** A region by organisation number; Migrationsverket itself and unknown numbers are null. */
export async function findRegion(sql: Sql, orgNumber: string): Promise<Region | null> {
  const [r] = await sql<RegionDbRow[]>`
    select o.org_number, o.name, o.county, ${regionAgreement(sql)} from organisations o where o.org_number = ${orgNumber} and o.kind = 'region'`;
  return r ? toRegion(r) : null;
}

type KommunDbRow = { org_number: string; name: string; county: string | null; active_services: EService[] };
const KOMMUN_SERVICES = servicesFor('kommun');
const toKommun = (r: KommunDbRow): Kommun => ({
  orgNumber: r.org_number, name: r.name, county: r.county,
  agreements: Object.fromEntries(KOMMUN_SERVICES.map((s) => [s, r.active_services.includes(s)])) as Record<EService, boolean>,
});
const activeServices = (sql: Sql) => sql`array(select a.e_service from agreements a
  where a.org_number = o.org_number and a.active) as active_services`;

export async function listKommuner(sql: Sql): Promise<KommunSummary[]> {
  const rows = await sql<(KommunDbRow & { admins: number })[]>`
    select o.org_number, o.name, o.county, ${activeServices(sql)}, ${adminCount(sql)}
    from organisations o where o.kind = 'kommun' order by o.name, o.org_number`;
  return rows.map((r) => ({ ...toKommun(r), admins: r.admins }));
}

/** A kommun by organisation number; anything else is null. */
export async function findKommun(sql: Sql, orgNumber: string): Promise<Kommun | null> {
  const [r] = await sql<KommunDbRow[]>`
    select o.org_number, o.name, o.county, ${activeServices(sql)} from organisations o where o.org_number = ${orgNumber} and o.kind = 'kommun'`;
  return r ? toKommun(r) : null;
}

type AdminDbRow = { id: string; hsa_id: string; given_name: string; family_name: string; email: string };
const toAdmin = (r: AdminDbRow): Administrator => ({
  id: String(r.id), hsaId: r.hsa_id, givenName: r.given_name, familyName: r.family_name, email: r.email,
});

export async function listAdministrators(sql: Sql, orgNumber: string): Promise<Administrator[]> {
  const rows = await sql<AdminDbRow[]>`
    select id, hsa_id, given_name, family_name, email from users
    where org_number = ${orgNumber} and role = 'admin'
    order by family_name, given_name, id`;
  return rows.map(toAdmin);
}

/** An administrator of the organisation by id, or null (a user, another organisation's administrator, nobody). */
export async function findAdministrator(sql: Sql, orgNumber: string, id: string): Promise<Administrator | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const [row] = await sql<AdminDbRow[]>`
    select id, hsa_id, given_name, family_name, email from users
    where id = ${id} and org_number = ${orgNumber} and role = 'admin'`;
  return row ? toAdmin(row) : null;
}

// ---------------------------------------------------------------- the population sync

export type FeedImportRow = {
  id: number;
  source: string;
  startedAt: Date;
  finishedAt: Date | null;
  lines: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** The workflow that ran it (null: imported by hand from the command line). */
  workflowId: string | null;
};

const toImport = (r: Record<string, unknown>): FeedImportRow => ({
  id: Number(r.id), source: r.source as string, startedAt: r.started_at as Date, finishedAt: (r.finished_at as Date | null) ?? null,
  lines: Number(r.lines), inserted: Number(r.inserted), updated: Number(r.updated), unchanged: Number(r.unchanged),
  rejected: Number(r.rejected), workflowId: typeof r.run_key === 'string' ? r.run_key.split('/')[0]! : null,
});

export const RECENT_IMPORTS = 20;

export async function recentImports(sql: Sql, limit = RECENT_IMPORTS): Promise<FeedImportRow[]> {
  const rows = await sql`select id, source, started_at, finished_at, lines, inserted, updated, unchanged, rejected, run_key
    from feed_imports order by id desc limit ${limit}`;
  return rows.map(toImport);
}

/** The imports begun by these workflows (the runs going on now). */
export async function importsOfWorkflows(sql: Sql, workflowIds: string[]): Promise<FeedImportRow[]> {
  if (workflowIds.length === 0) return [];
  const rows = await sql`select id, source, started_at, finished_at, lines, inserted, updated, unchanged, rejected, run_key
    from feed_imports where split_part(run_key, '/', 1) = any(${workflowIds}) order by id desc`;
  return rows.map(toImport);
}

export async function feedImport(sql: Sql, id: number): Promise<(FeedImportRow & { errors: FeedError[] }) | null> {
  const [row] = await sql`select id, source, started_at, finished_at, lines, inserted, updated, unchanged, rejected, run_key, errors
    from feed_imports where id = ${id}`;
  return row ? { ...toImport(row), errors: (row.errors as FeedError[]) ?? [] } : null;
}

// ---------------------------------------------------------------- the access log

export type LogRow = {
  id: string; at: string; actor_hsa_id: string | null; actor_org: string | null; action: string;
  object_type: string | null; object_id: string | null; outcome: string; detail: unknown;
};

function where(sql: Sql, f: LogFilter) {
  return sql`
    where true
    ${f.anvandare ? sql`and upper(actor_hsa_id) = upper(${f.anvandare})` : sql``}
    ${f.objekt ? sql`and object_id = ${f.objekt}` : sql``}
    ${f.atgard ? sql`and action = ${f.atgard}` : sql``}
    ${f.fran ? sql`and at >= (${f.fran}::date)::timestamp at time zone 'UTC'` : sql``}
    ${f.till ? sql`and at < (${f.till}::date + 1)::timestamp at time zone 'UTC'` : sql``}`;
}

/** Every action in the log, read as a loose index scan (one index probe per distinct action). */
export async function loggedActions(sql: Sql): Promise<string[]> {
  const rows = await sql<{ action: string }[]>`
    with recursive a as (
      (select action from access_log order by action limit 1)
      union all
      select (select l.action from access_log l where l.action > a.action order by l.action limit 1) from a where a.action is not null
    )
    select action from a where action is not null`;
  return rows.map((r) => r.action);
}

/** The log's rows matching the filter, newest first (a query to page with limit/offset or read with a cursor). */
export function logRows(sql: Sql, f: LogFilter) {
  return sql<LogRow[]>`
    select id, to_char(at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') as at, actor_hsa_id, actor_org, action,
           object_type, object_id, outcome, detail
    from access_log ${where(sql, f)}
    order by at desc, id desc`;
}

/** One page of the log, with one row more than `pageSize` when there is a next page. */
export function logPage(sql: Sql, f: LogFilter, pageNo: number, pageSize: number) {
  return sql<LogRow[]>`${logRows(sql, f)} limit ${pageSize + 1} offset ${(pageNo - 1) * pageSize}`;
}
