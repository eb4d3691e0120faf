/**
 * Swedish bank days (bankdagar), for the payout date of a decided application (SPEC §5).
 *
 * A bank day is Monday–Friday except the days Swedish banks are closed: the public holidays
 * (nyårsdagen, trettondedag jul, långfredagen, annandag påsk, 1 maj, Kristi himmelfärdsdag,
 * nationaldagen, juldagen, annandag jul; the rest fall on weekends) and the eves midsommarafton,
 * julafton and nyårsafton, which are not public holidays but bank-closed.
 *
 * The closed weekdays come from statutory-time.ts, the one holiday source: they are the same days
 * on which a statutory time limit cannot end (lag 1930:173, 2 §).
 *
 * Pure and deterministic, no Node imports and no clock: workflow code imports this to time the
 * payout. Dates are ISO civil dates (`YYYY-MM-DD`).
 */
import { daysInMonth, fromEpochDay, toEpochDay } from './civil-dates.js';
import { closedWeekdays, isOpenWeekday, type ClosedDay } from './statutory-time.js';

export type BankClosedDay = ClosedDay;

/** The weekdays on which Swedish banks are closed in a year, in date order, with Swedish names. */
export function bankClosedDays(year: number): BankClosedDay[] {
  return closedWeekdays(year);
}

/** True when Swedish banks are open on the date; throws on a malformed date. */
export function isBankingDay(date: string): boolean {
  return isOpenWeekday(date);
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
