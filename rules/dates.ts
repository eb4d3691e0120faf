/**
 * Memoised date parsing for the hot path (rule operators, fact derivation). The distinct dates in
 * a population are few, so a bounded map turns the parse into a lookup.
 */
import { applicationWindow, epochDayOrNull, type ApplicationWindow } from '../domain/quarters.js';

const LIMIT = 50_000;
const days = new Map<string, number | null>();
const windows = new Map<string, ApplicationWindow>();

/** Epoch day of an ISO date; null for anything that is not a valid date. */
export function epochDay(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  let day = days.get(value);
  if (day === undefined) {
    day = epochDayOrNull(value);
    if (days.size >= LIMIT) days.clear();
    days.set(value, day);
  }
  return day;
}

/** Epoch day of a date that must be valid; throws a clear error otherwise. */
export function requireEpochDay(value: string, what: string): number {
  const day = epochDay(value);
  if (day === null) throw new RangeError(`${what}: ogiltigt datum ${JSON.stringify(value)}`);
  return day;
}

export function cachedApplicationWindow(examDate: string, quartersAfterExam: number): ApplicationWindow {
  const key = `${examDate}/${quartersAfterExam}`;
  let w = windows.get(key);
  if (w === undefined) {
    w = applicationWindow(examDate, quartersAfterExam);
    if (windows.size >= LIMIT) windows.clear();
    windows.set(key, w);
  }
  return w;
}
