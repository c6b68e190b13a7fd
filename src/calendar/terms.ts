// Term calendars: the default three terms, or the council's own from --calendar, listed as three
// terms or as six half-terms (docs/calendars.md).
import { add, rational, sum, type Rational } from '../exact/rational.js';
import { firstDayOfYear, formatYear, lastDayOfYear, yearStartOf } from './academicYear.js';
import { dayFromDate, type Day } from './day.js';
import { groupYearRows } from './halfTerms.js';
import type { CalendarTermEntry } from './termEntry.js';

/** A run of whole days, first and last included. */
export interface TermSpan {
  readonly start: Day;
  readonly end: Day;
}

export interface Term {
  readonly name: string;
  /** The first day of the term (of its first half). */
  readonly start: Day;
  /** The last day of the term (of its second half). */
  readonly end: Day;
  /**
   * The days the term counts, in date order: [start, end] itself, or its two half-terms. The
   * half-term holiday between two halves lies in the term (a contact then is the term's) but in
   * neither half, so it accrues no entitlement.
   */
  readonly spans: readonly TermSpan[];
  /** Whole days in the term's spans, counted inclusively. */
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
  return { name, start, end, spans: [{ start, end }], days: end - start + 1, weeks };
}

/** A term of two half-terms: its days and weeks are theirs, the holiday between them counts for nothing. */
function makeTermOfHalves(name: string, first: TermSpan, second: TermSpan, weeks: Rational): Term {
  const spans = [first, second].map(({ start, end }) => ({ start, end }));
  return { name, start: first.start, end: second.end, spans, days: first.end - first.start + 1 + (second.end - second.start + 1), weeks };
}

/** Days of [from, to] inside the term's spans (so none of its half-term holiday). */
export function coveredDaysOf(term: Term, from: Day, to: Day): number {
  let covered = 0;
  for (const span of term.spans) {
    const overlap = Math.min(to, span.end) - Math.max(from, span.start) + 1;
    if (overlap > 0) covered += overlap;
  }
  return covered;
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

/** Monday–Friday days in [start, end], divided by 5: always exact to one decimal. */
export function weekdayWeeks(start: Day, end: Day): Rational {
  let weekdays = 0;
  for (let day = start; day <= end; day++) {
    const weekday = (((day + 3) % 7) + 7) % 7;
    if (weekday < 5) weekdays++;
  }
  return rational(weekdays, 5);
}

/** "Autumn 1 (line 4)", or the bare name where the line is not known. */
function describeRow(entry: CalendarTermEntry): string {
  return entry.line === undefined ? entry.name : `${entry.name} (line ${entry.line})`;
}

function weeksOfRow(entry: CalendarTermEntry): Rational {
  return entry.weeks ?? weekdayWeeks(entry.start, entry.end);
}

/**
 * Builds a calendar from the council's rows: per year three terms, or six half-terms read as three
 * terms of two halves. Returns the problems found instead (rows that overlap, fall outside their year
 * or cannot be read as three terms), so the caller can report every one of them.
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
    const year = formatYear(yearStart);
    let previous: CalendarTermEntry | undefined;
    for (const entry of sorted) {
      if (entry.end < entry.start) problems.push(`term ${describeRow(entry)} of ${year} ends before it starts`);
      if (entry.start < first || entry.end > last)
        problems.push(`term ${describeRow(entry)} of ${year} lies outside the academic year (1 September – 31 August)`);
      if (previous && entry.start <= previous.end) problems.push(`terms ${describeRow(previous)} and ${describeRow(entry)} of ${year} overlap`);
      previous = entry;
    }
    const grouping = groupYearRows(yearStart, sorted);
    if ('problem' in grouping) {
      problems.push(grouping.problem);
      continue;
    }
    years.set(
      yearStart,
      makeYear(
        yearStart,
        grouping.terms.map(({ name, rows }) => {
          if (rows.length === 1) return makeTerm(name, rows[0].start, rows[0].end, weeksOfRow(rows[0]));
          const [firstHalf, secondHalf] = rows;
          return makeTermOfHalves(name, firstHalf, secondHalf, add(weeksOfRow(firstHalf), weeksOfRow(secondHalf)));
        }),
      ),
    );
  }
  if (problems.length > 0) return { problems };
  return { calendar: { yearTerms: (yearStart) => years.get(yearStart) ?? defaultYearTerms(yearStart) } };
}

/**
 * The index of the term holding a day. A day between two terms belongs to the term before it (or the
 * first), and a day of a half-term holiday to the term around it.
 */
export function termIndexOf(yearTerms: YearTerms, day: Day): number {
  let index = 0;
  for (let i = 0; i < yearTerms.terms.length; i++) {
    const term = yearTerms.terms[i];
    if (term !== undefined && term.start <= day) index = i;
  }
  return index;
}

/**
 * The first day on or after `day` that lies in a term (in a half, when the term has two), or null when
 * none of the year's terms has one: the first day from which provision starting on `day` accrues.
 */
export function firstTermDayFrom(yearTerms: YearTerms, day: Day): Day | null {
  let first: Day | null = null;
  for (const term of yearTerms.terms) {
    for (const span of term.spans) {
      if (span.end < day) continue;
      const candidate = Math.max(day, span.start);
      if (first === null || candidate < first) first = candidate;
    }
  }
  return first;
}

/**
 * Term-time weeks in [from, to] by the calendar (each term's covered fraction × its weeks), across
 * years; days of a half-term holiday count for nothing.
 */
export function termTimeWeeks(calendar: TermCalendar, from: Day, to: Day): Rational {
  let weeks = rational(0);
  if (to < from) return weeks;
  for (let yearStart = yearStartOf(from); yearStart <= yearStartOf(to); yearStart++) {
    for (const term of calendar.yearTerms(yearStart).terms) {
      const covered = coveredDaysOf(term, from, to);
      if (covered > 0) weeks = add(weeks, rational(BigInt(covered) * term.weeks.num, BigInt(term.days) * term.weeks.den));
    }
  }
  return weeks;
}
