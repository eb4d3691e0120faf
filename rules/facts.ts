/**
 * Facts: everything the rules may look at, derived from a case in one pass before the engine
 * runs. All are plain values (dates as ISO strings, never Date objects), all at the same priority,
 * so every condition is evaluated and the trace is complete. The case is only read, never kept.
 */
import { cachedApplicationWindow, requireEpochDay } from './dates.js';
import type { RuleCase } from './model.js';
import { COMPENSATED, isEndedUncompensated } from '../domain/exam-states.js';
import { stockholmDate } from '../domain/stockholm-time.js';

/**
 * How a stored examination's state counts for "one per person" (SFS 1996:1357 3 §): the live
 * ones as reported, the paid ones as compensated, the rest (deleted, lapsed, refused) as deleted.
 * The report activity and the simulation both build their cases with it.
 */
export function previousExamStatus(state: string): 'reported' | 'compensated' | 'deleted' {
  if ((COMPENSATED as readonly string[]).includes(state)) return 'compensated';
  if (isEndedUncompensated(state)) return 'deleted';
  return 'reported';
}

/**
 * Every fact a rule file may use, with whether it holds a date (date operators take only those).
 * The rule-file schema lists the same names; a test checks.
 */
const FACT_KINDS = {
  typeCode: 'value',
  protectedIdentity: 'value',
  detentionFacility: 'value',
  personRegion: 'value',
  reportingRegion: 'value',
  populationRegisteredFrom: 'date',
  latestAsylumApplication: 'date',
  currentDetentionStart: 'date',
  latestTemporaryProtectionApplication: 'date',
  firstTemporaryProtectionGranted: 'date',
  examDate: 'date',
  today: 'date',
  applicationReceived: 'date',
  applicationOpens: 'date',
  applicationDeadline: 'date',
  applicationQuarter: 'value',
  previousExamStatuses: 'value',
  coveredFrom: 'date',
} as const satisfies Record<string, 'date' | 'value'>;
export type FactName = keyof typeof FACT_KINDS;
export type Facts = Record<FactName, string | boolean | string[] | null>;
export const FACT_NAMES = Object.keys(FACT_KINDS) as FactName[];
export const DATE_FACT_NAMES: readonly FactName[] = FACT_NAMES.filter((f) => FACT_KINDS[f] === 'date');

/** Today's date in Sweden. */
export function swedishToday(now: Date = new Date()): string {
  return stockholmDate(now.getTime());
}

type PersonEvents = RuleCase['person']['events'];

/** The events in date order; the feed does not promise order, same-date events keep feed order. */
function chronological(events: PersonEvents): PersonEvents {
  let previous = -Infinity;
  let sorted = true;
  for (const e of events) {
    const day = requireEpochDay(e.date, `händelse ${e.type}`);
    if (day < previous) sorted = false;
    previous = day;
  }
  if (sorted) return events;
  return events
    .map((e, i) => ({ e, i, day: requireEpochDay(e.date, e.type) }))
    .sort((a, b) => a.day - b.day || a.i - b.i)
    .map((x) => x.e);
}

/** All facts for a case; `coveredFrom` starts as null and is set by the coverage rules. */
export function deriveFacts(c: RuleCase, quartersAfterExam: number, today: string): Facts {
  const person = c.person;
  let latestAsylumApplication: string | null = null;
  let currentDetentionStart: string | null = null;
  let latestTemporaryProtectionApplication: string | null = null;
  let firstTemporaryProtectionGranted: string | null = null;
  for (const e of chronological(person.events)) {
    switch (e.type) {
      case 'asylum-application':
        latestAsylumApplication = e.date;
        break;
      case 'detention-start':
        currentDetentionStart = e.date;
        break;
      case 'detention-end':
        currentDetentionStart = null;
        break;
      case 'temporary-protection-application':
        latestTemporaryProtectionApplication = e.date;
        break;
      case 'temporary-protection-granted':
        firstTemporaryProtectionGranted ??= e.date;
        break;
    }
  }
  requireEpochDay(today, 'today');
  const examDate = c.examDate ?? null;
  const window = examDate === null ? null : (requireEpochDay(examDate, 'examDate'), cachedApplicationWindow(examDate, quartersAfterExam));
  if (c.applicationReceived !== undefined) requireEpochDay(c.applicationReceived, 'applicationReceived');
  const previousExamStatuses: string[] = [];
  for (const e of c.previousExams ?? []) previousExamStatuses.push(e.status);
  return {
    typeCode: person.typeCode,
    protectedIdentity: person.protectedIdentity === true,
    detentionFacility: person.detentionFacility ?? null,
    personRegion: person.regionOrgNumber,
    reportingRegion: c.reportingRegion ?? null,
    populationRegisteredFrom: person.populationRegisteredFrom ?? null,
    latestAsylumApplication,
    currentDetentionStart,
    latestTemporaryProtectionApplication,
    firstTemporaryProtectionGranted,
    examDate,
    today,
    applicationReceived: c.applicationReceived ?? null,
    applicationOpens: window?.opens ?? null,
    applicationDeadline: window?.deadline ?? null,
    applicationQuarter: window?.quarter ?? null,
    previousExamStatuses,
    coveredFrom: null,
  };
}
