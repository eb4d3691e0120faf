/**
 * A model-based test of the whole money path (issue 11): random sequences of invite, report,
 * delete, re-register, create application, remove item, submit, decide (single and bulk),
 * confirm and pay, some of them by two clients at once, with occasional worker restarts, against
 * the real Temporal dev server and PostgreSQL. After each sequence the system must be idle and
 * these must hold: nobody has more than one compensated exam; every exam's projection equals its
 * workflow state; a decided application's granted items are exactly the exams whose workflows are
 * Beviljad/Utbetald, each with an amount > 0, and the total is their sum; no workflow task failed
 * and no update is left pending.
 *
 * A failing run prints its seed and path; replay it with MELKER_MBT_SEED=<seed> MELKER_MBT_PATH=<path>.
 * MELKER_MBT_RUNS sets the number of sequences (default 50).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import { createActivities } from '../activities/index.js';
import { COMPENSATED } from '../domain/exam-states.js';
import { addDays } from '../domain/quarters.js';
import { loadRuleSets } from '../rules/index.js';
import {
  applicableQuarter, applicationStatus, confirmDecision, createApplication, decideItem, decideItems, deleteExam, recordInvitation,
  registerExam, removeItem, submitApplication, type ServiceDeps,
} from '../services/index.js';
import { applicationWorkflowId, examQuery, type Actor } from '../contract/index.js';
import { addPeople, datePreviousQuarter, testRegion, today, until } from './lifecycle-support.js';
import { appSql, startWorker, temporalClient } from './support.js';

const sql = appSql();
const taskQueue = `test-model-${process.pid}`;
const hanna = { hsaId: 'SE2021002163-HL1', orgNumber: '202100-2163' };
let clients: [Client, Client];
let worker: Awaited<ReturnType<typeof startWorker>>;
let restarts = 0;
let steps = 0;
let sequences = 0;

beforeAll(async () => {
  clients = [await temporalClient(), await temporalClient()];
  worker = await startWorker(sql, taskQueue);
});
afterAll(async () => {
  await worker.stop();
  for (const c of clients) await c.connection.close();
  await sql.end();
});

/** What the test knows of one sequence's world; the real system is the judge of every outcome. */
type World = { region: string; actor: Actor; people: string[]; applicationCreated: boolean; paid: boolean };
type Model = { world: World };
type Real = { deps: [ServiceDeps, ServiceDeps] };

const PEOPLE = 4;
const wf = (w: World) => applicationWorkflowId(w.region, applicableQuarter());
const examIdOf = async (dossier: string) =>
  Number((await sql`select id from examinations where dossier_number = ${dossier} order by id desc limit 1`)[0]?.id ?? 0);
const dossierArb = fc.integer({ min: 0, max: PEOPLE - 1 });
const dateArb = fc.constantFrom('previous', 'previous+3', 'current', 'impossible');
const examDate = (d: string) => d === 'previous' ? datePreviousQuarter() : d === 'previous+3' ? addDays(datePreviousQuarter(), 3)
  : d === 'current' ? today() : '2026-02-31';

/** Every outcome of a service call must be a value or a refusal with a Swedish message, never an exception. */
function answered(r: { ok: boolean; error?: { message: string } }) {
  if (!r.ok) expect(r.error!.message.length).toBeGreaterThan(0);
}

type Action = (m: Model, r: Real, client: 0 | 1) => Promise<void>;

class Step implements fc.AsyncCommand<Model, Real> {
  constructor(readonly label: string, readonly act: Action, readonly client: 0 | 1 = 0) {}
  check() {
    return true;
  }
  async run(m: Model, r: Real) {
    steps++;
    await this.act(m, r, this.client);
  }
  toString() {
    return this.label;
  }
}
/** Two actions by two clients at the same moment. */
class Together implements fc.AsyncCommand<Model, Real> {
  constructor(readonly a: Step, readonly b: Step) {}
  check() {
    return true;
  }
  async run(m: Model, r: Real) {
    steps += 2;
    await Promise.all([this.a.act(m, r, 0), this.b.act(m, r, 1)]);
  }
  toString() {
    return `together(${this.a.label}, ${this.b.label})`;
  }
}
class RestartWorker implements fc.AsyncCommand<Model, Real> {
  check() {
    return true;
  }
  async run() {
    steps++;
    restarts++;
    await worker.stop();
    worker = await startWorker(sql, taskQueue);
  }
  toString() {
    return 'restartWorker';
  }
}

