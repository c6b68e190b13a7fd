import { describe, expect, it } from 'vitest';
import { dayFromDate, parseIsoDay, weekdayOf, type Day } from '../../../src/calendar/day.js';
import { buildSchoolYear, easterSunday } from '../../../src/generate/schoolCalendar.js';

function iso(text: string): Day {
  const day = parseIsoDay(text);
  if (day === undefined) throw new Error(`not a date: ${text}`);
  return day;
}

describe('easterSunday', () => {
  it('matches known Easter dates', () => {
    expect(easterSunday(2025)).toBe(iso('2025-04-20'));
    expect(easterSunday(2026)).toBe(iso('2026-04-05'));
    expect(easterSunday(2027)).toBe(iso('2027-03-28'));
  });
});

describe('buildSchoolYear', () => {
  const year = buildSchoolYear(2025);
  const days = year.weeks.flatMap((week) => week.days);

  it('has about 39 weeks of weekday school days inside the academic year, in order', () => {
    expect(days.length).toBeGreaterThanOrEqual(185);
    expect(days.length).toBeLessThanOrEqual(200);
    expect(days.every((day) => weekdayOf(day) < 5)).toBe(true);
    expect(days.every((day) => day >= year.first && day <= year.last)).toBe(true);
    expect(days.every((day, i) => i === 0 || day > (days[i - 1] as Day))).toBe(true);
  });

  it('leaves out the Christmas, Easter, summer and half-term holidays', () => {
    const isSchoolDay = (text: string) => days.includes(iso(text));
    expect(isSchoolDay('2025-12-24')).toBe(false);
    expect(isSchoolDay('2026-01-02')).toBe(false);
    expect(isSchoolDay('2026-04-06')).toBe(false); // Easter Monday
    expect(isSchoolDay('2026-04-01')).toBe(false); // Holy Week
    expect(isSchoolDay('2026-08-10')).toBe(false);
    expect(isSchoolDay('2025-10-29')).toBe(false);
    expect(isSchoolDay('2026-02-18')).toBe(false);
    expect(isSchoolDay('2026-05-04')).toBe(false); // early May bank holiday
    expect(isSchoolDay('2026-05-27')).toBe(false);
    expect(isSchoolDay('2025-11-12')).toBe(true);
    expect(isSchoolDay('2026-03-10')).toBe(true);
    expect(isSchoolDay('2026-06-17')).toBe(true);
  });

  it('gives each week one term and weights that sum per term', () => {
    for (const week of year.weeks) {
      expect(week.days.length).toBeGreaterThanOrEqual(1);
      expect(week.days.length).toBeLessThanOrEqual(5);
      expect(week.weight).toBe(week.days.length / 5);
      for (const index of week.nearest) expect(week.days[index]).toBeDefined();
    }
    const autumn = year.weeks.filter((week) => week.term === 0);
    expect(autumn.every((week) => week.last < dayFromDate(2026, 1, 1))).toBe(true);
    const total = year.termWeight[0] + year.termWeight[1] + year.termWeight[2];
    expect(total).toBeCloseTo(days.length / 5, 9);
  });

  it('splits a week that straddles 31 March between Spring and Summer', () => {
    const split = buildSchoolYear(2024).weeks.filter((week) => week.first <= iso('2025-04-04') && week.last >= iso('2025-03-31'));
    expect(split.map((week) => week.term)).toEqual([1, 2]);
  });
});
