/**
 * The case officers' forms through app.request (no browser): bad input to the worklist filter and
 * to an item's decision answers 400 with the Swedish message beside the field, stores nothing,
 * and never a 5xx (fast-check).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { createApp } from '../../web/app.js';
import type { WebDeps } from '../../web/deps.js';
import { examinationWorkflow } from '../../workflows/examination.js';
import { addPeople, testRegion } from '../lifecycle-support.js';
import { appSql, temporalClient } from '../support.js';
import { get, post, sessionOf, type TestSession } from './applications-support.js';

const sql = appSql();
let client: Client;
let deps: WebDeps;
let hanna: TestSession;
let applicationId: number;
let examinationId: number;
const app = () => createApp(deps);

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  deps = { sql, temporal: client, publicUrl: 'http://localhost:3999' };
  hanna = await sessionOf(sql, deps, 'SE2021002163-HL1');
  // A submitted application in the projection (its workflow is not needed to refuse bad input).
  const region = await testRegion(sql, 'Region Formulär');
  const [dossier] = await addPeople(sql, region, 1);
  const [exam] = await sql`insert into examinations (workflow_id, run_id, dossier_number, region_org_number, status, exam_date, quarter)
    values (${`examination-${dossier}`}, ${`run-${dossier}`}, ${dossier!}, ${region}, 'Inskickad', '2026-07-10', '2026-Q3') returning id`;
  const [a] = await sql`insert into applications (workflow_id, region_org_number, quarter, status, deadline, item_count, total_amount_sek, submitted_at)
    values (${`application-${region}-2026-Q3`}, ${region}, '2026-Q3', 'Inskickad', '2027-01-04', 1, 2175, now()) returning id`;
  await sql`insert into application_items (application_id, examination_id, amount_sek, proposal)
    values (${a!.id}, ${exam!.id}, 2175, ${sql.json({ eligible: true, reasons: [], amountSek: 2175, coveredFrom: '2024-01-10', ruleSet: 'lma-2022-07-01@1' })})`;
  applicationId = Number(a!.id);
  examinationId = Number(exam!.id);
});
afterAll(async () => {
  await client.connection.close();
  await sql.end();
});

const outcomeOf = async () => (await sql`select outcome, outcome_reason from application_items where application_id = ${applicationId}`)[0]!;

describe('case officer pages when no worker answers', () => {
  it('shows that the timeline cannot be shown right now, instead of waiting for the worker', async () => {
    // A real examination workflow on a task queue no worker polls: its query is never answered.
    const region = await testRegion(sql, 'Region Utan arbetare');
    const [dossier] = await addPeople(sql, region, 1);
    const handle = await client.workflow.start(examinationWorkflow, {
      taskQueue: `ingen-worker-${process.pid}`, workflowId: `examination-${dossier}`, args: [{ dossierNumber: dossier!, regionOrgNumber: region }],
    });
    await sql`insert into examinations (workflow_id, run_id, dossier_number, region_org_number, status, exam_date, quarter)
      values (${handle.workflowId}, ${handle.firstExecutionRunId}, ${dossier!}, ${region}, 'Rapporterad', '2026-07-10', '2026-Q3')`;
    const res = await get(app(), hanna, `/handlaggning/undersokning/${handle.firstExecutionRunId}/tidslinje`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Tidslinjen kan inte visas just nu. Försöker igen automatiskt.');
    await handle.terminate('testet är klart');
  }, 20_000);

  it('says a bulk action that outlasts the wait is still being processed, with a reload link, instead of an error', async () => {
    // An application whose workflow no worker runs: the update is never answered within the web tier's wait.
    const region = await testRegion(sql, 'Region Väntan');
    const [dossier] = await addPeople(sql, region, 1);
    const handle = await client.workflow.start(examinationWorkflow, {
      taskQueue: `ingen-worker-${process.pid}`, workflowId: `application-${region}-2026-Q3`, args: [{ dossierNumber: dossier!, regionOrgNumber: region }],
    });
    const [exam] = await sql`insert into examinations (workflow_id, run_id, dossier_number, region_org_number, status, exam_date, quarter)
      values (${`examination-${dossier}`}, ${`run-${dossier}`}, ${dossier!}, ${region}, 'Inskickad', '2026-07-10', '2026-Q3') returning id`;
    const [a] = await sql`insert into applications (workflow_id, region_org_number, quarter, status, deadline, item_count, total_amount_sek, submitted_at)
      values (${handle.workflowId}, ${region}, '2026-Q3', 'Inskickad', '2027-01-04', 1, 2175, now()) returning id`;
    await sql`insert into application_items (application_id, examination_id, amount_sek, proposal)
      values (${a!.id}, ${exam!.id}, 2175, ${sql.json({ eligible: true, reasons: [], amountSek: 2175, coveredFrom: '2024-01-10', ruleSet: 'lma-2022-07-01@1' })})`;
    const res = await post(app(), hanna, `/handlaggning/ansokan/${a!.id}/poster`, { action: 'forslag-alla', visa: 'ej-beslutade' });
    expect(res.status).toBe(202);
    const html = await res.text();
    expect(html).toMatch(/<div class="message-box message-box--info officer-message" id="resultat" role="status" tabindex="-1" autofocus="">/);
    expect(html).toContain('behandlas fortfarande');
    expect(html).toContain(`<a href="/handlaggning/ansokan/${a!.id}?visa=ej-beslutade">Ladda om sidan</a>`);
    await handle.terminate('testet är klart');
  }, 30_000);
});

describe('case officer forms', () => {
  it('refuses a rejection without a reason beside the field, and stores nothing', async () => {
    const res = await post(app(), hanna, `/handlaggning/ansokan/${applicationId}/poster/${examinationId}`, { outcome: 'Avslagen', reason: '   ' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<span class="label__message label__message--error" id="post-\d+-skal-fel">Ange skäl för avslaget.<\/span>/);
    expect(html).toMatch(/aria-invalid="true" aria-describedby="post-\d+-skal-hjalp post-\d+-skal-fel"/);
    expect(await outcomeOf()).toEqual({ outcome: null, outcome_reason: null });
  });

  it('never answers bad decision input with a 5xx and never stores it (fuzz)', async () => {
    const outcome = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('Avslagen', 'avslagen', 'Beviljad ', 'Godkänd', ''));
    const blank = fc.constantFrom('', ' ', '\t', '\n  ');
    await fc.assert(fc.asyncProperty(outcome, fc.oneof(blank, fc.string({ minLength: 1001, maxLength: 1100 })), async (o, reason) => {
      // Only bad input: an unknown outcome, or a rejection with a blank or too long reason.
      fc.pre(o !== 'Beviljad' && (o !== 'Avslagen' || reason.trim() === '' || reason.length > 1000));
      const res = await post(app(), hanna, `/handlaggning/ansokan/${applicationId}/poster/${examinationId}`, { outcome: o, reason });
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/Välj Bevilja eller Avslå\.|Ange skäl för avslaget\.|Skälet får vara högst 1 000 tecken\./);
    }), { numRuns: 40 });
    expect(await outcomeOf()).toEqual({ outcome: null, outcome_reason: null });
  });

  it('refuses a bulk action with nothing selected, without a reason or with a foreign exam beside the field, and stores nothing', async () => {
    const path = `/handlaggning/ansokan/${applicationId}/poster`;
    let res = await post(app(), hanna, path, { action: 'forslag-valda' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/<p class="form-error officer-bulk__error" id="massbeslut-urval-fel" tabindex="-1" autofocus="">Välj minst en undersökning i listan.<\/p>/);
    res = await post(app(), hanna, path, { action: 'beslut-valda', valda: String(examinationId), outcome: 'Avslagen', reason: ' ' });
    expect(res.status).toBe(400);
    let html = await res.text();
    expect(html).toContain('<span class="label__message label__message--error" id="massbeslut-skal-fel">Ange skäl för avslaget.</span>');
    expect(html).toMatch(/id="massbeslut-skal" name="reason"[^>]*aria-invalid="true"/);
    expect(html).toMatch(new RegExp(`name="valda" value="${examinationId}"[^>]*checked`)); // the selection is kept
    res = await post(app(), hanna, path, { action: 'beslut-valda', valda: String(examinationId) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Välj Bevilja eller Avslå.');
    res = await post(app(), hanna, path, { action: 'beslut-valda', valda: '999999999', outcome: 'Avslagen', reason: 'Skäl' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Någon av de valda undersökningarna finns inte i ansökan.');
    res = await post(app(), hanna, path, { action: 'radera-allt', valda: String(examinationId) });
    expect(res.status).toBe(400);
    html = await res.text();
    expect(html).toContain('Välj en åtgärd: godkänn förslaget eller spara ett annat beslut.');
    expect(await outcomeOf()).toEqual({ outcome: null, outcome_reason: null });
  });

  it('never answers a bad bulk action or item filter with a 5xx and never stores it (fuzz)', async () => {
    const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', '0', '-1', '1e9', '999999999999999999', String(examinationId), 'all', "'; drop table x"));
    const action = fc.oneof(fc.string({ maxLength: 15 }), fc.constantFrom('forslag-valda', 'beslut-valda', 'forslag-alla', ''));
    await fc.assert(fc.asyncProperty(action, fc.array(text, { maxLength: 4 }), text, text, text, text, async (a, valda, outcome, visa, skal, sida) => {
      const body = new URLSearchParams({ action: a, outcome, reason: '', visa, skal, sida, _csrf: hanna.csrf });
      for (const v of valda) body.append('valda', v);
      const res = await app().request(`/handlaggning/ansokan/${applicationId}/poster`, {
        method: 'POST', headers: { Cookie: hanna.cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString(),
      });
      expect(res.status).toBeLessThan(500);
      const view = await get(app(), hanna, `/handlaggning/ansokan/${applicationId}?${new URLSearchParams({ visa, skal, sida })}`);
      expect([200, 400]).toContain(view.status);
    }), { numRuns: 40 });
    expect(await outcomeOf()).toEqual({ outcome: null, outcome_reason: null });
  });

  it('answers any worklist query without a 5xx; a malformed dossier number gets its message (fuzz)', async () => {
    const res = await get(app(), hanna, '/handlaggning?q=12345');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Ange dossiernumret som NN-NNNNNN, till exempel 12-345678.');
    const value = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('12-345678', '2026-Q3', 'alla', 'Inskickad', '232100-0016', '%', "'"));
    await fc.assert(fc.asyncProperty(value, value, value, value, async (q, region, quarter, state) => {
      const params = new URLSearchParams({ q, region, quarter, state });
      const r = await get(app(), hanna, `/handlaggning?${params}`);
      expect([200, 400]).toContain(r.status);
      if (r.status === 400) expect(await r.text()).toMatch(/Ange dossiernumret|Välj en region|Välj ett kvartal|Välj en status/);
    }), { numRuns: 60 });
  });

  it('is closed to everyone but case officers', async () => {
    const rita = await sessionOf(sql, deps, 'SE2021002163-RF1');
    expect((await get(app(), rita, `/handlaggning/ansokan/${applicationId}`)).status).toBe(403);
    expect((await post(app(), rita, `/handlaggning/ansokan/${applicationId}/beslut`)).status).toBe(403);
    expect((await get(app(), hanna, `/handlaggning/ansokan/${applicationId}`)).status).toBe(200);
  });
});
