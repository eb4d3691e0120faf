import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addQuarters,
  applicationDeadline,
  applicationQuarter,
  applicationWindow,
  compareDates,
  deadlineOfApplicationQuarter,
  firstDayOfNextQuarter,
  firstDayOfQuarter,
  formatQuarter,
  fromEpochDay,
  isIsoDate,
  lastDayOfQuarter,
  parseQuarter,
  quarterOf,
  toEpochDay,
} from '../../domain/quarters.js';

describe('epoch days', () => {
  it('counts days from 1970-01-01', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(toEpochDay('1970-01-02')).toBe(1);
    expect(toEpochDay('1969-12-31')).toBe(-1);
    expect(toEpochDay('2000-03-01') - toEpochDay('2000-02-28')).toBe(2);
    expect(toEpochDay('2100-03-01') - toEpochDay('2100-02-28')).toBe(1);
  });

  it('agrees with Date.UTC and round-trips for every day over four centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: -150_000, max: 150_000 }), (day) => {
        const iso = fromEpochDay(day);
        expect(iso).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
        expect(toEpochDay(iso)).toBe(day);
      }),
    );
  });

  it('rejects impossible and malformed dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-4-30')).toBe(false);
    expect(isIsoDate(20260430)).toBe(false);
    expect(() => toEpochDay('2026-13-01')).toThrow(/ogiltigt datum/);
  });

  it('adds days and compares dates by their day, not their text', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(compareDates('2026-01-01', '2025-12-31')).toBe(1);
    expect(compareDates('2026-03-05', '2026-03-05')).toBe(0);
  });
});

describe('quarters', () => {
  it('puts months into quarters Q1 Jan–Mar … Q4 Oct–Dec', () => {
    expect(quarterOf('2026-01-01')).toEqual({ year: 2026, quarter: 1 });
    expect(quarterOf('2026-03-31')).toEqual({ year: 2026, quarter: 1 });
    expect(quarterOf('2026-04-01')).toEqual({ year: 2026, quarter: 2 });
    expect(quarterOf('2026-09-30')).toEqual({ year: 2026, quarter: 3 });
    expect(quarterOf('2026-12-31')).toEqual({ year: 2026, quarter: 4 });
  });

  it('formats and parses "2026-Q3"', () => {
    expect(formatQuarter({ year: 2026, quarter: 3 })).toBe('2026-Q3');
    expect(parseQuarter('2026-Q3')).toEqual({ year: 2026, quarter: 3 });
    expect(() => parseQuarter('2026-Q5')).toThrow();
  });

  it('steps over year boundaries', () => {
    expect(addQuarters({ year: 2025, quarter: 4 }, 1)).toEqual({ year: 2026, quarter: 1 });
    expect(addQuarters({ year: 2026, quarter: 1 }, -1)).toEqual({ year: 2025, quarter: 4 });
    expect(addQuarters({ year: 2026, quarter: 2 }, 7)).toEqual({ year: 2028, quarter: 1 });
  });

  it('knows the first and last day of each quarter', () => {
    expect(firstDayOfQuarter({ year: 2026, quarter: 3 })).toBe('2026-07-01');
    expect(lastDayOfQuarter({ year: 2026, quarter: 1 })).toBe('2026-03-31');
    expect(lastDayOfQuarter({ year: 2026, quarter: 2 })).toBe('2026-06-30');
    expect(lastDayOfQuarter({ year: 2026, quarter: 3 })).toBe('2026-09-30');
    expect(lastDayOfQuarter({ year: 2026, quarter: 4 })).toBe('2026-12-31');
    expect(firstDayOfNextQuarter('2025-12-31')).toBe('2026-01-01');
    expect(firstDayOfNextQuarter('2026-02-14')).toBe('2026-04-01');
  });
});

describe('application window', () => {
  it('is the quarter after the exam: opens on its first day, deadline its last day or the next weekday', () => {
    expect(applicationWindow('2026-03-05')).toEqual({ quarter: '2026-Q2', opens: '2026-04-01', deadline: '2026-06-30' });
    expect(applicationWindow('2025-12-31')).toEqual({ quarter: '2026-Q1', opens: '2026-01-01', deadline: '2026-03-31' });
    expect(applicationWindow('2026-01-01')).toEqual({ quarter: '2026-Q2', opens: '2026-04-01', deadline: '2026-06-30' });
    expect(applicationQuarter('2026-07-15')).toBe('2026-Q4');
    // 2026-12-31 is nyårsafton, 2027-01-01 nyårsdagen (Friday): the deadline is Monday 2027-01-04 (lag 1930:173, 2 §)
    expect(applicationDeadline('2026-07-15')).toBe('2027-01-04');
    expect(deadlineOfApplicationQuarter({ year: 2026, quarter: 4 })).toBe('2027-01-04');
    expect(deadlineOfApplicationQuarter({ year: 2029, quarter: 2 })).toBe('2029-07-02'); // 2029-06-30 is a Saturday
  });

  it('gives every exam exactly one window, after its own quarter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), (day) => {
        const exam = fromEpochDay(day);
        const w = applicationWindow(exam);
        expect(toEpochDay(w.opens)).toBeGreaterThan(day);
        expect(w.opens).toBe(firstDayOfNextQuarter(exam));
        expect(toEpochDay(w.deadline)).toBeGreaterThan(toEpochDay(w.opens));
        // the last day of the window's quarter, or a few days into the next when that day is closed
        const lastDay = lastDayOfQuarter(parseQuarter(w.quarter));
        expect(firstDayOfNextQuarter(lastDay)).toBe(addDays(lastDay, 1));
        expect(toEpochDay(w.deadline) - toEpochDay(lastDay)).toBeGreaterThanOrEqual(0);
        expect(toEpochDay(w.deadline) - toEpochDay(lastDay)).toBeLessThanOrEqual(4);
        expect(formatQuarter(quarterOf(w.opens))).toBe(w.quarter);
      }),
    );
  });
});

describe('purity', () => {
  it.each(['quarters.ts', 'civil-dates.ts', 'statutory-time.ts'])('%s imports nothing from Node, so workflow code may use it', async (file) => {
    const { readFile } = await import('node:fs/promises');
    const source = await readFile(new URL(`../../domain/${file}`, import.meta.url), 'utf8');
    expect(source).not.toMatch(/from ['"]node:|require\(|Date\.now|new Date\(/);
  });
});
