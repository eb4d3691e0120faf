/**
 * Activities of the examination and application workflows: rules at report, application and
 * decision time, and the projections the lists read — idempotent (business keys, on conflict),
 * one transaction each. Signals to examination workflows are sent after the transaction commits.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Sql } from '../db/sql.js';
import { buildDecisionDocument } from '../domain/decision-document.js';
import { payoutDate as payoutDateFor } from '../domain/banking-days.js';
import { stockholmDate } from '../domain/stockholm-time.js';
import { amountForExamYear, ruleSetInForce, type RuleSet } from '../rules/index.js';
import { applicationEventSignal, REFUSAL, type ApplicationEvent, type Reason } from '../contract/index.js';
import { evaluateAndStore, evaluateCases, type Purpose } from './evaluations.js';
import { heartbeat } from './heartbeat.js';

export type LifecycleDeps = { sql: Sql; client: Client; ruleSets: () => RuleSet[] };

export type ExaminationProjection = {
  workflowId: string; runId: string; dossierNumber: string; regionOrgNumber: string; status: string;
  examDate: string | null; invitedDate: string | null; quarter: string | null; applicationDeadline: string | null;
  actor: string; cause: string;
};

type ExamRef = { id: number; workflow_id: string; run_id: string };

/** A business refusal from an activity: non-retryable, with a reason the workflow passes on. */
export function refusal(code: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: REFUSAL, message, nonRetryable: true, details: [[{ code, message } satisfies Reason]] });
}

// PostgreSQL errors that the same statement will meet again, however often it is retried.
const PERMANENT: Record<string, string> = {
  '23505': 'Det finns redan en registrering som krockar med denna (en per person).',
  '23514': 'Uppgiften bryter mot en regel i registret och kan inte sparas.',
  '23503': 'Uppgiften hänvisar till något som inte finns i registret.',
  '22021': 'Texten innehåller tecken som inte kan sparas.',
  '22P05': 'Texten innehåller tecken som inte kan sparas.',
  '22P02': 'Ett värde har fel form och kan inte sparas.',
  '22007': 'Ett datum är ogiltigt och kan inte sparas.',
  '22008': 'Ett datum är ogiltigt och kan inte sparas.',
};

/**
 * Runs an activity body; an error that will never go away becomes a non-retryable refusal with a
 * Swedish message (the constraint or code goes to the operator's log via the failure's cause).
 */
export async function permanentErrorsRefused<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code in PERMANENT) {
      const constraint = (err as { constraint_name?: string }).constraint_name;
      const message = PERMANENT[code]!;
      throw ApplicationFailure.create({
        type: REFUSAL, message, nonRetryable: true, cause: new Error(`PostgreSQL ${code}${constraint ? ` (${constraint})` : ''}`),
        details: [[{ code: code === '23505' ? 'ALREADY_EXAMINED' : 'NOT_STORED', message } satisfies Reason]],
      });
    }
    throw err;
  }
}

/** Signals sent at once by a background notification of an application's exams. */
const NOTIFY_SENDERS = 4;

function examinationUpsert(sql: Sql, p: ExaminationProjection) {
  return sql`
    insert into examinations (workflow_id, run_id, dossier_number, region_org_number, status, exam_date, invited_date,
      quarter, application_deadline, registered_by, updated_by, cause)
    values (${p.workflowId}, ${p.runId}, ${p.dossierNumber}, ${p.regionOrgNumber}, ${p.status}, ${p.examDate}, ${p.invitedDate},
      ${p.quarter}, ${p.applicationDeadline}, ${p.actor}, ${p.actor}, ${p.cause})
    on conflict (run_id) do update set
      region_org_number = excluded.region_org_number, status = excluded.status, exam_date = excluded.exam_date, invited_date = excluded.invited_date, quarter = excluded.quarter,
      application_deadline = excluded.application_deadline, updated_by = excluded.updated_by, cause = excluded.cause, updated_at = now()`;
}

