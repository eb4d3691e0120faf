/**
 * Hanna Handläggare in a real browser (issue 7): the worklist, an application with rule proposals
 * and "Varför?", one rejected item (a reason is required), the confirmed decision and its document;
 * the region then sees the decision and the exams' new states; the live timeline of a full
 * lifecycle; the overview charts. axe-core on every page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { seedOrganisationsAndUsers } from '../../db/seed.js';
import { formatSek } from '../../domain/decision-document.js';
import { applicableQuarter, applicationStatus, confirmDecision, createApplication, registerExam, submitApplication, type ServiceDeps } from '../../services/index.js';
import { applicationWorkflowId } from '../../contract/index.js';
import { addPeople, datePreviousQuarter, testRegion, until } from '../lifecycle-support.js';
import { appSql, startWorker, temporalClient } from '../support.js';
import { regionUser } from './applications-support.js';
import { expectNoAxeViolations, launchBrowser, loginAs, serveApp, type RunningApp } from './browser-support.js';

const sql = appSql();
const taskQueue = `test-officer-${process.pid}`;
let client: Client;
let deps: ServiceDeps;
let worker: Awaited<ReturnType<typeof startWorker>>;
let app: RunningApp;
let browser: Browser;
const officer = { hsaId: 'SE2021002163-HL1', orgNumber: '202100-2163' };

beforeAll(async () => {
  client = await temporalClient();
  worker = await startWorker(sql, taskQueue);
  deps = { client, sql, taskQueue };
  await seedOrganisationsAndUsers(sql);
  app = await serveApp({ sql, temporal: client, taskQueue });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await worker?.stop();
  await client?.connection.close();
  await sql.end();
});

/** A fresh region with a submitted application of `n` exams from the applicable quarter. */
async function submittedApplication(name: string, n: number) {
  const region = await testRegion(sql, name);
  const actor = { hsaId: `SE${region.replace('-', '')}-USR1`, orgNumber: region };
  const dossiers = await addPeople(sql, region, n);
  for (const d of dossiers) {
    const r = await registerExam(deps, { dossierNumber: d, examDate: datePreviousQuarter(), actor });
    expect(r.ok).toBe(true);
  }
  const quarter = applicableQuarter();
  expect((await createApplication(deps, { quarter, actor })).ok).toBe(true);
  await until(() => applicationStatus(deps, region, quarter), (s) => s.ok && s.value.state === 'Utkast');
  const submitted = await submitApplication(deps, { quarter, actor });
  expect(submitted).toMatchObject({ ok: true });
  const [row] = await sql`select id from applications where workflow_id = ${applicationWorkflowId(region, quarter)}`;
  return { region, actor, dossiers, quarter, applicationId: Number(row!.id) };
}

async function hanna(): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await loginAs(page, app.baseUrl, /Hanna Handläggare/);
  return page;
}

