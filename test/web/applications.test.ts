/**
 * The tab "Ansökan om ersättning" through app.request with real sessions, PostgreSQL, Temporal and
 * a worker: quarters, creating (progress fragment), the draft, removing an item, submitting once,
 * the decision and its printable page, refusals in Swedish, and fast-check over the forms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import { createApp } from '../../web/app.js';
import type { WebDeps } from '../../web/deps.js';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { formatSek } from '../../domain/decision-document.js';
import { formatQuarter, quarterOf } from '../../domain/quarters.js';
import {
  applicableQuarter, applicationStatus, confirmDecision, deadlineForQuarter, decideItem, registerExam, type ServiceDeps,
} from '../../services/index.js';
import { applicationWorkflowId } from '../../contract/index.js';
import { applicationWorkflow } from '../../workflows/application.js';
import { ProgressFragment } from '../../web/region/pages/application-overview.js';
import { addPeople, datePreviousQuarter, testRegion, today, until } from '../lifecycle-support.js';
import { appSql, startWorker, temporalClient } from '../support.js';
import { ALL_PERMISSIONS, get, lastLog, post, regionUser, type TestSession } from './applications-support.js';

const sql = appSql();
const taskQueue = `test-web-applications-${process.pid}`;
const hanna = { hsaId: 'SE2021002163-HL1', orgNumber: '202100-2163' };
let client: Client;
let worker: Awaited<ReturnType<typeof startWorker>>;
let deps: WebDeps;
let services: ServiceDeps;
const app = () => createApp(deps);

beforeAll(async () => {
  client = await temporalClient();
  await seedOrganisationsAndUsers(sql);
  worker = await startWorker(sql, taskQueue);
  deps = { sql, temporal: client, taskQueue, publicUrl: 'http://localhost:3999' };
  services = { client, sql, taskQueue };
});
afterAll(async () => {
  await worker.stop();
  await client.connection.close();
  await sql.end();
});

async function regionWithExams(name: string, n: number) {
  const region = await testRegion(sql, name);
  const user = await regionUser(sql, deps, region, 'APP1', ALL_PERMISSIONS);
  const dossiers = await addPeople(sql, region, n);
  for (const d of dossiers) {
    const r = await registerExam(services, { dossierNumber: d, examDate: datePreviousQuarter(), actor: { hsaId: user.hsaId, orgNumber: region } });
    expect(r.ok && r.value.state).toBe('Ansökningsbar');
  }
  return { region, user, dossiers };
}

const applicationCount = async (region: string) => Number((await sql`select count(*)::int as n from applications where region_org_number = ${region}`)[0]!.n);

async function waitForDraft(s: TestSession, quarter: string) {
  return until(async () => {
    const res = await get(app(), s, `/ansokan/${quarter}/forlopp`, { 'HX-Request': 'true' });
    return { status: res.status, html: await res.text() };
  }, (r) => r.status === 200 && r.html.includes('data-testid="ansokan-status">Utkast'));
}

describe('Ansökan om ersättning', () => {
  it('shows the applicable quarter with its count and deadline, and explains when exams can be applied for', async () => {
    const { user } = await regionWithExams('Region Webb Översikt', 2);
    const res = await get(app(), user, '/ansokan');
    expect(res.status).toBe(200);
    const html = await res.text();
    const quarter = applicableQuarter();
    expect(html).toContain(quarter);
    expect(html).toContain('data-testid="ansokningsbara">2<');
    expect(html).toContain(deadlineForQuarter(quarter));
    expect(html).toContain('syns inte i ansökningsläget förrän nästkommande kvartal');
    expect(html).toContain('Skapa ny ansökan');
    expect(html).toContain('Regionen har inga ansökningar i e-tjänsten ännu.');
  });

  it('is created, trimmed, submitted once on a double click, decided, and printed', async () => {
    const { region, user, dossiers } = await regionWithExams('Region Webb Ansökan', 3);
    const quarter = applicableQuarter();

    // Refusals beside the button, nothing stored.
    const current = formatQuarter(quarterOf(today()));
    const early = await post(app(), user, '/ansokan', { quarter: current });
    expect(early.status).toBe(409);
    const earlyHtml = await early.text();
    expect(earlyHtml).toContain('kan sökas först när kvartalet är slut');
    expect(earlyHtml).toMatch(/aria-describedby="skapa-ansokan-fel"/);
    const bad = await post(app(), user, '/ansokan', { quarter: 'nästa kvartal' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Ange kvartalet som ÅÅÅÅ-QN');
    expect(await applicationCount(region)).toBe(0);

    // Create: to the application page, which follows the creation until the draft.
    const created = await post(app(), user, '/ansokan', { quarter });
    expect(created.status).toBe(303);
    expect(created.headers.get('Location')).toBe(`/ansokan/${quarter}`);
    expect(await lastLog(sql, user.hsaId)).toMatchObject({ action: 'create', outcome: 'ok', object_id: applicationWorkflowId(region, quarter) });
    const draftFragment = await waitForDraft(user, quarter);
    expect(draftFragment.html).not.toContain('<html');
    expect(draftFragment.html).not.toContain('hx-trigger');

    const page = await (await get(app(), user, `/ansokan/${quarter}`)).text();
    for (const d of dossiers) expect(page).toContain(d);
    expect(page).toContain(formatSek(3 * 2175));
    expect(page).toContain(datePreviousQuarter());
    const [appRow] = await sql`select id from applications where region_org_number = ${region} and quarter = ${quarter}`;
    expect(await lastLog(sql, user.hsaId)).toMatchObject({ action: 'view', object_type: 'application', object_id: String(appRow!.id), outcome: 'ok' });

    // A second application for the quarter is refused in Swedish.
    const again = await post(app(), user, '/ansokan', { quarter });
    expect(again.status).toBe(409);
    const againHtml = await again.text();
    expect(againHtml).toContain(`role="alert">Det finns redan en ansökan för ${quarter}. Endast en ansökan per kvartal kan göras.`);
    expect(againHtml).toContain(`<a href="/ansokan/${quarter}">Öppna ansökan för ${quarter}</a>`);

    // Remove an item: confirmation page first; an unknown exam is a 404 in Swedish.
    const [exam] = await sql`select id from examinations where dossier_number = ${dossiers[2]!}`;
    const confirm = await get(app(), user, `/ansokan/${quarter}/poster/${exam!.id}/ta-bort`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Vill du ta bort den här hälsoundersökningen');
    for (const id of ['999999999', 'abc', '0']) {
      const unknown = await post(app(), user, `/ansokan/${quarter}/poster/${id}/ta-bort`);
      expect(unknown.status).toBe(404);
      expect(await unknown.text()).toContain('Hälsoundersökningen finns inte i ansökan.');
    }
    const removed = await post(app(), user, `/ansokan/${quarter}/poster/${exam!.id}/ta-bort`);
    expect(removed.status).toBe(303);
    expect(await lastLog(sql, user.hsaId)).toMatchObject({ action: 'remove_item', outcome: 'ok', object_id: `${appRow!.id}:${exam!.id}` });
    const trimmed = await (await get(app(), user, removed.headers.get('Location')!)).text();
    expect(trimmed).toContain('Hälsoundersökningen är borttagen ur ansökan.');
    // Out of the application's items; offered under "Lägg till i ansökan" instead.
    const [addSection, itemsSection] = trimmed.split('id="poster-rubrik"');
    expect(itemsSection).not.toContain(dossiers[2]!);
    expect(addSection!.slice(addSection!.indexOf('id="lagg-till-rubrik"'))).toContain(dossiers[2]!);
    expect(trimmed).toContain(formatSek(2 * 2175));
    // Adding back with nothing chosen, or with a made-up number, is refused beside the buttons; nothing changes.
    for (const fields of [{ val: 'valda' }, { val: 'valda', examinationId: 'abc' }, { val: 'valda', examinationId: '-1' }] as Record<string, string>[]) {
      const refusedAdd = await post(app(), user, `/ansokan/${quarter}/lagg-till`, fields);
      expect(refusedAdd.status).toBe(400);
      expect(await refusedAdd.text()).toMatch(/<p id="lagg-till-fel" class="form-error" role="alert"[^>]*>Välj minst en hälsoundersökning att lägga till/);
    }
    expect((await sql`select count(*)::int as n from application_items where application_id = ${appRow!.id}`)[0]!.n).toBe(2);
    expect(trimmed).toMatch(/data-testid="utanfor-ansokan">\s*1 ansökningsbar hälsoundersökning från/);

    // Submit: the confirmation shows the deadline and the total; a double click submits once.
    const confirmSubmit = await (await get(app(), user, `/ansokan/${quarter}/skicka-in`)).text();
    expect(confirmSubmit).toContain(deadlineForQuarter(quarter));
    expect(confirmSubmit).toContain(formatSek(2 * 2175));
    const [a, b] = await Promise.all([post(app(), user, `/ansokan/${quarter}/skicka-in`), post(app(), user, `/ansokan/${quarter}/skicka-in`)]);
    expect([a.status, b.status]).toEqual([303, 303]);
    const status = await applicationStatus(services, region, quarter);
    expect(status.ok && status.value.history.filter((h) => h.to === 'Inskickad')).toHaveLength(1);
    const submitted = await (await get(app(), user, `/ansokan/${quarter}?klart=inskickad`)).text();
    expect(submitted).toContain('data-testid="ansokan-status">Inskickad');
    expect(submitted).toContain('Ansökan är inskickad till Migrationsverket.');
    expect(submitted).not.toContain('/ta-bort');

    // Removing after submission is refused in Swedish.
    const [kept] = await sql`select id from examinations where dossier_number = ${dossiers[0]!}`;
    const late = await post(app(), user, `/ansokan/${quarter}/poster/${kept!.id}/ta-bort`);
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('redan inskickad');

    // Decided by the case officer: outcome per item, amounts, payout date, legal texts.
    const wf = applicationWorkflowId(region, quarter);
    const [rejected] = await sql`select id from examinations where dossier_number = ${dossiers[1]!}`;
    expect((await decideItem(services, { applicationWorkflowId: wf, examinationId: Number(rejected!.id), outcome: 'Avslagen', reason: 'Undersökningen gjordes inte enligt 3 §.', actor: hanna })).ok).toBe(true);
    expect((await confirmDecision(services, { applicationWorkflowId: wf, actor: hanna, officerName: 'Hanna Handläggare' })).ok).toBe(true);
    const [decision] = await sql`select payout_date from decisions where application_id = ${appRow!.id}`;
    const decidedHtml = await (await get(app(), user, `/ansokan/${quarter}`)).text();
    for (const text of ['Beviljad', 'Avslagen', 'Undersökningen gjordes inte enligt 3 §.', formatSek(2175), decision!.payout_date as string,
      'Beslutet grundar sig på', 'Övriga bestämmelser', 'Återbetalningsskyldighet', 'Utskriftsvänligt beslut']) {
      expect(decidedHtml).toContain(text);
    }
    expect(await lastLog(sql, user.hsaId)).toMatchObject({ action: 'view', object_type: 'decision', object_id: String(appRow!.id) });

    const print = await get(app(), user, `/ansokan/${quarter}/beslut`);
    expect(print.status).toBe(200);
    const printHtml = await print.text();
    expect(printHtml).toContain('<h1 id="beslut-titel">Beslut om statlig ersättning för hälsoundersökning</h1>');
    expect(printHtml).toContain('Skriv ut');
    expect(await (await get(app(), null, '/static/melker.css')).text()).toContain('@media print');
    expect(await lastLog(sql, user.hsaId)).toMatchObject({ action: 'view', object_type: 'decision', outcome: 'ok' });
  });

  it('renders the progress fragment as a self-replacing poller with a live text', () => {
    const html = String(ProgressFragment({ quarter: '2026-Q1', progress: { done: 250, total: 1000 } }));
    expect(html).toContain('hx-get="/ansokan/2026-Q1/forlopp"');
    expect(html).toContain('hx-trigger="every 1s"');
    expect(html).toContain('hx-swap="outerHTML"');
    expect(html).toMatch(/<progress[^>]*max="1000"[^>]*value="250"/);
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain('250 av 1000 hälsoundersökningar genomgångna.');
  });

  it('refuses a submission after the deadline in Swedish on the confirmation page, and the draft stays', async () => {
    const { region, user } = await regionWithExams('Region Webb Sen', 1);
    const quarter = applicableQuarter();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await client.workflow.start(applicationWorkflow, {
      taskQueue, workflowId: applicationWorkflowId(region, quarter),
      args: [{ regionOrgNumber: region, quarter, deadline: yesterday, createdBy: user.hsaId }],
    });
    await waitForDraft(user, quarter);
    const res = await post(app(), user, `/ansokan/${quarter}/skicka-in`);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toMatch(/class="form-error" role="alert">Sista dag för ansökan för kvartalet var/);
    expect(await lastLog(sql, user.hsaId)).toMatchObject({ action: 'submit', outcome: 'failed' });
    expect(await (await get(app(), user, `/ansokan/${quarter}`)).text()).toContain('data-testid="ansokan-status">Utkast');
  });

  it('refuses to create an empty application that would only block the quarter', async () => {
    const region = await testRegion(sql, 'Region Webb Tom');
    const user = await regionUser(sql, deps, region, 'APP1', ALL_PERMISSIONS);
    const res = await post(app(), user, '/ansokan', { quarter: applicableQuarter() });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('Det finns inga ansökningsbara hälsoundersökningar');
    expect(await applicationCount(region)).toBe(0);
  });

  it('answers a malformed quarter or application number in the address with 400/404 in Swedish', async () => {
    const region = await testRegion(sql, 'Region Webb Adress');
    const user = await regionUser(sql, deps, region, 'APP1', ALL_PERMISSIONS);
    const bad = await get(app(), user, '/ansokan/2026-Q5');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Ogiltigt kvartal');
    const none = await get(app(), user, `/ansokan/${applicableQuarter()}`);
    expect(none.status).toBe(404);
    expect(await none.text()).toContain('Regionen har ingen ansökan för');
    expect((await get(app(), user, '/ansokan/987654321')).status).toBe(404);
    expect((await get(app(), user, `/ansokan/${applicableQuarter()}/beslut`)).status).toBe(404);
  });

  it('never answers 5xx and stores nothing for any input to its forms (fast-check)', async () => {
    const region = await testRegion(sql, 'Region Webb Fuzz');
    const user = await regionUser(sql, deps, region, 'APP1', ALL_PERMISSIONS);
    const quarterish = fc.oneof(
      fc.string(), fc.constantFrom('', ' ', '2020-Q1', '2099-Q4', '2026-Q0', 'Q1-2026', '2026-q1', applicableQuarter(), `${applicableQuarter()} `,
        formatQuarter(quarterOf(today())), '<script>', '1; drop table applications'),
      fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 9 })).map(([y, q]) => `${y}-Q${q}`),
    );
    await fc.assert(fc.asyncProperty(quarterish, fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }), async (quarter, extra) => {
      const res = await post(app(), user, '/ansokan', { ...extra, quarter });
      expect(res.status === 400 || res.status === 409, `${res.status} for ${JSON.stringify(quarter)}`).toBe(true);
      const html = await res.text();
      expect(html).toMatch(/class="form-error" role="alert">[^<]*(Ange kvartalet|kan sökas först|Sista dag för ansökan|Det finns inga ansökningsbara)/);
    }), { numRuns: 60 });
    const segment = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('2026-Q1', applicableQuarter(), '1', '0', '-1', '1e3', '9'.repeat(20)));
    await fc.assert(fc.asyncProperty(segment, segment, async (ref, id) => {
      const path = `/ansokan/${encodeURIComponent(ref)}/poster/${encodeURIComponent(id)}/ta-bort`;
      for (const res of [await post(app(), user, path), await post(app(), user, `/ansokan/${encodeURIComponent(ref)}/skicka-in`)]) {
        expect(res.status, `${res.status} for ${path}`).toBeLessThan(500);
        expect([400, 404]).toContain(res.status);
        expect(await res.text()).toMatch(/Ogiltigt kvartal|finns inte|ingen ansökan|Sidan finns inte/);
      }
    }), { numRuns: 40 });
    expect(await applicationCount(region)).toBe(0);
  });
});
