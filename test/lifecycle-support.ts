/** Test worlds for lifecycle tests: a fictitious test region of their own, with people in it. */
import { Readable } from 'node:stream';
import { importFeedStream } from '../activities/feed-import.js';
import type { Sql } from '../db/sql.js';
import type { PersonRecord } from '../domain/person.js';
import { addDays, applicationDeadline, firstDayOfQuarter, parseQuarter } from '../domain/quarters.js';
import { stockholmDate } from '../domain/stockholm-time.js';
import { applicableQuarter } from '../services/applications.js';
import { person } from './fixtures/person.js';

/**
 * A new fictitious region (org number 2321009NNN) of the calling test's own, so that each test
 * owns its applications. Test files run at the same time on one database: a number another file
 * has taken already is never shared, another is drawn instead.
 */
export async function testRegion(sql: Sql, name: string): Promise<string> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const org = `232100-9${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
    const [taken] = await sql`insert into organisations (org_number, name, kind, county) values (${org}, ${name}, 'region', 'Testlän')
      on conflict (org_number) do nothing returning org_number`;
    if (taken) return org;
  }
  throw new Error('no free test region number left');
}

let personCounter = 0;
export async function addPeople(sql: Sql, region: string, count: number, overrides: Partial<PersonRecord> = {}): Promise<string[]> {
  const block = 80 + (process.pid % 19);
  const people: PersonRecord[] = [];
  // Test files that run one after the other in the same worker process share its pid, and the
  // counter starts again in each: a dossier number an earlier file took is skipped, or the
  // person (and the exams of that file) would be moved into this file's region.
  while (people.length < count) {
    const candidates: string[] = [];
    for (let i = people.length; i < count; i++) {
      personCounter++;
      candidates.push(`${block}-${String((process.pid * 7919 + personCounter) % 1_000_000).padStart(6, '0')}`);
    }
    const taken = new Set((await sql<{ dossier_number: string }[]>`
      select dossier_number from persons where dossier_number = any(${candidates})`).map((r) => r.dossier_number));
    for (const dossierNumber of candidates.filter((d) => !taken.has(d))) {
      people.push(person({
        dossierNumber, regionOrgNumber: region, familyName: `Testsson${people.length + personCounter}`,
        events: [{ type: 'asylum-application', date: '2024-01-10' }],
        ...overrides,
      }));
    }
  }
  await importFeedStream(sql, Readable.from(people.map((p) => `${JSON.stringify(p)}\n`)), { source: 'test' });
  return people.map((p) => p.dossierNumber);
}

export const today = () => stockholmDate(Date.now());
/** A date in the quarter whose exams can be applied for now. */
export const datePreviousQuarter = () => addDays(firstDayOfQuarter(parseQuarter(applicableQuarter())), 9);
/**
 * A date in the quarter before that, whose application deadline has passed — or one more quarter
 * back in the first days of a quarter, while that deadline, moved off nyårsafton, a weekend or a
 * holiday, is still ahead (2026-Q3 exams until 2027-01-04).
 */
export const dateTwoQuartersAgo = () => {
  const date = addDays(datePreviousQuarter(), -91);
  return applicationDeadline(date) < today() ? date : addDays(date, -91);
};

export async function until<T>(fn: () => Promise<T>, accept: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (accept(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs `fn` over the items, `n` at a time (as that many users acting at once). */
export async function inParallel<T>(items: T[], n: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    for (let i = next++; i < items.length; i = next++) await fn(items[i]!);
  }));
}
