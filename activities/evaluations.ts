/**
 * Rule evaluations as activities use them: the case is built from the stored person and the
 * person's other examinations; every evaluation is stored with facts, trace and rule-set version.
 */
import type { Sql } from '../db/sql.js';
import type { PersonRecord } from '../domain/person.js';
import { heartbeat } from './heartbeat.js';
import { evaluate, type RuleResult, type RuleSet } from '../rules/index.js';
import { previousExamStatus } from '../rules/facts.js';

export type Purpose = 'report' | 'application' | 'decision';

export type EvaluationRequest = {
  purpose: Purpose;
  subjectType: 'examination' | 'application_item';
  subjectId: string;
  /** this examination's run, excluded from "previous exams" */
  runId: string | null;
  dossierNumber: string;
  /** null when the region was decided at report time (application and decision re-checks) */
  reportingRegion: string | null;
  examDate: string;
  today: string;
  applicationReceived?: string;
  idempotencyKey: string;
};

export type StoredEvaluation = RuleResult & { evaluationKey: string };

const NOT_FOUND = 'Personen finns inte i Migrationsverkets register för regionen. Kontrollera dossiernumret.';

/** A rule_evaluations row, ready to insert. */
export type EvaluationRow = Record<string, unknown>;

/**
 * Evaluates the requests against the stored persons and their examinations (one read) and
 * returns the results with the rows that record them; the caller stores the rows.
 */
export async function evaluateCases(sql: Sql, sets: RuleSet[], reqs: EvaluationRequest[]): Promise<{ results: StoredEvaluation[]; rows: EvaluationRow[] }> {
  if (reqs.length === 0) return { results: [], rows: [] };
  const dossiers = [...new Set(reqs.map((r) => r.dossierNumber))];
  const found = await sql`select p.dossier_number, p.record,
      coalesce((select json_agg(json_build_object('run_id', e.run_id, 'exam_date', e.exam_date, 'status', e.status))
        from examinations e where e.dossier_number = p.dossier_number and e.exam_date is not null), '[]') as exams
    from persons p where p.dossier_number = any(${dossiers})`;
  const persons = new Map(found.map((r) => [r.dossier_number as string, r.record as PersonRecord]));
  const examsOf = new Map(found.map((r) => [r.dossier_number as string, r.exams as { run_id: string; exam_date: string; status: string }[]]));
  const results: StoredEvaluation[] = [];
  const rows: EvaluationRow[] = [];
  for (const [n, req] of reqs.entries()) {
    if (n % 200 === 0) heartbeat();
    const person = persons.get(req.dossierNumber);
    if (!person) {
      results.push({ coveredFrom: null, eligible: false, reasons: [{ code: 'PERSON_NOT_FOUND' as never, message: NOT_FOUND }], amountSek: null,
        applicationQuarter: null, applicationDeadline: null, ruleSet: '-', evaluationKey: req.idempotencyKey });
      continue;
    }
    const previousExams = (examsOf.get(req.dossierNumber) ?? [])
      .filter((e) => e.run_id !== req.runId)
      .map((e) => ({ examDate: e.exam_date as string, status: previousExamStatus(e.status as string) }));
    const { explanation, ...result } = await evaluate({
      person, examDate: req.examDate, ...(req.reportingRegion ? { reportingRegion: req.reportingRegion } : {}), previousExams, today: req.today,
      ...(req.applicationReceived ? { applicationReceived: req.applicationReceived } : {}),
    }, { sets, explain: true });
    results.push({ ...result, evaluationKey: req.idempotencyKey });
    rows.push({
      idempotency_key: req.idempotencyKey, subject_type: req.subjectType, subject_id: req.subjectId, purpose: req.purpose,
      rule_set: result.ruleSet, facts: sql.json((explanation?.facts ?? {}) as never), result: sql.json(result as never),
      trace: sql.json((explanation?.trace ?? []) as never),
    });
  }
  return { results, rows };
}

export async function evaluateAndStore(sql: Sql, sets: RuleSet[], reqs: EvaluationRequest[]): Promise<StoredEvaluation[]> {
  const { results, rows } = await evaluateCases(sql, sets, reqs);
  for (let i = 0; i < rows.length; i += 1000) {
    await sql`insert into rule_evaluations ${sql(rows.slice(i, i + 1000) as never)} on conflict (idempotency_key) do nothing`;
  }
  return results;
}
