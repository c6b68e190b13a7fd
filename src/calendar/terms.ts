// Term calendars (SPEC 2.3): the default three terms, or the council's own from --calendar.
import { add, rational, sum, type Rational } from '../exact/rational.js';
import { firstDayOfYear, lastDayOfYear, yearStartOf } from './academicYear.js';
import { dayFromDate, type Day } from './day.js';

export interface Term {
  readonly name: string;
  readonly start: Day;
  readonly end: Day;
  /** Whole days in the term, counted inclusively. */
  readonly days: number;
  /** Term-time weeks the term is worth. */
  readonly weeks: Rational;
}

export interface YearTerms {
  readonly yearStart: number;
  readonly start: Day;
  readonly end: Day;
  readonly terms: readonly Term[];
  /** Y: the sum of the terms' weeks. */
  readonly weeks: Rational;
}

export interface TermCalendar {
  yearTerms(yearStart: number): YearTerms;
}

function makeTerm(name: string, start: Day, end: Day, weeks: Rational): Term {
  return { name, start, end, days: end - start + 1, weeks };
}

function makeYear(yearStart: number, terms: readonly Term[]): YearTerms {
  return {
    yearStart,
    start: firstDayOfYear(yearStart),
    end: lastDayOfYear(yearStart),
    terms,
    weeks: sum(terms.map((term) => term.weeks)),
  };
}

export function defaultYearTerms(yearStart: number): YearTerms {
  return makeYear(yearStart, [
    makeTerm('Autumn', dayFromDate(yearStart, 9, 1), dayFromDate(yearStart, 12, 31), rational(14)),
    makeTerm('Spring', dayFromDate(yearStart + 1, 1, 1), dayFromDate(yearStart + 1, 3, 31), rational(12)),
    makeTerm('Summer', dayFromDate(yearStart + 1, 4, 1), dayFromDate(yearStart + 1, 8, 31), rational(13)),
  ]);
}

export const DEFAULT_CALENDAR: TermCalendar = { yearTerms: defaultYearTerms };

export interface CalendarTermEntry {
  readonly yearStart: number;
  readonly name: string;
  readonly start: Day;
  readonly end: Day;
  /** Null: Monday–Friday days in the range / 5, to one decimal. */
  readonly weeks: Rational | null;
}

/** Monday–Friday days in [start, end], divided by 5: always exact to one decimal. */
export function weekdayWeeks(start: Day, end: Day): Rational {
  let weekdays = 0;
  for (let day = start; day <= end; day++) {
    const weekday = (((day + 3) % 7) + 7) % 7;
    if (weekday < 5) weekdays++;
  }
  return rational(weekdays, 5);
}

/**
 * Builds a calendar from the council's terms. Returns the problems found instead when terms overlap
 * or fall outside their year, so the caller can report every one of them.
 */
export function buildCalendar(entries: readonly CalendarTermEntry[]): { calendar: TermCalendar } | { problems: string[] } {
  const byYear = new Map<number, CalendarTermEntry[]>();
  for (const entry of entries) {
    const list = byYear.get(entry.yearStart) ?? [];
    list.push(entry);
    byYear.set(entry.yearStart, list);
  }
  const problems: string[] = [];
  const years = new Map<number, YearTerms>();
  for (const [yearStart, list] of byYear) {
    const sorted = [...list].sort((a, b) => a.start - b.start);
    const first = firstDayOfYear(yearStart);
    const last = lastDayOfYear(yearStart);
    let previous: CalendarTermEntry | undefined;
    for (const entry of sorted) {
      if (entry.end < entry.start) problems.push(`term ${entry.name} of ${yearStart} ends before it starts`);
      if (entry.start < first || entry.end > last) problems.push(`term ${entry.name} of ${yearStart} lies outside the academic year (1 September – 31 August)`);
      if (previous && entry.start <= previous.end) problems.push(`terms ${previous.name} and ${entry.name} of ${yearStart} overlap`);
      previous = entry;
    }
    years.set(
      yearStart,
      makeYear(
        yearStart,
        sorted.map((entry) => makeTerm(entry.name, entry.start, entry.end, entry.weeks ?? weekdayWeeks(entry.start, entry.end))),
      ),
    );
  }
  if (problems.length > 0) return { problems };
  return { calendar: { yearTerms: (yearStart) => years.get(yearStart) ?? defaultYearTerms(yearStart) } };
}

/** The index of the term holding a day; a day between terms belongs to the term before it (or the first). */
export function termIndexOf(yearTerms: YearTerms, day: Day): number {
  let index = 0;
  for (let i = 0; i < yearTerms.terms.length; i++) {
    const term = yearTerms.terms[i];
    if (term !== undefined && term.start <= day) index = i;
  }
  return index;
}

/** Term-time weeks in [from, to] by the calendar (each term's covered fraction × its weeks), across years. */
export function termTimeWeeks(calendar: TermCalendar, from: Day, to: Day): Rational {
  let weeks = rational(0);
  if (to < from) return weeks;
  for (let yearStart = yearStartOf(from); yearStart <= yearStartOf(to); yearStart++) {
    for (const term of calendar.yearTerms(yearStart).terms) {
      const overlap = Math.min(to, term.end) - Math.max(from, term.start) + 1;
      if (overlap > 0) weeks = add(weeks, rational(BigInt(overlap) * term.weeks.num, BigInt(term.days) * term.weeks.den));
    }
  }
  return weeks;
}
