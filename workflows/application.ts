/**
 * One application for state compensation per region and quarter (SPEC §5):
 * Skapas → Utkast → Inskickad → Under handläggning → Beslutad → Utbetald.
 * Creation gathers the quarter's Ansökningsbar exams in batches (progress is queryable); the
 * deadline is checked here on submission; payout follows by timer on the payout date.
 */
import {
  ApplicationFailure, condition, proxyActivities, setHandler, sleep, upsertSearchAttributes, workflowInfo, allHandlersFinished,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { msUntilStockholmDate, stockholmDate } from '../domain/stockholm-time.js';
import {
  applicationQuery, confirmDecisionUpdate, decideItemUpdate, QuarterKey, REFUSAL, RegionKey, removeItemUpdate, StateKey, submitUpdate,
  type ApplicationState, type ApplicationView, type Reason,
} from './messages.js';

// Long activities heartbeat: a killed worker's batch is retried within seconds, not minutes.
const acts = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

export type ApplicationInput = {
  regionOrgNumber: string;
  quarter: string;
  /** last day the application may reach Migrationsverket (end of the quarter after the exams') */
  deadline: string;
  createdBy: string;
  /** decide a clean application (every item passes the rules) without a case officer */
  autoDecide?: boolean;
  batchSize?: number;
};

function refuse(code: string, message: string): never {
  throw ApplicationFailure.create({ type: REFUSAL, message, nonRetryable: true, details: [[{ code, message } satisfies Reason]] });
}

export async function applicationWorkflow(input: ApplicationInput): Promise<ApplicationView> {
  const { workflowId } = workflowInfo();
  const view: ApplicationView = {
    state: 'Skapas', applicationId: null, regionOrgNumber: input.regionOrgNumber, quarter: input.quarter, deadline: input.deadline,
    progress: { total: 0, done: 0 }, itemCount: 0, totalAmountSek: 0, payoutDate: null, history: [],
  };
  let busy = false; // one user action at a time
  // Examination workflows hear about inclusion, submission, decision and payout in order, in the
  // background: the projection the user reads is already right when an update answers.
  let notifications: Promise<unknown> = Promise.resolve();
  const notify = (kind: 'included' | 'submitted' | 'decided' | 'paid', actor: string) => {
    notifications = notifications.then(() =>
      acts.notifyExams({ applicationId: view.applicationId!, workflowId, kind, actor, ...(view.payoutDate ? { payoutDate: view.payoutDate } : {}) }));
  };
  const move = (to: ApplicationState, actor: string, cause: string) => {
    view.history.push({ at: new Date(Date.now()).toISOString(), from: view.history.length ? view.state : null, to, actor, cause });
    view.state = to;
    upsertSearchAttributes([{ key: StateKey, value: to }, { key: RegionKey, value: input.regionOrgNumber }, { key: QuarterKey, value: input.quarter }]);
  };
  const applyTotals = (t: { itemCount: number; totalAmountSek: number }) => {
    view.itemCount = t.itemCount;
    view.totalAmountSek = t.totalAmountSek;
  };
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    await condition(() => !busy);
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
    }
  };

  setHandler(applicationQuery, () => view);

  setHandler(removeItemUpdate, ({ examinationId, actor }) => exclusive(async () => {
    if (view.state !== 'Utkast') refuse('NOT_DRAFT', 'Ansökan är redan inskickad; inga undersökningar kan tas bort.');
    applyTotals(await acts.removeApplicationItem({ applicationId: view.applicationId!, workflowId, examinationId, actor: actor.hsaId }));
    return view;
  }), {
    validator: ({ actor }) => {
      if (view.state !== 'Utkast') refuse('NOT_DRAFT', 'Ansökan är redan inskickad; inga undersökningar kan tas bort.');
      if (actor.orgNumber !== input.regionOrgNumber) refuse('OTHER_REGION', 'Ansökan tillhör en annan region.');
    },
  });

  setHandler(submitUpdate, ({ actor }) => exclusive(async () => {
    if (view.state !== 'Utkast') return view; // the same submission, seen again
    if (stockholmDate(Date.now()) > input.deadline) {
      refuse('APPLICATION_LATE', `Sista dag för ansökan för kvartalet var ${input.deadline}. Ansökan kan inte skickas in.`);
    }
    const receivedDate = stockholmDate(Date.now());
    const result = await acts.submitApplication({ applicationId: view.applicationId!, workflowId, actor: actor.hsaId, receivedDate });
    applyTotals(result);
    move('Inskickad', actor.hsaId, `Ansökan inskickad (${result.itemCount} undersökningar)`);
    notify('submitted', actor.hsaId);
    if (input.autoDecide && result.allEligible) {
      await decide('system', 'Automatiskt beslut');
    }
    return view;
  }), {
    validator: ({ actor }) => {
      if (actor.orgNumber !== input.regionOrgNumber) refuse('OTHER_REGION', 'Ansökan tillhör en annan region.');
      if (view.state === 'Skapas') refuse('NOT_READY', 'Ansökan skapas fortfarande. Vänta tills alla undersökningar har lagts till.');
      if (view.state === 'Utkast' && view.itemCount === 0) refuse('EMPTY', 'Ansökan innehåller inga undersökningar.');
    },
  });

  setHandler(decideItemUpdate, (d) => exclusive(async () => {
    if (view.state === 'Inskickad') move('Under handläggning', d.actor.hsaId, 'Handläggning påbörjad');
    await acts.decideApplicationItem({ applicationId: view.applicationId!, examinationId: d.examinationId, outcome: d.outcome, reason: d.reason ?? null, actor: d.actor.hsaId });
    return view;
  }), {
    validator: (d) => {
      if (view.state !== 'Inskickad' && view.state !== 'Under handläggning') refuse('NOT_UNDER_REVIEW', 'Ansökan är inte under handläggning.');
      if (d.outcome === 'Avslagen' && !d.reason?.trim()) refuse('REASON_REQUIRED', 'Ange skäl för avslaget.');
    },
  });

  async function decide(actor: string, officerName: string) {
    const decisionDate = stockholmDate(Date.now());
    const decision = await acts.recordDecision({ applicationId: view.applicationId!, workflowId, actor, officerName, decisionDate });
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
  notify('included', input.createdBy);

  await condition(() => view.state === 'Beslutad');
  await sleep(Math.max(1000, msUntilStockholmDate(Date.now(), view.payoutDate!)));
  await acts.recordPayout({ applicationId: view.applicationId, workflowId, payoutDate: view.payoutDate! });
  move('Utbetald', 'system', `Utbetalning ${view.payoutDate}`);
  notify('paid', 'system');
  await notifications;
  await condition(allHandlersFinished);
  return view;
}
