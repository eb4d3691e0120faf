/**
 * Examination states as the rules and the database both read them. One list decides which ended
 * examinations do not count as the person's one compensated examination (SFS 1996:1357 3 §): the
 * rules' "previous exams" (rules/facts.ts) and the unique index examinations_one_live_per_person
 * (db/migrations/0012) agree on it, and a test compares them.
 */
import { applicationWindow, firstDayOfNextQuarter } from './quarters.js';

export const ENDED_UNCOMPENSATED = ['Borttagen', 'Förfallen', 'Avslagen'] as const;
export const COMPENSATED = ['Beviljad', 'Utbetald'] as const;

export function isEndedUncompensated(state: string): boolean {
  return (ENDED_UNCOMPENSATED as readonly string[]).includes(state);
}

/** The states a report can move an exam through, in order. */
export type ReportedState = 'Rapporterad' | 'Ansökningsbar' | 'Förfallen';

/**
 * The states a report accepted on `today` moves an exam through: Rapporterad, then Ansökningsbar
 * when its quarter has already closed, then Förfallen when the application deadline has passed.
 */
export function statesAfterReport(examDate: string, today: string): ReportedState[] {
  const states: ReportedState[] = ['Rapporterad'];
  if (today >= firstDayOfNextQuarter(examDate)) states.push('Ansökningsbar');
  if (today > applicationWindow(examDate).deadline) states.push('Förfallen');
  return states;
}
