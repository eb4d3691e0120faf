/**
 * One application for state compensation per region and quarter (SPEC §5):
 * Skapas → Utkast → Inskickad → Under handläggning → Beslutad → Utbetald.
 * Creation gathers the quarter's Ansökningsbar exams in batches (progress is queryable); the
 * deadline is checked here on submission; payout follows by timer on the payout date.
 */
import {
  ActivityFailure, ApplicationFailure, condition, continueAsNew, patched, proxyActivities, setHandler, sleep, upsertSearchAttributes, workflowInfo,
  allHandlersFinished,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { inTurnLock } from './in-turn.js';
import { msUntilDayAfter, msUntilStockholmDate, stockholmDate } from '../domain/stockholm-time.js';
import {
  addItemsUpdate, applicationQuery, confirmDecisionUpdate, decideItemsUpdate, decideItemUpdate, QuarterKey, REFUSAL, RegionKey, removeItemUpdate, StateKey, submitUpdate,
  type ApplicationInput, type ApplicationState, type ApplicationView, type Reason,
} from '../contract/index.js';

// Long activities heartbeat: a killed worker's batch is retried within seconds, not minutes.
// Retries are bounded; an error that will never go away is non-retryable in the activity.
const acts = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 20 },
});
// What a user action runs while it holds the application: one attempt, so the lock is never held
// across retries. A failed attempt fails the action with a Swedish message; the user tries again
// (every activity here is idempotent).
const userActs = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  // A worker or server lost mid-action is noticed within seconds, and the user can try again.
  // (A 5 000-item submission sharing a busy worker may miss it: see the closing note.)
  heartbeatTimeout: '10 seconds',
  retry: { maximumAttempts: 1 },
});

/**
 * User actions one run takes before the review continues as a new run, well inside Temporal's
 * limits on updates and history per execution (a 5 000-item application is decided in one run
 * with bulk decisions; item-by-item decisions roll over).
 */
export const UPDATES_PER_RUN = 500;

function refuse(code: string, message: string): never {
  throw ApplicationFailure.create({ type: REFUSAL, message, nonRetryable: true, details: [[{ code, message } satisfies Reason]] });
}

/** Runs a user action's activity; a failure becomes a refusal the user can read. */
async function attempt<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const cause = err.cause;
    if (cause instanceof ApplicationFailure && cause.type === REFUSAL) {
      const [reason] = (cause.details?.[0] as Reason[] | undefined) ?? [];
      refuse(reason?.code ?? 'REFUSED', cause.message);
    }
    refuse('NOT_DONE', 'Åtgärden kunde inte genomföras just nu. Inget har ändrats. Försök igen om en stund.');
  }
}

