/**
 * Date, quarter and deadline arithmetic on ISO dates (`YYYY-MM-DD`), SPEC §4.
 *
 * Pure and deterministic, no Node imports and no clock: workflow code imports this to compute
 * timers, the rules use it for every date comparison. Dates are civil dates without a time zone;
 * internally they are epoch days (days since 1970-01-01, civil-dates.ts), which compare and
 * subtract exactly.
 */
import { daysInMonth, pad2, pad4, toEpochDay } from './civil-dates.js';
import { statutoryDeadline } from './statutory-time.js';

export { addDays, compareDates, daysInMonth, epochDayOrNull, fromEpochDay, isIsoDate, toEpochDay } from './civil-dates.js';

export type Quarter = { year: number; quarter: 1 | 2 | 3 | 4 };

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** The quarter a date falls in (Q1 Jan–Mar … Q4 Oct–Dec). */
export function quarterOf(iso: string): Quarter {
  toEpochDay(iso); // validates
  const month = Number(iso.slice(5, 7));
  return { year: Number(iso.slice(0, 4)), quarter: (Math.floor((month - 1) / 3) + 1) as Quarter['quarter'] };
}

/** `2026-Q3`. */
export function formatQuarter(q: Quarter): string {
  return `${pad4(q.year)}-Q${q.quarter}`;
}

/** Parses `2026-Q3`; throws on anything else. */
export function parseQuarter(text: string): Quarter {
  const m = QUARTER.exec(text);
  if (!m) throw new RangeError(`ogiltigt kvartal: ${JSON.stringify(text)}`);
  return { year: Number(m[1]), quarter: Number(m[2]) as Quarter['quarter'] };
}

/** The quarter `n` quarters after q (before, when negative). */
export function addQuarters(q: Quarter, n: number): Quarter {
  const index = q.year * 4 + (q.quarter - 1) + n;
  return { year: Math.floor(index / 4), quarter: ((index % 4) + 1) as Quarter['quarter'] };
}

export function firstDayOfQuarter(q: Quarter): string {
  return `${pad4(q.year)}-${pad2((q.quarter - 1) * 3 + 1)}-01`;
}

export function lastDayOfQuarter(q: Quarter): string {
  const month = q.quarter * 3;
  return `${pad4(q.year)}-${pad2(month)}-${pad2(daysInMonth(q.year, month))}`;
}

/** The first day of the quarter after the one the date is in. */
export function firstDayOfNextQuarter(iso: string): string {
  return firstDayOfQuarter(addQuarters(quarterOf(iso), 1));
}

/**
 * The deadline of an application quarter: the application must have reached Migrationsverket by
 * the quarter's last day (förordning 1996:1357, 7 a §), moved to the next weekday when that day is
 * a Saturday, Sunday, holiday, midsommarafton, julafton or nyårsafton (lag 1930:173, 2 §). The
 * deadline for Q3 exams (application quarter Q4), 31 December, is always nyårsafton. The one function for every application deadline
 * the service shows, enforces or waits for.
 */
export function deadlineOfApplicationQuarter(q: Quarter): string {
  return statutoryDeadline(lastDayOfQuarter(q));
}

export type ApplicationWindow = { quarter: string; opens: string; deadline: string };

/**
 * The one application window of an examination (förordning 1996:1357, 7 a §): the quarter after
 * the exam's quarter (`quartersAfterExam` = 1). It opens on that quarter's first day, and the
 * deadline is that quarter's (deadlineOfApplicationQuarter).
 */
export function applicationWindow(examDate: string, quartersAfterExam = 1): ApplicationWindow {
  const q = addQuarters(quarterOf(examDate), quartersAfterExam);
  return { quarter: formatQuarter(q), opens: firstDayOfQuarter(q), deadline: deadlineOfApplicationQuarter(q) };
}

/** The application quarter (`2026-Q3`) for an exam date. */
export function applicationQuarter(examDate: string, quartersAfterExam = 1): string {
  return applicationWindow(examDate, quartersAfterExam).quarter;
}

/** The application deadline for an exam date (deadlineOfApplicationQuarter of its application quarter). */
export function applicationDeadline(examDate: string, quartersAfterExam = 1): string {
  return applicationWindow(examDate, quartersAfterExam).deadline;
}
