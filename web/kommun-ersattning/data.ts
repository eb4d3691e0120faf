/** Reads of "Ansök om statlig ersättning": the ersättningstyper a user holds, with their rule data. */
import type { Sql } from '../../db/sql.js';
import { COMPENSATION_SERVICE } from '../../domain/e-services.js';
import { shippedCompensationTypes } from '../../rules/ersattning/types.js';

export type HeldType = { name: string; legalBasis: string | null; validFrom: string; validTo: string | null };

/** The user's ersättningstyper in catalogue order (a discontinued one stays, for its history). */
export async function heldTypes(sql: Sql, userId: string): Promise<HeldType[]> {
  const rows = await sql<{ permission: string; valid_from: string; valid_to: string | null; content: { legalBasis?: string } | null }[]>`
    select c.permission, to_char(c.valid_from, 'YYYY-MM-DD') as valid_from, to_char(c.valid_to, 'YYYY-MM-DD') as valid_to, t.content
    from user_permissions p
    join permission_catalogue c on c.e_service = p.service and c.permission = p.permission
    left join published_compensation_types t on t.name = c.permission
    where p.user_id = ${userId} and p.service = ${COMPENSATION_SERVICE}
    order by c.position`;
  const shipped = new Map(shippedCompensationTypes().map((t) => [t.name, t]));
  return rows.map((r) => ({
    name: r.permission, legalBasis: shipped.get(r.permission)?.legalBasis ?? r.content?.legalBasis ?? null,
    validFrom: r.valid_from, validTo: r.valid_to,
  }));
}