const invite = (p: number): Action => async (m, r, c) => {
  answered(await recordInvitation(r.deps[c], { dossierNumber: m.world.people[p]!, invitedDate: addDays(datePreviousQuarter(), -10), actor: m.world.actor }));
};
const report = (p: number, d: string): Action => async (m, r, c) => {
  const result = await registerExam(r.deps[c], { dossierNumber: m.world.people[p]!, examDate: examDate(d), actor: m.world.actor });
  answered(result);
  if (d === 'impossible') expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_DATE' } });
};
const remove = (p: number): Action => async (m, r, c) => {
  const result = await deleteExam(r.deps[c], { dossierNumber: m.world.people[p]!, actor: m.world.actor });
  answered(result);
};
const create: Action = async (m, r, c) => {
  const result = await createApplication(r.deps[c], { quarter: applicableQuarter(), actor: m.world.actor, batchSize: 2 });
  answered(result);
  if (result.ok) m.world.applicationCreated = true;
  if (m.world.applicationCreated) {
    await until(async () => {
      const s = await applicationStatus(r.deps[c], m.world.region, applicableQuarter());
      return s.ok ? s.value.state : null;
    }, (s) => s !== 'Skapas' && s !== null);
  }
};
const removeFromApplication = (p: number): Action => async (m, r, c) => {
  if (!m.world.applicationCreated) return;
  answered(await removeItem(r.deps[c], { quarter: applicableQuarter(), examinationId: await examIdOf(m.world.people[p]!), actor: m.world.actor }));
};
const submit: Action = async (m, r, c) => {
  if (!m.world.applicationCreated) return;
  answered(await submitApplication(r.deps[c], { quarter: applicableQuarter(), actor: m.world.actor }));
};
const decideOne = (p: number, outcome: 'Beviljad' | 'Avslagen', withReason: boolean): Action => async (m, r, c) => {
  if (!m.world.applicationCreated) return;
  answered(await decideItem(r.deps[c], { applicationWorkflowId: wf(m.world), examinationId: await examIdOf(m.world.people[p]!), outcome,
    ...(withReason ? { reason: 'Prövat av handläggaren.' } : {}), actor: hanna }));
};
const decideBulk = (selection: number[] | 'all', outcome: 'Förslag' | 'Beviljad' | 'Avslagen', withReason: boolean): Action => async (m, r, c) => {
  if (!m.world.applicationCreated) return;
  const ids = selection === 'all' ? 'all' as const : await Promise.all(selection.map((p) => examIdOf(m.world.people[p]!)));
  answered(await decideItems(r.deps[c], { applicationWorkflowId: wf(m.world), examinationIds: ids, outcome,
    ...(withReason ? { reason: 'Beslut för urvalet.' } : {}), actor: hanna }));
};
const confirm: Action = async (m, r, c) => {
  if (!m.world.applicationCreated) return;
  answered(await confirmDecision(r.deps[c], { applicationWorkflowId: wf(m.world), actor: hanna, officerName: 'Hanna Handläggare' }));
};
/** The payout the timer makes on the payout date, run now (the dev server cannot skip time). */
const pay: Action = async (m) => {
  if (!m.world.applicationCreated || m.world.paid) return;
  const [app] = await sql`select a.id, d.payout_date from applications a join decisions d on d.application_id = a.id where a.workflow_id = ${wf(m.world)}`;
  if (!app) return;
  const activities = createActivities({ sql, client: clients[0], ruleSets: () => loadRuleSets() });
  await activities.recordPayout({ applicationId: Number(app.id), workflowId: wf(m.world), payoutDate: app.payout_date as string });
  await activities.notifyExams({ applicationId: Number(app.id), workflowId: wf(m.world), kind: 'paid', actor: 'system', payoutDate: app.payout_date as string });
  m.world.paid = true;
};

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: dossierArb.map((p) => new Step(`invite(${p})`, invite(p))) },
  { weight: 6, arbitrary: fc.tuple(dossierArb, dateArb).map(([p, d]) => new Step(`report(${p}, ${d})`, report(p, d))) },
  { weight: 2, arbitrary: dossierArb.map((p) => new Step(`delete(${p})`, remove(p))) },
  { weight: 3, arbitrary: fc.constant(new Step('createApplication', create)) },
  { weight: 1, arbitrary: dossierArb.map((p) => new Step(`removeItem(${p})`, removeFromApplication(p))) },
  { weight: 3, arbitrary: fc.constant(new Step('submit', submit)) },
  { weight: 2, arbitrary: fc.tuple(dossierArb, fc.constantFrom('Beviljad' as const, 'Avslagen' as const), fc.boolean())
    .map(([p, o, why]) => new Step(`decide(${p}, ${o}, ${why ? 'skäl' : 'utan skäl'})`, decideOne(p, o, why))) },
  { weight: 2, arbitrary: fc.tuple(fc.oneof(fc.constant('all' as const), fc.uniqueArray(dossierArb, { minLength: 1, maxLength: PEOPLE })),
    fc.constantFrom('Förslag' as const, 'Beviljad' as const, 'Avslagen' as const), fc.boolean())
    .map(([sel, o, why]) => new Step(`decideBulk(${JSON.stringify(sel)}, ${o}, ${why ? 'skäl' : 'utan skäl'})`, decideBulk(sel, o, why))) },
  { weight: 3, arbitrary: fc.constant(new Step('confirm', confirm)) },
  { weight: 1, arbitrary: fc.constant(new Step('pay', pay)) },
);
const commandArb: fc.Arbitrary<fc.AsyncCommand<Model, Real>> = fc.oneof(
  { weight: 12, arbitrary: stepArb },
  { weight: 3, arbitrary: fc.tuple(stepArb, stepArb).map(([a, b]) => new Together(a, b)) },
  { weight: 1, arbitrary: fc.constant(new RestartWorker()) },
);

