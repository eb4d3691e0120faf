/**
 * Statutory time (SPEC §4): lag (1930:173) om beräkning av lagstadgad tid, 2 §. When the last day
 * of a time limit falls on a Saturday, Sunday or other allmän helgdag (lag 1989:253), or on
 * midsommarafton, julafton or nyårsafton, the act may be done on the next weekday. Every
 * application deadline the service shows, enforces or waits for is computed here.
 *
 * The closed weekdays are the same days Swedish banks are closed, so this is also the one holiday
 * source of the bank days (banking-days.ts): the public holidays that can fall on a weekday
 * (nyårsdagen, trettondedag jul, långfredagen, annandag påsk, 1 maj, Kristi himmelfärdsdag,
 * nationaldagen, juldagen, annandag jul; påskdagen, pingstdagen, midsommardagen and alla helgons
 * dag are always on a weekend) and the three eves. Half days such as trettondagsafton,
 * valborgsmässoafton and allhelgonaafton are ordinary weekdays, as is annandag pingst (no longer a
 * holiday since 2005).
 *
 * The rules of lag 1989:253 as amended in 2005. Computed here from the calendar (Easter by the Gregorian computus), not by a holiday library:
 * workflow code imports this (through quarters.ts) for the Förfallen timer, and a library with
 * every country's holidays made each examination workflow's sandbox megabytes larger (5 000 cached
 * workflows ran the worker out of memory). test/statutory-time.test.ts checks these days against
 * `date-holidays` over two centuries.
 *
 * Pure and deterministic, no Node imports and no clock.
 */
import { daysInMonth, fromEpochDay, isWeekend, toEpochDay } from './civil-dates.js';

export type ClosedDay = { date: string; name: string };

const closedByYear = new Map<number, { days: ClosedDay[]; dates: Set<string> }>();

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (year: number, month: number, day: number) => `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;

/** Easter Sunday (påskdagen) of a Gregorian year: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/** The allmänna helgdagar (lag 1989:253) and the three eves of a year that fall on a weekday. */
function computeClosed(year: number): ClosedDay[] {
  const easter = toEpochDay(easterSunday(year));
  // Midsommarafton is the Friday between 19 and 25 June (midsommardagen the Saturday after it).
  let midsummerEve = toEpochDay(iso(year, 6, 19));
  while (((((midsummerEve + 3) % 7) + 7) % 7) + 1 !== 5) midsummerEve++; // 1970-01-01 was a Thursday; 5 = Friday
  const days: ClosedDay[] = [
    { date: iso(year, 1, 1), name: 'nyårsdagen' },
    { date: iso(year, 1, 6), name: 'trettondedag jul' },
    { date: fromEpochDay(easter - 2), name: 'långfredagen' },
    { date: fromEpochDay(easter + 1), name: 'annandag påsk' },
    { date: iso(year, 5, 1), name: 'första maj' },
    { date: fromEpochDay(easter + 39), name: 'Kristi himmelsfärdsdag' },
    { date: iso(year, 6, 6), name: 'nationaldagen' },
    { date: fromEpochDay(midsummerEve), name: 'midsommarafton' },
    { date: iso(year, 12, 24), name: 'julafton' },
    { date: iso(year, 12, 25), name: 'juldagen' },
    { date: iso(year, 12, 26), name: 'annandag jul' },
    { date: iso(year, 12, daysInMonth(year, 12)), name: 'nyårsafton' },
  ];
  return days.filter((day) => !isWeekend(toEpochDay(day.date))).sort((x, y) => x.date.localeCompare(y.date));
}

function closedIn(year: number) {
  let closed = closedByYear.get(year);
  if (!closed) {
    const days = computeClosed(year);
    closed = { days, dates: new Set(days.map((day) => day.date)) };
    closedByYear.set(year, closed);
  }
  return closed;
}

/**
 * The weekdays that are allmänna helgdagar or midsommarafton, julafton or nyårsafton in a year,
 * in date order, with Swedish names: the weekdays Swedish banks are closed.
 */
export function closedWeekdays(year: number): ClosedDay[] {
  return closedIn(year).days;
}

/** True on a Saturday, Sunday, allmän helgdag, midsommarafton, julafton or nyårsafton. */
function isClosed(epochDay: number): boolean {
  if (isWeekend(epochDay)) return true;
  const date = fromEpochDay(epochDay);
  return closedIn(Number(date.slice(0, 4))).dates.has(date);
}

/** True when the date is a weekday that is neither an allmän helgdag nor one of the three eves; throws on a malformed date. */
export function isOpenWeekday(date: string): boolean {
  return !isClosed(toEpochDay(date));
}

/**
 * The deadline of a time limit whose last day is `lastDay` (lag 1930:173, 2 §): that day when it is
 * an open weekday, else the next one — e.g. `2027-01-04` for nyårsafton 2026 (nyårsdagen a Friday).
 * Throws on a malformed date.
 */
export function statutoryDeadline(lastDay: string): string {
  let day = toEpochDay(lastDay);
  while (isClosed(day)) day++;
  return fromEpochDay(day);
}
