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
 * dag are always on a weekend) and the three eves. They come from `date-holidays`, which marks the
 * public holidays `public` and the three eves `bank`; half days such as trettondagsafton,
 * valborgsmässoafton and allhelgonaafton are `optional` there and are ordinary weekdays, as is
 * annandag pingst (`observance`, no longer a holiday since 2005).
 *
 * Pure and deterministic, no Node imports and no clock: workflow code imports this (through
 * quarters.ts) for the Förfallen timer; `date-holidays` bundles into the workflow sandbox.
 */
import Holidays from 'date-holidays';
import { fromEpochDay, isWeekend, toEpochDay } from './civil-dates.js';

export type ClosedDay = { date: string; name: string };

const CLOSED_TYPES = new Set(['public', 'bank']);

let swedishHolidays: Holidays | undefined;
const closedByYear = new Map<number, { days: ClosedDay[]; dates: Set<string> }>();

function closedIn(year: number) {
  let closed = closedByYear.get(year);
  if (!closed) {
    // Built on first use, not at import, so code that never needs a holiday does not pay for it.
    swedishHolidays ??= new Holidays('SE', { languages: ['sv'] });
    // `date` is the local civil date in Sweden ("2026-06-19 00:00:00"), independent of the host's zone.
    const days = swedishHolidays
      .getHolidays(year)
      .filter((holiday) => CLOSED_TYPES.has(holiday.type))
      .map((holiday) => ({ date: holiday.date.slice(0, 10), name: holiday.name }))
      .filter((day) => !isWeekend(toEpochDay(day.date)));
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
