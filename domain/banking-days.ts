/**
 * Swedish bank days (bankdagar), for the payout date of a decided application (SPEC §5).
 *
 * A bank day is Monday–Friday except the days Swedish banks are closed: the public holidays
 * (nyårsdagen, trettondedag jul, långfredagen, annandag påsk, 1 maj, Kristi himmelfärdsdag,
 * nationaldagen, juldagen, annandag jul; the rest fall on weekends) and the eves midsommarafton,
 * julafton and nyårsafton, which are not public holidays but bank-closed.
 *
 * The holidays come from `date-holidays`, which marks the public ones `public` and the three
 * bank-closed eves `bank`; both count as closed. Half days such as trettondagsafton and
 * valborgsmässoafton are `optional` there and banks are open.
 *
 * Pure and deterministic, no Node imports and no clock: workflow code imports this to time the
 * payout. Dates are ISO civil dates (`YYYY-MM-DD`).
 */
import Holidays from 'date-holidays';
import { daysInMonth, fromEpochDay, toEpochDay } from './quarters.js';

export type BankClosedDay = { date: string; name: string };

const CLOSED_TYPES = new Set(['public', 'bank']);

let swedishHolidays: Holidays | undefined;
const closedDaysByYear = new Map<number, BankClosedDay[]>();

/** The weekdays on which Swedish banks are closed in a year, in date order, with Swedish names. */
export function bankClosedDays(year: number): BankClosedDay[] {
  let days = closedDaysByYear.get(year);
  if (!days) {
    // Built on first use, not at import, so workflow code that never pays out does not pay for it.
    swedishHolidays ??= new Holidays('SE', { languages: ['sv'] });
    // `date` is the local civil date in Sweden ("2026-06-19 00:00:00"), independent of the host's zone.
    days = swedishHolidays
      .getHolidays(year)
      .filter((holiday) => CLOSED_TYPES.has(holiday.type))
      .map((holiday) => ({ date: holiday.date.slice(0, 10), name: holiday.name }))
      .filter((day) => !isWeekend(toEpochDay(day.date)));
    closedDaysByYear.set(year, days);
  }
  return days;
}

// 1970-01-01 (epoch day 0) was a Thursday.
function isWeekend(epochDay: number): boolean {
  const isoWeekday = ((((epochDay + 3) % 7) + 7) % 7) + 1; // 1 = Monday … 7 = Sunday
  return isoWeekday >= 6;
}

/** True when Swedish banks are open on the date; throws on a malformed date. */
export function isBankingDay(date: string): boolean {
  const epochDay = toEpochDay(date);
  if (isWeekend(epochDay)) return false;
  return !bankClosedDays(Number(date.slice(0, 4))).some((day) => day.date === date);
}

/** The last bank day of a month (month 1–12), e.g. `2026-12-30` for December 2026. */
export function lastBankingDayOfMonth(year: number, month: number): string {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`ogiltig månad: ${year}-${month}`);
  }
  const monthText = String(month).padStart(2, '0');
  const firstDay = toEpochDay(`${String(year).padStart(4, '0')}-${monthText}-01`);
  // Every month has bank days (at most a handful of closed weekdays in a row), so this ends in the month.
  for (let day = firstDay + daysInMonth(year, month) - 1; day >= firstDay; day--) {
    const date = fromEpochDay(day);
    if (isBankingDay(date)) return date;
  }
  throw new RangeError(`ingen bankdag i ${year}-${monthText}`);
}

/**
 * The payout date of a decision: the last bank day of the month the decision is made in (SPEC §5),
 * possibly the decision date itself.
 *
 * A decision made after that day — on a weekend or bank-closed day at the end of the month, e.g.
 * on nyårsafton or on Saturday 30 May 2026 (an automatic decision can fall on any day) — is paid
 * out on the last bank day of the following month, since a payout never precedes its decision.
 */
export function payoutDate(decisionDate: string): string {
  const year = Number(decisionDate.slice(0, 4));
  const month = Number(decisionDate.slice(5, 7));
  toEpochDay(decisionDate); // validates the date
  const sameMonth = lastBankingDayOfMonth(year, month);
  if (sameMonth >= decisionDate) return sameMonth;
  return month === 12 ? lastBankingDayOfMonth(year + 1, 1) : lastBankingDayOfMonth(year, month + 1);
}
