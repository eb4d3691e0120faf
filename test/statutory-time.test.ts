import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBankingDay } from '../domain/banking-days.js';
import {
  addDays, applicationDeadline, applicationWindow, firstDayOfQuarter, fromEpochDay, lastDayOfQuarter, parseQuarter, toEpochDay,
} from '../domain/quarters.js';
import Holidays from 'date-holidays';
import { isWeekend } from '../domain/civil-dates.js';
import { closedWeekdays, statutoryDeadline } from '../domain/statutory-time.js';
import { deadlineForQuarter } from '../services/applications.js';

// Lag (1930:173) om beräkning av lagstadgad tid, 2 §: a last day on a Saturday, Sunday or other
// allmän helgdag (lag 1989:253), or on midsommarafton, julafton or nyårsafton, moves to the next
// weekday. Every expected value below is read off the calendar by hand (weekdays and the Swedish
// holidays of each year, Easter from the almanac), never computed by the code under test.

describe('statutoryDeadline', () => {
  it.each([
    ['2026-03-11', 'an ordinary Wednesday'],
    ['2026-06-30', 'an ordinary Tuesday'],
    ['2026-04-02', 'skärtorsdagen is a weekday'],
    ['2026-01-05', 'trettondagsafton is a weekday'],
    ['2026-04-30', 'valborgsmässoafton is a weekday'],
    ['2026-10-30', 'the Friday before alla helgons dag'],
    ['2026-12-23', 'the day before julafton'],
    ['2026-05-25', 'annandag pingst has not been a holiday since 2005'],
    ['2026-06-05', 'the Friday before nationaldagen on a Saturday'],
  ])('keeps %s: %s', (date) => {
    expect(statutoryDeadline(date)).toBe(date);
  });

  it.each([
    // weekends
    ['2026-05-30', '2026-06-01', 'Saturday'],
    ['2026-05-31', '2026-06-01', 'Sunday'],
    // Easter
    ['2024-03-29', '2024-04-02', 'långfredagen 2024 → past påskdagen and annandag påsk'],
    ['2025-04-18', '2025-04-22', 'långfredagen 2025'],
    ['2026-04-03', '2026-04-07', 'långfredagen 2026'],
    ['2026-04-06', '2026-04-07', 'annandag påsk 2026'],
    ['2027-03-26', '2027-03-30', 'långfredagen 2027'],
    ['2028-04-14', '2028-04-18', 'långfredagen 2028'],
    ['2029-03-30', '2029-04-03', 'långfredagen 2029'],
    ['2030-04-19', '2030-04-23', 'långfredagen 2030'],
    // Kristi himmelfärdsdag (Thursday, 39 days after påskdagen)
    ['2024-05-09', '2024-05-10', 'Kristi himmelfärdsdag 2024'],
    ['2025-05-29', '2025-05-30', 'Kristi himmelfärdsdag 2025'],
    ['2026-05-14', '2026-05-15', 'Kristi himmelfärdsdag 2026'],
    ['2027-05-06', '2027-05-07', 'Kristi himmelfärdsdag 2027'],
    ['2028-05-25', '2028-05-26', 'Kristi himmelfärdsdag 2028'],
    ['2029-05-10', '2029-05-11', 'Kristi himmelfärdsdag 2029'],
    ['2030-05-30', '2030-05-31', 'Kristi himmelfärdsdag 2030'],
    // pingstdagen is a Sunday
    ['2026-05-24', '2026-05-25', 'pingstdagen 2026'],
    // första maj
    ['2024-05-01', '2024-05-02', 'första maj 2024 (Wednesday)'],
    ['2025-05-01', '2025-05-02', 'första maj 2025 (Thursday)'],
    ['2026-05-01', '2026-05-04', 'första maj 2026 (Friday)'],
    ['2028-05-01', '2028-05-02', 'första maj 2028 (Monday)'],
    // nationaldagen
    ['2024-06-06', '2024-06-07', 'nationaldagen 2024 (Thursday)'],
    ['2025-06-06', '2025-06-09', 'nationaldagen 2025 (Friday)'],
    ['2026-06-06', '2026-06-08', 'nationaldagen 2026 (Saturday)'],
    ['2027-06-06', '2027-06-07', 'nationaldagen 2027 (Sunday)'],
    // midsommar: midsommarafton (Friday) and midsommardagen (Saturday)
    ['2024-06-21', '2024-06-24', 'midsommarafton 2024'],
    ['2025-06-20', '2025-06-23', 'midsommarafton 2025'],
    ['2026-06-19', '2026-06-22', 'midsommarafton 2026'],
    ['2026-06-20', '2026-06-22', 'midsommardagen 2026'],
    ['2027-06-25', '2027-06-28', 'midsommarafton 2027'],
    ['2028-06-23', '2028-06-26', 'midsommarafton 2028'],
    ['2029-06-22', '2029-06-25', 'midsommarafton 2029'],
    ['2030-06-21', '2030-06-24', 'midsommarafton 2030'],
    // alla helgons dag (a Saturday)
    ['2026-10-31', '2026-11-02', 'alla helgons dag 2026'],
    ['2027-11-06', '2027-11-08', 'alla helgons dag 2027'],
    // Christmas: julafton, juldagen, annandag jul
    ['2024-12-24', '2024-12-27', 'julafton 2024 (Tuesday)'],
    ['2025-12-24', '2025-12-29', 'julafton 2025 (Wednesday) → past the weekend'],
    ['2026-12-24', '2026-12-28', 'julafton 2026 (Thursday)'],
    ['2026-12-25', '2026-12-28', 'juldagen 2026 (Friday)'],
    ['2025-12-26', '2025-12-29', 'annandag jul 2025 (Friday)'],
    ['2027-12-24', '2027-12-27', 'julafton 2027 (Friday), annandag jul on the Sunday'],
    ['2029-12-24', '2029-12-27', 'julafton 2029 (Monday)'],
    ['2030-12-24', '2030-12-27', 'julafton 2030 (Tuesday)'],
    // New Year: nyårsafton and nyårsdagen
    ['2024-12-31', '2025-01-02', 'nyårsafton 2024'],
    ['2026-01-01', '2026-01-02', 'nyårsdagen 2026 (Thursday)'],
    ['2026-12-31', '2027-01-04', 'nyårsafton 2026, nyårsdagen 2027 on the Friday'],
    ['2027-01-01', '2027-01-04', 'nyårsdagen 2027 (Friday)'],
    ['2029-01-01', '2029-01-02', 'nyårsdagen 2029 (Monday)'],
    // trettondedag jul
    ['2025-01-06', '2025-01-07', 'trettondedag jul 2025 (Monday)'],
    ['2026-01-06', '2026-01-07', 'trettondedag jul 2026 (Tuesday)'],
    ['2028-01-06', '2028-01-07', 'trettondedag jul 2028 (Thursday)'],
    ['2030-01-06', '2030-01-07', 'trettondedag jul 2030 (Sunday)'],
  ])('moves %s to %s: %s', (date, expected) => {
    expect(statutoryDeadline(date)).toBe(expected);
  });

  it('refuses a date that does not exist', () => {
    expect(() => statutoryDeadline('2026-02-30')).toThrow(RangeError);
    expect(() => statutoryDeadline('31/12/2026')).toThrow(RangeError);
  });

  it('closes exactly the days Swedish banks are closed (one holiday source)', () => {
    for (let day = toEpochDay('2024-01-01'); day <= toEpochDay('2030-12-31'); day++) {
      const date = fromEpochDay(day);
      expect(statutoryDeadline(date) === date, date).toBe(isBankingDay(date));
    }
  });
});

