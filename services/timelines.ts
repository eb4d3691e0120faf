/**
 * The transitions an application's or examination's workflow reports (its query), for the case
 * officers' live timelines. Throws when the workflow cannot answer (Temporal away, no worker, the
 * workflow gone): the caller sets the deadline and shows the timeline as unavailable.
 */
import type { Client } from '@temporalio/client';
import { applicationQuery, examQuery, type Transition } from '../contract/index.js';

export type WorkflowHistory = { state: string; history: Transition[] };

export async function applicationHistory(client: Client, workflowId: string): Promise<WorkflowHistory> {
  const view = await client.workflow.getHandle(workflowId).query(applicationQuery);
  return { state: view.state, history: view.history };
}

export async function examinationHistory(client: Client, workflowId: string, runId: string): Promise<WorkflowHistory> {
  const view = await client.workflow.getHandle(workflowId, runId).query(examQuery);
  return { state: view.state, history: view.history };
}
