/**
 * Keeps the permission catalogue's ersättningstyper in step with the shipped rule data
 * (rules/ersattning/ersattningstyper.json): run by the migrator after the SQL migrations.
 * A shipped type's dates follow the file; published types and holders' grants are never touched.
 */
import { COMPENSATION_SERVICE } from '../domain/e-services.js';
import { shippedCompensationTypes } from '../rules/ersattning/types.js';
import type { Sql } from './sql.js';

export async function syncShippedCatalogue(sql: Sql): Promise<number> {
  const rows = shippedCompensationTypes().map((t, i) => ({
    e_service: COMPENSATION_SERVICE, permission: t.name, position: i + 1,
    valid_from: t.effectiveFrom, valid_to: t.lastDay, source: 'shipped',
  }));
  const changed = await sql`
    insert into permission_catalogue ${sql(rows, 'e_service', 'permission', 'position', 'valid_from', 'valid_to', 'source')}
    on conflict (e_service, permission) do update
      set position = excluded.position, valid_from = excluded.valid_from, valid_to = excluded.valid_to
      where permission_catalogue.source = 'shipped'
        and (permission_catalogue.position, permission_catalogue.valid_from, permission_catalogue.valid_to)
            is distinct from (excluded.position, excluded.valid_from, excluded.valid_to)
    returning permission`;
  return changed.length;
}
