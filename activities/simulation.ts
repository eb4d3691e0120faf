/**
 * Simulating a candidate rule set against the live population, in batches (the workflow in
 * workflows/simulation.ts drives them). The comparison is the one `rules simulate` makes against
 * the database (rules/simulate.ts): the candidate replaces the set with the same id (or is added);
 * every person's coverage date by the sets in force today, and every open examination's
 * assessment. Each changed outcome is written to rule_simulation_changes, idempotently, so a
 * retried batch does no harm.
 */
import type { Sql } from '../db/sql.js';
import { personRecordSchema, type PersonRecord } from '../domain/person.js';
import { coverageDate, evaluate, loadRuleSetsFromJson, type RuleSet } from '../rules/index.js';
import {
  differences, examCase, OPEN_STATUSES, openExaminations, outcomeOf, withCandidate, type ChangeKind, type Outcome,
} from '../rules/simulate.js';
import { heartbeat } from './heartbeat.js';

export type SimulationDeps = { sql: Sql; ruleSets: () => RuleSet[] };

export type BatchResult = {
  processed: number;
  changed: number;
  byKind: Partial<Record<ChangeKind, number>>;
  skipped: number;
  /** the key to continue after, or null when this was the last batch */
  next: string | null;
};

export function createSimulationActivities({ sql, ruleSets }: SimulationDeps) {
  const compiled = new Map<number, { current: RuleSet[]; next: RuleSet[]; today: string }>();
  async function setsFor(simulationId: number) {
    let entry = compiled.get(simulationId);
    if (!entry) {
      const [row] = await sql`select candidate, to_char(today, 'YYYY-MM-DD') as today from rule_simulations where id = ${simulationId}`;
      if (!row) throw new Error(`simulation ${simulationId} does not exist`);
      const [candidate] = loadRuleSetsFromJson([row.candidate]);
      const current = ruleSets();
      entry = { current, next: withCandidate(current, candidate!), today: row.today as string };
      if (compiled.size > 20) compiled.clear();
      compiled.set(simulationId, entry);
    }
    return entry;
  }

  async function store(simulationId: number, rows: Record<string, unknown>[]) {
    if (rows.length === 0) return;
    await sql`insert into rule_simulation_changes ${sql(rows as never)} on conflict (simulation_id, subject_type, subject_id) do nothing`;
  }

  type Compared = { subjectType: 'person' | 'examination'; subjectId: string; examDate: string | null; old: Outcome; new: Outcome };
  /**
   * One batch: each row's person is compared under the current and the candidate rule sets; rows
   * whose record does not parse are skipped and counted; the differences are stored.
   */
  async function compareBatch(
    a: { simulationId: number; limit: number }, rows: Record<string, unknown>[], cursor: string,
    compare: (row: Record<string, unknown>, person: PersonRecord) => Promise<Compared>,
  ): Promise<BatchResult> {
    const result: BatchResult = { processed: 0, changed: 0, byKind: {}, skipped: 0, next: null };
    const changes: Record<string, unknown>[] = [];
    for (const [i, row] of rows.entries()) {
      if (i % 50 === 0) heartbeat();
      result.processed++;
      const parsed = personRecordSchema.safeParse(row.record);
      if (!parsed.success) {
        result.skipped++;
        continue;
      }
      const c = await compare(row, parsed.data as PersonRecord);
      const kinds = differences(c.old, c.new);
      tally(result, kinds);
      if (kinds.length) {
        changes.push({ simulation_id: a.simulationId, subject_type: c.subjectType, subject_id: c.subjectId,
          dossier_number: parsed.data.dossierNumber, exam_date: c.examDate, kinds, old: sql.json(c.old as never), new: sql.json(c.new as never) });
      }
    }
    await store(a.simulationId, changes);
    result.next = rows.length === a.limit ? String(rows.at(-1)![cursor]) : null;
    return result;
  }

  function tally(result: BatchResult, kinds: ChangeKind[]) {
    if (kinds.length === 0) return;
    result.changed++;
    for (const k of kinds) result.byKind[k] = (result.byKind[k] ?? 0) + 1;
  }

  return {
    /** How much there is to do, and the sets compared (recorded on the simulation). */
    async prepareSimulation(a: { simulationId: number }) {
      const { current } = await setsFor(a.simulationId);
      const [persons] = await sql`select count(*)::int as n from persons`;
      const [exams] = await sql`select count(*)::int as n from examinations where status in ${sql(OPEN_STATUSES)} and exam_date is not null`;
      await sql`update rule_simulations set current_labels = ${current.map((s) => s.label)} where id = ${a.simulationId}`;
      return { persons: Number(persons!.n), examinations: Number(exams!.n) };
    },

    /** Coverage dates of the persons after `after` (dossier number order). */
    async simulatePersons(a: { simulationId: number; after: string | null; limit: number }): Promise<BatchResult> {
      const { current, next, today } = await setsFor(a.simulationId);
      const rows = await sql`select dossier_number, record from persons
        where ${a.after === null ? sql`true` : sql`dossier_number > ${a.after}`} order by dossier_number limit ${a.limit}`;
      return compareBatch(a, rows, 'dossier_number', async (_row, person) => {
        const [o, n] = await Promise.all([coverageDate(person, { sets: current, today }), coverageDate(person, { sets: next, today })]);
        return { subjectType: 'person', subjectId: person.dossierNumber, examDate: null, old: o, new: n };
      });
    },

    /** Assessments of the open examinations after `after` (id order). */
    async simulateExaminations(a: { simulationId: number; after: string | null; limit: number }): Promise<BatchResult> {
      const { current, next, today } = await setsFor(a.simulationId);
      const rows = await openExaminations(sql, { after: a.after === null ? null : Number(a.after), limit: a.limit });
      return compareBatch(a, rows, 'id', async (row, person) => {
        const c = examCase(row, person, today);
        const [o, n] = (await Promise.all([evaluate(c, { sets: current }), evaluate(c, { sets: next })])).map(outcomeOf) as [Outcome, Outcome];
        return { subjectType: 'examination', subjectId: String(row.id), examDate: String(row.exam_date), old: o, new: n };
      });
    },

    async finishSimulation(a: { simulationId: number; status: 'Klar' | 'Misslyckad'; counts: unknown }) {
      await sql`update rule_simulations set status = ${a.status}, counts = ${sql.json(a.counts as never)}, finished_at = now()
        where id = ${a.simulationId}`;
      compiled.delete(a.simulationId);
    },
  };
}
