// Councils publish term dates as three terms or as six half-terms ("Autumn 1", "Autumn 2", …). A
// plan's "per term" means a third of the year whichever shape the file has, so a year listed as six
// rows is read as three terms of two halves each. The rule and its examples: docs/calendars.md.
import { formatYear } from './academicYear.js';
import type { CalendarTermEntry } from './termEntry.js';

/** One of the year's three terms: its own row, or the rows of its two half-terms in date order. */
export interface TermRows {
  readonly name: string;
  readonly rows: readonly [CalendarTermEntry] | readonly [CalendarTermEntry, CalendarTermEntry];
}

export type YearGrouping = { readonly terms: readonly TermRows[] } | { readonly problem: string };

/** What a row's name says when it names a half-term: the term it belongs to and which half. */
export interface HalfTermName {
  /** The term's name as written, without the half ("Autumn" from "Autumn Term 1"). */
  readonly base: string;
  /** The base compared without case or punctuation. */
  readonly key: string;
  readonly half: 1 | 2;
}

/** The names a year's terms get when its halves are paired by date order and their names do not say. */
const TERM_NAMES_IN_ORDER = ['Autumn', 'Spring', 'Summer'] as const;

const FIRST_HALF_WORDS = new Set(['first', '1st']);
const SECOND_HALF_WORDS = new Set(['second', '2nd']);
/** A last word that numbers the half: "Autumn 1", "Autumn (2)", "Autumn A", "Autumn II". */
const HALF_MARKS: ReadonlyMap<string, 1 | 2> = new Map([
  ['1', 1],
  ['2', 2],
  ['a', 1],
  ['b', 2],
  ['i', 1],
  ['ii', 2],
]);

/**
 * The name's words, split at spaces and punctuation and between letters and a following digit
 * ("HT1" → "HT", "1"); "halfterm" is read as "half term".
 */
function wordsOf(name: string): string[] {
  return name
    .split(/[\s\-‐–—_.,:;()[\]/]+|(?<=[A-Za-z])(?=\d)/)
    .filter((word) => word !== '')
    .flatMap((word) => (word.toLowerCase() === 'halfterm' ? ['half', 'term'] : [word]));
}

function halfOfWord(word: string | undefined): 1 | 2 | undefined {
  if (word === undefined) return undefined;
  const lower = word.toLowerCase();
  return FIRST_HALF_WORDS.has(lower) ? 1 : SECOND_HALF_WORDS.has(lower) ? 2 : undefined;
}

/**
 * Reads a row name as a half-term: "Autumn 1", "Autumn (2)", "Autumn Term 1", "Autumn first half",
 * "Autumn 2nd half-term", "Autumn half-term 1", "Autumn HT2", "Autumn A", "First half of Autumn".
 * Undefined when the name does not name a half of a named term ("Autumn", "Term 3", "Half-term 1").
 */
export function readHalfTermName(name: string): HalfTermName | undefined {
  const words = wordsOf(name);
  const lower = words.map((word) => word.toLowerCase());
  let half: 1 | 2 | undefined;
  let baseWords: string[] = [];
  const last = lower.length - 1;
  const prefixHalf = halfOfWord(lower[0]);
  if (prefixHalf !== undefined && lower[1] === 'half') {
    // "First half of the Autumn term", "Second half-term of Spring".
    let from = 2;
    for (const filler of ['term', 'of', 'the']) if (lower[from] === filler) from++;
    half = prefixHalf;
    baseWords = words.slice(from);
  } else {
    // A trailing "term" after the half ("Autumn first half term") says nothing more.
    const end = lower[last] === 'term' ? last - 1 : last;
    const wordHalf = halfOfWord(lower[end - 1]);
    const markHalf = HALF_MARKS.get(lower[last] ?? '');
    if (lower[end] === 'half' && wordHalf !== undefined) {
      half = wordHalf;
      baseWords = words.slice(0, end - 1);
    } else if (markHalf !== undefined) {
      half = markHalf;
      let baseEnd = last;
      // "Autumn half-term 1", "Autumn half 2", "Autumn HT1": the words before the number say half.
      if (lower[baseEnd - 1] === 'ht' || lower[baseEnd - 1] === 'half') baseEnd -= 1;
      else if (lower[baseEnd - 1] === 'term' && lower[baseEnd - 2] === 'half') baseEnd -= 2;
      baseWords = words.slice(0, baseEnd);
    }
  }
  if (half === undefined) return undefined;
  // "Autumn Term 1" and "Autumn 2" are halves of the same term.
  while (baseWords.length > 0 && baseWords.at(-1)!.toLowerCase() === 'term') baseWords.pop();
  if (!baseWords.some((word) => /[a-z]/i.test(word))) return undefined;
  const base = baseWords.join(' ');
  return { base, key: base.toLowerCase(), half };
}

