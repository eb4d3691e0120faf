/**
 * The rule maintainers' forms through app.request: a candidate upload, the copy form and the
 * publish form refuse bad input with 400 and a Swedish message beside the field, store nothing,
 * and never answer 5xx (fast-check).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { addDays } from '../../domain/quarters.js';
import { loadRuleSets, ruleSetToJson } from '../../rules/index.js';
import { createApp } from '../../web/app.js';
import type { WebDeps } from '../../web/deps.js';
import { today } from '../lifecycle-support.js';
import { appSql, temporalClient } from '../support.js';
import { get, post, sessionOf, type TestSession } from './applications-support.js';

const sql = appSql();
let client: Client;
let deps: WebDeps;
let rita: TestSession;
let candidateId: number;
const app = () => createApp(deps);
const current = () => ruleSetToJson(loadRuleSets().find((s) => s.id === 'lma-2022-07-01')!);
const count = async (table: 'rule_candidates' | 'published_rule_sets') => Number((await sql`select count(*)::int as n from ${sql(table)}`)[0]!.n);

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  deps = { sql, temporal: client, publicUrl: 'http://localhost:3999' };
  rita = await sessionOf(sql, deps, 'SE2021002163-RF1');
  const [row] = await sql`insert into rule_candidates (content, label, created_by) values (${sql.json(current() as never)}, 'lma-2022-07-01@1', 'test') returning id`;
  candidateId = Number(row!.id);
});
afterAll(async () => {
  await client.connection.close();
  await sql.end();
});

describe('rule maintainer forms', () => {
  it('stores a valid uploaded document as a candidate and shows its rules', async () => {
    const before = await count('rule_candidates');
    const res = await post(app(), rita, '/regler/kandidat', { content: JSON.stringify(current()) });
    expect(res.status).toBe(303);
    expect(await count('rule_candidates')).toBe(before + 1);
    const page = await get(app(), rita, res.headers.get('location')!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Kandidaten är sparad.');
  });

  it('never stores bad uploads and never answers 5xx (fuzz)', async () => {
    const before = await count('rule_candidates');
    const document = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc.constantFrom('', '   ', '[]', 'null', '{}', '{"manifest": {}}', JSON.stringify({ ...current(), parameters: { lmaChangeDate: 'igår' } })),
    );
    await fc.assert(fc.asyncProperty(document, async (content) => {
      const res = await post(app(), rita, '/regler/kandidat', { content });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toMatch(/Välj en fil eller klistra in|Texten är inte giltig JSON|Innehållet ska vara en hel regeluppsättning|Regeluppsättningen har \d+ fel/);
      expect(html).toContain('aria-invalid="true"');
    }), { numRuns: 50 });
    expect(await count('rule_candidates')).toBe(before);
  });

  it('refuses a malformed LMA change date in the copy form (fuzz)', async () => {
    const before = await count('rule_candidates');
    const notADate = fc.string({ maxLength: 12 }).filter((s) => s.trim() !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(s.trim()));
    await fc.assert(fc.asyncProperty(fc.oneof(notADate, fc.constantFrom('2022-02-30', '2022-13-01', '22-09-01')), async (date) => {
      const res = await post(app(), rita, '/regler/kandidat/kopia', { source: 'lma-2022-07-01@1', lmaChangeDate: date });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2022-09-01.');
    }), { numRuns: 30 });
    const unknown = await post(app(), rita, '/regler/kandidat/kopia', { source: 'finns-inte@9', lmaChangeDate: '2022-09-01' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Välj en uppsättning att kopiera.');
    expect(await count('rule_candidates')).toBe(before);
  });

  it('publishes only with a future date, a well-formed id and version, and never twice (fuzz)', async () => {
    const before = await count('published_rule_sets');
    const past = await post(app(), rita, `/regler/kandidat/${candidateId}/publicera`, { effectiveFrom: today(), id: '', version: '1' });
    expect(past.status).toBe(400);
    expect(await past.text()).toContain('Ange ett datum efter i dag: publicerade regler gäller bara framåt.');
    const taken = await post(app(), rita, `/regler/kandidat/${candidateId}/publicera`, { effectiveFrom: addDays(today(), 5), id: 'lma-2022-07-01', version: '1' });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('lma-2022-07-01@1 finns redan.');
    const field = fc.oneof(fc.string({ maxLength: 16 }), fc.constantFrom('', '2020-01-01', 'Lma-X', '1.2.3.4', 'x'.repeat(70)));
    await fc.assert(fc.asyncProperty(field, field, field, async (effectiveFrom, id, version) => {
      const res = await post(app(), rita, `/regler/kandidat/${candidateId}/publicera`, { effectiveFrom, id, version });
      expect(res.status).toBeLessThan(500);
      expect(res.status).not.toBe(303);
    }), { numRuns: 40 });
    expect(await count('published_rule_sets')).toBe(before);
  });

  it('is closed to everyone but rule maintainers', async () => {
    const hanna = await sessionOf(sql, deps, 'SE2021002163-HL1');
    expect((await get(app(), hanna, '/regler')).status).toBe(403);
    expect((await post(app(), hanna, `/regler/kandidat/${candidateId}/publicera`, { effectiveFrom: addDays(today(), 5), id: '', version: '1' })).status).toBe(403);
  });
});
