import { describe, expect, it } from 'vitest';
import { formatDay } from '../../../src/calendar/day.js';
import { readHalfTermName } from '../../../src/calendar/halfTerms.js';
import { buildCalendar, termIndexOf, termTimeWeeks, type YearTerms } from '../../../src/calendar/terms.js';
import { toNumber } from '../../../src/exact/rational.js';
import { defaultDeadline } from '../../../src/recovery/worklist.js';
import { day } from '../helpers.js';
import { entriesOf, problemsOf, renamed, SIX_HALF_TERMS, THREE_TERMS, yearOf, type CalendarRow } from './councilTerms.js';

function shapeOf(year: YearTerms) {
  return year.terms.map((term) => ({
    name: term.name,
    spans: term.spans.map((span) => `${formatDay(span.start)}..${formatDay(span.end)}`),
    days: term.days,
    weeks: toNumber(term.weeks),
  }));
}

/** Birmingham 2025/26 read as six halves: days and weekday weeks counted by hand. */
const GROUPED = [
  { name: 'Autumn', spans: ['2025-09-01..2025-10-24', '2025-11-03..2025-12-19'], days: 54 + 47, weeks: 8 + 7 },
  { name: 'Spring', spans: ['2026-01-05..2026-02-13', '2026-02-23..2026-03-27'], days: 40 + 33, weeks: 6 + 5 },
  { name: 'Summer', spans: ['2026-04-13..2026-05-22', '2026-06-01..2026-07-20'], days: 40 + 50, weeks: 6 + 7.2 },
];

describe('reading a row name as a half-term', () => {
  it.each([
    ['Autumn 1', 'Autumn', 1],
    ['Autumn 2', 'Autumn', 2],
    ['Autumn1', 'Autumn', 1],
    ['Autumn (2)', 'Autumn', 2],
    ['Autumn Term 1', 'Autumn', 1],
    ['autumn term - 2', 'autumn', 2],
    ['Autumn first half', 'Autumn', 1],
    ['Autumn second half', 'Autumn', 2],
    ['Autumn 1st half term', 'Autumn', 1],
    ['Autumn 2nd half-term', 'Autumn', 2],
    ['Autumn half-term 1', 'Autumn', 1],
    ['Autumn half term (2)', 'Autumn', 2],
    ['Autumn halfterm 2', 'Autumn', 2],
    ['Autumn HT1', 'Autumn', 1],
    ['Autumn A', 'Autumn', 1],
    ['Autumn B', 'Autumn', 2],
    ['Spring II', 'Spring', 2],
    ['First half of the Autumn term', 'Autumn', 1],
    ['Second half-term of Spring', 'Spring', 2],
    ['Summer: first half', 'Summer', 1],
  ])('%s is half %s of %s', (name, base, half) => {
    expect(readHalfTermName(name)).toEqual({ base, key: base.toLowerCase(), half });
  });

  it.each(['Autumn', 'Autumn Term', 'Autumn 2025', 'Summer 3', 'Term 1', 'Term 2', 'Half-term 1', 'HT2', 'A', '2', 'Spring half'])(
    '%s is not a half of a named term',
    (name) => expect(readHalfTermName(name)).toBeUndefined(),
  );
});

describe('a year listed as three terms', () => {
  it('keeps its rows as terms, each one span', () => {
    expect(shapeOf(yearOf(THREE_TERMS))).toEqual([
      { name: 'Autumn', spans: ['2025-09-01..2025-12-19'], days: 110, weeks: 16 },
      { name: 'Spring', spans: ['2026-01-05..2026-03-27'], days: 82, weeks: 12 },
      { name: 'Summer', spans: ['2026-04-13..2026-07-20'], days: 99, weeks: 14.2 },
    ]);
  });

  it('refuses three rows of which two are the halves of one term', () => {
    expect(problemsOf(SIX_HALF_TERMS.slice(0, 3))).toEqual([
      'year 2025/26 has 3 terms (Autumn 1, Autumn 2, Spring 1, on lines 2, 3, 4) but Autumn 1 and Autumn 2 read as the two halves of one term: list three terms or six half-terms',
    ]);
  });
});

