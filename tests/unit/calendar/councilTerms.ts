// Birmingham City Council's 2025/26 term dates (fixtures/half-term-calendar/README.md), as three
// terms and as six half-terms, and a builder for calendars a test writes out row by row.
import type { CalendarTermEntry } from '../../../src/calendar/termEntry.js';
import { buildCalendar, type YearTerms } from '../../../src/calendar/terms.js';
import { parseDecimal } from '../../../src/exact/rational.js';
import { day } from '../helpers.js';

/** [term, start, end, weeks?] */
export type CalendarRow = readonly [string, string, string, string?];

export function entriesOf(rows: readonly CalendarRow[], yearStart = 2025, firstLine = 2): CalendarTermEntry[] {
  return rows.map(([name, start, end, weeks], index) => ({
    yearStart,
    name,
    start: day(start),
    end: day(end),
    weeks: weeks === undefined ? null : parseDecimal(weeks)!,
    line: firstLine + index,
  }));
}

export function yearOf(rows: readonly CalendarRow[], yearStart = 2025): YearTerms {
  const built = buildCalendar(entriesOf(rows, yearStart));
  if (!('calendar' in built)) throw new Error(built.problems.join('; '));
  return built.calendar.yearTerms(yearStart);
}

export function problemsOf(rows: readonly CalendarRow[], yearStart = 2025): string[] {
  const built = buildCalendar(entriesOf(rows, yearStart));
  return 'problems' in built ? built.problems : [];
}

export const THREE_TERMS: readonly CalendarRow[] = [
  ['Autumn', '2025-09-01', '2025-12-19'],
  ['Spring', '2026-01-05', '2026-03-27'],
  ['Summer', '2026-04-13', '2026-07-20'],
];

export const SIX_HALF_TERMS: readonly CalendarRow[] = [
  ['Autumn 1', '2025-09-01', '2025-10-24'],
  ['Autumn 2', '2025-11-03', '2025-12-19'],
  ['Spring 1', '2026-01-05', '2026-02-13'],
  ['Spring 2', '2026-02-23', '2026-03-27'],
  ['Summer 1', '2026-04-13', '2026-05-22'],
  ['Summer 2', '2026-06-01', '2026-07-20'],
];

/** The six half-terms named in another style each time, with the same dates. */
export function renamed(names: readonly string[]): CalendarRow[] {
  return SIX_HALF_TERMS.map(([, start, end, weeks], index) => (weeks === undefined ? [names[index]!, start, end] : [names[index]!, start, end, weeks]));
}
