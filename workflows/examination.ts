/**
 * One registered examination of one person (SPEC §5): Kallad → Rapporterad → Ansökningsbar →
 * I ansökan → Inskickad → Beviljad/Avslagen → Utbetald, or Borttagen / Förfallen.
 * User actions are updates (validated, answered after the projection is written); the application
 * workflow tells it about inclusion, submission, decision and payout by signal.
 */
import {
  ActivityFailure, ApplicationFailure, condition, patched, proxyLocalActivities, setHandler, workflowInfo,
  upsertSearchAttributes, allHandlersFinished,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { inTurnLock } from './in-turn.js';
import { addDays, applicationWindow, firstDayOfNextQuarter, formatQuarter, isIsoDate, quarterOf } from '../domain/quarters.js';
import { msUntilDayAfter, msUntilStockholmDate, stockholmDate } from '../domain/stockholm-time.js';
import { statesAfterReport } from '../domain/exam-states.js';
import {
  applicationEventSignal, deleteUpdate, examQuery, inviteUpdate, QuarterKey, REFUSAL, RegionKey, reportUpdate, StateKey,
  type ApplicationEvent, type ExaminationInput, type ExamState, type ExamView, type Reason,
} from '../contract/index.js';

// Short database and rules work runs as local activities: no extra round trips through the
// server, so a registration answers quickly; the results are still recorded in the history.
// Retries are bounded: a registration that cannot be stored is refused with a reason, never left
// hanging; errors that will not go away (a violated constraint, text PostgreSQL cannot store) are
// non-retryable in the activity itself.
const { reportExamination, projectExamination, deleteExaminationRow } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 4 },
});

/** An invitation with no report ends after this many days (README: "Livscykler"). */
export const INVITATION_DAYS = 365;

function refuse(code: string, message: string): never {
  throw ApplicationFailure.create({ type: REFUSAL, message, nonRetryable: true, details: [[{ code, message } satisfies Reason]] });
}

const NOT_STORED = 'Registreringen kunde inte sparas just nu. Försök igen om en stund.';
/** An activity that failed for good becomes a refusal the user can read. */
function refuseFailed(err: unknown): never {
  const cause = err instanceof ActivityFailure ? err.cause : undefined;
  if (cause instanceof ApplicationFailure && cause.nonRetryable && cause.type === REFUSAL) {
    const [reason] = (cause.details?.[0] as Reason[] | undefined) ?? [];
    refuse(reason?.code ?? 'NOT_STORED', cause.message);
  }
  if (err instanceof ActivityFailure) refuse('NOT_STORED', NOT_STORED);
  throw err;
}
const validDate = (value: string, what: string) => {
  if (!isIsoDate(value)) refuse('INVALID_DATE', `Ange ${what} som ett datum som finns, ÅÅÅÅ-MM-DD.`);
};