describe('a year listed as six half-terms is read as three terms of two halves', () => {
  it.each([
    ['numbered', ['Autumn 1', 'Autumn 2', 'Spring 1', 'Spring 2', 'Summer 1', 'Summer 2']],
    ['with "first half"', ['Autumn first half', 'Autumn second half', 'Spring first half', 'Spring second half', 'Summer first half', 'Summer second half']],
    ['in brackets', ['Autumn (1)', 'Autumn (2)', 'Spring (1)', 'Spring (2)', 'Summer (1)', 'Summer (2)']],
    [
      'as half-term 1 and 2',
      ['Autumn half-term 1', 'Autumn half-term 2', 'Spring half-term 1', 'Spring half-term 2', 'Summer half-term 1', 'Summer half-term 2'],
    ],
    ['lettered', ['Autumn A', 'Autumn B', 'Spring A', 'Spring B', 'Summer A', 'Summer B']],
    ['in mixed styles', ['Autumn Term 1', 'autumn 2nd half', 'Spring (1)', 'Spring half term 2', 'Summer A', 'Summer B']],
  ])('grouped by name, %s', (_style, names) => {
    const grouped = shapeOf(yearOf(renamed(names)));
    expect(grouped.map((term) => term.name)).toEqual(['Autumn', 'Spring', 'Summer']);
    expect(grouped.map(({ spans, days, weeks }) => ({ spans, days, weeks }))).toEqual(GROUPED.map(({ spans, days, weeks }) => ({ spans, days, weeks })));
  });

  it('takes its term names from the rows as written', () => {
    expect(yearOf(renamed(['autumn 1', 'autumn 2', 'SPRING 1', 'SPRING 2', 'Summer term 1', 'Summer term 2'])).terms.map((term) => term.name)).toEqual([
      'autumn',
      'SPRING',
      'Summer',
    ]);
  });

  it('groups the rows in date order whatever their order in the file', () => {
    const shuffled = [5, 2, 0, 4, 1, 3].map((index) => SIX_HALF_TERMS[index]!);
    expect(shapeOf(yearOf(shuffled))).toEqual(GROUPED);
  });

  it.each([
    ['numbered 1 to 6', ['Term 1', 'Term 2', 'Term 3', 'Term 4', 'Term 5', 'Term 6']],
    ['named as half-terms 1 to 6', ['Half-term 1', 'Half-term 2', 'Half-term 3', 'Half-term 4', 'Half-term 5', 'Half-term 6']],
    ['named as halves that do not pair by name', ['Autumn 1', 'Autumn 2', 'Spring 1', 'Spring 1', 'Summer 1', 'Sumer 2']],
  ])('grouped by order when %s', (_style, names) => {
    expect(shapeOf(yearOf(renamed(names)))).toEqual(GROUPED);
  });

  it('adds up the weeks given per half, and counts weekdays for a half given none', () => {
    const weeks: CalendarRow[] = SIX_HALF_TERMS.map(([name, start, end], index) =>
      index === 5 ? [name, start, end] : [name, start, end, ['7.5', '7', '6', '5.5', '6', ''][index]!],
    );
    expect(yearOf(weeks).terms.map((term) => toNumber(term.weeks))).toEqual([14.5, 11.5, 6 + 7.2]);
  });

  it('holds a half-term holiday day in the term around it, and a day between terms in the term before', () => {
    const year = yearOf(SIX_HALF_TERMS);
    expect(termIndexOf(year, day('2025-10-29'))).toBe(0);
    expect(termIndexOf(year, day('2026-02-18'))).toBe(1);
    expect(termIndexOf(year, day('2026-05-27'))).toBe(2);
    expect(termIndexOf(year, day('2025-12-25'))).toBe(0);
    expect(termIndexOf(year, day('2026-01-05'))).toBe(1);
    expect(termIndexOf(year, day('2025-11-03'))).toBe(0);
  });

  it('counts only the days of the halves as term-time weeks', () => {
    const calendar = buildCalendar(entriesOf(SIX_HALF_TERMS));
    if (!('calendar' in calendar)) throw new Error(calendar.problems.join());
    // The whole of Autumn: 15 weeks, the half-term week none of them.
    expect(toNumber(termTimeWeeks(calendar.calendar, day('2025-09-01'), day('2025-12-31')))).toBe(15);
    // The half-term holiday alone is worth nothing.
    expect(toNumber(termTimeWeeks(calendar.calendar, day('2025-10-25'), day('2025-11-02')))).toBe(0);
    // 27 October – 31 December: all of Autumn 2, 47 of Autumn's 101 days × 15 weeks.
    expect(termTimeWeeks(calendar.calendar, day('2025-10-27'), day('2025-12-31'))).toEqual({ num: 705n, den: 101n });
  });

  it('sets the worklist deadline at the end of the next term, its second half', () => {
    const calendar = buildCalendar(entriesOf(SIX_HALF_TERMS));
    if (!('calendar' in calendar)) throw new Error(calendar.problems.join());
    expect(formatDay(defaultDeadline(calendar.calendar, day('2025-10-29')))).toBe('2026-03-27');
    expect(formatDay(defaultDeadline(calendar.calendar, day('2025-12-22')))).toBe('2026-03-27');
  });
});

