/**
 * Activities of the examination and application workflows: rules at report, application and
 * decision time, and the projections the lists read — idempotent (business keys, on conflict),
 * one transaction each. Signals to examination workflows are sent after the transaction commits.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Sql } from '../db/sql.js';
import { buildDecisionDocument } from '../domain/decision-document.js';
import { payoutDate as payoutDateFor } from '../domain/banking-days.js';
import { stockholmDate } from '../domain/stockholm-time.js';
import type { RuleSet } from '../rules/index.js';
import { applicationEventSignal, type ApplicationEvent } from '../workflows/messages.js';
import { evaluateAndStore, evaluateCases, type Purpose } from './evaluations.js';
import { heartbeat } from './heartbeat.js';

export type LifecycleDeps = { sql: Sql; client: Client; ruleSets: () => RuleSet[] };

export type ExaminationProjection = {
  workflowId: string; runId: string; dossierNumber: string; regionOrgNumber: string; status: string;
  examDate: string | null; invitedDate: string | null; quarter: string | null; applicationDeadline: string | null;
  actor: string; cause: string;
};

type ExamRef = { id: number; workflow_id: string; run_id: string };

function examinationUpsert(sql: Sql, p: ExaminationProjection) {
  return sql`
    insert into examinations (workflow_id, run_id, dossier_number, region_org_number, status, exam_date, invited_date,
      quarter, application_deadline, registered_by, updated_by, cause)
    values (${p.workflowId}, ${p.runId}, ${p.dossierNumber}, ${p.regionOrgNumber}, ${p.status}, ${p.examDate}, ${p.invitedDate},
      ${p.quarter}, ${p.applicationDeadline}, ${p.actor}, ${p.actor}, ${p.cause})
    on conflict (run_id) do update set
      status = excluded.status, exam_date = excluded.exam_date, invited_date = excluded.invited_date, quarter = excluded.quarter,
      application_deadline = excluded.application_deadline, updated_by = excluded.updated_by, cause = excluded.cause, updated_at = now()`;
}

export function createLifecycleActivities({ sql, client, ruleSets }: LifecycleDeps) {
  async function signalExams(exams: ExamRef[], event: ApplicationEvent) {
    const queue = [...exams];
    const send = async () => {
      for (let e = queue.shift(); e; e = queue.shift()) {
        if (queue.length % 50 === 0) heartbeat();
        try {
          await client.workflow.getHandle(e.workflow_id, e.run_id).signal(applicationEventSignal, event);
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err; // an ended exam needs no news
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, send));
  }

  async function totals(tx: Sql, applicationId: number) {
    const [t] = await tx`
      update applications a set item_count = s.n, total_amount_sek = s.total, updated_at = now()
      from (select count(*)::int as n, coalesce(sum(amount_sek), 0)::int as total from application_items where application_id = ${applicationId}) s
      where a.id = ${applicationId} returning a.item_count, a.total_amount_sek`;
    return { itemCount: t!.item_count as number, totalAmountSek: t!.total_amount_sek as number };
  }

  return {
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
    async notifyExams(a: { applicationId: number; workflowId: string; kind: 'included' | 'submitted' | 'decided' | 'paid'; actor: string; payoutDate?: string }) {
      const exams = (await sql`select e.id, e.workflow_id, e.run_id, i.outcome, i.outcome_reason from application_items i
        join examinations e on e.id = i.examination_id where i.application_id = ${a.applicationId}
        ${a.kind === 'paid' ? sql`and i.outcome = 'Beviljad'` : sql``} order by e.id`) as unknown as (ExamRef & { outcome: 'Beviljad' | 'Avslagen' | null; outcome_reason: string | null })[];
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
        await signalExams(exams, { kind: a.kind, applicationWorkflowId: a.workflowId, actor: a.actor });
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

    /** Re-checks a batch against the rules and includes the eligible ones (idempotent). */
    async includeExams(a: { applicationId: number; workflowId: string; examinationIds: number[]; actor: string }) {
      const exams = await sql`select e.id, e.workflow_id, e.run_id, e.dossier_number, e.region_org_number, e.exam_date
        from examinations e where e.id = any(${a.examinationIds}) and e.status in ('Ansökningsbar', 'I ansökan')`;
      const today = stockholmDate(Date.now());
      const results = await evaluateAndStore(sql, ruleSets(), exams.map((e) => ({
        purpose: 'application' as const, subjectType: 'examination' as const, subjectId: e.run_id as string, runId: e.run_id as string,
        dossierNumber: e.dossier_number as string, reportingRegion: e.region_org_number as string, examDate: e.exam_date as string, today,
        idempotencyKey: `${e.run_id}:application:${a.applicationId}`,
      })));
      const eligible = exams.filter((_, i) => results[i]!.eligible);
      const result = await sql.begin(async (tx) => {
        if (eligible.length) {
          await tx`insert into application_items ${tx(eligible.map((e) => ({
            application_id: a.applicationId, examination_id: e.id,
            amount_sek: results[exams.indexOf(e)]!.amountSek, proposal: tx.json(results[exams.indexOf(e)] as never),
          })) as never)} on conflict (application_id, examination_id) do nothing`;
          await tx`update examinations set status = 'I ansökan', cause = 'Ingår i ansökan', updated_by = ${a.actor}, updated_at = now()
            where id = any(${eligible.map((e) => e.id)}) and status = 'Ansökningsbar'`;
        }
        return totals(tx as unknown as Sql, a.applicationId);
      });
      return { ...result, excluded: exams.length - eligible.length };
    },

    async setApplicationStatus(a: { applicationId: number; status: string }) {
      await sql`update applications set status = ${a.status}, updated_at = now() where id = ${a.applicationId}`;
    },

    async removeApplicationItem(a: { applicationId: number; workflowId: string; examinationId: number; actor: string }) {
      const result = await sql.begin(async (tx) => {
        await tx`delete from application_items where application_id = ${a.applicationId} and examination_id = ${a.examinationId}`;
        await tx`update examinations set status = 'Ansökningsbar', cause = 'Borttagen ur ansökan', updated_by = ${a.actor}, updated_at = now()
          where id = ${a.examinationId} and status = 'I ansökan'`;
        return totals(tx as unknown as Sql, a.applicationId);
      });
      const exams = (await sql`select id, workflow_id, run_id from examinations where id = ${a.examinationId}`) as unknown as ExamRef[];
      await signalExams(exams, { kind: 'removed', applicationWorkflowId: a.workflowId, actor: a.actor });
      return result;
    },

    /** Submission: the rules again for every item, giving the decision proposal. */
    async submitApplication(a: { applicationId: number; workflowId: string; actor: string; receivedDate: string }) {
      const items = await sql`select e.id, e.workflow_id, e.run_id, e.dossier_number, e.region_org_number, e.exam_date
        from application_items i join examinations e on e.id = i.examination_id where i.application_id = ${a.applicationId} order by e.id`;
      const proposals = await evaluateAndStore(sql, ruleSets(), items.map((e) => ({
        purpose: 'decision' as const, subjectType: 'application_item' as const, subjectId: `${a.applicationId}:${e.id}`, runId: e.run_id as string,
        dossierNumber: e.dossier_number as string, reportingRegion: e.region_org_number as string, examDate: e.exam_date as string,
        today: a.receivedDate, applicationReceived: a.receivedDate, idempotencyKey: `${e.run_id}:decision:${a.applicationId}`,
      })));
      const result = await sql.begin(async (tx) => {
        for (let i = 0; i < items.length; i += 500) {
          const chunk = items.slice(i, i + 500).map((e, j) => ({ id: Number(e.id), proposal: proposals[i + j]! }));
          await tx`update application_items i set proposal = v.proposal::jsonb, amount_sek = v.amount::int, updated_at = now()
            from (select unnest(${chunk.map((c) => c.id)}::bigint[]) as id, unnest(${chunk.map((c) => JSON.stringify(c.proposal))}::text[]) as proposal,
                         unnest(${chunk.map((c) => c.proposal.amountSek ?? 0)}::int[]) as amount) v
            where i.application_id = ${a.applicationId} and i.examination_id = v.id`;
        }
        await tx`update examinations set status = 'Inskickad', cause = 'Ansökan inskickad', updated_by = ${a.actor}, updated_at = now()
          where id in (select examination_id from application_items where application_id = ${a.applicationId}) and status = 'I ansökan'`;
        await tx`update applications set status = 'Inskickad', submitted_by = ${a.actor}, submitted_at = coalesce(submitted_at, now()), updated_at = now()
          where id = ${a.applicationId}`;
        return totals(tx as unknown as Sql, a.applicationId);
      });
      const eligibleTotal = proposals.filter((p) => p.eligible).reduce((s, p) => s + (p.amountSek ?? 0), 0);
      return { ...result, totalAmountSek: eligibleTotal, allEligible: proposals.every((p) => p.eligible) };
    },

    async decideApplicationItem(a: { applicationId: number; examinationId: number; outcome: 'Beviljad' | 'Avslagen'; reason: string | null; actor: string }) {
      await sql.begin(async (tx) => {
        await tx`update application_items set outcome = ${a.outcome}, outcome_reason = ${a.reason}, decided_by = ${a.actor}, updated_at = now()
          where application_id = ${a.applicationId} and examination_id = ${a.examinationId}`;
        await tx`update applications set status = 'Under handläggning', updated_at = now() where id = ${a.applicationId} and status = 'Inskickad'`;
      });
    },

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
            examDate: i.exam_date as string, outcome: out, amountSek: out === 'Beviljad' ? (i.amount_sek as number | null) ?? 0 : 0, reason };
        });
        if (existing) return { decided, total: existing.total_amount_sek as number, payoutDate: existing.payout_date as string };
        const total = decided.reduce((s, d) => s + d.amountSek, 0);
        const document = buildDecisionDocument({
          applicationId: String(a.applicationId), regionName: app!.region_name, regionOrgNumber: app!.region_org_number, quarter: app!.quarter,
          receivedDate: stockholmDate(new Date(app!.submitted_at as Date).getTime()), decisionDate: a.decisionDate, decidedBy: a.officerName,
          items: decided.map((d) => ({ dossierNumber: d.dossierNumber, name: d.name, examDate: d.examDate, outcome: d.outcome, amountSek: d.amountSek, ...(d.reason ? { reason: d.reason } : {}) })),
          payoutDate,
        });
        for (const d of decided) {
          await tx`update application_items set outcome = ${d.outcome}, outcome_reason = ${d.reason}, decided_by = coalesce(decided_by, ${a.actor}), updated_at = now()
            where application_id = ${a.applicationId} and examination_id = ${d.examinationId}`;
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
  };
}
