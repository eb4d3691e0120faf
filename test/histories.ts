/**
 * Workflow histories of the main paths, recorded from real runs as JSON fixtures for the replay
 * test. Set MELKER_RECORD_HISTORIES=1 when running the lifecycle and rule-publishing tests to write them anew (after a
 * deliberate, versioned change of workflow code). The JSON is the Temporal CLI's export format.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

export const historiesDir = join(import.meta.dirname, 'fixtures', 'histories');

export async function recordHistory(workflowId: string, name: string, runId?: string) {
  if (process.env.MELKER_RECORD_HISTORIES !== '1') return;
  const json = execFileSync(inject('temporalBinary'), ['workflow', 'show', '--address', inject('temporalAddress'),
    '--workflow-id', workflowId, ...(runId ? ['--run-id', runId] : []), '--output', 'json'], { encoding: 'utf8' });
  mkdirSync(historiesDir, { recursive: true });
  writeFileSync(join(historiesDir, `${name}.json`), json);
}
