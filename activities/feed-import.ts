/**
 * Imports Migrationsverket's person feed (SPEC §2): JSON Lines → zod validation → batched upsert.
 * A bad line is reported with its line number and reason while the rest is imported; a record
 * whose content has not changed is not written again, so re-importing a feed changes nothing.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { personRecordSchema, type PersonRecord } from '../domain/person.js';
import type { Sql } from '../db/sql.js';

export type FeedError = { line: number; reason: string };
export type FeedImportResult = {
  importId: number;
  lines: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: FeedError[];
};
export type CoverageFn = (person: PersonRecord) => Promise<{ coveredFrom: string | null; ruleSet: string }>;

const BATCH = 2000;
const MAX_REPORTED_ERRORS = 1000;

async function defaultCoverage(): Promise<CoverageFn> {
  const rules = await import('../rules/index.js');
  const sets = rules.loadRuleSets();
  return (person) => rules.coverageDate(person, { sets });
}

/** Explains a rejected line in Swedish: which field and what is wrong with it. */
export function describeFeedError(error: unknown): string {
  if (error instanceof SyntaxError) return 'raden är inte giltig JSON';
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  if (issues?.length) {
    return issues
      .slice(0, 5)
      .map((i) => `${i.path.map(String).join('.') || '(posten)'}: ${i.message}`)
      .join('; ');
  }
  return String(error);
}

type Row = ReturnType<typeof toRow>;
function toRow(p: PersonRecord, hash: string, coveredFrom: string | null, ruleSet: string) {
  return {
    dossier_number: p.dossierNumber,
    region_org_number: p.regionOrgNumber,
    given_name: p.givenName,
    family_name: p.familyName,
    birth_date: p.birthDate,
    type_code: p.typeCode,
    municipality: p.municipality,
    street: p.address.street,
    postal_code: p.address.postalCode,
    city: p.address.city,
    protected_identity: p.protectedIdentity,
    population_registered_from: p.populationRegisteredFrom,
    detention_facility: p.detentionFacility,
    covered_from: coveredFrom,
    covered_from_rule_set: ruleSet,
    record: p as unknown as Record<string, unknown>,
    record_hash: hash,
    search_text: [p.dossierNumber, p.familyName, p.givenName, p.birthDate, p.typeCode, coveredFrom ?? '',
      p.address.street, p.address.postalCode, p.address.city].join(' ').toLowerCase(),
  };
}

export async function importFeedStream(
  sql: Sql,
  input: Readable,
  opts: { source: string; coverage?: CoverageFn; onProgress?: (lines: number) => void },
): Promise<FeedImportResult> {
  const coverage = opts.coverage ?? (await defaultCoverage());
  const [{ id: importId }] = (await sql`insert into feed_imports (source) values (${opts.source}) returning id`) as unknown as [{ id: string }];
  const result: FeedImportResult = { importId: Number(importId), lines: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, errors: [] };
  /** Writes validated, changed records with their coverage date decided by the rules. */
  const write = async (changed: { person: PersonRecord; hash: string }[]) => {
    const rows: Row[] = [];
    for (const { person, hash } of changed) {
      const c = await coverage(person);
      rows.push(toRow(person, hash, c.coveredFrom, c.ruleSet));
    }
    if (rows.length === 0) return;
    const written = await sql`
      insert into persons ${sql(rows as never)}
      on conflict (dossier_number) do update set
        region_org_number = excluded.region_org_number, given_name = excluded.given_name,
        family_name = excluded.family_name, birth_date = excluded.birth_date, type_code = excluded.type_code,
        municipality = excluded.municipality, street = excluded.street, postal_code = excluded.postal_code,
        city = excluded.city, protected_identity = excluded.protected_identity,
        population_registered_from = excluded.population_registered_from,
        detention_facility = excluded.detention_facility, covered_from = excluded.covered_from,
        covered_from_rule_set = excluded.covered_from_rule_set, record = excluded.record,
        record_hash = excluded.record_hash, search_text = excluded.search_text, updated_at = now()
      where persons.record_hash is distinct from excluded.record_hash
      returning (xmax = 0) as inserted`;
    for (const r of written) r.inserted ? result.inserted++ : result.updated++;
    result.unchanged += rows.length - written.length;
  };

  // Lines are hashed as delivered: an unchanged line is recognised before it is parsed or
  // validated. One batch is written while the next is read (the database and Node overlap).
  let pending: Promise<void> = Promise.resolve();
  let raw = new Map<string, { text: string; line: number; hash: string }>();
  const queueFlush = async () => {
    const lines = raw;
    raw = new Map();
    await pending;
    pending = (async () => {
      const known = new Map(
        (await sql`select dossier_number, record_hash from persons where dossier_number = any(${[...lines.keys()]})`).map(
          (r) => [r.dossier_number as string, r.record_hash as string],
        ),
      );
      const changed: { person: PersonRecord; hash: string }[] = [];
      for (const [dossier, l] of lines) {
        if (known.get(dossier) === l.hash) {
          result.unchanged++;
          continue;
        }
        try {
          changed.push({ person: personRecordSchema.parse(JSON.parse(l.text)), hash: l.hash });
        } catch (e) {
          result.rejected++;
          if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push({ line: l.line, reason: describeFeedError(e) });
        }
      }
      await write(changed);
      opts.onProgress?.(result.lines);
    })();
  };

  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    result.lines++;
    const text = line.trim();
    if (text === '') continue;
    // The dossier number is read cheaply to find the stored hash; a line without one is parsed
    // at once to report why.
    const dossier = /"dossierNumber"\s*:\s*"([^"]*)"/.exec(text)?.[1];
    if (!dossier || raw.has(dossier)) {
      await pending;
      try {
        const person = personRecordSchema.parse(JSON.parse(text));
        if (raw.has(person.dossierNumber)) raw.delete(person.dossierNumber); // a later line wins
        raw.set(person.dossierNumber, { text, line: result.lines, hash: createHash('sha1').update(text).digest('base64url') });
      } catch (e) {
        result.rejected++;
        if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push({ line: result.lines, reason: describeFeedError(e) });
      }
    } else {
      raw.set(dossier, { text, line: result.lines, hash: createHash('sha1').update(text).digest('base64url') });
    }
    if (raw.size >= BATCH) await queueFlush();
  }
  await queueFlush();
  await pending;
  result.errors.sort((a, b) => a.line - b.line);
  await sql`
    update feed_imports set finished_at = now(), lines = ${result.lines}, inserted = ${result.inserted},
      updated = ${result.updated}, unchanged = ${result.unchanged}, rejected = ${result.rejected},
      errors = ${sql.json(result.errors)}
    where id = ${result.importId}`;
  return result;
}

export async function importFeedFile(sql: Sql, file: string, opts: { coverage?: CoverageFn; onProgress?: (lines: number) => void } = {}) {
  return importFeedStream(sql, createReadStream(file), { source: file, ...opts });
}
