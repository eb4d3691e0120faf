/**
 * The application workflow's contract: its input, the view its updates and query answer, the
 * decisions it takes, and its workflow id (one application per region and quarter).
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, Transition } from './common.js';

/** `Förfallen`: a draft never submitted before its deadline (it ends, and so do its exams). */
export const APPLICATION_STATES = ['Skapas', 'Utkast', 'Inskickad', 'Under handläggning', 'Beslutad', 'Utbetald', 'Förfallen'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

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

export type ApplicationInput = {
  regionOrgNumber: string;
  quarter: string;
  /** last day the application may reach Migrationsverket (end of the quarter after the exams') */
  deadline: string;
  createdBy: string;
  /**
   * decide a clean application (every item passes the rules) without a case officer; `setting`:
   * as Migrationsverket's setting (Inställningar) says when the application is submitted
   */
  autoDecide?: boolean | 'setting';
  batchSize?: number;
  /** user actions per run before the review continues as a new one (default UPDATES_PER_RUN in the workflow) */
  updatesPerRun?: number;
  /** the state carried over when a long review continues as a new run */
  resume?: { view: ApplicationView };
};

/** Must stay the name of the workflow function in workflows/application.ts (test/layering.test.ts checks). */
export const APPLICATION_WORKFLOW = 'applicationWorkflow';
export type ApplicationWorkflow = (input: ApplicationInput) => Promise<ApplicationView>;

export type ItemDecision = { examinationId: number; outcome: 'Beviljad' | 'Avslagen'; reason?: string; actor: Actor };
/**
 * One decision for many items: `all` or the listed exams; `Förslag` takes the rules' proposal
 * ("Godkänn förslaget"), otherwise one outcome with one reason where the proposal is departed from.
 * `onlyUndecided`: items an officer has decided meanwhile keep their decision ("… för alla ej beslutade").
 */
export type BulkDecision = { examinationIds: number[] | 'all'; outcome: 'Förslag' | 'Beviljad' | 'Avslagen'; reason?: string; onlyUndecided?: boolean; actor: Actor };

export const removeItemUpdate = defineUpdate<ApplicationView, [{ examinationId: number; actor: Actor }]>('removeItem');
/** Brings a draft up to date: the quarter's Ansökningsbar exams (`all`, or the listed ones) are added. */
export const addItemsUpdate = defineUpdate<ApplicationView & { added: number }, [{ examinationIds: number[] | 'all'; actor: Actor }]>('addItems');
export const submitUpdate = defineUpdate<ApplicationView, [{ actor: Actor }]>('submit');
export const decideItemUpdate = defineUpdate<ApplicationView, [ItemDecision]>('decideItem');
export const decideItemsUpdate = defineUpdate<ApplicationView & { changed: number }, [BulkDecision]>('decideItems');
export const confirmDecisionUpdate = defineUpdate<ApplicationView, [{ actor: Actor; officerName: string }]>('confirmDecision');
export const applicationQuery = defineQuery<ApplicationView>('application');

export function applicationWorkflowId(regionOrgNumber: string, quarter: string) {
  return `application-${regionOrgNumber}-${quarter}`;
}