/** Every activity of a set, each with permanent database errors made non-retryable refusals. */
function refusingPermanentErrors<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  return Object.fromEntries(Object.entries(activities).map(([name, fn]) =>
    [name, (...args: never[]) => permanentErrorsRefused(() => fn(...args))])) as T;
}

export function createLifecycleActivities({ sql, client, ruleSets }: LifecycleDeps) {
  /**
   * Tells the exams of an application what happened to it, in the background. A few senders at a
   * time: the exams' workflow tasks share the worker and the server with the users' actions, which
   * must not wait behind thousands of signals. `superseded` is asked now and then; when a later
   * event of the application already covers this one (the exams step through), sending stops.
   */
  async function signalExams(exams: ExamRef[], event: ApplicationEvent, superseded: () => Promise<boolean> = async () => false) {
    const queue = [...exams];
    let stop = false;
    let sent = 0;
    const send = async () => {
      for (let e = queue.shift(); e && !stop; e = queue.shift()) {
        if (++sent % 100 === 0) {
          heartbeat();
          if (await superseded()) stop = true;
        }
        try {
          await client.workflow.getHandle(e.workflow_id, e.run_id).signal(applicationEventSignal, event);
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err; // an ended exam needs no news
        }
      }
    };
    await Promise.all(Array.from({ length: NOTIFY_SENDERS }, send));
  }

  /** The schablon for an exam's year by the rule set in force on its date; never 0 or missing. */
  function grantedAmount(examDate: string): number {
    const amount = amountForExamYear(ruleSetInForce(ruleSets(), examDate), Number(examDate.slice(0, 4)));
    if (!(amount! > 0)) throw ApplicationFailure.create({ type: 'MissingAmount', nonRetryable: true, message: `no amount for exam year ${examDate.slice(0, 4)}` });
    return amount!;
  }

  async function decideItems(a: {
    applicationId: number; examinationIds: number[] | 'all'; outcome: 'Förslag' | 'Beviljad' | 'Avslagen'; reason: string | null; actor: string; onlyUndecided?: boolean;
  }) {
    const items = await sql`select i.examination_id, i.amount_sek, coalesce((i.proposal->>'eligible')::boolean, false) as eligible, e.exam_date
      from application_items i join examinations e on e.id = i.examination_id
      where i.application_id = ${a.applicationId} ${a.examinationIds === 'all' ? sql`` : sql`and i.examination_id = any(${a.examinationIds})`}
        ${a.onlyUndecided ? sql`and i.outcome is null` : sql``}`;
    const decided = items.map((i) => {
      const proposed = i.eligible ? 'Beviljad' : 'Avslagen';
      const outcome = a.outcome === 'Förslag' ? proposed : a.outcome;
      return { id: Number(i.examination_id), outcome, departs: outcome !== proposed,
        amount: outcome === 'Beviljad' ? grantedAmount(i.exam_date as string) : (i.amount_sek as number | null) };
    });
    const departing = decided.filter((d) => d.departs).length;
    if (departing && !a.reason) {
      throw refusal('REASON_REQUIRED', departing === 1
        ? 'Ange skäl när beslutet avviker från förslaget (även när en föreslagen avslag beviljas).'
        : `Ange skäl: beslutet avviker från förslaget för ${departing} undersökningar (även när föreslagna avslag beviljas).`);
    }
    await sql.begin(async (tx) => {
      for (let i = 0; i < decided.length; i += 1000) {
        const chunk = decided.slice(i, i + 1000);
        await tx`update application_items i set outcome = v.outcome, amount_sek = v.amount::int,
            outcome_reason = ${a.outcome === 'Förslag' ? null : a.reason}, decided_by = ${a.actor}, updated_at = now()
          from (select unnest(${chunk.map((d) => d.id)}::bigint[]) as id, unnest(${chunk.map((d) => d.outcome)}::text[]) as outcome,
                       unnest(${chunk.map((d) => d.amount)}::int[]) as amount) v
          where i.application_id = ${a.applicationId} and i.examination_id = v.id`;
      }
      await tx`update applications set status = 'Under handläggning', updated_at = now() where id = ${a.applicationId} and status = 'Inskickad'`;
    });
    return { changed: decided.length };
  }

  async function totals(tx: Sql, applicationId: number) {
    const [t] = await tx`
      update applications a set item_count = s.n, total_amount_sek = s.total, updated_at = now()
      from (select count(*)::int as n, coalesce(sum(amount_sek), 0)::int as total from application_items where application_id = ${applicationId}) s
      where a.id = ${applicationId} returning a.item_count, a.total_amount_sek`;
    return { itemCount: t!.item_count as number, totalAmountSek: t!.total_amount_sek as number };
  }

  return refusingPermanentErrors({
    /** Evaluates a report and, when the rules accept it, writes the examination's row: one step. */
    async reportExamination(a: { evaluation: { purpose: Purpose; workflowId: string; runId: string; dossierNumber: string; reportingRegion: string; examDate: string; today: string }; projection: ExaminationProjection }) {
      const e = a.evaluation;
      const { results: [r], rows } = await evaluateCases(sql, ruleSets(), [{
        purpose: e.purpose, subjectType: 'examination', subjectId: e.runId, runId: e.runId, dossierNumber: e.dossierNumber,
        reportingRegion: e.reportingRegion, examDate: e.examDate, today: e.today, idempotencyKey: `${e.runId}:${e.purpose}:${e.examDate}:${e.today}`,
      }]);
      // The evaluation and the examination's row are written by one statement (one transaction).
      const evaluation = sql`insert into rule_evaluations ${sql(rows as never)} on conflict (idempotency_key) do nothing`;
      if (r!.eligible) await sql`with evaluation as (${evaluation}) ${examinationUpsert(sql, a.projection)}`;
      else if (rows.length) await evaluation;
      return r!;
    },

    async projectExamination(p: ExaminationProjection): Promise<void> {
      await examinationUpsert(sql, p);
    },

    /**
     * Tells the application's examination workflows what happened to them. Runs after the
     * projection is already right, off the path the user waits on; the application workflow
     * sends these one after another, so each exam hears them in order.
     */
    async notifyExams(a: {
      applicationId: number; workflowId: string; kind: 'included' | 'submitted' | 'decided' | 'paid'; actor: string; payoutDate?: string;
      /** only these exams (an inclusion of some) */ examinationIds?: number[]; seq?: number;
    }) {
      const exams = (await sql`select e.id, e.workflow_id, e.run_id, i.outcome, i.outcome_reason from application_items i
        join examinations e on e.id = i.examination_id where i.application_id = ${a.applicationId}
        ${a.kind === 'paid' ? sql`and i.outcome = 'Beviljad'` : sql``}
        ${a.examinationIds ? sql`and e.id = any(${a.examinationIds})` : sql``} order by e.id`) as unknown as (ExamRef & { outcome: 'Beviljad' | 'Avslagen' | null; outcome_reason: string | null })[];
      if (a.kind === 'decided') {
        for (const outcome of ['Beviljad', 'Avslagen'] as const) {
          for (const reason of new Set(exams.filter((e) => e.outcome === outcome).map((e) => e.outcome_reason))) {
            await signalExams(exams.filter((e) => e.outcome === outcome && e.outcome_reason === reason),
              { kind: 'decided', applicationWorkflowId: a.workflowId, actor: a.actor, outcome, reason });
          }
        }
      } else if (a.kind === 'paid') {
        await signalExams(exams, { kind: 'paid', applicationWorkflowId: a.workflowId, actor: a.actor, payoutDate: a.payoutDate! });
      } else {
        // "submitted" covers "included", and "decided" covers both: an exam steps through.
        const laterStates = a.kind === 'included' ? ['Inskickad', 'Under handläggning', 'Beslutad', 'Utbetald'] : ['Beslutad', 'Utbetald'];
        const superseded = async () => {
          const [row] = await sql`select status from applications where id = ${a.applicationId}`;
          return laterStates.includes(row?.status as string);
        };
        await signalExams(exams, { kind: a.kind, applicationWorkflowId: a.workflowId, actor: a.actor, ...(a.kind === 'included' && a.seq !== undefined ? { seq: a.seq } : {}) }, superseded);
      }
      return exams.length;
    },

    async createApplicationRecord(a: { workflowId: string; regionOrgNumber: string; quarter: string; deadline: string; createdBy: string }) {
      const [row] = await sql`
        insert into applications (workflow_id, region_org_number, quarter, status, deadline, created_by)
        values (${a.workflowId}, ${a.regionOrgNumber}, ${a.quarter}, 'Skapas', ${a.deadline}, ${a.createdBy})
        on conflict (workflow_id) do update set updated_at = now()
        returning id`;
      return { applicationId: Number(row!.id) };
    },

    async listApplicableExams(a: { regionOrgNumber: string; quarter: string }): Promise<number[]> {
      const rows = await sql`select id from examinations
        where region_org_number = ${a.regionOrgNumber} and quarter = ${a.quarter} and status = 'Ansökningsbar' order by id`;
      return rows.map((r) => Number(r.id));
    },

    /**
     * Re-checks a batch against the rules and includes the eligible ones (idempotent). The
     * examination row is the one authority on whether an exam is in an application: the inclusion
     * takes only rows still Ansökningsbar, in the same statement that marks them, and a deletion
     * (deleteExaminationRow) takes only rows not in an application, so the two never both succeed.
     */
    async includeExams(a: { applicationId: number; workflowId: string; examinationIds: number[]; actor: string }) {
      const exams = await sql`select e.id, e.workflow_id, e.run_id, e.dossier_number, e.region_org_number, e.exam_date
        from examinations e where e.id = any(${a.examinationIds}) and e.status in ('Ansökningsbar', 'I ansökan')`;
      const today = stockholmDate(Date.now());
      // The region was checked when the exam was reported (the reporting region owns it): a
      // person who has moved since stays in this region's application.
      const results = await evaluateAndStore(sql, ruleSets(), exams.map((e) => ({
        purpose: 'application' as const, subjectType: 'examination' as const, subjectId: e.run_id as string, runId: e.run_id as string,
        dossierNumber: e.dossier_number as string, reportingRegion: null, examDate: e.exam_date as string, today,
        idempotencyKey: `${e.run_id}:application:${a.applicationId}`,
      })));
      const eligible = exams.filter((_, i) => results[i]!.eligible);
      for (const e of eligible) {
        const r = results[exams.indexOf(e)]!;
        if (!(r.amountSek! > 0)) throw ApplicationFailure.create({ type: 'MissingAmount', nonRetryable: true, message: `no amount for an eligible exam (${r.ruleSet})` });
      }
      const result = await sql.begin(async (tx) => {
        // Rows already in this application (a retried batch) stay; rows deleted meanwhile are left out.
        const claimed = new Set((await tx`update examinations set status = 'I ansökan', cause = 'Ingår i ansökan', updated_by = ${a.actor}, updated_at = now()
            where id = any(${eligible.map((e) => e.id)}) and status = 'Ansökningsbar' returning id`).map((r) => Number(r.id)));
        const held = new Set((await tx`select examination_id from application_items where application_id = ${a.applicationId}
            and examination_id = any(${eligible.map((e) => e.id)})`).map((r) => Number(r.examination_id)));
        const taken = eligible.filter((e) => claimed.has(Number(e.id)) || held.has(Number(e.id)));
        if (taken.length) {
          await tx`insert into application_items ${tx(taken.map((e) => ({
            application_id: a.applicationId, examination_id: e.id,
            amount_sek: results[exams.indexOf(e)]!.amountSek, proposal: tx.json(results[exams.indexOf(e)] as never),
          })) as never)} on conflict (application_id, examination_id) do nothing`;
        }
        const t = await totals(tx as unknown as Sql, a.applicationId);
        return { ...t, excluded: exams.length - taken.length };
      });
      return result;
    },

    async setApplicationStatus(a: { applicationId: number; status: string }) {
      await sql`update applications set status = ${a.status}, updated_at = now() where id = ${a.applicationId}`;
    },

    async removeApplicationItem(a: { applicationId: number; workflowId: string; examinationId: number; actor: string; seq?: number }) {
      const result = await sql.begin(async (tx) => {
        await tx`delete from application_items where application_id = ${a.applicationId} and examination_id = ${a.examinationId}`;
        await tx`update examinations set status = 'Ansökningsbar', cause = 'Borttagen ur ansökan', updated_by = ${a.actor}, updated_at = now()
          where id = ${a.examinationId} and status = 'I ansökan'`;
        return totals(tx as unknown as Sql, a.applicationId);
      });
      // The exam may hear this before it hears that it was included: it remembers (examination.ts).
      const exams = (await sql`select id, workflow_id, run_id from examinations where id = ${a.examinationId}`) as unknown as ExamRef[];
      await signalExams(exams, { kind: 'removed', applicationWorkflowId: a.workflowId, actor: a.actor, ...(a.seq !== undefined ? { seq: a.seq } : {}) });
      return result;
    },

    /**
     * The region's deletion of an exam, decided by its row in one statement: refused (false) when
     * an application holds the exam (includeExams may have taken it before its workflow heard).
     */
    async deleteExaminationRow(a: { runId: string; actor: string; cause: string }): Promise<boolean> {
      const [deleted] = await sql`update examinations set status = 'Borttagen', cause = ${a.cause}, updated_by = ${a.actor}, updated_at = now()
        where run_id = ${a.runId} and status in ('Kallad', 'Rapporterad', 'Ansökningsbar') returning id`;
      if (deleted) return true;
      const [row] = await sql`select status from examinations where run_id = ${a.runId}`;
      return !row || row.status === 'Borttagen';
    },

    /** A draft that was never submitted lapses at its deadline, and so do its exams. */
    async lapseApplication(a: { applicationId: number; workflowId: string; actor: string }) {
      await sql.begin(async (tx) => {
        await tx`update examinations set status = 'Förfallen', cause = 'Ansökan skickades inte in före sista dag för ansökan', updated_by = ${a.actor}, updated_at = now()
          where id in (select examination_id from application_items where application_id = ${a.applicationId}) and status in ('I ansökan', 'Inskickad')`;
        await tx`update applications set status = 'Förfallen', updated_at = now() where id = ${a.applicationId}`;
      });
      const exams = (await sql`select e.id, e.workflow_id, e.run_id from application_items i join examinations e on e.id = i.examination_id
        where i.application_id = ${a.applicationId} order by e.id`) as unknown as ExamRef[];
      await signalExams(exams, { kind: 'lapsed', applicationWorkflowId: a.workflowId, actor: a.actor });
    },

    /** Submission: the rules again for every item, giving the decision proposal. */
    async submitApplication(a: { applicationId: number; workflowId: string; actor: string; receivedDate: string }) {
      const items = await sql`select e.id, e.workflow_id, e.run_id, e.dossier_number, e.region_org_number, e.exam_date
        from application_items i join examinations e on e.id = i.examination_id where i.application_id = ${a.applicationId} order by e.id`;
      const proposals = await evaluateAndStore(sql, ruleSets(), items.map((e) => ({
        purpose: 'decision' as const, subjectType: 'application_item' as const, subjectId: `${a.applicationId}:${e.id}`, runId: e.run_id as string,
        dossierNumber: e.dossier_number as string, reportingRegion: null, examDate: e.exam_date as string,
        today: a.receivedDate, applicationReceived: a.receivedDate, idempotencyKey: `${e.run_id}:decision:${a.applicationId}`,
      })));
      for (const p of proposals) {
        if (p.eligible && !(p.amountSek! > 0)) throw ApplicationFailure.create({ type: 'MissingAmount', nonRetryable: true, message: `no amount for an eligible exam (${p.ruleSet})` });
      }
      const result = await sql.begin(async (tx) => {
        for (let i = 0; i < items.length; i += 500) {
          const chunk = items.slice(i, i + 500).map((e, j) => ({ id: Number(e.id), proposal: proposals[i + j]! }));
          await tx`update application_items i set proposal = v.proposal::jsonb, amount_sek = v.amount::int, updated_at = now()
            from (select unnest(${chunk.map((c) => c.id)}::bigint[]) as id, unnest(${chunk.map((c) => JSON.stringify(c.proposal))}::text[]) as proposal,
                         unnest(${chunk.map((c) => c.proposal.amountSek)}::int[]) as amount) v
            where i.application_id = ${a.applicationId} and i.examination_id = v.id`;
        }
        await tx`update examinations set status = 'Inskickad', cause = 'Ansökan inskickad', updated_by = ${a.actor}, updated_at = now()
          where id in (select examination_id from application_items where application_id = ${a.applicationId}) and status = 'I ansökan'`;
        await tx`update applications set status = 'Inskickad', submitted_by = ${a.actor}, submitted_at = coalesce(submitted_at, now()), updated_at = now()
          where id = ${a.applicationId}`;
        return totals(tx as unknown as Sql, a.applicationId);
      });
      const eligibleTotal = proposals.filter((p) => p.eligible).reduce((s, p) => s + p.amountSek!, 0);
      // Migrationsverket's setting as it is at submission (SPEC §5, Inställningar).
      const [setting] = await sql`select value from service_settings where key = 'auto_decide'`;
      return { ...result, totalAmountSek: eligibleTotal, allEligible: proposals.every((p) => p.eligible), autoDecideSetting: setting?.value === true };
    },

    /** One item's decision by the officer; departing from the proposal needs a reason, either way (SPEC §5). */
    async decideApplicationItem(a: { applicationId: number; examinationId: number; outcome: 'Beviljad' | 'Avslagen'; reason: string | null; actor: string }) {
      const { changed } = await decideItems({ ...a, examinationIds: [a.examinationId] });
      if (!changed) throw refusal('NOT_FOUND', 'Undersökningen ingår inte i ansökan.');
    },

    /** Many items at once: the proposal for each ("Godkänn förslaget"), or one outcome with one reason. */
    decideApplicationItems: decideItems,

    /** The decision: officer outcomes where given, the rules' proposal elsewhere; document and payout date. */
    async recordDecision(a: { applicationId: number; workflowId: string; actor: string; officerName: string; decisionDate: string }) {
      const payoutDate = payoutDateFor(a.decisionDate);
      const outcome = await sql.begin(async (tx) => {
        const [existing] = await tx`select total_amount_sek, payout_date, content from decisions where application_id = ${a.applicationId}`;
        const [app] = await tx`select a.*, o.name as region_name from applications a join organisations o on o.org_number = a.region_org_number
          where a.id = ${a.applicationId}`;
        const items = await tx`select i.*, e.dossier_number, e.exam_date, p.given_name, p.family_name from application_items i
          join examinations e on e.id = i.examination_id join persons p on p.dossier_number = e.dossier_number
          where i.application_id = ${a.applicationId} order by p.family_name, p.given_name`;
        const decided = items.map((i) => {
          const proposal = i.proposal as { eligible: boolean; reasons: { message: string }[]; amountSek: number | null } | null;
          const out = (i.outcome as 'Beviljad' | 'Avslagen' | null) ?? (proposal?.eligible ? 'Beviljad' : 'Avslagen');
          const reason = (i.outcome_reason as string | null) ?? (out === 'Avslagen' ? (proposal?.reasons.map((r) => r.message).join(' ') || 'Villkoren för ersättning är inte uppfyllda.') : null);
          return { examinationId: Number(i.examination_id), dossierNumber: i.dossier_number as string, name: `${i.given_name} ${i.family_name}`,
            // Not decided yet: the schablon by the rule set in force on the exam date now, so a
            // published amount correction reaches submitted but undecided items (SPEC §4).
            examDate: i.exam_date as string, outcome: out, amountSek: out === 'Beviljad' ? grantedAmount(i.exam_date as string) : 0, reason };
        });
        // A grant of 0 kr is a broken rule set or a bug, never a decision: refuse it loudly.
        const unpaid = decided.filter((d) => d.outcome === 'Beviljad' && !(d.amountSek > 0));
        if (unpaid.length) throw ApplicationFailure.create({ type: 'MissingAmount', nonRetryable: true, message: `${unpaid.length} granted items without an amount` });
        if (existing) return { decided, total: existing.total_amount_sek as number, payoutDate: existing.payout_date as string };
        const total = decided.reduce((s, d) => s + d.amountSek, 0);
        const document = buildDecisionDocument({
          applicationId: String(a.applicationId), regionName: app!.region_name, regionOrgNumber: app!.region_org_number, quarter: app!.quarter,
          receivedDate: stockholmDate(new Date(app!.submitted_at as Date).getTime()), decisionDate: a.decisionDate, decidedBy: a.officerName,
          items: decided.map((d) => ({ dossierNumber: d.dossierNumber, name: d.name, examDate: d.examDate, outcome: d.outcome, amountSek: d.amountSek, ...(d.reason ? { reason: d.reason } : {}) })),
          payoutDate,
        });
        for (let n = 0; n < decided.length; n += 1000) {
          const chunk = decided.slice(n, n + 1000);
          await tx`update application_items i set outcome = v.outcome, outcome_reason = v.reason,
              amount_sek = case when v.outcome = 'Beviljad' then v.amount::int else i.amount_sek end,
              decided_by = coalesce(i.decided_by, ${a.actor}), updated_at = now()
            from (select unnest(${chunk.map((d) => d.examinationId)}::bigint[]) as id, unnest(${chunk.map((d) => d.outcome)}::text[]) as outcome,
                         unnest(${chunk.map((d) => d.reason)}::text[]) as reason, unnest(${chunk.map((d) => d.amountSek)}::int[]) as amount) v
            where i.application_id = ${a.applicationId} and i.examination_id = v.id`;
        }
        await tx`update examinations e set status = i.outcome, cause = 'Beslut', updated_by = ${a.actor}, updated_at = now()
          from application_items i where i.application_id = ${a.applicationId} and i.examination_id = e.id and e.status = 'Inskickad'`;
        await tx`insert into decisions (application_id, decided_by, decided_at, total_amount_sek, payout_date, content)
          values (${a.applicationId}, ${a.actor}, now(), ${total}, ${payoutDate}, ${tx.json(document as never)}) on conflict (application_id) do nothing`;
        await tx`update applications set status = 'Beslutad', decided_by = ${a.actor}, decided_at = now(), payout_date = ${payoutDate},
          total_amount_sek = ${total}, updated_at = now() where id = ${a.applicationId}`;
        return { decided, total, payoutDate };
      });
      const granted = outcome.decided.filter((d) => d.outcome === 'Beviljad').length;
      return { totalAmountSek: outcome.total, payoutDate: outcome.payoutDate, granted, rejected: outcome.decided.length - granted };
    },

    async recordPayout(a: { applicationId: number; workflowId: string; payoutDate: string }) {
      await sql.begin(async (tx) => {
        await tx`update examinations e set status = 'Utbetald', cause = ${`Utbetalt ${a.payoutDate}`}, updated_by = 'system', updated_at = now()
          from application_items i where i.application_id = ${a.applicationId} and i.examination_id = e.id and e.status = 'Beviljad'`;
        await tx`update applications set status = 'Utbetald', updated_at = now() where id = ${a.applicationId}`;
      });
    },
  });
}
