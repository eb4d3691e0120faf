/**
 * Writes the append-only access log (SPEC §1): who, organisation, what, which object; the time is
 * the database's (UTC). Personal identity numbers never go in: any that slip into an object id or
 * the detail are masked before writing. Dossier numbers are fine as object ids.
 */
import type { Context } from 'hono';
import type { Sql } from '../db/sql.js';
import type { AppEnv } from './deps.js';

export type AccessOutcome = 'ok' | 'denied' | 'failed';
export type AccessActor = { hsaId: string | null; orgNumber: string | null };
export type AccessEntry = {
  actor: AccessActor | null;
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  outcome?: AccessOutcome;
  detail?: Record<string, unknown>;
};

// YYMMDD-NNNN / YYYYMMDDNNNN with a plausible month (01–12) and day (01–31, +60 for samordningsnummer).
// Organisation numbers have a month part ≥ 20, so they are not caught.
const PERSONAL_NUMBER = /\b(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:[0-3]\d|[6-9]\d)[-+]?\d{4}\b/g;
const MASK = '[personnummer borttaget]';

export function maskPersonalNumbers<T>(value: T): T {
  // NUL cannot be stored in text or jsonb: it becomes U+FFFD, so a hostile input never breaks the log.
  if (typeof value === 'string') return value.replace(PERSONAL_NUMBER, MASK).replace(/\u0000/g, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(maskPersonalNumbers) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskPersonalNumbers(v)])) as T;
  }
  return value;
}

export async function logAccess(sql: Sql, entry: AccessEntry): Promise<void> {
  const detail = maskPersonalNumbers(entry.detail ?? {});
  await sql`
    insert into access_log (actor_hsa_id, actor_org, action, object_type, object_id, outcome, detail)
    values (${entry.actor?.hsaId ?? null}, ${entry.actor?.orgNumber ?? null}, ${entry.action},
            ${entry.objectType ?? null}, ${entry.objectId == null ? null : maskPersonalNumbers(entry.objectId)},
            ${entry.outcome ?? 'ok'}, ${sql.json(detail as Parameters<Sql['json']>[0])})`;
}

/** `logAccess` with the actor taken from the request's logged-in user. */
export function logRequest(c: Context<AppEnv>, entry: Omit<AccessEntry, 'actor'>): Promise<void> {
  const user = c.var.user;
  return logAccess(c.var.deps.sql, { ...entry, actor: user ? { hsaId: user.hsaId, orgNumber: user.orgNumber } : null });
}
