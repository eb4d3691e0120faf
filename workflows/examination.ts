import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

const { projectExamination } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export type ExaminationInput = {
  dossierNumber: string;
  regionOrgNumber: string;
  examDate: string;
  registeredBy: string;
};

/** One examination of one person (SPEC §5). */
export async function examinationWorkflow(input: ExaminationInput): Promise<{ state: string }> {
  await projectExamination({
    workflowId: workflowInfo().workflowId,
    dossierNumber: input.dossierNumber,
    regionOrgNumber: input.regionOrgNumber,
    status: 'Rapporterad',
    examDate: input.examDate,
    invitedDate: null,
    actor: input.registeredBy,
  });
  return { state: 'Rapporterad' };
}
