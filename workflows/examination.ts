/**
 * One registered examination of one person (SPEC §5): Kallad → Rapporterad → Ansökningsbar →
 * I ansökan → Inskickad → Beviljad/Avslagen → Utbetald, or Borttagen / Förfallen.
 * User actions are updates (validated, answered after the projection is written); the application
 * workflow tells it about inclusion, submission, decision and payout by signal.
 */
import {
  ApplicationFailure, condition, proxyActivities, setHandler, workflowInfo,
  upsertSearchAttributes, allHandlersFinished,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { applicationWindow, firstDayOfNextQuarter, formatQuarter, quarterOf } from '../domain/quarters.js';
import { msUntilDayAfter, msUntilStockholmDate, stockholmDate } from '../domain/stockholm-time.js';
import {
  applicationEventSignal, deleteUpdate, examQuery, inviteUpdate, QuarterKey, REFUSAL, RegionKey, reportUpdate, StateKey,
  type ExamState, type ExamView, type Reason,
} from './messages.js';

const { evaluateExamination, projectExamination } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

export type ExaminationInput = { dossierNumber: string; regionOrgNumber: string };

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
function refuse(code: string, message: string): never {
  throw ApplicationFailure.create({ type: REFUSAL, message, nonRetryable: true, details: [[{ code, message } satisfies Reason]] });
}

export async function examinationWorkflow(input: ExaminationInput): Promise<ExamView> {
  const view: ExamView = {
    state: 'Ny', dossierNumber: input.dossierNumber, regionOrgNumber: input.regionOrgNumber,
    invitedDate: null, examDate: null, quarter: null, applicationDeadline: null, applicationWorkflowId: null, history: [],
  };
  const { workflowId, runId } = workflowInfo();
  let abandoned = false;
  let reporting = false;
  const today = () => stockholmDate(Date.now());

  const move = (to: ExamState, actor: string, cause: string) => {
    view.history.push({ at: new Date(Date.now()).toISOString(), from: view.state === 'Ny' ? null : view.state, to, actor, cause });
    view.state = to;
    upsertSearchAttributes([{ key: StateKey, value: to }, { key: RegionKey, value: view.regionOrgNumber },
      ...(view.quarter ? [{ key: QuarterKey, value: view.quarter }] : [])]);
  };
  const project = (actor: string, cause: string) =>
    projectExamination({ workflowId, runId, dossierNumber: view.dossierNumber, regionOrgNumber: view.regionOrgNumber,
      status: view.state, examDate: view.examDate, invitedDate: view.invitedDate, quarter: view.quarter,
      applicationDeadline: view.applicationDeadline, actor, cause });

  setHandler(examQuery, () => view);

  setHandler(inviteUpdate, async ({ invitedDate, actor }) => {
    view.invitedDate = invitedDate;
    if (view.state === 'Ny') move('Kallad', actor.hsaId, 'Kallelse registrerad');
    await project(actor.hsaId, 'Kallelse registrerad');
    return view;
  }, {
    validator: ({ invitedDate }) => {
      if (!isoDate.test(invitedDate)) refuse('INVALID_DATE', 'Ange datum som ÅÅÅÅ-MM-DD.');
      if (view.state !== 'Ny' && view.state !== 'Kallad') refuse('ALREADY_EXAMINED', 'Hälsoundersökningen är redan rapporterad; kallelsedatum kan inte ändras.');
    },
  });

  setHandler(reportUpdate, async ({ examDate, actor, asOf }) => {
    if (reporting) refuse('ALREADY_EXAMINED', 'En rapport för personen behandlas redan.');
    reporting = true;
    const evaluation = await evaluateExamination({ purpose: 'report', workflowId, runId, dossierNumber: view.dossierNumber,
      reportingRegion: actor.orgNumber, examDate, today: asOf ?? today() });
    if (!evaluation.eligible) {
      reporting = false;
      if (view.state === 'Ny') abandoned = true;
      throw ApplicationFailure.create({ type: REFUSAL, nonRetryable: true, message: evaluation.reasons.map((r: Reason) => r.message).join(' '), details: [evaluation.reasons] });
    }
    reporting = false;
    const window = applicationWindow(examDate);
    view.examDate = examDate;
    view.quarter = formatQuarter(quarterOf(examDate)); // the exam's quarter, which its application is for
    view.applicationDeadline = evaluation.applicationDeadline ?? window.deadline;
    move('Rapporterad', actor.hsaId, 'Hälsoundersökning rapporterad');
    // A past quarter is already closed: the exam can be applied for at once (or is already too late).
    if (today() >= firstDayOfNextQuarter(examDate)) move('Ansökningsbar', 'system', 'Kvartalet har avslutats');
    if (today() > view.applicationDeadline!) move('Förfallen', 'system', 'Sista dag för ansökan har passerat');
    await project(actor.hsaId, 'Hälsoundersökning rapporterad');
    return view;
  }, {
    validator: ({ examDate }) => {
      if (!isoDate.test(examDate)) refuse('INVALID_DATE', 'Ange datum som ÅÅÅÅ-MM-DD.');
      if (view.state !== 'Ny' && view.state !== 'Kallad') refuse('ALREADY_EXAMINED', 'En hälsoundersökning är redan rapporterad för personen (endast en per person ersätts).');
    },
  });

  setHandler(deleteUpdate, async ({ actor }) => {
    move('Borttagen', actor.hsaId, 'Registreringen borttagen av regionen');
    await project(actor.hsaId, 'Registreringen borttagen av regionen');
    return view;
  }, {
    validator: (_input) => {
      if (view.state === 'I ansökan') refuse('IN_APPLICATION', 'Undersökningen ingår i ett utkast till ansökan. Ta först bort den från ansökan.');
      if (!['Ny', 'Kallad', 'Rapporterad', 'Ansökningsbar'].includes(view.state)) refuse('NOT_DELETABLE', `Registreringen kan inte tas bort när den har status ${view.state}.`);
    },
  });

  setHandler(applicationEventSignal, (e) => {
    // The application workflow has already written the projection for these steps.
    switch (e.kind) {
      case 'included':
        if (view.state === 'Ansökningsbar') { view.applicationWorkflowId = e.applicationWorkflowId; move('I ansökan', e.actor, 'Ingår i ansökan'); }
        break;
      case 'removed':
        if (view.state === 'I ansökan') { view.applicationWorkflowId = null; move('Ansökningsbar', e.actor, 'Borttagen ur ansökan'); }
        break;
      case 'submitted':
        if (view.state === 'I ansökan') move('Inskickad', e.actor, 'Ansökan inskickad');
        break;
      case 'decided':
        if (view.state === 'Inskickad') move(e.outcome, e.actor, e.reason ? `Beslut: ${e.reason}` : 'Beslut');
        break;
      case 'paid':
        if (view.state === 'Beviljad') move('Utbetald', 'system', `Utbetalt ${e.payoutDate}`);
        break;
    }
  });

  // Registered (invited or reported), or the first report was refused and nothing exists.
  await condition(() => view.state !== 'Ny' || abandoned);
  if (view.state === 'Ny') {
    await condition(allHandlersFinished);
    return view;
  }

  const ended = () => ['Borttagen', 'Förfallen', 'Avslagen', 'Utbetald'].includes(view.state);
  // Invited only: wait for the report or the deletion.
  await condition(() => view.state !== 'Kallad');

  if (view.state === 'Rapporterad') {
    const opens = firstDayOfNextQuarter(view.examDate!);
    const closed = await condition(() => view.state !== 'Rapporterad', Math.max(1000, msUntilStockholmDate(Date.now(), opens)));
    if (!closed) {
      move('Ansökningsbar', 'system', 'Kvartalet har avslutats');
      await project('system', 'Kvartalet har avslutats');
    }
  }
  // Until the deadline has passed, wait for submission (or an end); then an unsubmitted exam lapses.
  if (['Ansökningsbar', 'I ansökan'].includes(view.state)) {
    const moved = await condition(() => !['Ansökningsbar', 'I ansökan'].includes(view.state), Math.max(1000, msUntilDayAfter(Date.now(), view.applicationDeadline!)));
    if (!moved) {
      move('Förfallen', 'system', 'Sista dag för ansökan har passerat');
      await project('system', 'Sista dag för ansökan har passerat');
    }
  }
  await condition(ended);
  await condition(allHandlersFinished);
  return view;
}
