/** Test worlds for lifecycle tests: a fictitious test region of their own, with people in it. */
import { Readable } from 'node:stream';
import { importFeedStream } from '../activities/feed-import.js';
import type { Sql } from '../db/sql.js';
import type { PersonRecord } from '../domain/person.js';
import { addDays, firstDayOfQuarter, parseQuarter } from '../domain/quarters.js';
import { stockholmDate } from '../domain/stockholm-time.js';
import { applicableQuarter } from '../services/applications.js';
import { person } from './fixtures/person.js';

let regionCounter = 0;
/** A new fictitious region (org number 2321009NNN) so that each test owns its applications. */
export async function testRegion(sql: Sql, name: string): Promise<string> {
  regionCounter++;
  const org = `232100-9${String((process.pid % 100) * 10 + regionCounter).padStart(3, '0')}`;
  await sql`insert into organisations (org_number, name, kind, county) values (${org}, ${name}, 'region', 'Testlän')
    on conflict (org_number) do nothing`;
  return org;
}

let personCounter = 0;
export async function addPeople(sql: Sql, region: string, count: number, overrides: Partial<PersonRecord> = {}): Promise<string[]> {
  const block = 80 + (process.pid % 19);
  const people: PersonRecord[] = [];
  for (let i = 0; i < count; i++) {
    personCounter++;
    people.push(person({
      dossierNumber: `${block}-${String((process.pid * 7919 + personCounter) % 1_000_000).padStart(6, '0')}`,
      regionOrgNumber: region, familyName: `Testsson${personCounter}`,
      events: [{ type: 'asylum-application', date: '2024-01-10' }],
      ...overrides,
    }));
  }
  await importFeedStream(sql, Readable.from(people.map((p) => `${JSON.stringify(p)}\n`)), { source: 'test' });
  return people.map((p) => p.dossierNumber);
}

export const today = () => stockholmDate(Date.now());
/** A date in the quarter whose exams can be applied for now. */
export const datePreviousQuarter = () => addDays(firstDayOfQuarter(parseQuarter(applicableQuarter())), 9);
/** A date in the quarter before that: its application deadline has passed. */
export const dateTwoQuartersAgo = () => addDays(datePreviousQuarter(), -91);

export async function until<T>(fn: () => Promise<T>, accept: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (accept(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
