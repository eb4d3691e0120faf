/**
 * Imports Migrationsverket's person feed (SPEC §2): JSON Lines → zod validation → batched upsert.
 * A bad line is reported with its line number and reason while the rest is imported; a record
 * whose content has not changed is not written again, so re-importing a feed changes nothing.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { personRecordSchema, type PersonRecord } from '../domain/person.js';
import type { Sql } from '../db/sql.js';
import type { FeedError } from '../contract/index.js';
import type { RuleSet } from '../rules/index.js';

export type FeedImportResult = {
  importId: number;
  lines: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: FeedError[];
  /** The line an earlier attempt of the same import had written up to (0: from the start). */
  resumedFrom: number;
};
export type CoverageFn = (person: PersonRecord) => Promise<{ coveredFrom: string | null; ruleSet: string }>;

const BATCH = 2000;
/** Zod's own messages (a missing field, a wrong type) in Swedish; the schema's own messages stay. */
const SWEDISH = { error: z.locales.sv().localeError };
const parseRecord = (text: string): PersonRecord => personRecordSchema.parse(JSON.parse(text), SWEDISH);
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
      .map((i) => `${i.path.map(String).join('.') || '(posten)'}: ${i.message.replace(/, fick undefined$/, ', men fältet saknas')}`)
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
    search_text: searchText(p, coveredFrom),
  };
}

/** What the list's search matches: every column it shows. */
function searchText(p: PersonRecord, coveredFrom: string | null): string {
  return [p.dossierNumber, p.familyName, p.givenName, p.birthDate, p.typeCode, coveredFrom ?? '',
    p.address.street, p.address.postalCode, p.address.city].join(' ').toLowerCase();
}

/** How far an import has come: every line up to `line` is written and counted. */
export type FeedProgress = { importId: number; line: number; inserted: number; updated: number; unchanged: number; rejected: number };

/** Another attempt of the same import has written past this one (or finished it). */
export class FeedImportSuperseded extends Error {
  constructor(importId: number) {
    super(`feed import ${importId}: another attempt of the same import has moved on; this attempt stops`);
  }
}

type RawLine = { text: string; line: number; hash: string };
/** Lines read up to `endLine`: the records to look at, and the lines already rejected. */
type Batch = { lines: Map<string, RawLine>; endLine: number; rejected: number; errors: FeedError[] };
const newBatch = (): Batch => ({ lines: new Map(), endLine: 0, rejected: 0, errors: [] });

type ImportRow = { id: string; finished_at: Date | null; lines: number; inserted: number; updated: number; unchanged: number; rejected: number; errors: FeedError[] };
const resultOf = (row: ImportRow, resumedFrom: number): FeedImportResult => ({
  importId: Number(row.id), lines: row.lines, inserted: row.inserted, updated: row.updated, unchanged: row.unchanged,
  rejected: row.rejected, errors: row.errors, resumedFrom,
});

/**
 * Imports a feed. With a `runKey` (the workflow's activity) the import is resumable: each batch's
 * writes and the running totals in its feed_imports row are committed in one transaction, so an
 * attempt that finds the row already begun skips the lines written before and carries on with
 * the totals stored, and the counts come out as one uninterrupted run gives them. (Heartbeat
 * details cannot serve as that checkpoint: the SDK throttles them, so they lag behind the writes,
 * and a line re-written after them would be counted as unchanged.) Batches are cut at the same
 * lines on every attempt, and each commit checks that the row is still where this attempt left
 * it, so two attempts alive at once (a timed-out one that has not noticed yet) never both count.
 */
