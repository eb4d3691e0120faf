/**
 * Asylsökandelistan for a region of 50 000 people (SPEC §9): server time of list pages through
 * `createApp(...).request()` with a logged-in session — plain, searched, filtered, sorted on every
 * column, later pages — goal p95 ≤ 50 ms; and the full CSV export, goal ≤ 2 s with flat memory.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { Client } from '@temporalio/client';
import { importFeedFile } from '../activities/feed-import.js';
import { connect } from '../db/sql.js';
import { seedOrganisationsAndUsers } from '../db/seed.js';
import { demoFeedLines } from '../domain/demo-world.js';
import { createApp } from '../web/app.js';
import { COLUMNS } from '../web/region/columns.js';
import { createSession } from '../web/session.js';
import { benchDir, percentile, seconds, withBenchDatabase } from './_services.js';

const people = Number(process.argv[2] ?? 50_000);
const rounds = Number(process.argv[3] ?? 4);
const region = '232100-0016';

/** Page kinds a region user asks for, each a list of query strings. */
function pageMix(dossiers: string[]): Record<string, string[]> {
  const sorted = COLUMNS.flatMap((c) => [`sortera=${c.key}`, `sortera=${c.key}&ordning=fallande`]);
  return {
    plain: ['', 'sida=1'],
    searched: ['sok=haddad', 'sok=amina', 'sok=huddinge', 'sok=storgatan', 'sok=2024-03', `sok=${dossiers[0]}`, `sok=${dossiers[1]}`,
      'sok=ahmadi+solna', 'sok=ova', 'sok=141', 'sok=al', 'sok=mohammad+farah'],
    filtered: ['typ=A', 'typ=F', 'typ=AB&typ=B', 'typ=M', 'status=kallad', 'status=rapporterad', 'status=ej-kallad', 'status=ansokningsbar&status=i-ansokan',
      'typ=A&status=ej-kallad', 'typ=F&sok=solna'],
    sorted,
    later: ['sida=2', 'sida=3', 'sida=10', 'sida=50', 'sortera=ort&sida=4', 'sortera=fodelsedatum&ordning=fallande&sida=8',
      'typ=A&sortera=adress&sida=5', 'sida=200', 'sortera=genomford&ordning=fallande&sida=2', 'sida=999'],
  };
}

async function writeFeed(file: string) {
  const out = createWriteStream(file);
  for (const line of demoFeedLines({ seed: 1717, perRegion: people, regions: [region] })) {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

await withBenchDatabase(async (sql, adminUrl) => {
  mkdirSync(benchDir, { recursive: true });
  const feed = join(benchDir, `list-feed-${people}.jsonl`);
  await writeFeed(feed);
  await seedOrganisationsAndUsers(sql);
  const imported = await importFeedFile(sql, feed);
  console.log(`imported ${imported.inserted} people into ${region}`);

  // Bench data: examination projections for one person in five, in every list-relevant state.
  await sql`
    insert into examinations (workflow_id, run_id, dossier_number, region_org_number, status, invited_date, exam_date, quarter)
    select 'examination-' || dossier_number, 'bench-' || dossier_number, dossier_number, region_org_number, s.status,
      date '2025-01-02' + (n % 300)::int, case when s.status = 'Kallad' then null else date '2025-02-01' + (n % 280)::int end, '2025-Q2'
    from (select dossier_number, region_org_number, row_number() over (order by dossier_number) as n
          from persons where region_org_number = ${region}) p
    cross join lateral (select (array['Kallad', 'Rapporterad', 'Ansökningsbar', 'I ansökan', 'Utbetald', 'Borttagen'])[1 + (p.n / 5) % 6] as status) s
    where p.n % 5 = 0`;
  // What autovacuum does on a live system: statistics and the visibility map for index-only scans.
  const admin = connect(adminUrl, { max: 1 });
  await admin`vacuum analyze persons`;
  await admin`vacuum analyze examinations`;
  await admin.end();

  const [ulla] = await sql<{ id: string }[]>`select id from users where hsa_id = 'SE2321000016-USR1'`;
  const session = await createSession(sql, ulla!.id);
  const app = createApp({ sql, temporal: new Client() }); // a lazy client: list pages never call Temporal
  const headers = { Cookie: `melker_session=${session.token}` };
  const dossiers = (await sql`select dossier_number from persons where region_org_number = ${region} and not protected_identity order by random() limit 2`)
    .map((r) => r.dossier_number as string);

  const mix = pageMix(dossiers);
  const requests = Object.entries(mix).flatMap(([kind, qs]) => qs.map((q) => ({ kind, path: `/lista${q ? `?${q}` : ''}` })));
  const request = async (path: string) => {
    const t = performance.now();
    const res = await app.request(path, { headers });
    const body = await res.text();
    const ms = performance.now() - t;
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
    return ms;
  };
  for (const r of requests) await request(r.path); // warm-up: plans, caches, JIT

  const times: number[] = [];
  const byKind = new Map<string, number[]>();
  const slowest: { ms: number; path: string }[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const r of requests) {
      const ms = await request(r.path);
      times.push(ms);
      byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), ms]);
      slowest.push({ ms, path: r.path });
    }
  }
  for (const [kind, ms] of byKind) {
    console.log(`${kind.padEnd(9)} ${String(ms.length).padStart(4)} pages: p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms`);
  }
  console.log(`slowest: ${slowest.sort((a, b) => b.ms - a.ms).slice(0, 5).map((s) => `${s.path} ${s.ms.toFixed(1)} ms`).join(', ')}`);
  const p95 = percentile(times, 95);
  console.log(`all ${times.length} pages: p95 ${p95.toFixed(1)} ms (goal ≤ 50 ms)`);

  // The full export, read to the end as a browser would, with the process's RSS sampled meanwhile.
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage().rss); }, 5);
  const t0 = performance.now();
  const res = await app.request('/lista/export.csv', { headers });
  let bytes = 0;
  let newlines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) newlines++;
  }
  const csvMs = performance.now() - t0;
  clearInterval(sampler);
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  const csvRows = newlines - 1; // header line
  const [{ visible }] = (await sql`select count(*)::int as visible from persons where region_org_number = ${region} and not protected_identity`) as unknown as [{ visible: number }];
  if (csvRows !== visible) throw new Error(`export has ${csvRows} rows, the list ${visible}`);
  const rssDeltaMb = Math.round(((rssPeak - rssBefore) / 1024 / 1024) * 10) / 10;
  console.log(`CSV export: ${csvRows} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB in ${seconds(csvMs)} s (goal ≤ 2 s), peak RSS +${rssDeltaMb} MB`);

  console.log(JSON.stringify({
    bench: 'list', people, pages: times.length, p95Ms: Math.round(p95 * 10) / 10,
    csvSeconds: seconds(csvMs), csvRows, rssDeltaMb,
  }));
});
