/**
 * `rules simulate`: runs a candidate rule-set folder beside the current rules over a population
 * (a feed file, or the persons and open examinations in the database) and reports every outcome
 * that would change. The candidate replaces the current set with the same id (or is added), so
 * effective dating works as it would after publication.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Sql } from 'postgres';
import { personRecordSchema, type PersonRecord } from '../domain/person.js';
import { previousExamStatus } from './facts.js';
import { coverageDate, evaluate, swedishToday } from './index.js';
import type { RuleCase, RuleResult, RuleSet } from './model.js';
import { loadRuleSetDir, loadRuleSets } from './ruleset.js';

export type SimulationSource = { feedFile: string } | { sql: Sql };

/** What a simulation compares of one person's or examination's result. */
export type Outcome = { coveredFrom: string | null; eligible?: boolean; reasons?: string[]; amountSek?: number | null; ruleSet: string };
export type ChangeKind = 'coveredFrom' | 'becameEligible' | 'becameIneligible' | 'reasons' | 'amountSek';
export type Change = {
  kind: 'person' | 'examination';
  dossierNumber: string;
  examinationId?: string;
  examDate?: string;
  changes: ChangeKind[];
  old: Outcome;
  new: Outcome;
};
export type SimulationReport = {
  candidate: string;
  current: string[];
  today: string;
  examDate: string | null;
  source: string;
  counts: { persons: number; examinations: number; skipped: number; changed: number; byKind: Record<string, number> };
  skipped: { line?: number; dossierNumber?: string; reason: string }[];
  changes: Change[];
};

/** Exam statuses whose outcome is still open (decided ones keep the rules they were decided by). */
export const OPEN_STATUSES = ['Rapporterad', 'Ansökningsbar', 'I ansökan', 'Inskickad'];
/**
 * The open examinations with what their assessment needs: the person, the person's other
 * examinations and the day a submitted application reached Migrationsverket. In id order,
 * optionally one page after an id (the simulation workflow's batches).
 */
export function openExaminations(sql: Sql<any>, page?: { after: number | null; limit: number }) {
  return sql`
    select e.id::text as id, e.dossier_number, e.region_org_number, to_char(e.exam_date, 'YYYY-MM-DD') as exam_date, p.record,
      coalesce((select json_agg(json_build_object('examDate', to_char(o.exam_date, 'YYYY-MM-DD'), 'status', o.status))
                  from examinations o
                 where o.dossier_number = e.dossier_number and o.id <> e.id and o.exam_date is not null), '[]') as others,
      (select to_char(a.submitted_at at time zone 'Europe/Stockholm', 'YYYY-MM-DD')
         from application_items i join applications a on a.id = i.application_id
        where i.examination_id = e.id and a.submitted_at is not null
        order by a.submitted_at limit 1) as application_received
      from examinations e
      join persons p on p.dossier_number = e.dossier_number
     where e.status in ${sql(OPEN_STATUSES)} and e.exam_date is not null
       and ${page?.after == null ? sql`true` : sql`e.id > ${page.after}`}
     order by e.id ${page ? sql`limit ${page.limit}` : sql``}`;
}

/** The rule case of one row of `openExaminations`. */
export function examCase(row: Record<string, unknown>, person: PersonRecord, today: string): RuleCase {
  const others = (row.others as { examDate: string; status: string }[])
    .map((o) => ({ examDate: o.examDate, status: previousExamStatus(o.status) }));
  return {
    person, examDate: String(row.exam_date), reportingRegion: String(row.region_org_number), previousExams: others, today,
    // a submitted application reached Migrationsverket on its submission day
    ...(row.application_received ? { applicationReceived: String(row.application_received) } : {}),
  };
}

/**
 * What differs between two outcomes, as change kinds. An eligibility change hides reason and
 * amount changes, which follow from it.
 */
export function differences(a: Outcome, b: Outcome): ChangeKind[] {
  const kinds: ChangeKind[] = [];
  if (a.coveredFrom !== b.coveredFrom) kinds.push('coveredFrom');
  if (a.eligible !== b.eligible) kinds.push(b.eligible ? 'becameEligible' : 'becameIneligible');
  else if (JSON.stringify(a.reasons) !== JSON.stringify(b.reasons)) kinds.push('reasons');
  else if (a.amountSek !== b.amountSek) kinds.push('amountSek');
  return kinds;
}

