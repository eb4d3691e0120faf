/**
 * The list tab through app.request against the real database: columns, search, sorting, filters,
 * paging, protected identities, exports equal to the table, the region boundary and access log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { createApp } from '../../web/app.js';
import type { WebDeps } from '../../web/deps.js';
import { COLUMNS, COVERED_FROM_TOOLTIP } from '../../web/region/columns.js';
import { couldBePartOfDate, listPage } from '../../web/region/data/list.js';
import { parseListState } from '../../web/region/forms.js';
import { appSql, temporalClient } from '../support.js';
import { addPerson, decode, parseCsv, regionWithUser, tableHeaders, tableRows } from './list-support.js';

const sql = appSql();
let client: Client;
let deps: WebDeps;
let world: Awaited<ReturnType<typeof regionWithUser>>;
let other: Awaited<ReturnType<typeof regionWithUser>>;
let otherPerson: string;
const people: Record<string, string> = {};

const HEADERS = [
  'Dossiernummer', 'Efternamn', 'Förnamn', 'Födelsedatum', 'Typ av sökande', 'Omf. LMA / förvar fr.o.m.',
  'Adress', 'Postnummer', 'Ort', 'Kallad till hälsoundersökning', 'Hälsoundersökning genomförd',
];

const app = () => createApp(deps);
async function get(path: string, who = world, headers: Record<string, string> = {}) {
  return app().request(path, { headers: { Cookie: who.cookie, ...headers } });
}
async function page(path: string) {
  const res = await get(path);
  expect(res.status).toBe(200);
  return res.text();
}

beforeAll(async () => {
  client = await temporalClient();
  deps = { sql, temporal: client };
  world = await regionWithUser(sql, 'Region Listlän', ['Se asylsökande m.fl. i länet']);
  other = await regionWithUser(sql, 'Region Grannlän', ['Se asylsökande m.fl. i länet', 'Rapportera hälsoundersökning']);
  const R = world.region;
  people.amina = await addPerson(sql, R, { givenName: 'Amina', familyName: 'Haddad', birthDate: '1991-04-17', typeCode: 'A',
    address: { street: 'Storgatan 1', postalCode: '141 35', city: 'Huddinge' }, events: [{ type: 'asylum-application', date: '2024-02-10' }] });
  people.omar = await addPerson(sql, R, { givenName: 'Omar', familyName: 'Åberg', birthDate: '1985-12-01', typeCode: 'F', detentionFacility: 'forvar',
    address: { street: 'Ängsvägen 4', postalCode: '113 20', city: 'Solna' }, events: [{ type: 'detention-start', date: '2025-05-02' }] });
  people.lina = await addPerson(sql, R, { givenName: 'Lina', familyName: 'Ärlig', birthDate: '2015-06-30', typeCode: 'AB',
    address: { street: 'Björkvägen 2', postalCode: '151 32', city: 'Södertälje' }, events: [] });
  people.bo = await addPerson(sql, R, { givenName: 'Bo', familyName: 'Öberg', birthDate: '1970-01-15', typeCode: 'B',
    address: { street: 'Åsgatan 9', postalCode: '171 45', city: 'Solna' }, events: [] });
  people.mira = await addPerson(sql, R, { givenName: 'Mira', familyName: 'Zadeh', birthDate: '1999-09-09', typeCode: 'M',
    address: { street: 'Kungsgatan 3', postalCode: '111 22', city: 'Stockholm' }, events: [{ type: 'temporary-protection-application', date: '2023-03-03' }] });
  people.formula = await addPerson(sql, R, { givenName: '@SUM(A1:A2)', familyName: '=HYPERLINK("http://example.test","klicka")', typeCode: 'A',
    address: { street: '-2+3', postalCode: '123 45', city: '+Ort' }, events: [{ type: 'asylum-application', date: '2024-03-01' }] });
  people.hidden = await addPerson(sql, R, { givenName: 'Hemlig', familyName: 'Skyddadsson', typeCode: 'A', protectedIdentity: true,
    address: { street: 'Skyddsvägen 1', postalCode: '100 00', city: 'Huddinge' } });
  // Paging: 55 more, so the region has more than one page.
  for (let i = 0; i < 55; i++) {
    await addPerson(sql, R, { givenName: `Fyll${String(i).padStart(2, '0')}`, familyName: 'Mellansson', typeCode: i % 2 ? 'A' : 'M',
      address: { street: `Fyllnadsgatan ${i}`, postalCode: '199 99', city: 'Nynäshamn' } });
  }
  // Exam projections: Amina invited, Omar examined (written as the workflows' activities do).
  await sql`insert into examinations (workflow_id, run_id, dossier_number, region_org_number, status, invited_date)
    values (${`examination-${people.amina}`}, ${`run-a-${people.amina}`}, ${people.amina}, ${R}, 'Kallad', '2025-01-20')`;
  await sql`insert into examinations (workflow_id, run_id, dossier_number, region_org_number, status, invited_date, exam_date, quarter)
    values (${`examination-${people.omar}`}, ${`run-o-${people.omar}`}, ${people.omar}, ${R}, 'Rapporterad', '2025-06-01', '2025-06-10', '2025-Q2')`;
  otherPerson = await addPerson(sql, other.region, { givenName: 'Grannie', familyName: 'Grannsson', typeCode: 'A' });
});
afterAll(async () => {
  await client.connection.close();
  await sql.end();
});

describe('the list page', () => {
  it('shows the SPEC columns in order, the information box and the accessible tooltip', async () => {
    const html = await page('/lista');
    expect(tableHeaders(html)).toEqual(HEADERS);
    expect(COLUMNS.map((c) => c.header)).toEqual(HEADERS);
    expect(html).toContain('message-box--info');
    expect(html).toContain('Om kolumnen ”Omf. LMA / förvar fr.o.m.”');
    expect(html).toContain(`role="tooltip" id="tooltip-omfattas">${COVERED_FROM_TOOLTIP}</span>`);
    expect(html).toMatch(/<a class="lista-sort"[^>]*aria-describedby="tooltip-omfattas"/);
    expect(html).toContain('aria-sort="ascending"');
    expect(html).toContain('Visar 1–50 av 61 personer.');
  });

  it('shows each person\'s values, the exam dates from the live examination and the coverage date', async () => {
    const rows = tableRows(await page(`/lista?sok=${people.omar}`));
    expect(rows).toEqual([[people.omar, 'Åberg', 'Omar', '1985-12-01', 'F', '2025-05-02', 'Ängsvägen 4', '113 20', 'Solna', '2025-06-01', '2025-06-10']]);
    const [amina] = tableRows(await page(`/lista?sok=${people.amina}`));
    expect(amina!.slice(4)).toEqual(['A', '2024-02-10', 'Storgatan 1', '141 35', 'Huddinge', '2025-01-20', '']);
    const [lina] = tableRows(await page(`/lista?sok=${people.lina}`));
    expect(lina![5]).toBe('');
  });

  it('never shows a protected identity: not in the list, the count, search or exports', async () => {
    const all = await page('/lista?sida=2');
    expect(all).toContain('av 61 personer');
    for (const html of [await page('/lista'), all, await page('/lista?sok=Skyddadsson'), await page(`/lista?sok=${people.hidden}`), await page('/lista?sok=skyddsvägen')]) {
      const cells = tableRows(html).flat();
      expect(cells).not.toContain('Skyddadsson');
      expect(cells).not.toContain(people.hidden);
      expect(cells).not.toContain('Skyddsvägen 1');
    }
    expect(await page('/lista')).not.toContain('Skyddadsson');
    expect(await page('/lista?sok=Skyddadsson')).toContain('Inga personer matchar sökningen.');
    const csv = await (await get('/lista/export.csv')).text();
    expect(csv).not.toContain('Skyddadsson');
    expect(parseCsv(csv.slice(1))).toHaveLength(62);
  });

  it('searches across all columns, with several words meaning all of them', async () => {
    const find = async (q: string) => tableRows(await page(`/lista?sok=${encodeURIComponent(q)}`)).map((r) => r[0]);
    expect(await find('haddad')).toEqual([people.amina]);
    expect(await find('AMINA huddinge')).toEqual([people.amina]);
    expect(await find('ängsvägen')).toEqual([people.omar]);
    expect(await find('113 20')).toContain(people.omar);
    expect(await find('2025-06-10')).toEqual([people.omar]); // the exam date
    expect(await find('2025-01-20')).toEqual([people.amina]); // the invitation date
    expect(await find('1999-09-09')).toEqual([people.mira]);
    expect(await find('%')).toEqual([]);
    expect(await find('Södertälje Solna')).toEqual([]);
  });

  it('searches the exam dates only with terms that fit in a date', () => {
    for (const yes of ['2025', '2025-06', '025-06-1', '06-10', '5-', '-0', '2025-06-10', '1']) expect(couldBePartOfDate(yes), yes).toBe(true);
    for (const no of ['01-000593', '2025-06-100', '2025--06', 'ab', '113 20', '12345']) expect(couldBePartOfDate(no), no).toBe(false);
  });

  it('filters by type code and by exam status', async () => {
    const dossiers = async (q: string) => tableRows(await page(`/lista?${q}`)).map((r) => r[0]);
    expect(await dossiers('typ=F')).toEqual([people.omar]);
    expect((await dossiers('typ=AB&typ=B')).sort()).toEqual([people.lina, people.bo].sort());
    expect(await dossiers('status=kallad')).toEqual([people.amina]);
    expect(await dossiers('status=rapporterad')).toEqual([people.omar]);
    expect((await dossiers('status=kallad&status=rapporterad')).sort()).toEqual([people.amina, people.omar].sort());
    const notInvited = await page('/lista?status=ej-kallad');
    expect(notInvited).toContain('av 59 personer');
    expect(await dossiers('status=ej-kallad&typ=F')).toEqual([]);
    // Unknown values are ignored, never an error.
    expect((await get('/lista?typ=X&status=<b>&sortera=nej&ordning=upp&sida=-3')).status).toBe(200);
  });

  it('sorts on every column in both directions, in Swedish order, with aria-sort on the header', async () => {
    const collator = new Intl.Collator('sv');
    for (const [i, column] of COLUMNS.entries()) {
      for (const direction of ['stigande', 'fallande'] as const) {
        const html = await page(`/lista?typ=F&typ=AB&typ=B&typ=A&sortera=${column.key}&ordning=${direction}`);
        expect(html).toMatch(new RegExp(`data-column="${column.key}" aria-sort="${direction === 'stigande' ? 'ascending' : 'descending'}"`));
        const values = tableRows(html).map((r) => r[i]!);
        const filled = values.filter((v) => v !== '');
        const sorted = [...filled].sort((a, b) => (column.key === 'dossiernummer' ? (a < b ? -1 : 1) : collator.compare(a, b)) * (direction === 'stigande' ? 1 : -1));
        expect(filled, `${column.key} ${direction}`).toEqual(sorted);
        expect(values.slice(0, filled.length), 'empty values last').toEqual(filled);
      }
    }
    const byFamily = tableRows(await page('/lista?typ=F&typ=AB&typ=B&sortera=efternamn')).map((r) => r[1]);
    expect(byFamily).toEqual(['Åberg', 'Ärlig', 'Öberg']);
  });

  it('finds the same pages by walking the sort index as by gathering the matches first', async () => {
    for (const column of COLUMNS) {
      for (const q of [`sortera=${column.key}`, `sortera=${column.key}&ordning=fallande&sida=2`, `sortera=${column.key}&typ=A&typ=M&sida=2`]) {
        const state = parseListState(new URLSearchParams(q));
        const walked = await listPage(sql, world.region, state, { gatherAtMost: 0 });
        const gathered = await listPage(sql, world.region, state, { gatherAtMost: 1_000_000 });
        expect(walked, q).toEqual(gathered);
      }
    }
  });

  it('pages through the list, and a page past the end shows the last page', async () => {
    const first = await page('/lista');
    const second = await page('/lista?sida=2');
    expect(tableRows(first)).toHaveLength(50);
    expect(tableRows(second)).toHaveLength(11);
    expect(second).toContain('Visar 51–61 av 61 personer.');
    const all = [...tableRows(first), ...tableRows(second)].map((r) => r[0]);
    expect(new Set(all).size).toBe(61);
    expect(second).toContain('<a href="/lista" hx-get="/lista" hx-target="#lista-resultat" hx-push-url="true">Föregående sida</a>');
    expect(first).toContain('href="/lista?sida=2"');
    expect(await page('/lista?sida=99')).toContain('Visar 51–61 av 61 personer.');
  });

  it('answers htmx requests for the results with the table fragment and the canonical URL', async () => {
    const res = await get('/lista?sok=haddad&typ=A&sortera=ort', world, { 'HX-Request': 'true', 'HX-Target': 'lista-resultat' });
    const html = await res.text();
    expect(html).not.toContain('<html');
    expect(html).toContain('hx-swap-oob="true"');
    expect(tableRows(html).map((r) => r[0])).toEqual([people.amina]);
    expect(res.headers.get('HX-Push-Url')).toBe('/lista?sok=haddad&typ=A&sortera=ort');
    expect(res.headers.get('Vary')).toContain('HX-Request');
  });

  it('logs every view with the filters but without the search text', async () => {
    await page('/lista?sok=Haddad&typ=A&status=kallad');
    const [row] = await sql`select * from access_log where actor_hsa_id = ${world.hsaId} and action = 'view_list' order by id desc limit 1`;
    expect(row).toMatchObject({ object_type: 'region', object_id: world.region, outcome: 'ok' });
    expect(row!.detail).toMatchObject({ sokning: true, typ: ['A'], status: ['kallad'] });
    expect(JSON.stringify(row!.detail)).not.toMatch(/haddad/i);
    // What was shown is logged: the dossier numbers of the rows (issue 14).
    expect(row!.detail.visade).toEqual([people.amina]);
  });

  it('logs the person shown when a row opens in the list', async () => {
    const res = await get(`/lista/person/${people.amina}/rad`, world, { 'HX-Request': 'true', 'HX-Target': `person-${people.amina}` });
    expect(res.status).toBe(200);
    const [row] = await sql`select * from access_log where actor_hsa_id = ${world.hsaId} and action = 'view_person' order by id desc limit 1`;
    expect(row).toMatchObject({ object_type: 'person', object_id: people.amina, outcome: 'ok' });
  });

  it('shows only the user\'s region', async () => {
    const html = await page('/lista?sok=Grannsson');
    expect(html).toContain('Inga personer matchar sökningen.');
    expect(await (await get('/lista', other)).text()).not.toContain('Haddad');
  });
});

describe('exports', () => {
  const filters = ['', 'typ=A&typ=F', 'sok=solna&sortera=fodelsedatum&ordning=fallande', 'status=ej-kallad&sortera=ort', 'sok=haddad'];

  async function tableOf(q: string) {
    const rows: string[][] = [];
    for (let p = 1; ; p++) {
      const html = await page(`/lista?${q}&sida=${p}`);
      rows.push(...tableRows(html));
      if (!html.includes('Nästa sida')) return { headers: tableHeaders(html), rows };
    }
  }

  it('CSV: UTF-8 with BOM, `;`, the same headers and rows as the table for the same filters, access-logged', async () => {
    for (const q of filters) {
      const res = await get(`/lista/export.csv?${q}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="asylsokande-.*\.csv"$/);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes.slice(3)));
      const table = await tableOf(q);
      expect(header).toEqual(table.headers);
      // Cells that could run as formulas carry a leading apostrophe in the file only.
      expect(rows.map((r) => r.map((v) => v.replace(/^'(?=[=+\-@\t\r])/, '')))).toEqual(table.rows);
    }
    const [log] = await sql`select * from access_log where actor_hsa_id = ${world.hsaId} and action = 'export_list' order by id desc limit 1`;
    expect(log).toMatchObject({ object_type: 'region', object_id: world.region });
    expect(log!.detail).toMatchObject({ format: 'csv', sokning: true });
    expect(JSON.stringify(log!.detail)).not.toMatch(/haddad/i);
  });

  it('CSV neutralises formula injection', async () => {
    const csv = (await (await get(`/lista/export.csv?sok=${people.formula}`)).text()).slice(1);
    const [, row] = parseCsv(csv);
    expect(row).toEqual([people.formula, '\'=HYPERLINK("http://example.test","klicka")', '\'@SUM(A1:A2)', expect.any(String), 'A', '2024-03-01',
      '\'-2+3', '123 45', '\'+Ort', '', '']);
    expect(csv).toContain('"\'=HYPERLINK(""http://example.test"",""klicka"")"');
  });

  it('Excel: a readable workbook with the same headers and rows as the table, access-logged', async () => {
    for (const q of filters) {
      const res = await get(`/lista/export.xlsx?${q}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await res.arrayBuffer());
      const sheet = workbook.worksheets[0]!;
      const values: string[][] = [];
      sheet.eachRow((row) => values.push(COLUMNS.map((_, i) => String(row.getCell(i + 1).value ?? ''))));
      const [header, ...rows] = values;
      const table = await tableOf(q);
      expect(header).toEqual(table.headers);
      expect(rows).toEqual(table.rows);
    }
    const [log] = await sql`select * from access_log where actor_hsa_id = ${world.hsaId} and action = 'export_list' order by id desc limit 1`;
    expect(log!.detail).toMatchObject({ format: 'xlsx' });
  });

  it('refuses users without the list permission', async () => {
    const noList = await regionWithUser(sql, 'Region Utan', ['Skapa ny ansökan om ersättning']);
    expect((await get('/lista/export.csv', noList)).status).toBe(403);
    expect((await get('/lista', noList)).status).toBe(403);
  });
});

describe('the person page', () => {
  it('opens from the dossier number for a user who may only view: data, coverage date and why, the exam; no actions', async () => {
    expect(await page(`/lista?sok=${people.omar}`)).toContain(`<a href="/lista/person/${people.omar}">${people.omar}</a>`);
    const html = decode(await page(`/lista/person/${people.omar}`));
    expect(html).toContain('<h1>Omar Åberg</h1>');
    for (const value of ['Ängsvägen 4', '113 20', 'Solna', '1985-12-01', 'F – Förvarstagen', 'Migrationsverkets förvar']) expect(html).toContain(value);
    expect(html).toContain('Personen är förvarstagen (F). Datumet är dagen då det pågående förvaret började, 2025-05-02.');
    expect(html).toContain('Förvar började');
    expect(html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ')).toContain('Kan sökas i ansökan för kvartal 3 2025, från 2025-07-01. Sista dag för ansökan: 2025-09-30 (har passerat).');
    expect(html).not.toContain('Datum för genomförd hälsoundersökning');
    const [log] = await sql`select * from access_log where actor_hsa_id = ${world.hsaId} and action = 'view_person' order by id desc limit 1`;
    expect(log).toMatchObject({ object_type: 'person', object_id: people.omar, outcome: 'ok' });
  });

  it('says why an AB, a B and an M person have the date they have', async () => {
    expect(decode(await page(`/lista/person/${people.lina}`))).toContain('Personen är asylsökande barn (AB) och omfattas inte av LMA.');
    expect(decode(await page(`/lista/person/${people.bo}`))).toContain('Personen är bevisperson (B) och omfattas inte av LMA.');
    expect(decode(await page(`/lista/person/${people.mira}`))).toContain('ansökte om tillfälligt skydd den 1 juli 2022 eller senare. Datumet är dagen för den senaste ansökan, 2023-03-03.');
  });

  it('is refused like the list for a person of another region or a protected identity, and for users without the list permission', async () => {
    expect((await get(`/lista/person/${otherPerson}`)).status).toBe(404);
    expect((await get(`/lista/person/${people.hidden}`)).status).toBe(404);
    const noList = await regionWithUser(sql, 'Region Utan lista', ['Skapa ny ansökan om ersättning']);
    expect((await get(`/lista/person/${people.amina}`, noList)).status).toBe(403);
    for (const bad of ['x', '1-1', '199-123456', '%00', '..%2F..', "12-345678' or 1=1", 'a'.repeat(300), '19910417-1234']) {
      expect((await get(`/lista/person/${bad}`)).status, bad).toBe(404);
    }
  });
});

describe('people of another region', () => {
  it('answer 404 and the attempt is logged', async () => {
    const reporter = await regionWithUser(sql, 'Region Rapport', ['Se asylsökande m.fl. i länet', 'Rapportera hälsoundersökning']);
    const res = await get(`/lista/person/${otherPerson}`, reporter);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Sidan finns inte');
    const [log] = await sql`select * from access_log where actor_hsa_id = ${reporter.hsaId} order by id desc limit 1`;
    expect(log).toMatchObject({ action: 'access', object_type: 'person', object_id: otherPerson, outcome: 'denied' });
    expect(log!.detail).toMatchObject({ reason: 'other_region' });
    const post = await app().request(`/lista/person/${otherPerson}/rapport`, {
      method: 'POST', headers: { Cookie: reporter.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: reporter.csrf, examDate: '2025-01-01' }).toString(),
    });
    expect(post.status).toBe(404);
    const [exam] = await sql`select 1 from examinations where dossier_number = ${otherPerson}`;
    expect(exam).toBeUndefined();
  });

  it('a protected identity of the own region answers 404 too', async () => {
    const reporter = await regionWithUser(sql, 'Region Skydd', ['Se asylsökande m.fl. i länet', 'Rapportera hälsoundersökning']);
    const hidden = await addPerson(sql, reporter.region, { familyName: 'Skyddad', protectedIdentity: true });
    expect((await get(`/lista/person/${hidden}`, reporter)).status).toBe(404);
    expect((await get('/lista/person/not-a-dossier', reporter)).status).toBe(404);
  });
});
