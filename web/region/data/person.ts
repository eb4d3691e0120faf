/**
 * What the person's page reads: the feed record, the region's registrations of the person with
 * the live one's transitions (from its workflow), and why the coverage date is what it is (the
 * rule that set it, re-run with the rule set the stored date came from).
 */
import type { Client } from '@temporalio/client';
import type { Sql } from '../../../db/sql.js';
import type { PersonRecord } from '../../../domain/person.js';
import { examinationWorkflowId, type Transition } from '../../../contract/index.js';
import { evaluate, shippedRuleSets, type RuleSet } from '../../../rules/index.js';
import { loadAllRuleSets } from '../../../rules/store.js';
import { examinationHistory } from '../../../services/timelines.js';
import { withinQueryWait } from '../../deps.js';
import { log } from '../../../observability/log.js';

export type Registration = {
  runId: string;
  status: string;
  invitedDate: string | null;
  examDate: string | null;
  quarter: string | null;
  applicationDeadline: string | null;
  createdAt: Date;
  updatedAt: Date;
  cause: string | null;
};

export type HistoryEntry = Transition & { actorName: string };

export type PersonDetails = {
  record: PersonRecord;
  coveredFromRuleSet: string | null;
  /** Newest first. */
  registrations: Registration[];
  /** The newest registration's transitions; null when its workflow could not be asked. */
  history: HistoryEntry[] | null;
};

/** The fired coverage rule: how its event sets the date, and the rule's own description. */
export type CoverageReason = {
  /** `fact:<name>` or `param:<name>` of the rule's coveredFrom, or null when no rule fired. */
  source: string | null;
  description: string | null;
  ruleSet: string;
  /** The day the rule set took effect, and its version, for the reader. */
  ruleSetFrom: string | null;
  ruleSetVersion: string | null;
};

export async function personDetails(sql: Sql, regionOrgNumber: string, dossierNumber: string): Promise<PersonDetails | null> {
  const [person] = await sql`select record, covered_from_rule_set from persons
    where dossier_number = ${dossierNumber} and region_org_number = ${regionOrgNumber} and not protected_identity`;
  if (!person) return null;
  const rows = await sql`select run_id, status, to_char(invited_date, 'YYYY-MM-DD') as invited_date,
      to_char(exam_date, 'YYYY-MM-DD') as exam_date, quarter, to_char(application_deadline, 'YYYY-MM-DD') as application_deadline,
      created_at, updated_at, cause
    from examinations where dossier_number = ${dossierNumber} and region_org_number = ${regionOrgNumber}
    order by id desc limit 20`;
  return {
    record: person.record as PersonRecord,
    coveredFromRuleSet: (person.covered_from_rule_set as string | null) ?? null,
    registrations: rows.map((r) => ({
      runId: r.run_id as string, status: r.status as string, invitedDate: r.invited_date as string | null,
      examDate: r.exam_date as string | null, quarter: r.quarter as string | null,
      applicationDeadline: r.application_deadline as string | null, createdAt: r.created_at as Date,
      updatedAt: r.updated_at as Date, cause: r.cause as string | null,
    })),
    history: null,
  };
}

/** The transitions of a registration, with the names of the region's users who made them. */
export async function registrationHistory(sql: Sql, temporal: Client, dossierNumber: string, runId: string): Promise<HistoryEntry[] | null> {
  let history: Transition[];
  try {
    history = (await withinQueryWait(temporal, () => examinationHistory(temporal, examinationWorkflowId(dossierNumber), runId))).history;
  } catch (err) {
    log.warn({ err }, 'person page: the examination history is unavailable');
    return null;
  }
  const ids = [...new Set(history.map((h) => h.actor).filter((a) => a !== 'system'))];
  const rows = ids.length ? await sql`select hsa_id, given_name, family_name from users where hsa_id = any(${ids})` : [];
  const names = new Map(rows.map((r) => [r.hsa_id as string, `${r.given_name as string} ${r.family_name as string}`]));
  return history.map((h) => ({ ...h, actorName: h.actor === 'system' ? 'E-tjänsten (automatiskt)' : names.get(h.actor) ?? h.actor }));
}

async function ruleSets(sql: Sql): Promise<RuleSet[]> {
  try {
    return await loadAllRuleSets(sql);
  } catch (err) {
    log.warn({ err }, 'person page: published rule sets unreadable, using the shipped ones');
    return shippedRuleSets();
  }
}

type TraceRule = { name: string; result: boolean; event?: { type: string; params?: { coveredFrom?: { fact?: string; param?: string } } } };

/** Which coverage rule set the person's date, by the rule set the stored date was computed with. */
export async function coverageReason(sql: Sql, record: PersonRecord, ruleSetLabel: string | null): Promise<CoverageReason | null> {
  const sets = await ruleSets(sql);
  const own = sets.find((s) => s.label === ruleSetLabel);
  try {
    const result = await evaluate({ person: record }, { sets: own ? [own] : sets, explain: true });
    const trace = (result.explanation?.trace ?? []) as TraceRule[];
    const fired = trace.find((r) => r.event?.type === 'coverage' && r.result);
    const set = own ?? sets.find((s) => s.label === result.ruleSet);
    const description = fired && set
      ? (set.ruleFiles.flatMap((f) => f.rules as { name: string; description?: string }[]).find((r) => r.name === fired.name)?.description ?? null)
      : null;
    const target = fired?.event?.params?.coveredFrom;
    const source = target?.fact ? `fact:${target.fact}` : target?.param ? `param:${target.param}` : null;
    return { source, description, ruleSet: result.ruleSet, ruleSetFrom: set?.effectiveFrom ?? null, ruleSetVersion: set?.version ?? null };
  } catch (err) {
    log.warn({ err }, 'person page: coverage explanation failed');
    return null;
  }
}
