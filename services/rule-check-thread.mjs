/**
 * The entry of a rule-check thread (services/rule-check-thread.ts). Plain JavaScript, so that it
 * starts the same under `node --import tsx` (npm start, npm run web, the image), the tsx command
 * and vitest: the thread is started without the parent's execArgv and registers tsx itself before
 * it imports the TypeScript jobs. It answers 'ready' once, then one reply per job it is sent.
 */
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runJob } = await import('./rule-check-jobs.ts');

parentPort.on('message', async (job) => {
  try {
    parentPort.postMessage({ ok: true, report: await runJob(job) });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
});
parentPort.postMessage({ ready: true });
