/**
 * Civil dates (`YYYY-MM-DD`, no time zone) as epoch days, the days since 1970-01-01, which compare
 * and subtract exactly. The base of the date modules: quarters, statutory time, bank days.
 *
 * Pure and deterministic, no Node imports and no clock: workflow code imports this.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * True for text shaped `YYYY-MM-DD`, whether or not that day exists: only for a form that tells
 * a wrongly written date from one missing in the calendar. Everything else uses `isIsoDate`.
 */
export function hasIsoDateShape(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE.test(value);
}

/** True for a well-formed, existing calendar date such as `2024-02-29` (not 2026-02-29, not 2026-1-1). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

// Days from civil and back: Howard Hinnant's algorithms (proleptic Gregorian calendar).
function daysFromCivil(y: number, m: number, d: number): number {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yoe = year - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Days since 1970-01-01 for an ISO date; throws on a malformed or impossible date. */
export function toEpochDay(iso: string): number {
  if (!isIsoDate(iso)) throw new RangeError(`ogiltigt datum: ${JSON.stringify(iso)}`);
  return daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

/** Epoch days for an ISO date, or null when the value is not a valid date. */
export function epochDayOrNull(value: unknown): number | null {
  return isIsoDate(value) ? toEpochDay(value) : null;
}

export const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
export const pad4 = (n: number) => String(n).padStart(4, '0');

/** The ISO date of an epoch day. */
export function fromEpochDay(epochDay: number): string {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

/** The date `days` days after (or before, when negative) an ISO date. */
export function addDays(iso: string, days: number): string {
  return fromEpochDay(toEpochDay(iso) + days);
}

/** Negative, zero or positive as date a is before, equal to or after date b. */
export function compareDates(a: string, b: string): number {
  return toEpochDay(a) - toEpochDay(b);
}

/** True on Saturdays and Sundays. 1970-01-01 (epoch day 0) was a Thursday. */
export function isWeekend(epochDay: number): boolean {
  const isoWeekday = ((((epochDay + 3) % 7) + 7) % 7) + 1; // 1 = Monday … 7 = Sunday
  return isoWeekday >= 6;
}
