/**
 * Security audit (issue 14): a rule candidate with a NUL (escaped in the JSON, or raw in an
 * uploaded file), nested 2 000 levels deep or with 15 000 conditions is refused beside the field
 * in Swedish before it is validated; nothing is stored and nothing answers 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { loadRuleSets, ruleSetToJson } from '../../rules/index.js';
import { createApp } from '../../web/app.js';
import type { WebDeps } from '../../web/deps.js';
import { appSql, temporalClient } from '../support.js';
import { post, sessionOf, type TestSession } from '../web/applications-support.js';

const sql = appSql();
let client: Client;
let deps: WebDeps;
let rita: TestSession;
const current = () => ruleSetToJson(loadRuleSets().find((s) => s.id === 'lma-2022-07-01')!) as { manifest: Record<string, unknown> };
const candidates = async () => Number((await sql`select count(*)::int as n from rule_candidates`)[0]!.n);

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  deps = { sql, temporal: client, publicUrl: 'http://localhost:3999' };
  rita = await sessionOf(sql, deps, 'SE2021002163-RF1');
});
afterAll(async () => {
  await client?.connection.close();
  await sql.end();
});

describe('a NUL in a rule candidate', () => {
  it('escaped in the pasted JSON text is refused beside the field', async () => {
    const before = await candidates();
    const doc = current();
    doc.manifest.description = 'Ny\u0000regel';
    const res = await post(createApp(deps), rita, '/regler/kandidat', { content: JSON.stringify(doc) });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Texten innehåller ett otillåtet tecken (styrtecken, till exempel ett nolltecken) i $.manifest.description.');
    expect(html).toContain('aria-invalid="true"');
    expect(await candidates()).toBe(before);
  });

  it('raw in an uploaded file is refused beside the field', async () => {
    const before = await candidates();
    const form = new FormData();
    form.set('_csrf', rita.csrf);
    form.set('file', new File([`${JSON.stringify(current()).slice(0, -1)},"x\u0000":1}`], 'regler.json', { type: 'application/json' }));
    const res = await createApp(deps).request('/regler/kandidat', { method: 'POST', body: form, headers: { Cookie: rita.cookie } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('aria-invalid="true"');
    expect(await candidates()).toBe(before);
  });
});

describe('a rule candidate too large or too deep to validate', () => {
  const refused = async (doc: unknown, message: string) => {
    const before = await candidates();
    const content = typeof doc === 'string' ? doc : JSON.stringify(doc);
    const res = await post(createApp(deps), rita, '/regler/kandidat', { content });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="kandidat-text-fel">[^<]*/);
    expect(html).toContain(message);
    expect(await candidates()).toBe(before);
  };

  it('2 500 levels of nested conditions', async () => {
    // Written as text: JSON.stringify itself overflows at this depth.
    const doc = current() as unknown as { ruleFiles: Record<string, { rules: { conditions: unknown }[] }> };
    doc.ruleFiles['coverage.json']!.rules[0]!.conditions = 'NESTED';
    const nested = `${'{"all":['.repeat(2500)}{"fact":"typeCode","operator":"equal","value":"A"}${']}'.repeat(2500)}`;
    await refused(JSON.stringify(doc).replace('"NESTED"', nested), 'Regeluppsättningen är för djupt nästlad (högst 32 nivåer).');
  });

  it('15 000 conditions', async () => {
    const doc = current() as unknown as { ruleFiles: Record<string, { rules: { conditions: unknown }[] }> };
    doc.ruleFiles['coverage.json']!.rules[0]!.conditions = {
      all: Array.from({ length: 15_000 }, () => ({ fact: 'typeCode', operator: 'equal', value: 'A' })),
    };
    await refused(doc, 'Regeluppsättningen har för många villkor (högst 1');
  });
});
