// Contact and plan dates as English councils and NHS systems export them. Day and month are always
// read in that order: this is an English tool, and a date such as 12/25/2024 is reported, never
// turned around, because a silently swapped date moves a contact into another term or year.

// Three functions of date-fns, by their own paths: the package's index loads every one of its functions.
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parse } from 'date-fns/parse';
import { dayFromDate, daysInMonth, isValidDate, weekdayOf, type Day } from '../../calendar/day.js';
import { memoise } from '../../memo.js';
import { invalid, type Invalid } from './invalid.js';

export interface DateReaderOptions {
  /** date-fns tokens, e.g. `dd/MM/yyyy`; replaces detection. */
  readonly dateFormat?: string | undefined;
  /** Read plain numbers as Excel serial day numbers. */
  readonly excelDates?: boolean | undefined;
}

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

const EXPECTED = 'expected 2024-09-03, 03/09/2024, 3 Sep 2024 or 3 September 2024';
const NOT_A_DATE = invalid(`not a date: ${EXPECTED}`);

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const MONTHS_BY_WORD = new Map<string, number>();
MONTH_NAMES.forEach((name, index) => {
  MONTHS_BY_WORD.set(name.toLowerCase(), index + 1);
  MONTHS_BY_WORD.set(name.slice(0, 3).toLowerCase(), index + 1);
});
MONTHS_BY_WORD.set('sept', 9);

const WEEKDAYS_BY_WORD = new Map<string, number>();
WEEKDAY_NAMES.forEach((name, index) => {
  WEEKDAYS_BY_WORD.set(name.toLowerCase(), index);
  WEEKDAYS_BY_WORD.set(name.slice(0, 3).toLowerCase(), index);
});
for (const [word, index] of [
  ['tues', 1],
  ['weds', 2],
  ['thur', 3],
  ['thurs', 3],
] as const)
  WEEKDAYS_BY_WORD.set(word, index);

// A time of day may follow any date; it is ignored, and so is its zone: the date is taken as
// written, because shifting 2024-09-03T00:30+01:00 to UTC would move the contact to the day before.
const TIME = String.raw`(?:(?:T|\s+)\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:Z|(?:UTC|GMT)?[+-]\d{2}(?::?\d{2})?|UTC|GMT|BST)?)?`;
const ISO = new RegExp(String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})${TIME}$`, 'i');
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})$/;
/** YYYY-MM-DD, with a time part or not: the form a workbook's date cells are given in. */
const STRICT_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const NUMERIC_DMY = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d+)${TIME}$`, 'i');
const WEEKDAY = String.raw`(?:([a-z]+)\.?,?\s+)?`;
const NAMED_DMY = new RegExp(String.raw`^${WEEKDAY}(\d{1,2})(?:st|nd|rd|th)?[\s-]+(?:of\s+)?([a-z]+)\.?,?[\s-]+(\d+)${TIME}$`, 'i');
// "September 3, 2024" names its month, so reading it guesses nothing.
const NAMED_MDY = new RegExp(String.raw`^${WEEKDAY}([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d+)${TIME}$`, 'i');
const EXCEL_SERIAL = /^(\d{1,5})(?:\.\d+)?$/;
const TRAILING_TIME = /(?:T|\s+)\d{1,2}[:.]\d{2}.*$/i;

// Excel counts days from 1900-01-01 as serial 1 and, copying Lotus 1-2-3, believes 1900 was a
// leap year: serial 60 is a 29 February 1900 that never was, and every later serial is one ahead.
const EXCEL_DAY_ZERO_BEFORE_LEAP_BUG = dayFromDate(1899, 12, 31);
const EXCEL_DAY_ZERO_AFTER_LEAP_BUG = dayFromDate(1899, 12, 30);
const EXCEL_FICTITIOUS_LEAP_DAY = 60;
const EXCEL_LAST_SERIAL = dayFromDate(MAX_YEAR, 12, 31) - EXCEL_DAY_ZERO_AFTER_LEAP_BUG;

function readExcelSerial(serial: number): Day | Invalid {
  if (serial === EXCEL_FICTITIOUS_LEAP_DAY) {
    return invalid('Excel serial 60 is 29 February 1900, a day Excel counts but that never existed');
  }
  if (serial < 1 || serial > EXCEL_LAST_SERIAL) {
    return invalid(`Excel serial ${serial} is not a day in ${MIN_YEAR}–${MAX_YEAR} (serials run from 1 to ${EXCEL_LAST_SERIAL})`);
  }
  return serial < EXCEL_FICTITIOUS_LEAP_DAY ? EXCEL_DAY_ZERO_BEFORE_LEAP_BUG + serial : EXCEL_DAY_ZERO_AFTER_LEAP_BUG + serial;
}

