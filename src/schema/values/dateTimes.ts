// The start and end of a contact, for an export that gives times rather than a duration (a SystmOne
// appointment's DateStart and DateEnd): a time of day ("10:30", "10:30:00", "10.30", "2:15 pm"), a
// date and time ("03 Sep 2024 10:30:00", "2024-09-03T10:30", "03/09/2024 10:30"), or, under
// --excel-dates, Excel serials (0.4375 is 10:30; 45538.4375 is 10:30 on 3 September 2024). Minutes
// are end − start, held to the same rules as a duration column (docs/exports.md#durations-from-times).
import type { Day } from '../../calendar/day.js';
import { memoise } from '../../memo.js';
import { createDateReader, type DateReaderOptions } from './dates.js';
import { describeWholeMinutes } from './duration.js';
import { invalid, isInvalid, type Invalid } from './invalid.js';

/** A point in time as a cell gives it: its day, its time of day, or both. */
export interface Moment {
  /** The day, when the cell gives one. */
  readonly day: Day | null;
  /** Seconds since midnight, when the cell gives a time. */
  readonly seconds: number | null;
}

const SECONDS_PER_DAY = 86_400;

const EXPECTED = 'expected a time such as 10:30 or 10:30:00, or a date and time such as 03/09/2024 10:30, 03 Sep 2024 10:30:00 or 2024-09-03T10:30';
const NOT_A_TIME = invalid(`not a time: ${EXPECTED}`);

const CLOCK = String.raw`(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?\s*(?:([ap])\.?\s*m\.?)?`;
const ZONE = String.raw`(?:\s*(?:Z|(?:UTC|GMT)?[+-]\d{2}(?::?\d{2})?|UTC|GMT|BST))?`;
const TIME_OF_DAY = new RegExp(`^${CLOCK}${ZONE}$`, 'i');
/** A date, then a time after a T or spaces: the date part goes to the date reader. */
const DATE_AND_TIME = new RegExp(String.raw`^(.*?\d)(?:T|\s+)${CLOCK}${ZONE}$`, 'i');
/** Excel's time of day, a fraction of a day: 0.4375 is 10:30. */
const EXCEL_TIME = /^0?\.(\d+)$/;
/** Excel's day and time, a serial with a fraction: 45538.4375. (But "10.30" is a clock time.) */
const EXCEL_DATE_TIME = /^(\d{1,5})\.(\d+)$/;
const CLOCK_WITH_DOT = /^\d{1,2}\.\d{2}$/;
const EXCEL_SERIAL_DAY = /^\d{1,5}$/;

/** Longer than any date and time with a weekday and a zone: refused before the patterns see it. */
const MAX_MOMENT_CHARS = 100;

/** Seconds since midnight of a clock time, or why it is no time of day. */
function secondsOfClock(hoursText: string, minutesText: string, secondsText: string | undefined, half: string | undefined): number | Invalid {
  let hours = Number(hoursText);
  const minutes = Number(minutesText);
  const seconds = secondsText === undefined ? 0 : Number(secondsText);
  if (half !== undefined) {
    if (hours < 1 || hours > 12) return invalid(`not a time: there is no ${hours} o'clock ${half.toLowerCase()}m`);
    hours = (hours % 12) + (half.toLowerCase() === 'p' ? 12 : 0);
  }
  if (hours > 23 || minutes > 59 || seconds > 59) return invalid(`not a time of day: ${EXPECTED}`);
  return hours * 3600 + minutes * 60 + seconds;
}

/** A fraction of a day, as Excel stores a time, to the nearest second. */
function secondsOfDayFraction(digits: string): number {
  return Math.round(Number(`0.${digits}`) * SECONDS_PER_DAY);
}

export function createMomentReader(options: DateReaderOptions = {}): (text: string) => Moment | Invalid {
  const excelDates = options.excelDates === true;
  const readDate = createDateReader(options);
  return memoise((text: string): Moment | Invalid => {
    const trimmed = text.trim();
    if (trimmed === '') return invalid('no time given');
    if (trimmed.length > MAX_MOMENT_CHARS)
      return invalid(`not a time: ${trimmed.length.toLocaleString('en-GB')} characters is far longer than any date and time`);
    const fraction = EXCEL_TIME.exec(trimmed);
    const serial = CLOCK_WITH_DOT.test(trimmed) ? null : EXCEL_DATE_TIME.exec(trimmed);
    if (fraction !== null || serial !== null) {
      if (!excelDates) return invalid('not a time: this looks like an Excel serial (a fraction of a day for the time); set --excel-dates to read it as one');
      if (fraction !== null) return { day: null, seconds: secondsOfDayFraction(fraction[1]!) };
      const day = readDate(serial![1]!);
      if (isInvalid(day)) return day;
      const seconds = secondsOfDayFraction(serial![2]!);
      // A fraction that rounds up to a whole day is midnight of the next.
      return seconds === SECONDS_PER_DAY ? { day: day + 1, seconds: 0 } : { day, seconds };
    }
    if (EXCEL_SERIAL_DAY.test(trimmed)) {
      // A serial day alone, or its refusal without --excel-dates, as the date reader gives it.
      const day = readDate(trimmed);
      return isInvalid(day) ? day : { day, seconds: null };
    }
    const clock = TIME_OF_DAY.exec(trimmed);
    if (clock !== null) {
      const seconds = secondsOfClock(clock[1]!, clock[2]!, clock[3], clock[4]);
      return isInvalid(seconds) ? seconds : { day: null, seconds };
    }
    const dated = DATE_AND_TIME.exec(trimmed);
    if (dated !== null) {
      const day = readDate(dated[1]!);
      if (isInvalid(day)) return day;
      const seconds = secondsOfClock(dated[2]!, dated[3]!, dated[4], dated[5]);
      return isInvalid(seconds) ? seconds : { day, seconds };
    }
    const day = readDate(trimmed);
    if (!isInvalid(day)) return { day, seconds: null };
    return NOT_A_TIME;
  });
}

/** Whole minutes in a span of seconds, halves up: as a duration of 44.5 minutes counts 45. */
export function minutesOfSeconds(seconds: number): number {
  return Math.floor((seconds + 30) / 60);
}

/** Why start and end give no duration, blaming one of them, or the whole minutes between them. */
export type MinutesBetween = number | { readonly field: 'start_time' | 'end_time'; readonly reason: string };

/**
 * The minutes from `start` to `end`. A time with no day is on `day` (the contact's date) for the
 * start, and on the start's day for the end. Rounded and limited as a duration column is.
 */
export function minutesBetween(start: Moment, end: Moment, day: Day): MinutesBetween {
  if (start.seconds === null) return { field: 'start_time', reason: 'start_time has no time of day: minutes are the time from start_time to end_time' };
  if (end.seconds === null) return { field: 'end_time', reason: 'end_time has no time of day: minutes are the time from start_time to end_time' };
  const startDay = start.day ?? day;
  const endDay = end.day ?? startDay;
  const seconds = (endDay - startDay) * SECONDS_PER_DAY + end.seconds - start.seconds;
  if (seconds < 0) return { field: 'end_time', reason: 'end_time is before start_time: a contact cannot end before it starts' };
  const minutes = describeWholeMinutes(minutesOfSeconds(seconds), seconds === 0);
  return isInvalid(minutes) ? { field: 'end_time', reason: `from start_time to end_time: ${minutes.invalid}` } : minutes;
}
