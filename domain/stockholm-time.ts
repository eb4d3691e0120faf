/**
 * Europe/Stockholm calendar dates from instants, without Intl or Node: workflow code uses these to
 * compute timers from dates. Sweden follows EU summer time: CEST (UTC+2) from the last Sunday of
 * March 01:00 UTC to the last Sunday of October 01:00 UTC, otherwise CET (UTC+1).
 */
import { addDays, fromEpochDay, pad2, toEpochDay } from './civil-dates.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

function lastSundayUtc(year: number, monthIndex: number): number {
  const lastDay = Date.UTC(year, monthIndex + 1, 0);
  const weekday = new Date(lastDay).getUTCDay(); // 0 = Sunday
  return lastDay - weekday * DAY_MS;
}

/** The offset from UTC in Stockholm at an instant, in milliseconds. */
export function stockholmOffsetMs(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear();
  const summerStart = lastSundayUtc(year, 2) + HOUR_MS;
  const summerEnd = lastSundayUtc(year, 9) + HOUR_MS;
  return epochMs >= summerStart && epochMs < summerEnd ? 2 * HOUR_MS : HOUR_MS;
}

/** The calendar date in Stockholm at an instant (YYYY-MM-DD). */
export function stockholmDate(epochMs: number): string {
  return fromEpochDay(Math.floor((epochMs + stockholmOffsetMs(epochMs)) / DAY_MS));
}

/**
 * An instant as Stockholm wall-clock time, `YYYY-MM-DD HH:MM` (`HH:MM:SS` with seconds): how every
 * page shows when something happened, the same as sv-SE's Intl format without depending on the
 * host's time-zone data.
 */
export function formatStockholmDateTime(at: Date | string | number, opts: { seconds?: boolean } = {}): string {
  const epochMs = new Date(at).getTime();
  if (Number.isNaN(epochMs)) throw new RangeError(`ogiltig tidpunkt: ${JSON.stringify(at)}`);
  const local = new Date(epochMs + stockholmOffsetMs(epochMs));
  const time = `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`;
  return `${stockholmDate(epochMs)} ${opts.seconds ? `${time}:${pad2(local.getUTCSeconds())}` : time}`;
}

/** The instant a Stockholm calendar date begins (its midnight), in epoch milliseconds. */
export function stockholmMidnight(date: string): number {
  const utcMidnight = toEpochDay(date) * DAY_MS;
  // The offset at local midnight equals the offset one hour before UTC midnight + offset; try both.
  const guess = utcMidnight - HOUR_MS;
  const offset = stockholmOffsetMs(guess);
  return utcMidnight - offset;
}

/** Milliseconds from an instant until a Stockholm date begins (0 if already begun). */
export function msUntilStockholmDate(nowMs: number, date: string): number {
  return Math.max(0, stockholmMidnight(date) - nowMs);
}

/** Milliseconds from an instant until the day after `date` begins, i.e. until `date` is over. */
export function msUntilDayAfter(nowMs: number, date: string): number {
  return msUntilStockholmDate(nowMs, addDays(date, 1));
}