/** True when the row's name mentions a half ("Half-term 3", "HT4"), though not of a named term. */
function mentionsHalf(name: string): boolean {
  return wordsOf(name).some((word) => ['half', 'ht'].includes(word.toLowerCase()));
}

/** The six names number the rows 1 to 6 in date order: "Term 1" … "Term 6", "T1" … "T6". */
function isNumberedOneToSix(rows: readonly CalendarTermEntry[]): boolean {
  return rows.every((row, index) => wordsOf(row.name).at(-1) === String(index + 1));
}

const LISTED_NAMES = 6;

/** "Autumn, Spring 1, Spring 2, Summer, on lines 2, 3, 4, 5": the rows a problem is about. */
function describeRows(rows: readonly CalendarTermEntry[]): string {
  const shown = rows
    .slice(0, LISTED_NAMES)
    .map((row) => row.name)
    .join(', ');
  const names = rows.length > LISTED_NAMES ? `${shown} and ${rows.length - LISTED_NAMES} more` : shown;
  const lines = rows.map((row) => row.line);
  if (lines.some((line) => line === undefined)) return names;
  const isRun = lines.every((line, index) => index === 0 || line === lines[index - 1]! + 1);
  const where =
    rows.length === 1
      ? `line ${lines[0]}`
      : isRun && rows.length > LISTED_NAMES
        ? `lines ${lines[0]}–${lines.at(-1)}`
        : `lines ${lines.slice(0, LISTED_NAMES).join(', ')}${rows.length > LISTED_NAMES ? ', …' : ''}`;
  return `${names}, on ${where}`;
}

function termsInYear(count: number): string {
  return count === 1 ? '1 term' : `${count} terms`;
}

/**
 * Decides how a year's rows make three terms: three rows are three terms; six rows are six
 * half-terms, paired by their names when the names pair them cleanly, otherwise by date order when
 * the names say they are half-terms. Any other reading stops the run, with the rows named.
 * `rows` are the year's rows in date order.
 */
export function groupYearRows(yearStart: number, rows: readonly CalendarTermEntry[]): YearGrouping {
  const year = formatYear(yearStart);
  if (rows.length === 3) {
    const pair = halvesOfOneTerm(rows);
    if (pair !== undefined) {
      return {
        problem: `year ${year} has 3 terms (${describeRows(rows)}) but ${pair[0].name} and ${pair[1].name} read as the two halves of one term: list three terms or six half-terms`,
      };
    }
    return { terms: rows.map((row) => ({ name: row.name, rows: [row] })) };
  }
  if (rows.length !== 6) return { problem: `year ${year} has ${termsInYear(rows.length)} (${describeRows(rows)}): list three terms or six half-terms` };

  const names = rows.map((row) => readHalfTermName(row.name));
  const parsed = names.every((name) => name !== undefined) ? (names as HalfTermName[]) : undefined;
  if (parsed !== undefined && pairsCleanlyByName(parsed)) {
    const inDateOrder = [0, 2, 4].every((index) => parsed[index]!.key === parsed[index + 1]!.key);
    if (!inDateOrder) {
      return { problem: `year ${year} names its half-terms in pairs that are not next to each other in date order (${describeRows(rows)}): check their dates` };
    }
    return { terms: [0, 2, 4].map((index) => ({ name: parsed[index]!.base, rows: [rows[index]!, rows[index + 1]!] })) };
  }
  const saysHalfTerms = rows.every((row, index) => names[index] !== undefined || mentionsHalf(row.name)) || isNumberedOneToSix(rows);
  if (!saysHalfTerms) {
    return {
      problem: `year ${year} has 6 terms (${describeRows(rows)}) whose names do not read as half-terms: name them as halves (Autumn 1, Autumn 2, …) or list three terms`,
    };
  }
  return {
    terms: [0, 2, 4].map((index, term) => {
      const first = names[index];
      const second = names[index + 1];
      const name = first !== undefined && first.key === second?.key ? first.base : TERM_NAMES_IN_ORDER[term]!;
      return { name, rows: [rows[index]!, rows[index + 1]!] };
    }),
  };
}

/** Three bases, each named by exactly one first half and one second half. */
function pairsCleanlyByName(names: readonly HalfTermName[]): boolean {
  const halvesByKey = new Map<string, number[]>();
  for (const name of names) halvesByKey.set(name.key, [...(halvesByKey.get(name.key) ?? []), name.half]);
  return halvesByKey.size === 3 && [...halvesByKey.values()].every((halves) => halves.length === 2 && halves.includes(1) && halves.includes(2));
}

/** Two rows of a three-row year that name the first and second halves of one term. */
function halvesOfOneTerm(rows: readonly CalendarTermEntry[]): [CalendarTermEntry, CalendarTermEntry] | undefined {
  const names = rows.map((row) => readHalfTermName(row.name));
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const a = names[i];
      const b = names[j];
      if (a !== undefined && b !== undefined && a.key === b.key && a.half !== b.half) return [rows[i]!, rows[j]!];
    }
  }
  return undefined;
}