/** Waits until no examination or application workflow of the region has work in flight. */
async function idle(world: World) {
  await until(async () => {
    const busy = await sql`select count(*)::int as n from applications where region_org_number = ${world.region} and status = 'Skapas'`;
    return busy[0]!.n as number;
  }, (n) => n === 0, 60_000);
  // Signals to exams travel in the background: wait until each exam's workflow and row agree, or time out.
  await until(() => mismatches(world), (m) => m.length === 0, 30_000).catch(() => undefined);
}

async function mismatches(world: World) {
  const rows = await sql`select workflow_id, run_id, status from examinations where region_org_number = ${world.region} order by id`;
  const out: string[] = [];
  for (const row of rows) {
    const state = (await clients[0].workflow.getHandle(row.workflow_id as string, row.run_id as string).query(examQuery)).state;
    if (state !== row.status) out.push(`${row.workflow_id}: workflow ${state}, projection ${row.status}`);
  }
  return out;
}

async function invariants(world: World) {
  await idle(world);
  // 1. Nobody has more than one exam in Beviljad/Utbetald.
  const twice = await sql`select dossier_number from examinations where dossier_number = any(${world.people}) and status = any(${[...COMPENSATED]})
    group by dossier_number having count(*) > 1`;
  expect(twice).toEqual([]);
  // 2. Every exam's projection equals its workflow state.
  expect(await mismatches(world)).toEqual([]);
  // 3. A decided application grants exactly the exams whose workflows are Beviljad/Utbetald, each > 0 kr; the total is their sum.
  const [app] = await sql`select a.id, a.status, d.total_amount_sek from applications a left join decisions d on d.application_id = a.id
    where a.workflow_id = ${wf(world)}`;
  if (app && (app.status === 'Beslutad' || app.status === 'Utbetald')) {
    const items = await sql`select e.workflow_id, e.run_id, i.outcome, i.amount_sek from application_items i join examinations e on e.id = i.examination_id
      where i.application_id = ${app.id}`;
    const granted = items.filter((i) => i.outcome === 'Beviljad');
    for (const i of items) {
      const state = (await clients[0].workflow.getHandle(i.workflow_id as string, i.run_id as string).query(examQuery)).state;
      expect(COMPENSATED.includes(state as never)).toBe(i.outcome === 'Beviljad');
    }
    expect(granted.every((i) => (i.amount_sek as number) > 0)).toBe(true);
    expect(app.total_amount_sek).toBe(granted.reduce((s, i) => s + (i.amount_sek as number), 0));
  }
  // 4. No workflow task failed and no update was left without an outcome.
  const ids = [...new Set((await sql`select workflow_id, run_id from examinations where region_org_number = ${world.region}`)
    .map((r) => `${r.workflow_id}|${r.run_id}`))];
  if (app) ids.push(`${wf(world)}|`);
  for (const id of ids) {
    const [workflowId, runId] = id.split('|');
    const history = await clients[0].workflow.getHandle(workflowId!, runId || undefined).fetchHistory();
    const events = history.events ?? [];
    expect(events.filter((e) => e.workflowTaskFailedEventAttributes).map(() => workflowId)).toEqual([]);
    const accepted = events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
    const completed = events.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes).length;
    expect({ workflowId, pendingUpdates: accepted - completed }).toEqual({ workflowId, pendingUpdates: 0 });
  }
}

describe('model-based test of the money path (real Temporal and PostgreSQL)', () => {
  it('keeps its invariants over random sequences of actions, two clients and worker restarts', async () => {
    const runs = Number(process.env.MELKER_MBT_RUNS ?? 50);
    const seed = process.env.MELKER_MBT_SEED ? Number(process.env.MELKER_MBT_SEED) : undefined;
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.commands([commandArb], { maxCommands: 10 }), async (cmds) => {
        sequences++;
        const region = await testRegion(sql, 'Region Modell');
        const actor = { hsaId: `SE${region.replace('-', '')}-USR1`, orgNumber: region };
        const world: World = { region, actor, people: await addPeople(sql, region, PEOPLE), applicationCreated: false, paid: false };
        const deps: [ServiceDeps, ServiceDeps] = [{ client: clients[0], sql, taskQueue }, { client: clients[1], sql, taskQueue }];
        await fc.asyncModelRun(() => ({ model: { world }, real: { deps } }), cmds);
        await invariants(world);
      }),
      { numRuns: runs, ...(seed !== undefined ? { seed } : {}), ...(process.env.MELKER_MBT_PATH ? { path: process.env.MELKER_MBT_PATH } : {}),
        endOnFailure: true, verbose: 1 },
    );
    console.log(`model-based: ${sequences} sequences, ${steps} steps, ${restarts} worker restarts in ${Math.round((Date.now() - started) / 1000)} s`);
  }, 600_000);
});
