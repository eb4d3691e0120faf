import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from '../domain/quarters.js';
import { bankClosedDays, isBankingDay, lastBankingDayOfMonth, payoutDate } from '../domain/banking-days.js';

// Expected values are read off the calendar (weekday and Swedish holidays of each year), not the code.

describe('isBankingDay', () => {
  it.each([
    ['2026-01-01', 'nyårsdagen (Thursday)'],
    ['2026-01-06', 'trettondedag jul (Tuesday)'],
    ['2026-04-03', 'långfredagen'],
    ['2026-04-06', 'annandag påsk'],
    ['2026-05-01', 'första maj (Friday)'],
    ['2026-05-14', 'Kristi himmelfärdsdag (Thursday)'],
    ['2026-06-19', 'midsommarafton, bank-closed though not a public holiday'],
    ['2027-06-25', 'midsommarafton 2027'],
    ['2026-12-24', 'julafton (Thursday)'],
    ['2026-12-25', 'juldagen (Friday)'],
    ['2025-12-26', 'annandag jul (Friday)'],
    ['2026-12-31', 'nyårsafton (Thursday)'],
  ])('%s is not a bank day: %s', (date) => {
    expect(isBankingDay(date)).toBe(false);
  });

  it.each([
    ['2026-03-11', 'an ordinary Wednesday'],
    ['2026-01-05', 'trettondagsafton, a half day: banks open'],
    ['2026-04-30', 'valborgsmässoafton: banks open'],
    ['2026-04-02', 'skärtorsdagen'],
    ['2026-06-05', 'the Friday before nationaldagen on a Saturday (no substitute day)'],
    ['2027-06-07', 'the Monday after nationaldagen on a Sunday (no substitute day)'],
    ['2026-10-30', 'the Friday before alla helgons dag'],
  ])('%s is a bank day: %s', (date) => {
    expect(isBankingDay(date)).toBe(true);
  });

  it('closes on weekends', () => {
    expect(isBankingDay('2026-05-30')).toBe(false); // Saturday
    expect(isBankingDay('2026-05-31')).toBe(false); // Sunday
  });

  it('closes on nationaldagen when it falls on a weekday', () => {
    expect(isBankingDay('2025-06-06')).toBe(false); // Friday
  });

  it('refuses a date that does not exist', () => {
    expect(() => isBankingDay('2026-02-30')).toThrow(RangeError);
    expect(() => isBankingDay('30/12/2026')).toThrow(RangeError);
  });
});

describe('lastBankingDayOfMonth', () => {
  it.each([
    [2026, 12, '2026-12-30', '31 December is nyårsafton'],
    [2025, 12, '2025-12-30', '31 December is nyårsafton'],
    [2027, 12, '2027-12-30', 'nyårsafton is a Friday'],
    [2026, 6, '2026-06-30', 'an ordinary Tuesday'],
    [2027, 4, '2027-04-30', 'an ordinary Friday'],
    [2026, 5, '2026-05-29', 'the 31st is a Sunday'],
    [2024, 3, '2024-03-28', 'långfredagen on the 29th, then a weekend'],
    [2029, 3, '2029-03-29', 'långfredagen on the 30th, then a Saturday'],
    [2026, 1, '2026-01-30', 'the 31st is a Saturday'],
  ])('%i-%i ends on %s (%s)', (year, month, expected) => {
    expect(lastBankingDayOfMonth(year, month)).toBe(expected);
  });

  it('refuses a month outside 1–12', () => {
    expect(() => lastBankingDayOfMonth(2026, 0)).toThrow(RangeError);
    expect(() => lastBankingDayOfMonth(2026, 13)).toThrow(RangeError);
  });

  it('is a bank day of the month after which the month has none', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const last = lastBankingDayOfMonth(year, month);
        expect(isBankingDay(last)).toBe(true);
        expect(last.slice(0, 7)).toBe(`${year}-${String(month).padStart(2, '0')}`);
        for (let day = addDays(last, 1); day.slice(0, 7) === last.slice(0, 7); day = addDays(day, 1)) {
          expect(isBankingDay(day)).toBe(false);
        }
      }),
    );
  });
});

describe('payoutDate', () => {
  it('is the last bank day of the decision month', () => {
    expect(payoutDate('2026-12-01')).toBe('2026-12-30');
    expect(payoutDate('2026-06-15')).toBe('2026-06-30');
  });

  it('is the decision date when the decision is made on that day', () => {
    expect(payoutDate('2026-12-30')).toBe('2026-12-30');
  });

  it('moves to the next month when the decision comes after the last bank day', () => {
    expect(payoutDate('2026-12-31')).toBe('2027-01-29'); // nyårsafton; 30–31 January 2027 is a weekend
    expect(payoutDate('2026-05-30')).toBe('2026-06-30'); // a Saturday after Friday 29 May
  });
});

describe('bankClosedDays', () => {
  it('lists the weekdays banks are closed in 2026 with their Swedish names', () => {
    expect(bankClosedDays(2026).map((day) => day.date)).toEqual([
      '2026-01-01',
      '2026-01-06',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-06-19',
      '2026-12-24',
      '2026-12-25',
      '2026-12-31',
    ]);
    expect(bankClosedDays(2026).find((day) => day.date === '2026-06-19')?.name).toBe('midsommarafton');
  });
});
