import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../scripts/worker.js';
import { historiesDir } from './histories.js';

const files = readdirSync(historiesDir).filter((f) => f.endsWith('.json')).sort();

describe('replay of recorded workflow histories', () => {
  it('has recorded histories of the main paths', () => {
    for (const name of ['examination-reported', 'examination-kallad-deleted', 'examination-forfallen', 'examination-decided', 'application-decided', 'application-auto-decided', 'simulation-completed',
      'application-added-back', 'examination-removed-and-added-back', 'application-review-continued-as-new']) {
      expect(files).toContain(`${name}.json`);
    }
  });

  it('keeps histories recorded before the workflows were started with their expected search attributes', () => {
    // Those runs upsert State and Quarter after their first report; the current code must replay them unchanged.
    for (const name of ['examination-reported', 'examination-kallad-deleted', 'examination-forfallen', 'examination-decided']) {
      expect(files).toContain(`before-start-attributes-${name}.json`);
    }
  });

  it.each(files)('%s replays deterministically with the current workflow code', async (file) => {
    const history = JSON.parse(readFileSync(join(historiesDir, file), 'utf8'));
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file.replace(/\.json$/, ''));
  });
});
