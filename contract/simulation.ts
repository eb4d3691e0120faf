/**
 * The rule-simulation workflow's contract (issue 7): its input, the progress its query answers,
 * and its workflow id.
 */
import { defineQuery } from '@temporalio/workflow';

export type SimulationState = 'Förbereder' | 'Personer' | 'Undersökningar' | 'Klar' | 'Misslyckad';
export type SimulationProgress = {
  state: SimulationState;
  persons: { done: number; total: number };
  examinations: { done: number; total: number };
  changed: number;
  skipped: number;
  byKind: Record<string, number>;
};
export const simulationQuery = defineQuery<SimulationProgress>('simulation');

export type RuleSimulationInput = { simulationId: number; batchSize?: number };

/** Must stay the name of the workflow function in workflows/simulation.ts (test/layering.test.ts checks). */
export const RULE_SIMULATION_WORKFLOW = 'ruleSimulationWorkflow';
export type RuleSimulationWorkflow = (input: RuleSimulationInput) => Promise<SimulationProgress>;

export function simulationWorkflowId(simulationId: number) {
  return `rule-simulation-${simulationId}`;
}