/** The part of an assessment a simulation compares. */
export function outcomeOf(r: RuleResult): Outcome {
  return { coveredFrom: r.coveredFrom, eligible: r.eligible, reasons: r.reasons.map((x) => x.code), amountSek: r.amountSek, ruleSet: r.ruleSet };
}

/** Current sets with the candidate in place of the set with the same id. */
export function withCandidate(current: RuleSet[], candidate: RuleSet): RuleSet[] {
  return [...current.filter((s) => s.id !== candidate.id), candidate];
}

export async function simulate(opts: {
  candidateDir: string;
  source: SimulationSource;
  examDate?: string;
  today?: string;
  currentSets?: RuleSet[];
}): Promise<SimulationReport> {
  const current = opts.currentSets ?? loadRuleSets();
  const candidate = loadRuleSetDir(opts.candidateDir);
  const next = withCandidate(current, candidate);
  const today = opts.today ?? swedishToday();
  const report: SimulationReport = {
    candidate: candidate.label,
    current: current.map((s) => s.label),
    today,
    examDate: opts.examDate ?? null,
    source: 'feedFile' in opts.source ? opts.source.feedFile : 'database',
    counts: { persons: 0, examinations: 0, skipped: 0, changed: 0, byKind: {} },
    skipped: [],
    changes: [],
  };
  const record = (change: Change) => {
    if (change.changes.length === 0) return;
    report.counts.changed++;
    for (const k of change.changes) report.counts.byKind[k] = (report.counts.byKind[k] ?? 0) + 1;
    report.changes.push(change);
  };
  const skip = (entry: SimulationReport['skipped'][number]) => {
    report.counts.skipped++;
    if (report.skipped.length < 1000) report.skipped.push(entry);
  };

  const comparePerson = async (person: PersonRecord) => {
    report.counts.persons++;
    const [a, b] = await Promise.all([
      coverageDate(person, { sets: current, today }),
      coverageDate(person, { sets: next, today }),
    ]);
    record({ kind: 'person', dossierNumber: person.dossierNumber, changes: differences(a, b), old: a, new: b });
    if (opts.examDate) {
      await compareExam({ person, examDate: opts.examDate, reportingRegion: person.regionOrgNumber, today });
    }
  };
  const compareExam = async (c: RuleCase, examinationId?: string) => {
    report.counts.examinations++;
    const [a, b] = await Promise.all([evaluate(c, { sets: current }), evaluate(c, { sets: next })]);
    const [oa, ob] = [outcomeOf(a), outcomeOf(b)];
    record({
      kind: 'examination',
      dossierNumber: c.person.dossierNumber,
      ...(examinationId ? { examinationId } : {}),
      examDate: c.examDate as string,
      changes: differences(oa, ob),
      old: oa,
      new: ob,
    });
  };

  if ('feedFile' in opts.source) {
    const lines = createInterface({ input: createReadStream(opts.source.feedFile, 'utf8'), crlfDelay: Infinity });
    let n = 0;
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      let parsed;
      try {
        parsed = personRecordSchema.safeParse(JSON.parse(line));
      } catch {
        skip({ line: n, reason: 'raden är inte giltig JSON' });
        continue;
      }
      if (!parsed.success) {
        skip({ line: n, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
        continue;
      }
      await comparePerson(parsed.data);
    }
  } else {
    const sql = opts.source.sql;
    await sql`select dossier_number, record from persons order by dossier_number`.cursor(500, async (rows) => {
      for (const row of rows) {
        const parsed = personRecordSchema.safeParse(row.record);
        if (parsed.success) await comparePerson(parsed.data);
        else skip({ dossierNumber: String(row.dossier_number), reason: 'posten i persons.record är ogiltig' });
      }
    });
    await openExaminations(sql).cursor(500, async (rows) => {
      for (const row of rows) {
        const parsed = personRecordSchema.safeParse(row.record);
        if (!parsed.success) {
          skip({ dossierNumber: String(row.dossier_number), reason: 'posten i persons.record är ogiltig' });
          continue;
        }
        const c = examCase(row, parsed.data, today);
        await compareExam(c, String(row.id));
      }
    });
  }
  return report;
}
