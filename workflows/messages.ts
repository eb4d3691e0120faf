/**
 * Signals, queries and updates of the examination and application workflows, and the types they
 * carry. Shared by workflows, activities, the service module and tests.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { applicationWindow, firstDayOfNextQuarter } from '../domain/quarters.js';

export const EXAM_STATES = ['Ny', 'Kallad', 'Rapporterad', 'Ansökningsbar', 'I ansökan', 'Inskickad', 'Beviljad', 'Avslagen', 'Utbetald', 'Borttagen', 'Förfallen'] as const;
export type ExamState = (typeof EXAM_STATES)[number];

/** `Förfallen`: a draft never submitted before its deadline (it ends, and so do its exams). */
export const APPLICATION_STATES = ['Skapas', 'Utkast', 'Inskickad', 'Under handläggning', 'Beslutad', 'Utbetald', 'Förfallen'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

/**
 * The states a report accepted on `today` moves an exam through: Rapporterad, then Ansökningsbar
 * when its quarter has already closed, then Förfallen when the application deadline has passed.
 */
export function statesAfterReport(examDate: string, today: string): ExamState[] {
  const states: ExamState[] = ['Rapporterad'];
  if (today >= firstDayOfNextQuarter(examDate)) states.push('Ansökningsbar');
  if (today > applicationWindow(examDate).deadline) states.push('Förfallen');
  return states;
}

/** One step in a lifecycle: when, who (HSA-id or "system"), why. */
export type Transition = { at: string; from: string | null; to: string; actor: string; cause: string };

export type Reason = { code: string; message: string };

export type ExamView = {
  state: ExamState;
  dossierNumber: string;
  regionOrgNumber: string;
  invitedDate: string | null;
  examDate: string | null;
  quarter: string | null;
  applicationDeadline: string | null;
  applicationWorkflowId: string | null;
  history: Transition[];
};

export type Actor = { hsaId: string; orgNumber: string };

export const inviteUpdate = defineUpdate<ExamView, [{ invitedDate: string; actor: Actor }]>('recordInvitation');
/** `asOf` is the date the report counts as made on: today, or the original date of a migrated registration. */
export const reportUpdate = defineUpdate<ExamView, [{ examDate: string; actor: Actor; asOf?: string }]>('report');
export const deleteUpdate = defineUpdate<ExamView, [{ actor: Actor }]>('delete');
export const examQuery = defineQuery<ExamView>('examination');

/** From the application workflow: the exam's place in the application changed. */
export type ApplicationEvent =
  /**
   * `seq` orders the inclusions and removals of one application (absent in older histories): a
   * removal that overtook an inclusion wins over it, an exam added back later is in again.
   */
  | { kind: 'included'; applicationWorkflowId: string; actor: string; seq?: number }
  | { kind: 'removed'; applicationWorkflowId: string; actor: string; seq?: number }
  | { kind: 'submitted'; applicationWorkflowId: string; actor: string }
  | { kind: 'decided'; applicationWorkflowId: string; actor: string; outcome: 'Beviljad' | 'Avslagen'; reason: string | null }
  | { kind: 'paid'; applicationWorkflowId: string; actor: string; payoutDate: string }
  /** the draft was never submitted and its deadline has passed */
  | { kind: 'lapsed'; applicationWorkflowId: string; actor: string };
export const applicationEventSignal = defineSignal<[ApplicationEvent]>('applicationEvent');

export type ApplicationView = {
  state: ApplicationState;
  applicationId: number | null;
  regionOrgNumber: string;
  quarter: string;
  deadline: string;
  progress: { total: number; done: number };
  itemCount: number;
  totalAmountSek: number;
  payoutDate: string | null;
  history: Transition[];
  /** the number of inclusions and removals so far (orders the exams' events) */
  membership?: number;
};

export type ItemDecision = { examinationId: number; outcome: 'Beviljad' | 'Avslagen'; reason?: string; actor: Actor };
/**
 * One decision for many items: `all` or the listed exams; `Förslag` takes the rules' proposal
 * ("Godkänn förslaget"), otherwise one outcome with one reason where the proposal is departed from.
 */
/** `onlyUndecided`: items an officer has decided meanwhile keep their decision ("… för alla ej beslutade"). */
export type BulkDecision = { examinationIds: number[] | 'all'; outcome: 'Förslag' | 'Beviljad' | 'Avslagen'; reason?: string; onlyUndecided?: boolean; actor: Actor };

export const removeItemUpdate = defineUpdate<ApplicationView, [{ examinationId: number; actor: Actor }]>('removeItem');
/** Brings a draft up to date: the quarter's Ansökningsbar exams (`all`, or the listed ones) are added. */
export const addItemsUpdate = defineUpdate<ApplicationView & { added: number }, [{ examinationIds: number[] | 'all'; actor: Actor }]>('addItems');
export const submitUpdate = defineUpdate<ApplicationView, [{ actor: Actor }]>('submit');
export const decideItemUpdate = defineUpdate<ApplicationView, [ItemDecision]>('decideItem');
export const decideItemsUpdate = defineUpdate<ApplicationView & { changed: number }, [BulkDecision]>('decideItems');
export const confirmDecisionUpdate = defineUpdate<ApplicationView, [{ actor: Actor; officerName: string }]>('confirmDecision');
export const applicationQuery = defineQuery<ApplicationView>('application');

export const RegionKey = defineSearchAttributeKey('Region', SearchAttributeType.KEYWORD);
export const QuarterKey = defineSearchAttributeKey('Quarter', SearchAttributeType.KEYWORD);
export const StateKey = defineSearchAttributeKey('State', SearchAttributeType.KEYWORD);

/** Business refusals travel as non-retryable ApplicationFailures of this type, details [Reason[]]. */
export const REFUSAL = 'MelkerRefusal';

export function examinationWorkflowId(dossierNumber: string) {
  return `examination-${dossierNumber}`;
}
export function applicationWorkflowId(regionOrgNumber: string, quarter: string) {
  return `application-${regionOrgNumber}-${quarter}`;
}
