/** Översikt: examinations per region, quarter and state, from the projection. */
import type { Sql } from '../../../db/sql.js';

export type DashboardRow = { regionName: string; quarter: string; status: string; exams: number; amountSek: number };

/** Examinations per region, quarter and state, with the amounts of their application items. */
export async function dashboardRows(sql: Sql, quarter?: string): Promise<DashboardRow[]> {
  const rows = await sql`
    select o.name as region_name, e.quarter, e.status, count(*)::int as exams,
           coalesce(sum(case when i.outcome = 'Avslagen' then 0 else i.amount_sek end), 0)::int as amount
      from examinations e
      join organisations o on o.org_number = e.region_org_number
      left join lateral (select amount_sek, outcome from application_items where examination_id = e.id order by application_id desc limit 1) i on true
     where e.quarter is not null ${quarter ? sql`and e.quarter = ${quarter}` : sql``}
     group by o.name, e.quarter, e.status
     order by o.name, e.quarter, e.status`;
  return rows.map((r) => ({ regionName: r.region_name as string, quarter: r.quarter as string, status: r.status as string, exams: Number(r.exams), amountSek: Number(r.amount) }));
}

export async function examQuarters(sql: Sql): Promise<string[]> {
  const rows = await sql`select distinct quarter from examinations where quarter is not null order by quarter desc limit 40`;
  return rows.map((r) => r.quarter as string);
}
