/**
 * A candidate rule set simulated against the live population (issue 7): the persons' coverage
 * dates, then the open examinations' assessments, in batches of activities that heartbeat.
 * Progress is queryable; the changed outcomes are written by the activities.
 */
import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { BatchResult } from '../activities/simulation.js';
import { simulationQuery, type RuleSimulationInput, type SimulationProgress } from '../contract/index.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
});

export async function ruleSimulationWorkflow(input: RuleSimulationInput): Promise<SimulationProgress> {
  const progress: SimulationProgress = {
    state: 'Förbereder', persons: { done: 0, total: 0 }, examinations: { done: 0, total: 0 }, changed: 0, skipped: 0, byKind: {},
  };
  setHandler(simulationQuery, () => progress);
  const limit = input.batchSize ?? 250;
  const add = (r: { changed: number; skipped: number; byKind: Record<string, number | undefined> }) => {
    progress.changed += r.changed;
    progress.skipped += r.skipped;
    for (const [k, n] of Object.entries(r.byKind)) progress.byKind[k] = (progress.byKind[k] ?? 0) + (n ?? 0);
  };
  try {
    const totals = await acts.prepareSimulation({ simulationId: input.simulationId });
    progress.persons.total = totals.persons;
    progress.examinations.total = totals.examinations;
    progress.state = 'Personer';
    for (let after: string | null = null, first = true; first || after !== null; first = false) {
      const r: BatchResult = await acts.simulatePersons({ simulationId: input.simulationId, after, limit });
      progress.persons.done = Math.min(progress.persons.total, progress.persons.done + r.processed);
      add(r);
      after = r.next;
    }
    progress.persons.done = progress.persons.total;
    progress.state = 'Undersökningar';
    for (let after: string | null = null, first = true; first || after !== null; first = false) {
      const r: BatchResult = await acts.simulateExaminations({ simulationId: input.simulationId, after, limit });
      progress.examinations.done = Math.min(progress.examinations.total, progress.examinations.done + r.processed);
      add(r);
      after = r.next;
    }
    progress.examinations.done = progress.examinations.total;
    progress.state = 'Klar';
  } catch (err) {
    progress.state = 'Misslyckad';
    await acts.finishSimulation({ simulationId: input.simulationId, status: 'Misslyckad', counts: progress });
    throw err;
  }
  await acts.finishSimulation({ simulationId: input.simulationId, status: 'Klar', counts: progress });
  return progress;
}
