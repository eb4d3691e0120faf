/**
 * Limits on what anonymous clients can make the service write (security audit, issue 14): every
 * anonymous denial, failed callback and `/auth/login` used to add a row to the append-only access
 * log or the sessions table, about 400 rows/s from one client.
 *
 * - Login starts and callbacks: at most `loginsPerMinute` per client; more answers 429, writing
 *   nothing.
 * - Anonymous denials: the first per client, action and route in a minute is logged; the repeats
 *   are counted and their number is written with the next one logged after the minute
 *   (`upprepningarFöregåendeMinut`).
 * - Expired pre-sessions (logins never completed) are purged by `purgeExpiredSessions`, which the
 *   web process runs on a timer.
 *
 * Counts live in the web process's memory: with several web processes each limits on its own,
 * which bounds the writes per process and is enough against a flood; a shared limit belongs in
 * the operator's proxy.
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Sql } from '../db/sql.js';
import { logRequest, type AccessEntry } from './access-log.js';
import type { AppEnv } from './deps.js';

export const WINDOW_MS = 60_000;
export const DEFAULT_LOGINS_PER_MINUTE = 60;
/** Keys kept at most; beyond this the oldest windows are dropped (a flood of addresses cannot grow memory). */
const MAX_KEYS = 50_000;

/** The client's address as the socket saw it (a proxy's, when behind one), or `okänd`. */
export function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'okänd';
  } catch {
    return 'okänd'; // app.request in tests has no socket
  }
}

/** Fixed one-minute windows of counts per key. */
export class WindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one event for `key`: its number in the current window, and the count of the window it closed (0 if none). */
  hit(key: string): { count: number; closed: number } {
    const t = this.now();
    const w = this.windows.get(key);
    if (w && t - w.start < WINDOW_MS) {
      w.count++;
      return { count: w.count, closed: 0 };
    }
    if (this.windows.size >= MAX_KEYS) {
      for (const [k, v] of this.windows) {
        if (t - v.start >= WINDOW_MS || this.windows.size >= MAX_KEYS) this.windows.delete(k);
        if (this.windows.size < MAX_KEYS / 2) break;
      }
    }
    this.windows.delete(key);
    this.windows.set(key, { start: t, count: 1 });
    return { count: 1, closed: w?.count ?? 0 };
  }
}

export type AbuseLimits = { loginsPerMinute?: number; now?: () => number };

export class AbuseGuard {
  private readonly logins: WindowCounter;
  private readonly denials: WindowCounter;
  private readonly loginsPerMinute: number;
  constructor(limits: AbuseLimits = {}) {
    this.logins = new WindowCounter(limits.now);
    this.denials = new WindowCounter(limits.now);
    this.loginsPerMinute = limits.loginsPerMinute ?? DEFAULT_LOGINS_PER_MINUTE;
  }

  /** Whether this client may start (or complete) one more login this minute. */
  allowLogin(c: Context<AppEnv>): boolean {
    return this.logins.hit(clientAddress(c)).count <= this.loginsPerMinute;
  }

  /** Logs a denial; an anonymous one only as the first of its kind from the client this minute. */
  async logDenial(c: Context<AppEnv>, entry: Omit<AccessEntry, 'actor'>): Promise<void> {
    if (c.var.user) return logRequest(c, entry);
    const { count, closed } = this.denials.hit(`${clientAddress(c)}|${entry.action}|${entry.objectId ?? ''}`);
    if (count > 1) return;
    const repeats = closed > 1 ? { upprepningarFöregåendeMinut: closed - 1 } : {};
    return logRequest(c, { ...entry, detail: { ...entry.detail, ...repeats } });
  }
}

/** Deletes sessions and pre-sessions past their expiry; returns how many. */
export async function purgeExpiredSessions(sql: Sql): Promise<number> {
  const rows = await sql`delete from sessions where expires_at < now() returning 1`;
  return rows.length;
}
