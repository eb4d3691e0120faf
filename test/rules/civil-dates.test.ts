import { describe, expect, it } from 'vitest';
import { hasIsoDateShape, isIsoDate } from '../../domain/civil-dates.js';
import { formatStockholmDateTime, stockholmDate } from '../../domain/stockholm-time.js';

describe('isIsoDate', () => {
  it('accepts 29 February in a leap year and refuses it in other years', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
  });

  it('refuses days that are not in the calendar', () => {
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-00-10')).toBe(false);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-01-00')).toBe(false);
    expect(isIsoDate('2026-12-31')).toBe(true);
  });

  it('refuses dates not written YYYY-MM-DD', () => {
    for (const value of ['2026-1-1', '26-01-01', '2026/01/01', ' 2026-01-01', '2026-01-01T00:00', '', 20260101, null, undefined]) {
      expect(isIsoDate(value), String(value)).toBe(false);
    }
  });

  it('tells a wrongly written date from one missing in the calendar', () => {
    expect(hasIsoDateShape('2026-02-30')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(hasIsoDateShape('2026-1-1')).toBe(false);
  });
});

describe('Stockholm time', () => {
  it('gives the Swedish date and wall-clock time on both sides of the summer-time changes', () => {
    expect(stockholmDate(Date.parse('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
    expect(formatStockholmDateTime('2026-03-29T00:59:59Z', { seconds: true })).toBe('2026-03-29 01:59:59');
    expect(formatStockholmDateTime('2026-03-29T01:00:00Z', { seconds: true })).toBe('2026-03-29 03:00:00');
    expect(formatStockholmDateTime(new Date('2026-10-25T00:30:00Z'))).toBe('2026-10-25 02:30');
    expect(formatStockholmDateTime(Date.parse('2026-10-25T01:30:00Z'))).toBe('2026-10-25 02:30');
    expect(formatStockholmDateTime('2026-12-31T23:05:00Z')).toBe('2027-01-01 00:05');
  });

  it('formats as the sv-SE Intl format in the Europe/Stockholm zone does', () => {
    const intl = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2032, 0, 1); t += 7_777_777) {
      expect(formatStockholmDateTime(t, { seconds: true })).toBe(intl.format(t));
    }
  });

  it('refuses an instant that is not one', () => {
    expect(() => formatStockholmDateTime('i går')).toThrow(RangeError);
  });
});