function checkYear(year: number, yearText: string): Invalid | undefined {
  if (yearText.length === 2) return invalid(`two-digit year "${yearText}": write the year in full, e.g. 03/09/2024`);
  if (year < MIN_YEAR || year > MAX_YEAR) return invalid(`year ${yearText} is outside ${MIN_YEAR}–${MAX_YEAR}`);
  return undefined;
}

/** The day of a date whose fields were read in a known order; the reason when it does not exist. */
function dayOfDate(year: number, month: number, dayOfMonth: number, yearText: string): Day | Invalid {
  const badYear = checkYear(year, yearText);
  if (badYear) return badYear;
  if (month < 1 || month > 12) return invalid(`not a real date: there is no month ${month}`);
  if (dayOfMonth < 1) return invalid('not a real date: there is no day 0');
  if (!isValidDate(year, month, dayOfMonth)) {
    return invalid(`not a real date: ${MONTH_NAMES[month - 1] as string} ${year} has ${daysInMonth(year, month)} days`);
  }
  return dayFromDate(year, month, dayOfMonth);
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

function readNumericDayMonthYear(match: RegExpExecArray): Day | Invalid {
  const dayOfMonth = Number(match[1]);
  const month = Number(match[3]);
  const yearText = match[4] as string;
  const year = Number(yearText);
  if (yearText.length !== 2 && yearText.length !== 4) return NOT_A_DATE;
  if (month > 12 && month <= 31 && dayOfMonth <= 12) {
    const separator = match[2] as string;
    return invalid(
      `not a date: there is no month ${month}; dates are read day${separator}month${separator}year, never month${separator}day, ` +
        `so write ${pad2(month)}${separator}${pad2(dayOfMonth)}${separator}${yearText} if ${month} is the day`,
    );
  }
  return dayOfDate(year, month, dayOfMonth, yearText);
}

function readNamedDate(weekdayWord: string | undefined, dayText: string, monthWord: string, yearText: string): Day | Invalid {
  const month = MONTHS_BY_WORD.get(monthWord.toLowerCase());
  if (month === undefined) return NOT_A_DATE;
  let weekday: number | undefined;
  if (weekdayWord !== undefined) {
    weekday = WEEKDAYS_BY_WORD.get(weekdayWord.toLowerCase());
    if (weekday === undefined) return NOT_A_DATE;
  }
  if (yearText.length !== 2 && yearText.length !== 4) return NOT_A_DATE;
  const day = dayOfDate(Number(yearText), month, Number(dayText), yearText);
  if (typeof day !== 'number' || weekday === undefined) return day;
  const actual = weekdayOf(day);
  if (actual !== weekday) {
    return invalid(
      `not a date: ${Number(dayText)} ${MONTH_NAMES[month - 1] as string} ${yearText} was a ${WEEKDAY_NAMES[actual] as string}, not a ${WEEKDAY_NAMES[weekday] as string}`,
    );
  }
  return day;
}

/** Reads a date without a configured format: every form listed in docs/rules.md#contacts-file, in day-month order. */
function detectDate(text: string, excelDates: boolean): Day | Invalid {
  let match = ISO.exec(text);
  if (match) return dayOfDate(Number(match[1]), Number(match[2]), Number(match[3]), match[1] as string);
  match = NUMERIC_DMY.exec(text);
  if (match) return readNumericDayMonthYear(match);
  match = EXCEL_SERIAL.exec(text);
  if (match) {
    if (excelDates) return readExcelSerial(Number(match[1]));
    return invalid('not a date: this looks like an Excel serial day number; set --excel-dates to read it as one');
  }
  match = ISO_BASIC.exec(text);
  if (match) return dayOfDate(Number(match[1]), Number(match[2]), Number(match[3]), match[1] as string);
  match = NAMED_DMY.exec(text);
  if (match) return readNamedDate(match[1], match[2] as string, match[3] as string, match[4] as string);
  match = NAMED_MDY.exec(text);
  if (match) return readNamedDate(match[1], match[3] as string, match[2] as string, match[4] as string);
  return NOT_A_DATE;
}

// date-fns fills fields the format does not give from a reference date; a fixed one keeps the
// reading the same every day the tool runs.
const REFERENCE_DATE = new Date(2000, 0, 1);

function withoutLeadingZeros(text: string): string {
  return text.toLowerCase().replace(/\d+/g, (digits) => String(Number(digits)));
}

/**
 * A reader for a user-given date-fns format. Throws a plain Error (the caller makes it a usage
 * error) when the format cannot read a date of its own writing, e.g. `DD/MM/YYYY`.
 */
function compileDateFormat(dateFormat: string, excelDates: boolean): (text: string) => Day | Invalid {
  // Checked before date-fns sees the format: it warns on the console about these tokens, and
  // they are nearly always a mistake for yyyy and dd.
  if (/[YD]/.test(dateFormat.replace(/'[^']*'/g, ''))) {
    throw new Error(
      `the date format "${dateFormat}" does not read: in date-fns tokens the year is yyyy and the day of the month dd (YYYY and DD mean week-numbering years and days of the year)`,
    );
  }
  const sample = new Date(2024, 8, 3);
  let example: string;
  try {
    example = format(sample, dateFormat);
  } catch (error) {
    throw new Error(`the date format "${dateFormat}" does not read: ${(error as Error).message}`);
  }
  const readBack = parse(example, dateFormat, REFERENCE_DATE);
  if (!isValid(readBack) || readBack.getFullYear() !== 2024 || readBack.getMonth() !== 8 || readBack.getDate() !== 3) {
    throw new Error(`the date format "${dateFormat}" must give the day, the month and the year, e.g. dd/MM/yyyy`);
  }
  const formatRefused = invalid(`not a date in the format ${dateFormat} given, e.g. ${example}`);
  /**
   * A text the format does not read may still be an ISO date, which is how a date cell of a workbook
   * reads: whatever format a file's text dates have, a date stored as a date still reads. Only after
   * the format: a format that reads the text (yyyy-dd-MM) says what it means.
   */
  const notInFormat = (text: string): Day | Invalid => {
    const iso = STRICT_ISO.exec(text);
    return iso ? dayOfDate(Number(iso[1]), Number(iso[2]), Number(iso[3]), iso[1] as string) : formatRefused;
  };

  return (text: string): Day | Invalid => {
    if (excelDates) {
      const serial = EXCEL_SERIAL.exec(text);
      if (serial) return readExcelSerial(Number(serial[1]));
    }
    let source = text;
    let parsed = parse(source, dateFormat, REFERENCE_DATE);
    if (!isValid(parsed)) {
      source = text.replace(TRAILING_TIME, '');
      if (source === text) return notInFormat(text);
      parsed = parse(source, dateFormat, REFERENCE_DATE);
      if (!isValid(parsed)) return notInFormat(text);
    }
    // date-fns accepts "3/9/2024" for dd/MM/yyyy; compare without leading zeros so padding does
    // not matter but any other difference (a rolled-over or partly read date) does.
    if (withoutLeadingZeros(format(parsed, dateFormat)) !== withoutLeadingZeros(source)) return notInFormat(text);
    const year = parsed.getFullYear();
    const yearText = String(year);
    return dayOfDate(year, parsed.getMonth() + 1, parsed.getDate(), yearText.length === 2 ? yearText : yearText.padStart(4, '0'));
  };
}

/**
 * Longer than any date with a weekday, a time and a zone ("Tuesday 3rd of September 2024 09:30:00.000
 * GMT+01:00" is 52). Some patterns, date-fns's among them, are not linear in a long run of spaces, so a
 * pasted paragraph (cells run to 1 MB) would take minutes: past this length a cell is refused at once.
 */
const MAX_DATE_CHARS = 100;

export function createDateReader(options: DateReaderOptions = {}): (text: string) => Day | Invalid {
  const excelDates = options.excelDates === true;
  const dateFormat = options.dateFormat?.trim();
  const read = dateFormat ? compileDateFormat(dateFormat, excelDates) : (text: string) => detectDate(text, excelDates);
  return memoise((text: string) => {
    const trimmed = text.trim();
    if (trimmed.length > MAX_DATE_CHARS) return invalid(`not a date: ${trimmed.length.toLocaleString('en-GB')} characters is far longer than any date`);
    return read(trimmed);
  });
}
