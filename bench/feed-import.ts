/**
 * Feed import: 200 000 records into an empty database, then a re-import of the same feed with
 * 1 % of the records changed. Goals (SPEC §9): ≤ 30 s and ≤ 10 s.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { importFeedFile } from '../activities/feed-import.js';
import { demoFeedLines } from '../domain/demo-world.js';
import { benchDir, seconds, withBenchDatabase } from './_services.js';

const records = Number(process.argv[2] ?? 200_000);
const perRegion = Math.ceil(records / 3);
mkdirSync(benchDir, { recursive: true });
const feed = join(benchDir, `feed-${records}.jsonl`);
const changedFeed = join(benchDir, `feed-${records}-1pct.jsonl`);

async function writeLines(file: string, lines: Iterable<string>) {
  const out = createWriteStream(file);
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

if (!existsSync(feed) || !existsSync(changedFeed)) {
  const all = [...demoFeedLines({ seed: 4711, perRegion })].slice(0, records);
  await writeLines(feed, all);
  // Every hundredth person moves: 1 % changed records.
  await writeLines(changedFeed, all.map((line, i) => {
    if (i % 100 !== 0) return line;
    const p = JSON.parse(line);
    p.address.street = `Flyttgatan ${i % 97 + 1}`;
    return JSON.stringify(p);
  }));
}
const lineCount = readFileSync(feed, 'utf8').split('\n').filter(Boolean).length;

const figures = await withBenchDatabase(async (sql) => {
  const t0 = performance.now();
  const first = await importFeedFile(sql, feed);
  const firstMs = performance.now() - t0;
  console.log(`first import: ${first.inserted} inserted, ${first.rejected} rejected in ${seconds(firstMs)} s`);
  const t1 = performance.now();
  const again = await importFeedFile(sql, changedFeed);
  const againMs = performance.now() - t1;
  console.log(`re-import with 1 % changed: ${again.updated} updated, ${again.unchanged} unchanged in ${seconds(againMs)} s`);
  const t2 = performance.now();
  const same = await importFeedFile(sql, changedFeed);
  console.log(`re-import unchanged: ${same.unchanged} unchanged, ${same.updated} updated in ${seconds(performance.now() - t2)} s`);
  return { firstMs, againMs, inserted: first.inserted };
});

console.log(JSON.stringify({
  bench: 'feed-import',
  records: lineCount,
  seconds: seconds(figures.firstMs),
  recordsPerSecond: Math.round(lineCount / (figures.firstMs / 1000)),
  reimportSeconds: seconds(figures.againMs),
  goalSeconds: 30,
  goalReimportSeconds: 10,
}));