export async function examinationWorkflow(input: ExaminationInput): Promise<ExamView> {
  const view: ExamView = {
    state: 'Ny', dossierNumber: input.dossierNumber, regionOrgNumber: input.regionOrgNumber,
    invitedDate: input.invitedDate ?? null, examDate: null, quarter: null, applicationDeadline: null, applicationWorkflowId: null, history: [],
  };
  const { workflowId, runId } = workflowInfo();
  let abandoned = false;
  let reporting = false;
  // Applications this exam was removed from before it heard it had been included (the two news
  // travel separately): a late "included" from one of them is stale.
  // Applications whose removal of this exam overtook their inclusion, with the removal's place in
  // the application's order (older histories carry none: then no inclusion overrides it).
  const removedFrom = new Map<string, number>();
  const today = () => stockholmDate(Date.now());

  // The service starts the workflow with the search attributes its first action is expected to
  // give it, so a registration needs no separate upsert; any other outcome is published here.
  const started = workflowInfo().typedSearchAttributes;
  let published = `${started.get(StateKey) ?? 'Ny'}|${started.get(QuarterKey) ?? null}`;
  /** Search attributes once per change of the visible state, not once per step. */
  const publish = () => {
    const key = `${view.state}|${view.quarter}`;
    if (key === published) return;
    const hadQuarter = !published.endsWith('|null');
    published = key;
    upsertSearchAttributes([{ key: StateKey, value: view.state }, ...(view.quarter || hadQuarter ? [{ key: QuarterKey, value: view.quarter }] : [])]);
  };
  const move = (to: ExamState, actor: string, cause: string) => {
    view.history.push({ at: new Date(Date.now()).toISOString(), from: view.state === 'Ny' ? null : view.state, to, actor, cause });
    view.state = to;
  };
  const project = (actor: string, cause: string) => {
    publish();
    return projectExamination({ workflowId, runId, dossierNumber: view.dossierNumber, regionOrgNumber: view.regionOrgNumber,
      status: view.state, examDate: view.examDate, invitedDate: view.invitedDate, quarter: view.quarter,
      applicationDeadline: view.applicationDeadline, actor, cause });
  };

  setHandler(examQuery, () => view);

  // The user actions (invite, report, delete) and the timers' transitions change the state and
  // write the projection one at a time, in the order they come: two in flight at once could land
  // their projections in the wrong order (an invitation's "Kallad" after a report's
  // "Ansökningsbar"). Each re-checks its precondition when its turn comes.
  const exclusive = inTurnLock();
  const inTurn = <T>(fn: () => Promise<T>): Promise<T> => (patched('exam-actions-in-turn') ? exclusive(fn) : fn());

  setHandler(inviteUpdate, ({ invitedDate, actor }) => inTurn(async () => {
    if (view.state !== 'Ny' && view.state !== 'Kallad') refuse('ALREADY_EXAMINED', 'Hälsoundersökningen är redan rapporterad; kallelsedatum kan inte ändras.');
    view.invitedDate = invitedDate;
    if (view.state === 'Ny') move('Kallad', actor.hsaId, 'Kallelse registrerad');
    await project(actor.hsaId, 'Kallelse registrerad');
    return view;
  }), {
    validator: ({ invitedDate }) => {
      validDate(invitedDate, 'datum för kallelsen');
      if (reporting) refuse('REPORT_IN_PROGRESS', 'En rapport för personen behandlas just nu. Försök igen om en stund.');
      if (view.state !== 'Ny' && view.state !== 'Kallad') refuse('ALREADY_EXAMINED', 'Hälsoundersökningen är redan rapporterad; kallelsedatum kan inte ändras.');
    },
  });

  setHandler(reportUpdate, ({ examDate, actor, asOf }) => inTurn(async () => {
    if (reporting) refuse('ALREADY_EXAMINED', 'En rapport för personen behandlas redan.');
    if (view.state !== 'Ny' && view.state !== 'Kallad') refuse('ALREADY_EXAMINED', 'En hälsoundersökning är redan rapporterad för personen (endast en per person ersätts).');
    reporting = true;
    // The state the exam will have if the rules accept it; evaluation and projection are one
    // local activity, so a registration costs one round of work.
    const window = applicationWindow(examDate);
    const states = statesAfterReport(examDate, today());
    const quarter = formatQuarter(quarterOf(examDate)); // the exam's quarter, which its application is for
    // The region that reports the exam owns it (an invitation by another region is taken over).
    let evaluation: Awaited<ReturnType<typeof reportExamination>>;
    try {
      evaluation = await reportExamination({
        evaluation: { purpose: 'report', workflowId, runId, dossierNumber: view.dossierNumber, reportingRegion: actor.orgNumber, examDate, today: asOf ?? today() },
        projection: { workflowId, runId, dossierNumber: view.dossierNumber, regionOrgNumber: actor.orgNumber, status: states.at(-1)!,
          examDate, invitedDate: view.invitedDate, quarter, applicationDeadline: window.deadline, actor: actor.hsaId, cause: 'Hälsoundersökning rapporterad' },
      });
    } catch (err) {
      if (view.state === 'Ny') abandoned = true;
      refuseFailed(err);
    } finally {
      reporting = false;
    }
    if (!evaluation.eligible) {
      if (view.state === 'Ny') abandoned = true;
      throw ApplicationFailure.create({ type: REFUSAL, nonRetryable: true, message: evaluation.reasons.map((r: Reason) => r.message).join(' '), details: [evaluation.reasons] });
    }
    if (view.regionOrgNumber !== actor.orgNumber) {
      view.regionOrgNumber = actor.orgNumber;
      upsertSearchAttributes([{ key: RegionKey, value: actor.orgNumber }]);
    }
    view.examDate = examDate;
    view.quarter = quarter;
    view.applicationDeadline = window.deadline;
    move('Rapporterad', actor.hsaId, 'Hälsoundersökning rapporterad');
    if (states.includes('Ansökningsbar')) move('Ansökningsbar', 'system', 'Kvartalet har avslutats');
    if (states.includes('Förfallen')) move('Förfallen', 'system', 'Sista dag för ansökan har passerat');
    publish();
    return view;
  }), {
    validator: ({ examDate, asOf }) => {
      validDate(examDate, 'datum för hälsoundersökningen');
      if (asOf !== undefined) validDate(asOf, 'rapportdatum');
      if (view.state !== 'Ny' && view.state !== 'Kallad') refuse('ALREADY_EXAMINED', 'En hälsoundersökning är redan rapporterad för personen (endast en per person ersätts).');
    },
  });

  setHandler(deleteUpdate, ({ actor }) => inTurn(async () => {
    if (view.state === 'I ansökan') refuse('IN_APPLICATION', 'Undersökningen ingår i ett utkast till ansökan. Ta först bort den från ansökan.');
    if (!['Ny', 'Kallad', 'Rapporterad', 'Ansökningsbar'].includes(view.state)) refuse('NOT_DELETABLE', `Registreringen kan inte tas bort när den har status ${view.state}.`);
    if (view.state !== 'Ny' && patched('deletion-claims-the-row')) {
      // The database row decides, in one statement, between this deletion and an application
      // taking the exam in (activities includeExams): the exam may have been included already.
      let deleted: boolean;
      try {
        deleted = await deleteExaminationRow({ runId, actor: actor.hsaId, cause: 'Registreringen borttagen av regionen' });
      } catch (err) {
        refuseFailed(err);
      }
      if (!deleted) refuse('IN_APPLICATION', 'Undersökningen ingår i ett utkast till ansökan. Ta först bort den från ansökan.');
      move('Borttagen', actor.hsaId, 'Registreringen borttagen av regionen');
      publish();
      return view;
    }
    move('Borttagen', actor.hsaId, 'Registreringen borttagen av regionen');
    await project(actor.hsaId, 'Registreringen borttagen av regionen');
    return view;
  }), {
    validator: (_input) => {
      if (reporting) refuse('REPORT_IN_PROGRESS', 'En rapport för personen behandlas just nu. Försök igen om en stund.');
      if (view.state === 'I ansökan') refuse('IN_APPLICATION', 'Undersökningen ingår i ett utkast till ansökan. Ta först bort den från ansökan.');
      if (!['Ny', 'Kallad', 'Rapporterad', 'Ansökningsbar'].includes(view.state)) refuse('NOT_DELETABLE', `Registreringen kan inte tas bort när den har status ${view.state}.`);
    },
  });

  setHandler(applicationEventSignal, (e) => {
    handleApplicationEvent(e);
    publish();
  });
  function handleApplicationEvent(e: ApplicationEvent) {
    // Events arrive in order per application, but a later one may overtake the exam's own view
    // (e.g. submitted while the exam still waits for "included"): step through to catch up.
    const inApplication = ['Ansökningsbar', 'I ansökan'].includes(view.state);
    switch (e.kind) {
      case 'included':
        // Applications that include through the exam's own update send no such signal.
        if (view.state === 'Ansökningsbar' && (e.seq ?? 0) >= (removedFrom.get(e.applicationWorkflowId) ?? 0)) {
          view.applicationWorkflowId = e.applicationWorkflowId;
          move('I ansökan', e.actor, 'Ingår i ansökan');
        }
        break;
      case 'removed':
        if (view.state === 'I ansökan') { view.applicationWorkflowId = null; move('Ansökningsbar', e.actor, 'Borttagen ur ansökan'); }
        else if (view.state === 'Ansökningsbar') removedFrom.set(e.applicationWorkflowId, e.seq ?? Number.MAX_SAFE_INTEGER);
        break;
      case 'submitted':
        // Only the application's items hear it: whatever was removed before, the exam is in.
        if (view.state === 'Ansökningsbar') handleApplicationEvent({ ...e, kind: 'included', seq: Number.MAX_SAFE_INTEGER });
        if (view.state === 'I ansökan') move('Inskickad', e.actor, 'Ansökan inskickad');
        break;
      case 'decided':
        if (inApplication) handleApplicationEvent({ kind: 'submitted', applicationWorkflowId: e.applicationWorkflowId, actor: e.actor });
        if (view.state === 'Inskickad') move(e.outcome, e.actor, e.reason ? `Beslut: ${e.reason}` : 'Beslut');
        break;
      case 'paid':
        if (view.state === 'Beviljad') move('Utbetald', 'system', `Utbetalt ${e.payoutDate}`);
        break;
      case 'lapsed':
        if ((view.state === 'I ansökan' || view.state === 'Inskickad') && view.applicationWorkflowId === e.applicationWorkflowId) {
          move('Förfallen', e.actor, 'Ansökan skickades inte in före sista dag för ansökan');
        }
        break;
    }
  }

  // Registered (invited or reported), or the first report was refused and nothing exists.
  await condition(() => view.state !== 'Ny' || abandoned);
  if (view.state === 'Ny') {
    publish(); // a refused first report: the attributes given at start no longer hold
    await condition(allHandlersFinished);
    return view;
  }

  const ended = () => ['Borttagen', 'Förfallen', 'Avslagen', 'Utbetald'].includes(view.state);
  // Invited only: wait for the report or the deletion; an invitation never followed by a report
  // ends after INVITATION_DAYS (its date is kept and carried into a later registration).
  if (view.state === 'Kallad' && patched('invitation-expires')) {
    while (view.state === 'Kallad') {
      const invited = view.invitedDate!;
      const changed = await condition(() => view.state !== 'Kallad' || view.invitedDate !== invited,
        Math.max(1000, msUntilDayAfter(Date.now(), addDays(invited, INVITATION_DAYS))));
      if (!changed) {
        await inTurn(async () => {
          if (view.state !== 'Kallad' || view.invitedDate !== invited) return;
          move('Förfallen', 'system', `Ingen hälsoundersökning rapporterad inom ${INVITATION_DAYS} dagar från kallelsen`);
          await project('system', 'Kallelsen har upphört');
        });
      }
    }
  } else {
    await condition(() => view.state !== 'Kallad');
  }

  if (view.state === 'Rapporterad') {
    const opens = firstDayOfNextQuarter(view.examDate!);
    const closed = await condition(() => view.state !== 'Rapporterad', Math.max(1000, msUntilStockholmDate(Date.now(), opens)));
    if (!closed) {
      await inTurn(async () => {
        if (view.state !== 'Rapporterad') return;
        move('Ansökningsbar', 'system', 'Kvartalet har avslutats');
        await project('system', 'Kvartalet har avslutats');
      });
    }
  }
  // Until the deadline has passed, wait for submission (or an end); then an unsubmitted exam lapses.
  if (['Ansökningsbar', 'I ansökan'].includes(view.state)) {
    const moved = await condition(() => !['Ansökningsbar', 'I ansökan'].includes(view.state), Math.max(1000, msUntilDayAfter(Date.now(), view.applicationDeadline!)));
    if (!moved && view.state === 'I ansökan' && patched('exam-in-application-waits-for-it')) {
      // The draft application holds the exam: it decides (submitted, or lapsed at its deadline).
      await condition(() => view.state !== 'I ansökan');
      if ((view.state as ExamState) === 'Ansökningsbar') {
        await inTurn(async () => {
          if ((view.state as ExamState) !== 'Ansökningsbar') return;
          move('Förfallen', 'system', 'Sista dag för ansökan har passerat');
          await project('system', 'Sista dag för ansökan har passerat');
        });
      }
    } else if (!moved) {
      await inTurn(async () => {
        if (!['Ansökningsbar', 'I ansökan'].includes(view.state)) return;
        move('Förfallen', 'system', 'Sista dag för ansökan har passerat');
        await project('system', 'Sista dag för ansökan har passerat');
      });
    }
  }
  await condition(ended);
  await condition(allHandlersFinished);
  return view;
}
