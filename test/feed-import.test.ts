import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { importFeedStream } from '../activities/feed-import.js';
import { person } from './fixtures/person.js';
import { appSql } from './support.js';

const sql = appSql();
afterAll(() => sql.end());

function feed(lines: string[]) {
  return Readable.from(lines.map((l) => `${l}\n`));
}

describe('feed import', () => {
  const block = 70; // dossier block of this test file
  const lines: string[] = [];
  for (let i = 0; i < 1000; i++) {
    lines.push(JSON.stringify(person({ dossierNumber: `${block}-${String(i).padStart(6, '0')}`, familyName: `Haddad${i}` })));
  }
  lines[9] = '{"dossierNumber": "70-000009", "givenName": "Trasig"'; // line 10: not JSON
  lines[499] = JSON.stringify({ ...person({ dossierNumber: '70-000499' }), typeCode: 'X' }); // line 500: unknown type
  lines[999] = JSON.stringify({ ...person({ dossierNumber: '70-000999' }), birthDate: '1991-02-30' }); // line 1000: no such date

  it('imports the good lines and reports each bad one by line number and reason', async () => {
    const result = await importFeedStream(sql, feed(lines), { source: 'test' });
    expect(result.lines).toBe(1000);
    expect(result.inserted).toBe(997);
    expect(result.rejected).toBe(3);
    expect(result.errors.map((e) => e.line)).toEqual([10, 500, 1000]);
    expect(result.errors[0]!.reason).toMatch(/JSON/);
    expect(result.errors[1]!.reason).toMatch(/typeCode/);
    expect(result.errors[2]!.reason).toMatch(/birthDate: ogiltigt datum/);
    const [{ n }] = (await sql`select count(*)::int as n from persons where dossier_number like '70-%'`) as unknown as [{ n: number }];
    expect(n).toBe(997);
  });

  it('changes nothing when the same feed is imported again', async () => {
    const before = await sql`select dossier_number, updated_at from persons where dossier_number like '70-%' order by 1`;
    const result = await importFeedStream(sql, feed(lines), { source: 'test' });
    expect(result).toMatchObject({ inserted: 0, updated: 0, unchanged: 997, rejected: 3 });
    const after = await sql`select dossier_number, updated_at from persons where dossier_number like '70-%' order by 1`;
    expect(after).toEqual(before);
  });

  it('updates a changed record and recomputes its coverage date', async () => {
    const changed = [...lines];
    changed[1] = JSON.stringify(person({ dossierNumber: '70-000001', familyName: 'Haddad1',
      events: [{ type: 'asylum-application', date: '2026-02-10' }, { type: 'asylum-application', date: '2026-05-04' }] }));
    const result = await importFeedStream(sql, feed(changed), { source: 'test' });
    expect(result).toMatchObject({ inserted: 0, updated: 1, unchanged: 996 });
    const [row] = await sql`select covered_from, record from persons where dossier_number = '70-000001'`;
    expect(row!.covered_from).toBe('2026-05-04');
    expect((row!.record as { events: unknown[] }).events).toHaveLength(2);
  });

  it('keeps what is stored when a later feed has a bad line for the same person', async () => {
    const result = await importFeedStream(sql, feed([JSON.stringify({ ...person({ dossierNumber: '70-000002' }), givenName: '' })]), { source: 'test' });
    expect(result.rejected).toBe(1);
    const [row] = await sql`select given_name from persons where dossier_number = '70-000002'`;
    expect(row!.given_name).toBe('Amina');
  });
});
