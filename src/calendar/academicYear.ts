// The academic year runs 1 September – 31 August and is named by the calendar year it starts in.
import { dateOfDay, dayFromDate, type Day } from './day.js';

export function yearStartOf(day: Day): number {
  const { year, month } = dateOfDay(day);
  return month >= 9 ? year : year - 1;
}

/** Whether a day falls in the academic year starting in yearStart: two comparisons, for hot paths. */
export function isInYear(day: Day, yearStart: number): boolean {
  return day >= firstDayOfYear(yearStart) && day <= lastDayOfYear(yearStart);
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

/**
 * Reads a year as written on the command line or in a for_year column: `2024/25`, `2024-25`,
 * `2024/2025`, `2024-2025` or `2024`. Returns the start year, or undefined.
 */
export function parseYear(text: string): number | undefined {
  const match = /^\s*(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?\s*$/.exec(text);
  if (!match) return undefined;
  const start = Number(match[1]);
  const second = match[2];
  if (second !== undefined) {
    const end = second.length === 2 ? (start + 1) % 100 : start + 1;
    if (Number(second) !== end) return undefined;
  }
  return start >= 1900 && start <= 2100 ? start : undefined;
}
