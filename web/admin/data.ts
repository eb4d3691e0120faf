/**
 * Reads of the administrator's pages: the organisation's users with their permissions per
 * e-tjänst (in the catalogue's order), and the list's search, filters and sorting (done here, not
 * in SQL: an organisation has hundreds of users, and the search matches any characters in any column).
 */
import type { Sql } from '../../db/sql.js';
import { COLUMNS } from './columns.js';
import type { ListQuery } from './forms.js';

/** One held permission. */
export type Grant = { service: string; permission: string };
export type UserRow = {
  id: string; hsaId: string; givenName: string; familyName: string; email: string;
  orgNumber: string; role: string;
  /** the e-tjänster the user holds permissions in, in the e-tjänster's order */
  services: string[];
  /** every held permission, ordered by e-tjänst and then by the catalogue */
  permissions: string[];
  grants: Grant[];
};

type DbRow = {
  id: string; hsa_id: string; given_name: string; family_name: string; email: string;
  org_number: string; role: string; grants: Grant[] | null;
};
const toUser = (r: DbRow): UserRow => {
  const grants = r.grants ?? [];
  return {
    id: String(r.id), hsaId: r.hsa_id, givenName: r.given_name, familyName: r.family_name, email: r.email,
    orgNumber: r.org_number, role: r.role, grants,
    services: [...new Set(grants.map((g) => g.service))],
    permissions: grants.map((g) => g.permission),
  };
};

/** The held permissions of `u`, ordered as the catalogue orders them. */
const GRANTS = (sql: Sql) => sql`
  (select json_agg(json_build_object('service', p.service, 'permission', p.permission) order by e.position, c.position, p.permission)
   from user_permissions p
   join permission_catalogue c on c.e_service = p.service and c.permission = p.permission
   join e_services e on e.name = p.service
   where p.user_id = u.id) as grants`;

/** The users (role 'user') of one organisation, with their permissions. */
export async function listUsers(sql: Sql, orgNumber: string): Promise<UserRow[]> {
  const rows = await sql<DbRow[]>`
    select u.id, u.hsa_id, u.given_name, u.family_name, u.email, u.org_number, u.role, ${GRANTS(sql)}
    from users u
    where u.org_number = ${orgNumber} and u.role = 'user'
    order by u.family_name, u.given_name, u.id`;
  return rows.map(toUser);
}

/** One person by id, of any organisation and role (the caller checks both), or null. */
export async function findUser(sql: Sql, id: string): Promise<UserRow | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const [row] = await sql<DbRow[]>`
    select u.id, u.hsa_id, u.given_name, u.family_name, u.email, u.org_number, u.role, ${GRANTS(sql)}
    from users u
    where u.id = ${id}`;
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
