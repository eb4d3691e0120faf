/**
 * A person's actions in the list through app.request with a real worker: invite, report (and the
 * explained refusal), delete after confirmation and register again; fast-check over both forms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import { createApp } from '../../web/app.js';
import type { WebDeps } from '../../web/deps.js';
import { REPORT_REFUSED } from '../../services/index.js';
import { appSql, startWorker, temporalClient } from '../support.js';
import { datePreviousQuarter, today } from '../lifecycle-support.js';
import { addPerson, decode, regionWithUser, tableRows } from './list-support.js';

const sql = appSql();
const taskQueue = `list-report-${process.pid}`;
let client: Client;
let worker: Awaited<ReturnType<typeof startWorker>>;
let deps: WebDeps;
let world: Awaited<ReturnType<typeof regionWithUser>>;
let viewer: Awaited<ReturnType<typeof regionWithUser>>;

const app = () => createApp(deps);
const get = (path: string, headers: Record<string, string> = {}, who = world) =>
  app().request(path, { headers: { Cookie: who.cookie, ...headers } });
const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}, who = world) =>
  app().request(path, {
    method: 'POST',
    headers: { Cookie: who.cookie, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(),
  });
const rowOf = async (dossier: string) => tableRows(await (await get(`/lista?sok=${dossier}`)).text())[0]!;
const liveExams = async (dossier: string) =>
  sql`select status, invited_date, exam_date from examinations where dossier_number = ${dossier} and status <> 'Borttagen'`;

beforeAll(async () => {
  client = await temporalClient();
  worker = await startWorker(sql, taskQueue);
  deps = { sql, temporal: client, taskQueue };
  world = await regionWithUser(sql, 'Region Rapportlän', ['Se asylsökande m.fl. i länet', 'Rapportera hälsoundersökning']);
  viewer = await regionWithUser(sql, 'Region Tittlän', ['Se asylsökande m.fl. i länet']);
});
afterAll(async () => {
  await worker?.stop();
  await client.connection.close();
  await sql.end();
});

describe('reporting from the list', () => {
  it('offers the actions only to users who may report; the person page shows the others the data alone', async () => {
    const dossier = await addPerson(sql, world.region, { familyName: 'Knappsson', typeCode: 'A' });
    expect(await (await get(`/lista?sok=${dossier}`)).text()).toContain(`hx-get="/lista/person/${dossier}/atgarder"`);
    expect((await get(`/lista/person/${dossier}`, {}, viewer)).status).toBe(404); // the viewer's region is another one
    const own = await addPerson(sql, viewer.region, { familyName: 'Tittsson', typeCode: 'A' });
    const viewersList = await (await get(`/lista?sok=${own}`, {}, viewer)).text();
    expect(viewersList).toContain(`href="/lista/person/${own}"`);
    expect(viewersList).not.toContain('Kalla/');
    const ownPage = await get(`/lista/person/${own}`, {}, viewer);
    expect(ownPage.status).toBe(200);
    const ownHtml = await ownPage.text();
    expect(ownHtml).toContain('Tittsson');
    expect(ownHtml).not.toContain('Datum för genomförd hälsoundersökning');
    expect((await get(`/lista/person/${own}/atgarder`, { 'HX-Request': 'true', 'HX-Target': `person-${own}` }, viewer)).status).toBe(403);
    expect((await post(`/lista/person/${own}/rapport`, { examDate: today() }, {}, viewer)).status).toBe(403);
  });

  it('records an invitation and reports the exam; the row shows both at once', async () => {
    const dossier = await addPerson(sql, world.region, { familyName: 'Rapportsson', typeCode: 'A' });
    const page = await get(`/lista/person/${dossier}`);
    expect(page.status).toBe(200);
    const pageHtml = await page.text();
    expect(pageHtml).toContain('Datum för genomförd hälsoundersökning');
    expect(pageHtml).toContain('<dt>Status</dt><dd><strong>Ej kallad</strong></dd>');
    const [viewLog] = await sql`select * from access_log where actor_hsa_id = ${world.hsaId} and action = 'view_person' order by id desc limit 1`;
    expect(viewLog).toMatchObject({ object_type: 'person', object_id: dossier });

    const invited = await post(`/lista/person/${dossier}/kallelse`, { invitedDate: today() });
    expect(invited.status).toBe(200);
    expect(await invited.text()).toContain(`Kallelsen är sparad med datum ${today()}.`);
    expect((await rowOf(dossier))[9]).toBe(today());

    // htmx: the answer is the person's rows, ready to replace those in the table.
    const reported = await post(`/lista/person/${dossier}/rapport`, { examDate: today() }, { 'HX-Request': 'true', 'HX-Target': `person-${dossier}` });
    expect(reported.status).toBe(200);
    const fragment = await reported.text();
    expect(fragment.startsWith(`<tbody id="person-${dossier}"`)).toBe(true);
    expect(fragment).toContain(`Hälsoundersökningen den ${today()} är rapporterad.`);
    expect(tableRows(fragment)[0]!.slice(9)).toEqual([today(), today()]);
    expect((await rowOf(dossier)).slice(9)).toEqual([today(), today()]);
    expect(await liveExams(dossier)).toEqual([{ status: 'Rapporterad', invited_date: today(), exam_date: today() }]);
    const [log] = await sql`select * from access_log where actor_hsa_id = ${world.hsaId} and action = 'report_exam' order by id desc limit 1`;
    expect(log).toMatchObject({ object_type: 'person', object_id: dossier, outcome: 'ok' });
  });

  it('explains a refusal for an AB person beside the field: the seed sentence, the reason and what to do', async () => {
    const dossier = await addPerson(sql, world.region, { familyName: 'Barnsson', typeCode: 'AB', events: [] });
    const res = await post(`/lista/person/${dossier}/rapport`, { examDate: today() });
    expect(res.status).toBe(409);
    const html = decode(await res.text());
    expect(html).toContain(REPORT_REFUSED);
    expect(html).toContain('Personen är asylsökande barn (AB).');
    expect(html).not.toContain('Personen är bevisperson');
    expect(html).toContain('halsoundersokningar-melker@migrationsverket.se');
    expect(html).toContain('Ersättning för hälsoundersökning av asylsökande eller massflyktingar');
    expect(html).toMatch(new RegExp(`id="rapport-${dossier}"[^>]*aria-invalid="true" aria-describedby="rapport-${dossier}-hjalp rapport-${dossier}-fel"`));
    expect(html).toMatch(new RegExp(`id="rapport-${dossier}-fel" role="alert"`));
    expect(await liveExams(dossier)).toEqual([]);
    expect((await rowOf(dossier)).slice(9)).toEqual(['', '']);
    const [log] = await sql`select * from access_log where actor_hsa_id = ${world.hsaId} and action = 'report_exam' order by id desc limit 1`;
    expect(log).toMatchObject({ object_id: dossier, outcome: 'failed' });
    expect(log!.detail).toMatchObject({ code: 'NOT_COVERED_GROUP' });
  });

  it('deletes a registration after confirmation, and the person can be registered again', async () => {
    const dossier = await addPerson(sql, world.region, { familyName: 'Omsson', typeCode: 'A' });
    const earlier = datePreviousQuarter();
    expect((await post(`/lista/person/${dossier}/rapport`, { examDate: earlier })).status).toBe(200);
    expect((await rowOf(dossier))[10]).toBe(earlier);
    const confirm = await get(`/lista/person/${dossier}/ta-bort`);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain('Är du säker på att du vill ta bort registreringen');
    expect(confirmHtml).toContain('Ja, ta bort registreringen');
    expect(await liveExams(dossier)).toHaveLength(1); // nothing happens before the confirmation
    const deleted = await post(`/lista/person/${dossier}/ta-bort`, {});
    expect(deleted.status).toBe(200);
    expect(await deleted.text()).toContain('Registreringen är borttagen');
    expect((await rowOf(dossier)).slice(9)).toEqual(['', '']);
    const again = await post(`/lista/person/${dossier}/rapport`, { examDate: today() });
    expect(again.status).toBe(200);
    expect((await rowOf(dossier))[10]).toBe(today());
  });

  it('refuses a second report of the same person with the reason', async () => {
    const dossier = await addPerson(sql, world.region, { familyName: 'Dubbelsson', typeCode: 'A' });
    expect((await post(`/lista/person/${dossier}/rapport`, { examDate: today() })).status).toBe(200);
    const page = await (await get(`/lista/person/${dossier}`)).text();
    expect(page).toContain('Datumet kan inte ändras');
    const res = await post(`/lista/person/${dossier}/rapport`, { examDate: today() });
    expect(res.status).toBe(409);
    expect(decode(await res.text())).toContain('En hälsoundersökning av personen är redan rapporterad eller ersatt.');
  });
});

describe('the report and invitation forms under fuzzing', () => {
  const badDate = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom('', ' ', '2025-02-30', '2025-13-01', '2025-1-1', '20250101', '0000-00-00', '2025-02-29', '<script>', '\u0000', '2024-01-01; drop table persons'),
    fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  ).filter((s) => {
    const t = s.trim();
    const d = new Date(`${t}T00:00:00Z`);
    return !(/^\d{4}-\d{2}-\d{2}$/.test(t) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === t);
  });

  it('never answers 5xx, stores nothing for invalid dates and shows a Swedish error beside the field', async () => {
    const dossier = await addPerson(sql, world.region, { familyName: 'Fuzzsson', typeCode: 'A' });
    await fc.assert(fc.asyncProperty(fc.constantFrom('kallelse', 'rapport'), badDate, async (form, value) => {
      const field = form === 'kallelse' ? 'invitedDate' : 'examDate';
      const res = await post(`/lista/person/${dossier}/${form}`, { [field]: value });
      expect(res.status).toBe(400);
      const raw = await res.text();
      expect(decode(raw)).toMatch(new RegExp(`<span class="label__message label__message--error" id="${form}-${dossier}-fel">Ange datum|<span class="label__message label__message--error" id="${form}-${dossier}-fel">Datumet finns inte`));
      expect(raw).toMatch(new RegExp(`id="${form}-${dossier}"[^>]*aria-invalid="true" aria-describedby="${form}-${dossier}-hjalp ${form}-${dossier}-fel"`));
      expect(await liveExams(dossier)).toEqual([]);
    }), { numRuns: 60 });
  });

  it('never answers 5xx for any dossier number or date in the path and body', async () => {
    await fc.assert(fc.asyncProperty(
      fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^\d{1,2}-\d{6}$/)), fc.string({ maxLength: 12 }), fc.constantFrom('kallelse', 'rapport', 'ta-bort'),
      async (dossier, value, form) => {
        const res = await post(`/lista/person/${encodeURIComponent(dossier)}/${form}`, { examDate: value, invitedDate: value });
        expect(res.status).toBeLessThan(500);
        expect([400, 404, 409]).toContain(res.status);
      },
    ), { numRuns: 60 });
  });
});
