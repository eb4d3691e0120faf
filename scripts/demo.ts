/**
 * Writes a demo feed file (SPEC §7) and, when DATABASE_URL is set, imports it with the SPEC §7
 * organisations and users.
 *
 *   npm run demo -- [--people N] [--region ORG] [--seed S] [--out FILE] [--today YYYY-MM-DD] [--no-import]
 *
 * N is per region; with --region, all N people are in that one region. The file path alone goes
 * to stdout so scripts can capture it; everything else goes to stderr.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_SEED, demoFeedLines, type DemoOptions } from '../domain/demo-world.js';

const repoRoot = resolve(import.meta.dirname, '..');

/** Streams the feed to disk without holding it in memory; returns the number of people. */
export async function writeDemoFeed(file: string, opts: DemoOptions): Promise<number> {
  const lines = demoFeedLines(opts); // throws on bad options before a file is created
  mkdirSync(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  let n = 0;
  let chunk = '';
  for (const line of lines) {
    n++;
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) { // write in ~1 MB pieces: one write per line is several times slower
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return n;
}

async function main() {
  const { values } = parseArgs({
    options: {
      people: { type: 'string' }, region: { type: 'string' }, seed: { type: 'string' },
      out: { type: 'string' }, today: { type: 'string' }, 'no-import': { type: 'boolean' },
    },
  });
  const perRegion = values.people === undefined ? 3000 : Number(values.people);
  const seed = values.seed === undefined ? DEMO_SEED : Number(values.seed);
  if (!Number.isInteger(perRegion) || perRegion < 0) throw new Error('--people måste vara ett heltal ≥ 0');
  if (!Number.isInteger(seed)) throw new Error('--seed måste vara ett heltal');
  const opts: DemoOptions = { seed, perRegion, ...(values.region ? { regions: [values.region] } : {}), ...(values.today ? { today: values.today } : {}) };
  const file = resolve(values.out ?? join(repoRoot, '.data', 'demo', `feed-${seed}-${values.region ?? 'all'}-${perRegion}.jsonl`));

  const t0 = performance.now();
  const count = await writeDemoFeed(file, opts);
  console.error(`${file}: ${count} personer på ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  if (process.env.DATABASE_URL && !values['no-import']) {
    const [{ connect }, { seedOrganisationsAndUsers }, { importFeedFile }] = await Promise.all([
      import('../db/sql.js'), import('../db/seed.js'), import('../activities/feed-import.js'),
    ]);
    const sql = connect(process.env.DATABASE_URL);
    try {
      const seeded = await seedOrganisationsAndUsers(sql);
      console.error(`Organisationer: ${seeded.organisations} nya, användare: ${seeded.users} nya`);
      const t1 = performance.now();
      const r = await importFeedFile(sql, file);
      console.error(`Importerat på ${((performance.now() - t1) / 1000).toFixed(1)} s: ${r.inserted} nya, ${r.updated} ändrade, ${r.unchanged} oförändrade, ${r.rejected} avvisade`);
      for (const e of r.errors.slice(0, 10)) console.error(`  rad ${e.line}: ${e.reason}`);
    } finally {
      await sql.end();
    }
  }
  console.log(file);
}

// Only when run as a script, so writeDemoFeed can be imported.
if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