describe('a year that cannot be read as three terms stops the run, naming its rows', () => {
  it.each([
    [
      4,
      [THREE_TERMS[0]!, SIX_HALF_TERMS[2]!, SIX_HALF_TERMS[3]!, THREE_TERMS[2]!],
      'year 2025/26 has 4 terms (Autumn, Spring 1, Spring 2, Summer, on lines 2, 3, 4, 5): list three terms or six half-terms',
    ],
    [
      5,
      SIX_HALF_TERMS.slice(0, 5),
      'year 2025/26 has 5 terms (Autumn 1, Autumn 2, Spring 1, Spring 2, Summer 1, on lines 2, 3, 4, 5, 6): list three terms or six half-terms',
    ],
    [
      7,
      [...SIX_HALF_TERMS, ['Summer 3', '2026-07-21', '2026-07-24'] as const],
      'year 2025/26 has 7 terms (Autumn 1, Autumn 2, Spring 1, Spring 2, Summer 1, Summer 2 and 1 more, on lines 2–8): list three terms or six half-terms',
    ],
    [1, THREE_TERMS.slice(0, 1), 'year 2025/26 has 1 term (Autumn, on line 2): list three terms or six half-terms'],
    [2, THREE_TERMS.slice(0, 2), 'year 2025/26 has 2 terms (Autumn, Spring, on lines 2, 3): list three terms or six half-terms'],
  ])('%i rows', (_count, rows, problem) => {
    expect(problemsOf(rows)).toEqual([problem]);
  });

  it('names the rows in date order when the file lists them out of order', () => {
    expect(problemsOf([THREE_TERMS[2]!, THREE_TERMS[0]!])).toEqual([
      'year 2025/26 has 2 terms (Autumn, Summer, on lines 3, 2): list three terms or six half-terms',
    ]);
  });

  it('refuses halves that overlap', () => {
    const overlapping = renamed(SIX_HALF_TERMS.map(([name]) => name));
    overlapping[1] = ['Autumn 2', '2025-10-20', '2025-12-19'];
    expect(problemsOf(overlapping)).toEqual(['terms Autumn 1 (line 2) and Autumn 2 (line 3) of 2025/26 overlap']);
  });

  it('refuses six rows whose names do not say they are half-terms', () => {
    expect(problemsOf(renamed(['Autumn', 'Winter', 'Spring', 'Easter', 'Summer', 'Late summer']))).toEqual([
      'year 2025/26 has 6 terms (Autumn, Winter, Spring, Easter, Summer, Late summer, on lines 2, 3, 4, 5, 6, 7) whose names do not read as half-terms: name them as halves (Autumn 1, Autumn 2, …) or list three terms',
    ]);
  });

  it('refuses halves whose names pair rows that are not next to each other in date order', () => {
    expect(problemsOf(renamed(['Autumn 1', 'Spring 1', 'Autumn 2', 'Spring 2', 'Summer 1', 'Summer 2']))).toEqual([
      'year 2025/26 names its half-terms in pairs that are not next to each other in date order (Autumn 1, Spring 1, Autumn 2, Spring 2, Summer 1, Summer 2, on lines 2, 3, 4, 5, 6, 7): check their dates',
    ]);
  });

  it('names a long list of rows by its first few and its lines', () => {
    const days: CalendarRow[] = Array.from({ length: 200 }, (_, index) => {
      const iso = formatDay(day('2025-09-01') + index);
      return [`Day ${index + 1}`, iso, iso, '0.2'];
    });
    expect(problemsOf(days)).toEqual([
      'year 2025/26 has 200 terms (Day 1, Day 2, Day 3, Day 4, Day 5, Day 6 and 194 more, on lines 2–201): list three terms or six half-terms',
    ]);
  });

  it('checks every year of the file, and leaves a year it does not list to the default calendar', () => {
    const twoTermsOf2024: CalendarRow[] = [
      ['Autumn', '2024-09-02', '2024-12-20'],
      ['Spring', '2025-01-06', '2025-04-04'],
    ];
    const built = buildCalendar([...entriesOf(SIX_HALF_TERMS), ...entriesOf(twoTermsOf2024, 2024, 8)]);
    expect('problems' in built && built.problems).toEqual(['year 2024/25 has 2 terms (Autumn, Spring, on lines 8, 9): list three terms or six half-terms']);
    const fine = buildCalendar(entriesOf(SIX_HALF_TERMS));
    if (!('calendar' in fine)) throw new Error(fine.problems.join());
    expect(fine.calendar.yearTerms(2026).terms.map((term) => [term.name, term.spans.length])).toEqual([
      ['Autumn', 1],
      ['Spring', 1],
      ['Summer', 1],
    ]);
  });

  it('names rows without their lines when the lines are not known', () => {
    const built = buildCalendar(entriesOf(THREE_TERMS.slice(0, 2)).map(({ line: _line, ...entry }) => entry));
    expect('problems' in built && built.problems).toEqual(['year 2025/26 has 2 terms (Autumn, Spring): list three terms or six half-terms']);
  });
});
