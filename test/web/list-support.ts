/** Helpers of the list tests: a region with its own user, and readers of the list's HTML and CSV. */
import type { Sql } from '../../db/sql.js';
import type { PersonRecord } from '../../domain/person.js';
import { createSession } from '../../web/session.js';
import { addPeople, testRegion } from '../lifecycle-support.js';

let userCounter = 0;
/** A fresh region with a user holding the given permissions, logged in. */
export async function regionWithUser(sql: Sql, name: string, permissions: string[]) {
  const region = await testRegion(sql, name);
  userCounter++;
  const hsaId = `SE${region.replace('-', '')}-LISTA${process.pid % 1000}X${userCounter}`;
  const [user] = await sql<{ id: string }[]>`
    insert into users (hsa_id, given_name, family_name, email, org_number, role)
    values (${hsaId}, 'Lisa', 'Listsson', 'lisa@region.example', ${region}, 'user') returning id`;
  for (const permission of permissions) await sql`insert into user_permissions (user_id, permission) values (${user!.id}, ${permission})`;
  const session = await createSession(sql, user!.id);
  return { region, hsaId, userId: user!.id, cookie: `melker_session=${session.token}`, csrf: session.csrfToken };
}

export async function addPerson(sql: Sql, region: string, overrides: Partial<PersonRecord>): Promise<string> {
  const [dossier] = await addPeople(sql, region, 1, overrides);
  return dossier!;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };
export const decode = (s: string) => s.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (m) => ENTITIES[m]!);
const text = (html: string) => decode(html.replace(/<span class="sr-only">.*?<\/span>/gs, '').replace(/<[^>]+>/g, '')).trim();

/** The header labels of the data columns, in order (without the soft hyphens that let long words wrap on screen). */
export function tableHeaders(html: string): string[] {
  return [...html.matchAll(/<span class="lista-sort__label">(.*?)<\/span>/gs)].map((m) => decode(m[1]!).replaceAll('\u00AD', ''));
}

/** The data rows of the table: the first 11 cells of each person's first row. */
export function tableRows(html: string): string[][] {
  return [...html.matchAll(/<tbody id="person-[^"]+"[^>]*>\s*<tr>(.*?)<\/tr>/gs)].map((m) =>
    [...m[1]!.matchAll(/<t[hd](?:\s[^>]*)?>(.*?)<\/t[hd]>/gs)].map((c) => text(c[1]!)).slice(0, 11));
}

/** RFC 4180 with `;` (what the export writes). */
export function parseCsv(input: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') { row.push(field); field = ''; } else if (ch === '\r' && input[i + 1] === '\n') {
      row.push(field); rows.push(row); row = []; field = ''; i++;
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}