describe('case officer console', () => {
  it('decides an application with one rejected item; the region sees the decision and the exams\' new states', async () => {
    const { region, dossiers, quarter, applicationId } = await submittedApplication('Region Handläggning', 2);
    const [granted, rejected] = [...dossiers].sort();
    const page = await hanna();

    // The worklist, searched by a dossier number in the application.
    await page.goto(`${app.baseUrl}/handlaggning`);
    await expectNoAxeViolations(page);
    await page.getByLabel('Dossiernummer').fill(rejected!);
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.getByTestId('worklist-count').filter({ hasText: '1 ansökan' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(`Ansökan nr ${applicationId}`) });
    expect(await row.textContent()).toContain('Region Handläggning');
    expect(await row.textContent()).toContain(quarter);
    expect(await row.textContent()).toContain(formatSek(4350));
    await expectNoAxeViolations(page);

    // A malformed dossier number: the Swedish message beside the field.
    await page.getByLabel('Dossiernummer').fill('abc');
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.getByText('Ange dossiernumret som NN-NNNNNN').waitFor();
    expect(await page.getByLabel('Dossiernummer').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Dossiernummer').fill(rejected!);
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.getByRole('link', { name: new RegExp(`Ansökan nr ${applicationId}`) }).click();

    // The application: proposals and "Varför?" from the stored trace.
    await page.getByRole('heading', { level: 1, name: new RegExp(`Ansökan nr ${applicationId}`) }).waitFor();
    expect(await page.getByTestId(`forslag-${granted}`).textContent()).toBe(`Bevilja ${formatSek(2175)}`);
    const card = page.locator('tbody.officer-item', { hasText: rejected! });
    await card.getByText('Varför?').click();
    expect(await card.locator('.why__lead').textContent())
      .toBe(`Förslaget är att bevilja ${formatSek(2175)} eftersom inget hinder finns: personen omfattas av LMA eller förvar från 2024-01-10 och undersöktes ${datePreviousQuarter()}.`);
    await card.locator('.why__trace > summary').click(); // fetched when opened
    await card.locator('.why__trace').getByText('Villkor för ersättning').waitFor();
    const why = await card.locator('.why__body').textContent();
    expect(why).toContain('lma-2022-07-01@1');
    expect(why).toContain('Omf. LMA / förvar fr.o.m. (täckningsdatum)');
    expect(why).toContain('2024-01-10'); // the asylum application: the coverage date
    expect(why).toContain(datePreviousQuarter());
    await expectNoAxeViolations(page);

    // Reject without a reason: refused beside the field, nothing stored.
    await card.getByText('Besluta om undersökningen').click();
    await card.locator('label', { hasText: 'Avslå' }).click();
    expect(await card.getByLabel('Avslå').isChecked()).toBe(true);
    await card.getByRole('button', { name: /Spara beslut/ }).click();
    const again = page.locator('tbody.officer-item', { hasText: rejected! });
    await again.getByText('Ange skäl för avslaget.').waitFor();
    expect(await again.getByLabel(/Skäl för avslag/).getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);
    const [stillOpen] = await sql`select outcome from application_items i join examinations e on e.id = i.examination_id where e.dossier_number = ${rejected!}`;
    expect(stillOpen!.outcome).toBeNull();

    await again.getByLabel(/Skäl för avslag/).fill('Undersökningen är inte dokumenterad enligt 3 §.');
    await again.getByRole('button', { name: /Spara beslut/ }).click();
    await page.getByText('Beslutet för undersökningen är sparat.').waitFor();
    expect(await page.getByTestId(`beslut-${rejected}`).textContent()).toContain('Avslagen – Undersökningen är inte dokumenterad enligt 3 §.');

    // Confirm: the decision document, signed by Hanna.
    await page.getByRole('button', { name: 'Bekräfta beslut' }).click();
    await page.getByText('Beslutet är fattat och skickat till regionen.').waitFor();
    expect(await page.getByTestId('ansokan-status').textContent()).toBe('Beslutad');
    expect(await page.getByRole('heading', { level: 2, name: 'Beslut: Delvis bifall' }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Visa beslutet i sin helhet' }).click();
    const decision = await page.locator('article.decision').textContent();
    expect(decision).toContain('Delvis bifall');
    expect(decision).toContain('Hanna Handläggare');
    expect(decision).toContain('Undersökningen är inte dokumenterad enligt 3 §.');
    await expectNoAxeViolations(page);

    // The projections the region reads.
    const states = await sql`select dossier_number, status from examinations where dossier_number = any(${dossiers}) order by dossier_number`;
    expect(Object.fromEntries(states.map((s) => [s.dossier_number, s.status]))).toEqual({ [granted!]: 'Beviljad', [rejected!]: 'Avslagen' });
    const [log] = await sql`select * from access_log where action = 'decide' and object_id = ${String(applicationId)}`;
    expect(log).toMatchObject({ actor_hsa_id: 'SE2021002163-HL1', outcome: 'ok' });

    // The region user sees the decision on the application tab.
    const ulla = await regionUser(sql, { sql, temporal: client, publicUrl: app.baseUrl }, region, 'ANS1', ['Skapa ny ansökan om ersättning']);
    const [name, value] = ulla.cookie.split('=') as [string, string];
    const regionContext = await browser.newContext();
    await regionContext.addCookies([{ name, value, url: app.baseUrl }]);
    const regionPage = await regionContext.newPage();
    await regionPage.goto(`${app.baseUrl}/ansokan/${quarter}`);
    const regionText = await regionPage.locator('main').textContent();
    expect(regionText).toContain('Delvis bifall');
    expect(regionText).toContain('Undersökningen är inte dokumenterad enligt 3 §.');
    await regionContext.close();
    await page.context().close();
  });

  it('shows every transition of a full lifecycle with time and actor on the live timelines', async () => {
    const { region, quarter, dossiers, applicationId } = await submittedApplication('Region Tidslinje', 1);
    const page = await hanna();
    await page.goto(`${app.baseUrl}/handlaggning/ansokan/${applicationId}`);

    // The examination's timeline, open while the application is decided elsewhere: it updates by itself.
    const card = page.locator('tbody.officer-item', { hasText: dossiers[0]! });
    await card.getByRole('link', { name: /tidslinje för/ }).click();
    const timeline = page.getByRole('region', { name: 'Tidslinje för undersökningen' });
    await timeline.getByRole('cell', { name: 'Inskickad', exact: true }).waitFor();
    expect(await timeline.getAttribute('hx-trigger')).toBe('every 2s');
    await expectNoAxeViolations(page);
    const decided = await confirmDecision(deps, { applicationWorkflowId: applicationWorkflowId(region, quarter), actor: officer, officerName: 'Hanna Handläggare' });
    expect(decided).toMatchObject({ ok: true, value: { state: 'Beslutad' } });
    await timeline.getByRole('cell', { name: 'Beviljad', exact: true }).waitFor(); // no reload: the fragment polled

    // Rapporterad → Ansökningsbar → I ansökan → Inskickad → Beviljad, each with time and actor.
    const rows = await timeline.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(rows.map((r) => r[2])).toEqual(['Rapporterad', 'Ansökningsbar', 'I ansökan', 'Inskickad', 'Beviljad']);
    for (const r of rows) {
      expect(r[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(r[3]).not.toBe('');
    }
    expect(rows[0]![3]).toContain(`SE${region.replace('-', '')}-USR1`);
    expect(rows.at(-1)![3]).toBe('Hanna Handläggare (SE2021002163-HL1)');
    const [exam] = await sql`select workflow_id, run_id from examinations where dossier_number = ${dossiers[0]!}`;
    // The timeline is the app's own, behind its authorization: no link into the Temporal Web UI (issue 14).
    expect(exam!.run_id).toBeTruthy();
    expect(await page.locator('a[href*="/namespaces/"]').count()).toBe(0);
    await expectNoAxeViolations(page);

    // The application's timeline: Skapas → Utkast → Inskickad → Under handläggning → Beslutad.
    await page.goto(`${app.baseUrl}/handlaggning/ansokan/${applicationId}`);
    const appTimeline = page.getByRole('region', { name: 'Tidslinje för ansökan' });
    await appTimeline.getByRole('cell', { name: 'Beslutad', exact: true }).waitFor(); // the timeline loads after the page
    const appRows = await appTimeline.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(appRows.map((r) => r[2])).toEqual(['Skapas', 'Utkast', 'Inskickad', 'Under handläggning', 'Beslutad']);
    expect(appRows.at(-1)![3]).toBe('Hanna Handläggare (SE2021002163-HL1)');
    expect(await page.locator('a[href*="/namespaces/"]').count()).toBe(0);
    // Its own page is access-logged.
    await page.goto(`${app.baseUrl}/handlaggning/ansokan/${applicationId}/tidslinje`);
    await page.getByRole('cell', { name: 'Beslutad', exact: true }).waitFor();
    const [logged] = await sql`select object_id from access_log where action = 'view' and object_type = 'application_timeline' order by id desc limit 1`;
    expect(logged?.object_id).toBe(String(applicationId));
    await page.context().close();
  });

  it('shows exams, amounts and states per region and quarter as charts with tables', async () => {
    await submittedApplication('Region Översikt', 1);
    const page = await hanna();
    await page.goto(`${app.baseUrl}/handlaggning/oversikt`);
    const chart = page.getByRole('img', { name: /Hälsoundersökningar per region och status/ });
    await chart.waitFor();
    const table = page.getByRole('table', { name: /Hälsoundersökningar per region och status, alla kvartal – tabell/ });
    const regionRow = table.getByRole('row', { name: /Region Översikt/ });
    expect(await regionRow.textContent()).toContain('1');
    expect(await table.getByRole('columnheader', { name: 'Inskickad' }).count()).toBe(1); // one column per state
    expect(await page.getByRole('img').count()).toBe(4);
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
