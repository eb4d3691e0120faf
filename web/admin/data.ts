/**
 * Reads of the region administrator's pages: the region's users with their e-tjänster and
 * permissions, and the list's search, filters and sorting (done here, not in SQL: a region has
 * hundreds of users, and the search matches any characters in any column).
 */
import type { Sql } from '../../db/sql.js';
import { REGION_PERMISSIONS } from '../deps.js';
import { COLUMNS } from './columns.js';
import type { ListQuery } from './forms.js';

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

/** The users (role 'user') of one organisation, with their e-tjänster and permissions. */
export async function listUsers(sql: Sql, orgNumber: string): Promise<UserRow[]> {
  const rows = await sql<DbRow[]>`
    select u.id, u.hsa_id, u.given_name, u.family_name, u.email, u.org_number, u.role,
           coalesce(array_agg(distinct p.service) filter (where p.service is not null), '{}') as services,
           coalesce(array_agg(p.permission) filter (where p.permission is not null), '{}') as permissions
    from users u left join user_permissions p on p.user_id = u.id
    where u.org_number = ${orgNumber} and u.role = 'user'
    group by u.id
    order by u.family_name, u.given_name, u.id`;
  return rows.map(toUser);
}

/** One person by id, of any organisation and role (the caller checks both), or null. */
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

const collator = new Intl.Collator('sv', { sensitivity: 'base', numeric: true });

export function filterAndSort(users: readonly UserRow[], q: ListQuery): UserRow[] {
  const needle = q.sok.toLocaleLowerCase('sv');
  const col = COLUMNS.find((c) => c.key === q.sortera)!;
  const sign = q.ordning === 'fallande' ? -1 : 1;
  return users
    .filter((u) => !q.etjanst || u.services.includes(q.etjanst))
    .filter((u) => !q.behorighet || u.permissions.includes(q.behorighet))
    .filter((u) => !needle || COLUMNS.some((c) => c.text(u).toLocaleLowerCase('sv').includes(needle)))
    .sort((a, b) => sign * collator.compare(col.text(a), col.text(b)) || collator.compare(a.hsaId, b.hsaId));
}
