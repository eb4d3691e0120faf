/**
 * The examination workflow's contract: its input, the view its updates and query answer, the
 * signal the application workflow sends it, and its workflow id. Clients start it by type name,
 * so nothing outside workflows/ loads workflow code.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor, Transition } from './common.js';

export const EXAM_STATES = ['Ny', 'Kallad', 'Rapporterad', 'Ansökningsbar', 'I ansökan', 'Inskickad', 'Beviljad', 'Avslagen', 'Utbetald', 'Borttagen', 'Förfallen'] as const;
export type ExamState = (typeof EXAM_STATES)[number];

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

export type ExaminationInput = {
  dossierNumber: string;
  regionOrgNumber: string;
  /** the invitation recorded by an earlier, ended registration of the person by the same region */
  invitedDate?: string | null;
};

/** Must stay the name of the workflow function in workflows/examination.ts (test/layering.test.ts checks). */
export const EXAMINATION_WORKFLOW = 'examinationWorkflow';
export type ExaminationWorkflow = (input: ExaminationInput) => Promise<ExamView>;

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

export function examinationWorkflowId(dossierNumber: string) {
  return `examination-${dossierNumber}`;
}
