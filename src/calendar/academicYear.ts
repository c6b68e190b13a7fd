// The academic year runs 1 September – 31 August and is named by the calendar year it starts in.
import { dateOfDay, dayFromDate, type Day } from './day.js';

export function yearStartOf(day: Day): number {
  const { year, month } = dateOfDay(day);
  return month >= 9 ? year : year - 1;
}

export function firstDayOfYear(yearStart: number): Day {
  return dayFromDate(yearStart, 9, 1);
}

export function lastDayOfYear(yearStart: number): Day {
  return dayFromDate(yearStart + 1, 8, 31);
}

/** "2024/25" for 2024. */
export function formatYear(yearStart: number): string {
  return `${yearStart}/${String((yearStart + 1) % 100).padStart(2, '0')}`;
}
