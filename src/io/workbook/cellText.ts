// A cell's stored value as the text the rest of the tool reads, the way Excel shows it: numbers in
// plain decimals, dates and times as ISO text the date and duration readers take. docs/xlsx.md.
import type { ValueFormat } from './numberFormats.js';

const SECONDS_PER_DAY = 86_400;
const MS_PER_DAY = SECONDS_PER_DAY * 1000;
/** 1899-12-30, day 0 of the 1900 system from 1 March 1900 on, as days from 1970-01-01. */
const EPOCH_1900 = -25_569;
/** 1904-01-01, day 0 of the 1904 system (old Mac workbooks), as days from 1970-01-01. */
const EPOCH_1904 = -24_107;
/** The 1900 system counts a 29 February 1900 that never was (Lotus 1-2-3's bug, kept by Excel). */
const FICTITIOUS_LEAP_DAY = 60;
/** 9999-12-31 in the 1900 system: Excel shows no date after it. */
const LAST_SERIAL = 2_958_465;
/** Excel keeps and shows 15 significant digits. */
const SIGNIFICANT_DIGITS = 15;
const NUMBER = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/**
 * A stored number as Excel shows it in General format, without the exponent: rounded to 15
 * significant digits (so 0.1 + 0.2 is "0.3"), then the shortest decimal ("45", "0.75",
 * "4857773456", never "4.5E+1"). Text that is not a number is passed on as stored.
 */
export function numberText(stored: string): string {
  if (isPlainInteger(stored)) return stored;
  if (!NUMBER.test(stored)) return stored;
  const value = Number(Number(stored).toPrecision(SIGNIFICANT_DIGITS));
  return plainDecimal(value);
}

/** Digits only, up to 15 of them, no leading zero: already as Excel shows it (the common case). */
function isPlainInteger(stored: string): boolean {
  const length = stored.length;
  if (length === 0 || length > SIGNIFICANT_DIGITS || (stored.charCodeAt(0) === 0x30 && length > 1)) return false;
  for (let i = 0; i < length; i++) {
    const code = stored.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/** The shortest decimal of a finite number, written out in full where JavaScript would use an exponent. */
export function plainDecimal(value: number): string {
  if (value === 0) return '0'; // and -0
  const shortest = String(value);
  const exponent = /^(-?)(\d)(?:\.(\d+))?e([-+]\d+)$/.exec(shortest);
  if (exponent === null) return shortest;
  const [, sign, lead, fraction = '', power] = exponent;
  const digits = `${lead}${fraction}`;
  const point = 1 + Number(power); // where the decimal point falls in `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * A number in a date or time format: "YYYY-MM-DD" for a date, "YYYY-MM-DDTHH:MM:SS" for a date and
 * time, "HH:MM:SS" for a time of day (the date part dropped, as Excel shows it), "H:MM:SS" in whole
 * hours for an elapsed time ("[h]:mm" shows 36:00 for a day and a half). To the nearest second.
 * A serial no date can show (negative, or past 9999-12-31) stays a number, as Excel shows "####".
 */
export function serialText(stored: string, format: Exclude<ValueFormat, 'number'>, isDate1904: boolean): string {
  if (!NUMBER.test(stored)) return stored;
  const serial = Number(stored);
  if (serial < 0 || serial > LAST_SERIAL) return numberText(stored);
  const totalSeconds = Math.round(serial * SECONDS_PER_DAY);
  const days = Math.floor(totalSeconds / SECONDS_PER_DAY);
  const seconds = totalSeconds - days * SECONDS_PER_DAY;
  // Day 0 of the 1900 system is "0 January 1900" to Excel: no date, so the number is kept.
  if (days < 1 && !isDate1904 && (format === 'date' || format === 'date-time')) return numberText(stored);
  switch (format) {
    case 'time':
      return clock(seconds);
    case 'elapsed-time':
      return clock(totalSeconds);
    case 'date':
      return dayText(days, isDate1904);
    case 'date-time':
      return `${dayText(days, isDate1904)}T${clock(seconds)}`;
    default:
      return unreachable(format);
  }
}

function unreachable(format: never): never {
  throw new Error(`unknown value format ${String(format)}`);
}

function dayText(serialDay: number, isDate1904: boolean): string {
  if (isDate1904) return isoDay(serialDay + EPOCH_1904);
  if (serialDay === FICTITIOUS_LEAP_DAY) return '1900-02-29'; // what Excel shows; no date reader takes it
  // Before the fictitious day, serials are one day later than the epoch above makes them.
  return isoDay(serialDay + EPOCH_1900 + (serialDay < FICTITIOUS_LEAP_DAY ? 1 : 0));
}

function isoDay(daysFrom1970: number): string {
  const date = new Date(daysFrom1970 * MS_PER_DAY);
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

function clock(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  return `${pad(hours)}:${pad(minutes)}:${pad(totalSeconds % 60)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * A cell of type "d" (an ISO 8601 date stored as text, as some writers and strict Open XML do): the
 * date alone when its time is midnight, else the date and time, without fractions or a zone.
 */
export function storedDateText(stored: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(?:Z|[-+]\d{2}:\d{2})?)?$/.exec(stored.trim());
  if (match === null) return stored;
  const [, day, time] = match;
  if (time === undefined || /^00:00(:00)?$/.test(time)) return day!;
  return `${day}T${time.length === 5 ? `${time}:00` : time}`;
}

/** Excel's "_xHHHH_" escapes in stored text (a control character, or "_x005F_" for a literal "_"). */
export function unescapeStoredText(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