export async function importFeedStream(
  sql: Sql,
  input: Readable,
  opts: { source: string; runKey?: string; coverage?: CoverageFn; onProgress?: (p: FeedProgress) => void; signal?: AbortSignal },
): Promise<FeedImportResult> {
  // An input that fails before it is read (a missing file) is reported, never an unhandled
  // 'error' event; once read, readline passes its errors on to the loop.
  let inputError: { error: unknown } | null = null;
  input.on('error', (error) => {
    inputError ??= { error };
  });
  // No write is left running, and the input is released, however the import ends.
  let pending: Promise<void> = Promise.resolve();
  let lines: ReturnType<typeof createInterface> | undefined;
  try {
    const coverage = opts.coverage ?? (await defaultCoverage());
    const columns = sql`id, finished_at, lines, inserted, updated, unchanged, rejected, errors`;
    let row: ImportRow;
    if (opts.runKey) {
      await sql`insert into feed_imports (source, run_key) values (${opts.source}, ${opts.runKey}) on conflict (run_key) do nothing`;
      [row] = (await sql`select ${columns} from feed_imports where run_key = ${opts.runKey}`) as unknown as [ImportRow];
    } else {
      [row] = (await sql`insert into feed_imports (source) values (${opts.source}) returning ${columns}`) as unknown as [ImportRow];
    }
    const importId = Number(row.id);
    const resumedFrom = row.lines;
    if (row.finished_at) return resultOf(row, resumedFrom); // an earlier attempt finished it and was not heard
    const done = { line: row.lines, inserted: row.inserted, updated: row.updated, unchanged: row.unchanged, rejected: row.rejected, errors: row.errors };
    const progress = (): FeedProgress => ({ importId, line: done.line, inserted: done.inserted, updated: done.updated, unchanged: done.unchanged, rejected: done.rejected });

    /** Writes one batch and the totals after it, in one transaction. */
    const commit = async (batch: Batch) => {
      const totals = await sql.begin(async (tx) => {
        const [at] = await tx`select lines, finished_at from feed_imports where id = ${importId} for update`;
        if (!at || at.finished_at !== null || at.lines !== done.line) throw new FeedImportSuperseded(importId);
        const t = { ...done, line: batch.endLine, rejected: done.rejected + batch.rejected, errors: [...done.errors] };
        const reject = (error: FeedError) => {
          if (t.errors.length < MAX_REPORTED_ERRORS) t.errors.push(error);
        };
        for (const e of batch.errors) reject(e);
        const known = batch.lines.size === 0 ? new Map<string, string>() : new Map(
          (await tx`select dossier_number, record_hash from persons where dossier_number = any(${[...batch.lines.keys()]})`).map(
            (r) => [r.dossier_number as string, r.record_hash as string],
          ),
        );
        const rows: Row[] = [];
        for (const [dossier, l] of batch.lines) {
          if (known.get(dossier) === l.hash) {
            t.unchanged++;
            continue;
          }
          let person: PersonRecord;
          try {
            person = parseRecord(l.text);
          } catch (e) {
            t.rejected++;
            reject({ line: l.line, reason: describeFeedError(e) });
            continue;
          }
          const c = await coverage(person);
          rows.push(toRow(person, l.hash, c.coveredFrom, c.ruleSet));
        }
        if (rows.length > 0) {
          const written = await tx`
            insert into persons ${tx(rows as never)}
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
          for (const r of written) r.inserted ? t.inserted++ : t.updated++;
          t.unchanged += rows.length - written.length;
        }
        await tx`update feed_imports set lines = ${t.line}, inserted = ${t.inserted}, updated = ${t.updated},
            unchanged = ${t.unchanged}, rejected = ${t.rejected}, errors = ${tx.json(t.errors)}
          where id = ${importId}`;
        return t;
      });
      Object.assign(done, totals); // only once committed
      opts.onProgress?.(progress());
    };

    // Lines are hashed as delivered: an unchanged line is recognised before it is parsed or
    // validated. One batch is written while the next is read (the database and Node overlap);
    // `pending` never rejects: a failed write is kept in `failed` and thrown by the reading loop.
    let failed: { error: unknown } | null = null;
    const check = () => {
      if (failed) throw failed.error;
      if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('feed import cancelled');
    };
    let cut = resumedFrom; // the last line of the batches handed to `commit`
    const flush = async (batch: Batch) => {
      cut = batch.endLine;
      await pending;
      check();
      pending = commit(batch).catch((error: unknown) => {
        failed = { error };
      });
    };

    let batch = newBatch();
    let lineNo = 0;
    if (inputError) throw (inputError as { error: unknown }).error;
    lines = createInterface({ input, crlfDelay: Infinity });
    for await (const line of lines) {
      lineNo++;
      check();
      if (lineNo <= resumedFrom) {
        // Written by an earlier attempt: only counted, so the batches after it are cut where
        // they were the first time.
        if (lineNo % 50_000 === 0) opts.onProgress?.(progress());
        continue;
      }
      batch.endLine = lineNo;
      const text = line.trim();
      if (text === '') continue;
      const hash = () => createHash('sha1').update(text).digest('base64url');
      // The dossier number is read cheaply to find the stored hash; a line without one, or a
      // second line for the same person, is parsed at once (a bad one is reported by its line).
      const dossier = /"dossierNumber"\s*:\s*"([^"]*)"/.exec(text)?.[1];
      if (!dossier || batch.lines.has(dossier)) {
        try {
          const person = parseRecord(text);
          batch.lines.delete(person.dossierNumber); // a later line wins
          batch.lines.set(person.dossierNumber, { text, line: lineNo, hash: hash() });
        } catch (e) {
          batch.rejected++;
          batch.errors.push({ line: lineNo, reason: describeFeedError(e) });
        }
      } else {
        batch.lines.set(dossier, { text, line: lineNo, hash: hash() });
      }
      if (batch.lines.size >= BATCH) {
        await flush(batch);
        batch = newBatch();
      }
    }
    // Trailing lines (also blank ones) count, and a feed shorter than what was written before is
    // not a finished import.
    batch.endLine = lineNo;
    if (lineNo > cut) await flush(batch);
    await pending;
    check();
    if (lineNo < done.line) throw new Error(`feed import ${importId}: the feed has ${lineNo} lines, ${done.line} were already imported`);

    const errors = [...done.errors].sort((a, b) => a.line - b.line);
    const [finished] = (await sql`
      update feed_imports set finished_at = now(), errors = ${sql.json(errors)}
      where id = ${importId} and finished_at is null and lines = ${done.line}
      returning ${columns}`) as unknown as ImportRow[];
    if (finished) return resultOf(finished, resumedFrom);
    const [other] = (await sql`select ${columns} from feed_imports where id = ${importId}`) as unknown as ImportRow[];
    if (other?.finished_at) return resultOf(other, resumedFrom);
    throw new FeedImportSuperseded(importId);
  } finally {
    await pending;
    lines?.close();
    input.destroy();
  }
}

export async function importFeedFile(sql: Sql, file: string, opts: { coverage?: CoverageFn; onProgress?: (p: FeedProgress) => void } = {}) {
  return importFeedStream(sql, createReadStream(file), { source: file, ...opts });
}

export type CoverageProgress = { after: string; relabelled: number; changed: number };
export type CoverageRecomputeResult = CoverageProgress & { ruleSet: string; today: string };

/**
 * Recomputes the stored coverage dates (SPEC §3) of every person not computed by the rule set in
 * force on `today`, so the list and its export show what the rules now say, as a decision made
 * today would. The import computes the date only for records that changed; when a newer set comes
 * into force (shipped or published, always from a date on) the unchanged majority still carries
 * the old set's date until this runs. Batched in dossier order (`after` resumes), each row updated
 * only if its record is still the one the date was computed from (a concurrent import wins), so
 * running it again, or twice at once, changes nothing more.
 */
export async function recomputeCoverage(
  sql: Sql,
  opts: { sets: RuleSet[]; today: string; after?: string; batch?: number; onProgress?: (p: CoverageProgress) => void; signal?: AbortSignal },
): Promise<CoverageRecomputeResult> {
  const rules = await import('../rules/index.js');
  const label = rules.ruleSetInForce(opts.sets, opts.today).label;
  const limit = opts.batch ?? 1000;
  const p: CoverageProgress = { after: opts.after ?? '', relabelled: 0, changed: 0 };
  for (;;) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('coverage recompute cancelled');
    const rows = await sql`select dossier_number, record, record_hash, covered_from from persons
      where covered_from_rule_set is distinct from ${label} and dossier_number > ${p.after}
      order by dossier_number limit ${limit}`;
    if (rows.length === 0) break;
    const values: (string | null)[][] = [];
    const moved = new Set<string>();
    for (const r of rows) {
      const person = r.record as PersonRecord;
      const c = await rules.coverageDate(person, { sets: opts.sets, today: opts.today });
      if (c.coveredFrom !== r.covered_from) moved.add(r.dossier_number as string);
      values.push([r.dossier_number as string, r.record_hash as string, c.coveredFrom, c.ruleSet, searchText(person, c.coveredFrom)]);
    }
    const updated = await sql`
      update persons p set covered_from = v.covered_from::date, covered_from_rule_set = v.rule_set,
        search_text = v.search_text, updated_at = now()
      from (values ${sql(values as never)}) as v (dossier_number, record_hash, covered_from, rule_set, search_text)
      where p.dossier_number = v.dossier_number and p.record_hash = v.record_hash
      returning p.dossier_number`;
    p.relabelled += updated.length;
    p.changed += updated.filter((u) => moved.has(u.dossier_number as string)).length;
    p.after = rows[rows.length - 1]!.dossier_number as string;
    opts.onProgress?.({ ...p });
    if (rows.length < limit) break;
  }
  return { ...p, ruleSet: label, today: opts.today };
}