describe('application deadlines (SPEC §4)', () => {
  // [exam quarter, deadline]: the last day of the next quarter, moved off weekends, holidays and eves.
  it.each([
    // Q3 exams: 31 December is always nyårsafton
    ['2023-Q3', '2024-01-02', '2023-12-31 is a Sunday, nyårsdagen the Monday'],
    ['2024-Q3', '2025-01-02', 'nyårsafton (Tuesday), nyårsdagen'],
    ['2025-Q3', '2026-01-02', 'nyårsafton (Wednesday), nyårsdagen'],
    ['2026-Q3', '2027-01-04', 'nyårsafton (Thursday), nyårsdagen (Friday), weekend'],
    ['2027-Q3', '2028-01-03', 'nyårsafton (Friday), nyårsdagen (Saturday), Sunday'],
    ['2028-Q3', '2029-01-02', 'Sunday, nyårsdagen (Monday)'],
    ['2029-Q3', '2030-01-02', 'nyårsafton (Monday), nyårsdagen (Tuesday)'],
    ['2030-Q3', '2031-01-02', 'nyårsafton (Tuesday), nyårsdagen'],
    // Q4 exams: 31 March, sometimes in Easter
    ['2023-Q4', '2024-04-02', 'påskdagen 2024, annandag påsk'],
    ['2024-Q4', '2025-03-31', 'a Monday'],
    ['2025-Q4', '2026-03-31', 'a Tuesday'],
    ['2026-Q4', '2027-03-31', 'a Wednesday, after annandag påsk 2027-03-29'],
    ['2027-Q4', '2028-03-31', 'a Friday'],
    ['2028-Q4', '2029-04-03', 'påskafton, påskdagen, annandag påsk 2029'],
    ['2029-Q4', '2030-04-01', 'a Sunday'],
    // Q1 exams: 30 June
    ['2024-Q1', '2024-07-01', 'a Sunday'],
    ['2025-Q1', '2025-06-30', 'a Monday'],
    ['2026-Q1', '2026-06-30', 'a Tuesday'],
    ['2027-Q1', '2027-06-30', 'a Wednesday'],
    ['2028-Q1', '2028-06-30', 'a Friday'],
    ['2029-Q1', '2029-07-02', 'a Saturday'],
    ['2030-Q1', '2030-07-01', 'a Sunday'],
    // Q2 exams: 30 September
    ['2024-Q2', '2024-09-30', 'a Monday'],
    ['2025-Q2', '2025-09-30', 'a Tuesday'],
    ['2026-Q2', '2026-09-30', 'a Wednesday'],
    ['2027-Q2', '2027-09-30', 'a Thursday'],
    ['2028-Q2', '2028-10-02', 'a Saturday'],
    ['2029-Q2', '2029-10-01', 'a Sunday'],
    ['2030-Q2', '2030-09-30', 'a Monday'],
  ])('exams from %s: deadline %s (%s)', (examQuarter, expected) => {
    const examDay = firstDayOfQuarter(parseQuarter(examQuarter));
    expect(applicationWindow(examDay).deadline).toBe(expected);
    expect(applicationWindow(addDays(examDay, 45)).deadline).toBe(expected);
    expect(applicationDeadline(examDay)).toBe(expected);
    expect(deadlineForQuarter(examQuarter)).toBe(expected);
  });

  it('exams from Q3 2026 can be applied for until 2027-01-04, not only until nyårsafton', () => {
    expect(applicationWindow('2026-07-15')).toEqual({ quarter: '2026-Q4', opens: '2026-10-01', deadline: '2027-01-04' });
    expect(applicationDeadline('2026-09-30')).toBe('2027-01-04');
  });

  it('a Q1 deadline on Saturday 2029-06-30 moves to Monday 2029-07-02', () => {
    expect(applicationWindow('2029-02-14')).toEqual({ quarter: '2029-Q2', opens: '2029-04-01', deadline: '2029-07-02' });
  });

  it('keeps a deadline on a normal weekday', () => {
    expect(applicationWindow('2026-03-05')).toEqual({ quarter: '2026-Q2', opens: '2026-04-01', deadline: '2026-06-30' });
    expect(deadlineForQuarter('2026-Q2')).toBe('2026-09-30');
  });

  it('never puts a Q3 deadline on 31 December, nor any deadline before the quarter ends or on a closed day', () => {
    fc.assert(
      fc.property(fc.integer({ min: toEpochDay('2000-01-01'), max: toEpochDay('2099-12-31') }), (day) => {
        const exam = fromEpochDay(day);
        const { quarter, deadline } = applicationWindow(exam);
        const lastDay = lastDayOfQuarter(parseQuarter(quarter));
        expect(deadline.endsWith('-12-31')).toBe(false);
        expect(toEpochDay(deadline) - toEpochDay(lastDay)).toBeGreaterThanOrEqual(0);
        expect(toEpochDay(deadline) - toEpochDay(lastDay)).toBeLessThanOrEqual(4);
        expect(statutoryDeadline(deadline)).toBe(deadline);
      }),
    );
  });

  it('closes exactly the weekdays date-holidays lists as Swedish public holidays or bank-closed eves, 2005 (nationaldagen a holiday, annandag pingst not) – 2150', () => {
    const holidays = new Holidays('SE', { languages: ['sv'] });
    for (let year = 2005; year <= 2150; year++) {
      const expected = holidays.getHolidays(year).filter((h) => h.type === 'public' || h.type === 'bank')
        .map((h) => ({ date: h.date.slice(0, 10), name: h.name })).filter((d) => !isWeekend(toEpochDay(d.date)));
      expect(closedWeekdays(year)).toEqual(expected);
    }
  });
});