export async function applicationWorkflow(input: ApplicationInput): Promise<ApplicationView> {
  const { workflowId } = workflowInfo();
  // A run that continues a long review starts from the state it carries: before any handler is
  // registered, since registering one runs the updates already waiting for it (its validator reads
  // the state).
  const view: ApplicationView = input.resume ? { ...input.resume.view } : {
    state: 'Skapas', applicationId: null, regionOrgNumber: input.regionOrgNumber, quarter: input.quarter, deadline: input.deadline,
    progress: { total: 0, done: 0 }, itemCount: 0, totalAmountSek: 0, payoutDate: null, history: [],
  };
  // Examination workflows hear about inclusion, submission, decision and payout in order, in the
  // background: the projection the user reads is already right when an update answers.
  let notifications: Promise<unknown> = Promise.resolve();
  const notify = (kind: 'included' | 'submitted' | 'decided' | 'paid', actor: string, only: { examinationIds?: number[]; seq?: number } = {}) => {
    notifications = notifications.then(() =>
      acts.notifyExams({ applicationId: view.applicationId!, workflowId, kind, actor, ...(view.payoutDate ? { payoutDate: view.payoutDate } : {}), ...only }));
  };
  /** The next place in the order of this application's inclusions and removals. */
  const nextMembership = () => (view.membership = (view.membership ?? 0) + 1);
  const move = (to: ApplicationState, actor: string, cause: string) => {
    view.history.push({ at: new Date(Date.now()).toISOString(), from: view.history.length ? view.state : null, to, actor, cause });
    view.state = to;
    upsertSearchAttributes([{ key: StateKey, value: to }, { key: RegionKey, value: input.regionOrgNumber }, { key: QuarterKey, value: input.quarter }]);
  };
  const applyTotals = (t: { itemCount: number; totalAmountSek: number }) => {
    view.itemCount = t.itemCount;
    view.totalAmountSek = t.totalAmountSek;
  };
  // One user action at a time, in the order they arrive: each waits for the one before it (two
  // handlers woken by one condition could otherwise both take the application at once).
  const inTurn = inTurnLock();
  let handled = 0;
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    handled++;
    return inTurn(fn);
  };

  setHandler(applicationQuery, () => view);

  setHandler(removeItemUpdate, ({ examinationId, actor }) => exclusive(async () => {
    if (view.state !== 'Utkast') refuse('NOT_DRAFT', 'Ansökan är redan inskickad; inga undersökningar kan tas bort.');
    const seq = nextMembership();
    applyTotals(await attempt(() => userActs.removeApplicationItem({ applicationId: view.applicationId!, workflowId, examinationId, actor: actor.hsaId, seq })));
    return view;
  }), {
    validator: ({ actor }) => {
      if (view.state !== 'Utkast') refuse('NOT_DRAFT', 'Ansökan är redan inskickad; inga undersökningar kan tas bort.');
      if (actor.orgNumber !== input.regionOrgNumber) refuse('OTHER_REGION', 'Ansökan tillhör en annan region.');
    },
  });

  // A draft brought up to date: exams that became Ansökningsbar since it was made, or were
  // removed by mistake, are added (the rows decide, as at creation; only this region's quarter).
  setHandler(addItemsUpdate, ({ examinationIds, actor }) => exclusive(async () => {
    if (view.state !== 'Utkast') refuse('NOT_DRAFT', 'Ansökan är redan inskickad; inga undersökningar kan läggas till.');
    const applicable = await attempt(() => userActs.listApplicableExams({ regionOrgNumber: input.regionOrgNumber, quarter: input.quarter }));
    const wanted = examinationIds === 'all' ? applicable : applicable.filter((id) => examinationIds.includes(id));
    if (wanted.length === 0) return { ...view, added: 0 };
    const before = view.itemCount;
    const seq = nextMembership();
    applyTotals(await attempt(() => userActs.includeExams({ applicationId: view.applicationId!, workflowId, examinationIds: wanted, actor: actor.hsaId })));
    notify('included', actor.hsaId, { examinationIds: wanted, seq });
    return { ...view, added: view.itemCount - before };
  }), {
    validator: ({ examinationIds, actor }) => {
      if (actor.orgNumber !== input.regionOrgNumber) refuse('OTHER_REGION', 'Ansökan tillhör en annan region.');
      if (view.state !== 'Utkast') refuse('NOT_DRAFT', 'Ansökan är redan inskickad; inga undersökningar kan läggas till.');
      if (examinationIds !== 'all' && (!Array.isArray(examinationIds) || examinationIds.length === 0)) refuse('NONE_SELECTED', 'Välj minst en undersökning.');
    },
  });

  setHandler(submitUpdate, ({ actor }) => exclusive(async () => {
    if (view.state === 'Förfallen') refuse('APPLICATION_LATE', `Sista dag för ansökan var ${input.deadline}. Utkastet skickades inte in och har förfallit.`);
    if (view.state !== 'Utkast') return view; // the same submission, seen again
    if (stockholmDate(Date.now()) > input.deadline) {
      refuse('APPLICATION_LATE', `Sista dag för ansökan för kvartalet var ${input.deadline}. Ansökan kan inte skickas in.`);
    }
    const receivedDate = stockholmDate(Date.now());
    const result = await attempt(() => userActs.submitApplication({ applicationId: view.applicationId!, workflowId, actor: actor.hsaId, receivedDate }));
    applyTotals(result);
    move('Inskickad', actor.hsaId, `Ansökan inskickad (${result.itemCount} undersökningar)`);
    notify('submitted', actor.hsaId);
    const autoDecide = input.autoDecide === 'setting' ? result.autoDecideSetting : input.autoDecide;
    if (autoDecide && result.allEligible) {
      await decide('system', 'Automatiskt beslut');
    }
    return view;
  }), {
    validator: ({ actor }) => {
      if (actor.orgNumber !== input.regionOrgNumber) refuse('OTHER_REGION', 'Ansökan tillhör en annan region.');
      if (view.state === 'Förfallen') refuse('APPLICATION_LATE', `Sista dag för ansökan var ${input.deadline}. Utkastet skickades inte in och har förfallit.`);
      if (view.state === 'Skapas') refuse('NOT_READY', 'Ansökan skapas fortfarande. Vänta tills alla undersökningar har lagts till.');
      if (view.state === 'Utkast' && view.itemCount === 0) refuse('EMPTY', 'Ansökan innehåller inga undersökningar.');
    },
  });

  const underReview = () => {
    if (view.state !== 'Inskickad' && view.state !== 'Under handläggning') refuse('NOT_UNDER_REVIEW', 'Ansökan är inte under handläggning.');
  };
  setHandler(decideItemUpdate, (d) => exclusive(async () => {
    underReview(); // again: a decision queued behind the confirmation comes too late
    if (view.state === 'Inskickad') move('Under handläggning', d.actor.hsaId, 'Handläggning påbörjad');
    // The activity refuses a departure from the rules' proposal without a reason (both directions).
    await attempt(() => userActs.decideApplicationItem({ applicationId: view.applicationId!, examinationId: d.examinationId, outcome: d.outcome, reason: d.reason ?? null, actor: d.actor.hsaId }));
    return view;
  }), {
    validator: (d) => {
      underReview();
      if (d.outcome === 'Avslagen' && !d.reason?.trim()) refuse('REASON_REQUIRED', 'Ange skäl för avslaget.');
    },
  });

  setHandler(decideItemsUpdate, (d) => exclusive(async () => {
    underReview();
    if (view.state === 'Inskickad') move('Under handläggning', d.actor.hsaId, 'Handläggning påbörjad');
    const { changed } = await attempt(() => userActs.decideApplicationItems({
      applicationId: view.applicationId!, examinationIds: d.examinationIds, outcome: d.outcome, reason: d.reason?.trim() || null, actor: d.actor.hsaId,
      ...(d.onlyUndecided ? { onlyUndecided: true } : {}),
    }));
    return { ...view, changed };
  }), {
    validator: (d) => {
      underReview();
      if (d.examinationIds !== 'all' && (!Array.isArray(d.examinationIds) || d.examinationIds.length === 0)) refuse('NONE_SELECTED', 'Välj minst en undersökning.');
      if (d.outcome === 'Avslagen' && !d.reason?.trim()) refuse('REASON_REQUIRED', 'Ange skäl för avslaget.');
    },
  });

  async function decide(actor: string, officerName: string) {
    const decisionDate = stockholmDate(Date.now());
    const decision = await attempt(() => userActs.recordDecision({ applicationId: view.applicationId!, workflowId, actor, officerName, decisionDate }));
    applyTotals({ itemCount: view.itemCount, totalAmountSek: decision.totalAmountSek });
    view.payoutDate = decision.payoutDate;
    move('Beslutad', actor, `Beslut: ${decision.granted} beviljade, ${decision.rejected} avslagna`);
    notify('decided', actor);
  }

  setHandler(confirmDecisionUpdate, ({ actor, officerName }) => exclusive(async () => {
    if (view.state === 'Beslutad' || view.state === 'Utbetald') return view;
    if (view.state === 'Inskickad') move('Under handläggning', actor.hsaId, 'Handläggning påbörjad');
    await decide(actor.hsaId, officerName);
    return view;
  }), {
    validator: (_input) => {
      if (!['Inskickad', 'Under handläggning', 'Beslutad', 'Utbetald'].includes(view.state)) refuse('NOT_UNDER_REVIEW', 'Ansökan är inte inskickad.');
    },
  });

  if (!input.resume) {
    // Creation: the application row, then the quarter's exams in batches.
    const created = await acts.createApplicationRecord({ workflowId, regionOrgNumber: input.regionOrgNumber, quarter: input.quarter, deadline: input.deadline, createdBy: input.createdBy });
    view.applicationId = created.applicationId;
    move('Skapas', input.createdBy, 'Ansökan skapas');
    const candidates = await acts.listApplicableExams({ regionOrgNumber: input.regionOrgNumber, quarter: input.quarter });
    view.progress = { total: candidates.length, done: 0 };
    const size = input.batchSize ?? 250;
    for (let i = 0; i < candidates.length; i += size) {
      const batch = candidates.slice(i, i + size);
      const totals = await acts.includeExams({ applicationId: view.applicationId, workflowId, examinationIds: batch, actor: input.createdBy });
      applyTotals(totals);
      view.progress = { total: candidates.length, done: Math.min(candidates.length, i + size) };
    }
    await acts.setApplicationStatus({ applicationId: view.applicationId, status: 'Utkast' });
    move('Utkast', input.createdBy, `Utkast med ${view.itemCount} undersökningar`);
    // The database decided which exams are in (includeExams); their workflows hear it in the background.
    notify('included', input.createdBy, { seq: nextMembership() });

    // A draft not submitted by its deadline lapses: it ends, and its exams become Förfallen.
    if (patched('draft-lapses-at-deadline')) {
      const left = await condition(() => view.state !== 'Utkast', Math.max(1000, msUntilDayAfter(Date.now(), input.deadline)));
      if (!left) {
        // The state changes under the lock (a submission queued behind it is refused); the work
        // that may retry runs after the lock is released.
        const lapsed = await exclusive(async () => {
          if (view.state !== 'Utkast') return false;
          move('Förfallen', 'system', `Inte inskickad före sista dag för ansökan (${input.deadline})`);
          return true;
        });
        if (lapsed) {
          await acts.lapseApplication({ applicationId: view.applicationId!, workflowId, actor: 'system' });
          await condition(allHandlersFinished);
          return view;
        }
      }
    }
  }

  // A long review continues as a new run once it has taken many actions, between two actions.
  const rollOver = () => (handled >= (input.updatesPerRun ?? UPDATES_PER_RUN) || workflowInfo().continueAsNewSuggested)
    && (view.state === 'Inskickad' || view.state === 'Under handläggning') && allHandlersFinished();
  const decided = () => view.state === 'Beslutad';
  for (;;) {
    await condition(() => decided() || rollOver());
    if (decided()) break;
    // The exams' news is delivered first (an activity does not outlive its run); actions taken
    // meanwhile finish before the state is carried over, and a decision made meanwhile is paid here.
    await notifications;
    await condition(allHandlersFinished);
    if (decided()) break;
    await continueAsNew<typeof applicationWorkflow>({ ...input, resume: { view } });
  }
  await sleep(Math.max(1000, msUntilStockholmDate(Date.now(), view.payoutDate!)));
  await acts.recordPayout({ applicationId: view.applicationId!, workflowId, payoutDate: view.payoutDate! });
  move('Utbetald', 'system', `Utbetalning ${view.payoutDate}`);
  notify('paid', 'system');
  await notifications;
  await condition(allHandlersFinished);
  return view;
}
