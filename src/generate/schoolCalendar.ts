// The school days on which a generated therapist sees a child: Monday to Friday in term time.
// Holidays follow the usual English pattern (a week at each half-term, two weeks at Christmas and
// at Easter, summer from late July, the early-May bank holiday) closely enough for synthetic data;
// the reconciler itself never reads this, it uses the term calendar of docs/rules.md#term-calendar.

import { dateOfDay, dayFromDate, weekdayOf, type Day } from '../calendar/day.js';

/** Term index as the default calendar splits the year: 0 Autumn, 1 Spring, 2 Summer. */
export type TermIndex = 0 | 1 | 2;

/** The default calendar's term-time weeks: Autumn 14, Spring 12, Summer 13. */
export const DEFAULT_TERM_WEEKS: readonly [number, number, number] = [14, 12, 13];

export interface SchoolWeek {
  /** School days of the week (one to five), ascending. */
  readonly days: readonly Day[];
  readonly first: Day;
  readonly last: Day;
  readonly term: TermIndex;
  /** School days / 5: a week cut short by a bank holiday or a term boundary carries less provision. */
  readonly weight: number;
  /** For each weekday 0 (Mon) … 4 (Fri), the index in `days` of the school day nearest to it. */
  readonly nearest: readonly number[];
}

export interface SchoolYear {
  readonly yearStart: number;
  readonly first: Day;
  readonly last: Day;
  readonly weeks: readonly SchoolWeek[];
  /** Sum of week weights per term, to spread a term's sessions evenly over its school weeks. */
  readonly termWeight: readonly [number, number, number];
}

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): Day {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return dayFromDate(year, month, dayOfMonth);
}

function mondayOf(day: Day): Day {
  return day - weekdayOf(day);
}

function firstWeekdayOnOrAfter(day: Day): Day {
  const weekday = weekdayOf(day);
  return weekday >= 5 ? day + (7 - weekday) : day;
}

function lastWeekdayOnOrBefore(day: Day): Day {
  const weekday = weekdayOf(day);
  return weekday >= 5 ? day - (weekday - 4) : day;
}

function termOfMonth(month: number): TermIndex {
  if (month >= 9) return 0;
  return month <= 3 ? 1 : 2;
}

export function buildSchoolYear(yearStart: number): SchoolYear {
  const next = yearStart + 1;
  const first = dayFromDate(yearStart, 9, 1);
  const last = dayFromDate(next, 8, 31);

  const termRanges: [Day, Day][] = [
    [firstWeekdayOnOrAfter(dayFromDate(yearStart, 9, 3)), lastWeekdayOnOrBefore(dayFromDate(yearStart, 12, 19))],
    [firstWeekdayOnOrAfter(dayFromDate(next, 1, 5)), lastWeekdayOnOrBefore(dayFromDate(next, 7, 22))],
  ];
  const easter = easterSunday(next);
  const lastMondayOfMay = mondayOf(dayFromDate(next, 5, 31));
  const mayFirst = dayFromDate(next, 5, 1);
  const earlyMayBankHoliday = mayFirst + ((7 - weekdayOf(mayFirst)) % 7);
  const octoberHalfTerm = mondayOf(dayFromDate(yearStart, 10, 27));
  const februaryHalfTerm = mondayOf(dayFromDate(next, 2, 16));
  const closures: [Day, Day][] = [
    [octoberHalfTerm, octoberHalfTerm + 4],
    [februaryHalfTerm, februaryHalfTerm + 4],
    // Holy Week and Easter week; Easter Monday falls inside.
    [easter - 6, easter + 5],
    [earlyMayBankHoliday, earlyMayBankHoliday],
    [lastMondayOfMay, lastMondayOfMay + 4],
  ];

  const isSchoolDay = (day: Day): boolean => {
    if (weekdayOf(day) >= 5) return false;
    if (!termRanges.some(([from, to]) => day >= from && day <= to)) return false;
    return !closures.some(([from, to]) => day >= from && day <= to);
  };

  const weeks: SchoolWeek[] = [];
  const termWeight: [number, number, number] = [0, 0, 0];
  let current: Day[] = [];
  let currentTerm: TermIndex = 0;
  const closeWeek = (): void => {
    if (current.length === 0) return;
    const days = current;
    const nearest = [0, 1, 2, 3, 4].map((weekday) => {
      let best = 0;
      let bestDistance = Infinity;
      days.forEach((day, index) => {
        const distance = Math.abs(weekdayOf(day) - weekday);
        if (distance < bestDistance) {
          best = index;
          bestDistance = distance;
        }
      });
      return best;
    });
    const weight = days.length / 5;
    weeks.push({ days, first: days[0] as Day, last: days[days.length - 1] as Day, term: currentTerm, weight, nearest });
    termWeight[currentTerm] += weight;
    current = [];
  };

  for (let day = first; day <= last; day++) {
    if (!isSchoolDay(day)) continue;
    const term = termOfMonth(dateOfDay(day).month);
    const previous = current[current.length - 1];
    // A week that straddles 31 March keeps its two parts apart: each belongs to its own term.
    if (previous !== undefined && (mondayOf(previous) !== mondayOf(day) || term !== currentTerm)) closeWeek();
    currentTerm = term;
    current.push(day);
  }
  closeWeek();

  return { yearStart, first, last, weeks, termWeight };
}
