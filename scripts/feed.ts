/**
 * The feed by hand: `npm run feed -- import FILE` imports a JSON Lines feed now and reports
 * every rejected line; `npm run feed -- run-now` triggers the daily schedule in Temporal.
 */
import { existsSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { importFeedFile } from '../activities/feed-import.js';
import { withLocalDatabase } from './local-db.js';
import { runFeedScheduleNow } from './schedule.js';

const [command, file] = process.argv.slice(2);

function usage(): never {
  console.error('Användning: npm run feed -- import FIL   |   npm run feed -- run-now');
  process.exit(2);
}

if (command === 'import') {
  if (!file) usage();
  if (!existsSync(file)) {
    console.error(`Filen finns inte: ${file}`);
    process.exit(2);
  }
  const t0 = Date.now();
  const r = await withLocalDatabase((sql) => importFeedFile(sql, file));
  for (const e of r.errors) console.error(`rad ${e.line}: ${e.reason}`);
  console.error(`${r.lines} rader: ${r.inserted} nya, ${r.updated} ändrade, ${r.unchanged} oförändrade, ${r.rejected} avvisade (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  console.log(JSON.stringify({ lines: r.lines, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected }));
  process.exit(r.rejected > 0 ? 1 : 0);
} else if (command === 'run-now') {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
  await runFeedScheduleNow(new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' }));
  console.error('Inläsningen av folkbokföringsflödet har startats.');
  await connection.close();
} else {
  usage();
}
