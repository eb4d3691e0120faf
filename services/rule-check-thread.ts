/**
 * Rule checks and tests beside the web tier's event loop (security audit, issue 14): a candidate
 * of a thousand conditions and a thousand cases takes seconds to test, and on the event loop it
 * held every other user's request for that long. Each run goes to a worker thread
 * (rule-check-thread.mjs, which runs rule-check-jobs.ts) with a time budget; over budget the
 * thread is stopped. At most MAX_RULE_CHECK_THREADS threads run per process, further runs wait
 * their turn in order. Starting a thread costs about 1–1.5 s (tsx, the JSON schemas), so an idle
 * thread is kept for the next run for a while; a thread that was stopped, crashed or failed a
 * run is never reused.
 */
import { Worker } from 'node:worker_threads';
import type { RuleCheckJob } from './rule-check-jobs.js';
import type { CheckReport, TestReport } from './rule-checks.js';

/** At most this many rule-check threads per process (each takes some 60–80 MB). */
export const MAX_RULE_CHECK_THREADS = 2;

/**
 * How long a check and a test may run in their thread (ms). MELKER_RULE_CHECK_BUDGET_MS, when
 * set to a whole number of milliseconds, replaces both (tests set a small one).
 */
export const RULE_CHECK_BUDGET_MS = { check: 5_000, test: 10_000 } as const;

/** How long an idle thread waits for the next run before it is stopped. */
const IDLE_MS = 60_000;
/** A thread that has not started in this time counts as crashed. */
const START_MS = 30_000;
/** The heap a thread may use; beyond it the thread is stopped (ERR_WORKER_OUT_OF_MEMORY). */
const HEAP_MB = 256;

const ENTRY = new URL('./rule-check-thread.mjs', import.meta.url);

/** The budget of a kind of run: the option, else MELKER_RULE_CHECK_BUDGET_MS, else the default. */
export function ruleCheckBudget(kind: keyof typeof RULE_CHECK_BUDGET_MS, budgetMs?: number): number {
  if (budgetMs !== undefined) return budgetMs;
  const env = process.env.MELKER_RULE_CHECK_BUDGET_MS;
  return env && /^[1-9]\d{0,6}$/.test(env) ? Number(env) : RULE_CHECK_BUDGET_MS[kind];
}

export type ThreadOutcome<R> = { ok: true; report: R } | { ok: false; reason: 'timeout' | 'crash'; detail: string };

type Thread = { worker: Worker; idleTimer?: NodeJS.Timeout | undefined };
const idle: Thread[] = [];
const waiting: (() => void)[] = [];
let running = 0;
let threads = 0;

/**
 * `threads` started and not yet exited, `running` runs that hold one of the slots, `idle` threads
 * waiting for a run, runs `queued` for a slot (for tests and metrics).
 */
export function ruleCheckThreads(): { threads: number; running: number; idle: number; queued: number } {
  return { threads, running, idle: idle.length, queued: waiting.length };
}

async function acquire(): Promise<void> {
  if (running < MAX_RULE_CHECK_THREADS) {
    running++;
    return;
  }
  // The slot is handed over by release(), so `running` stays as it is.
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

function forget(thread: Thread): void {
  const i = idle.indexOf(thread);
  if (i >= 0) idle.splice(i, 1);
  clearTimeout(thread.idleTimer);
}

const message = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** A new thread, once it has loaded the jobs. */
function start(): Promise<Thread> {
  return new Promise((resolve, reject) => {
    // Without the parent's execArgv: the entry registers tsx itself (under vitest, the tsx
    // command and `node --import tsx` alike).
    const worker = new Worker(ENTRY, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } });
    const thread: Thread = { worker };
    threads++;
    worker.unref();
    // Whatever happens later, an idle thread that fails is dropped (and its error never thrown).
    worker.on('error', () => forget(thread));
    worker.on('exit', () => {
      threads--;
      forget(thread);
    });
    const settle = (error?: Error) => {
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (error) {
        void worker.terminate();
        reject(error);
      } else {
        resolve(thread);
      }
    };
    const onMessage = () => settle();
    const onError = (error: Error) => settle(error);
    const onExit = (code: number) => settle(new Error(`the thread exited with ${code} before it started`));
    const timer = setTimeout(() => settle(new Error(`the thread did not start in ${START_MS} ms`)), START_MS);
    worker.once('message', onMessage).once('error', onError).once('exit', onExit);
  });
}

/** Runs a job in `thread`; `keep` says whether the thread may run another. */
function dispatch<R>(thread: Thread, job: RuleCheckJob, budgetMs: number): Promise<{ outcome: ThreadOutcome<R>; keep: boolean }> {
  const { worker } = thread;
  return new Promise((resolve) => {
    const settle = (outcome: ThreadOutcome<R>, keep: boolean) => {
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      resolve({ outcome, keep });
    };
    const onMessage = (m: { ok: true; report: R } | { ok: false; error: string }) =>
      settle(m.ok ? { ok: true, report: m.report } : { ok: false, reason: 'crash', detail: m.error }, m.ok);
    const onError = (error: Error) => settle({ ok: false, reason: 'crash', detail: message(error) }, false);
    const onExit = (code: number) => settle({ ok: false, reason: 'crash', detail: `the thread exited with ${code}` }, false);
    const timer = setTimeout(() => settle({ ok: false, reason: 'timeout', detail: `over ${budgetMs} ms` }, false), budgetMs);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    try {
      worker.postMessage(job);
    } catch (error) {
      // A document the structured clone cannot copy (too deep for its stack, say).
      settle({ ok: false, reason: 'crash', detail: message(error) }, true);
    }
  });
}

/**
 * Runs a check or test job in a rule-check thread within `budgetMs` (from the moment the job
 * reaches a started thread; waiting for a free thread does not count). Never rejects.
 */
export async function runInThread<R extends CheckReport | TestReport>(job: RuleCheckJob, budgetMs: number): Promise<ThreadOutcome<R>> {
  await acquire();
  try {
    let thread = idle.pop();
    if (thread) clearTimeout(thread.idleTimer);
    else {
      try {
        thread = await start();
      } catch (error) {
        return { ok: false, reason: 'crash', detail: message(error) };
      }
    }
    const { outcome, keep } = await dispatch<R>(thread, job, budgetMs);
    if (keep) {
      const parked = thread;
      parked.idleTimer = setTimeout(() => {
        forget(parked);
        void parked.worker.terminate();
      }, IDLE_MS).unref();
      idle.push(parked);
    } else {
      // Stopped before the slot is free, so no more than MAX_RULE_CHECK_THREADS ever run.
      await thread.worker.terminate();
    }
    return outcome;
  } finally {
    release();
  }
}
