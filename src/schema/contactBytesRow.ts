// Reads a contacts row straight from the CSV engine's bytes, for the rows that are plainly fine, which
// in a real export is nearly all of them: no string is made, IDs stay byte ranges and every other cell
// is looked up by its bytes in a memo of the text reader's answers. Any row it is not sure of (a cell
// that does not read, an ID with spaces, accents or quotes in it, a child ID that could be a totals
// label or that the identifier rule would change) it leaves to the text reader, which then reads the row exactly as it would have anyway: the
// two readers never disagree, because this one only answers where the answer cannot differ. A key of
// two columns (a CSDS care contact) is two byte ranges; minutes from start and end times are worked
// out from each time's memo (docs/exports.md).
import { CELL_QUOTED_WITH_QUOTES, type ByteCells } from '../table/cells.js';
import type { ContactColumnPlan } from './columns.js';
import { contactKeyColumns, createContactValueReaders, isForYearTooLate, trimCell } from './contactRow.js';
import { childIdRuleFor, type ValueOptions } from './planRow.js';
import { ownKeyTestOf } from './values/childIdBytes.js';
import { reusedContactBytesRow, type ContactBytesRow } from './records.js';
import { ByteKeyedMemo } from './values/byteCache.js';
import { minutesOfSeconds, type Moment } from './values/dateTimes.js';
import { MAX_CONTACT_MINUTES } from './values/duration.js';
import { isTotalsLabel, MAX_ID_CHARS } from './values/identifier.js';
import { isInvalid, type Invalid } from './values/invalid.js';
import type { Day } from '../calendar/day.js';
import { ATTENDANCES, type Attendance, type ContactType, type Discipline } from './vocabulary.js';

/** The row read, or undefined for "read it as text". The row object is reused for every call. */
export type ContactBytesReader = (record: ByteCells) => ContactBytesRow | undefined;

/** How many leading fields the bytes reader looks at: the engine need not split the rest (provider, staff, team…). */
export function contactFieldsWanted(columns: ContactColumnPlan): number {
  const { contact_id, child_id, date, minutes, start_time, end_time, discipline, attendance, contact_type, for_year } = columns;
  return Math.max(contact_id, ...contactKeyColumns(columns), child_id, date, minutes, start_time, end_time, discipline, attendance, contact_type, for_year) + 1;
}

const SECONDS_PER_DAY = 86_400;

const EMPTY_BYTES = Buffer.alloc(0);

export function createContactBytesReader(columns: ContactColumnPlan, options: ValueOptions): ContactBytesReader {
  const readers = createContactValueReaders(options);
  // Each memo answers as the text reader does for that cell, blank included; undefined: does not read.
  // A date, minutes or time left blank is null: another column may stand in for it.
  const orUndefined = <T>(value: T | Invalid): T | undefined => (isInvalid(value) ? undefined : value);
  const day = new ByteKeyedMemo<Day | null | undefined>((raw) => {
    const text = trimCell(raw);
    return text === '' ? null : orUndefined(readers.date(text));
  });
  const minutes = new ByteKeyedMemo<number | null | undefined>((raw) => {
    const text = trimCell(raw);
    return text === '' ? null : orUndefined(readers.minutes(text));
  });
  const moment = new ByteKeyedMemo<Moment | null | undefined>((raw) => {
    const text = trimCell(raw);
    return text === '' ? null : orUndefined(readers.moment(text));
  });
  const discipline = new ByteKeyedMemo<Discipline | undefined>((raw) => {
    const text = trimCell(raw);
    return text === '' ? 'OT' : orUndefined(readers.discipline(text));
  });
  // A blank cell reads as attended, and the run-health checks count the blank ones: one shared answer each.
  const readingOf = new Map(ATTENDANCES.map((value) => [value, { attendance: value, isBlank: false }]));
  const blankAttendance = { attendance: 'attended' as Attendance, isBlank: true };
  const attendance = new ByteKeyedMemo<{ readonly attendance: Attendance; readonly isBlank: boolean } | undefined>((raw) => {
    const text = trimCell(raw);
    if (text === '') return blankAttendance;
    const read = orUndefined(readers.attendance(text));
    return read === undefined ? undefined : readingOf.get(read);
  });
  const contactType = new ByteKeyedMemo<ContactType | undefined>((raw) => {
    const text = trimCell(raw);
    return text === '' ? 'direct' : orUndefined(readers.contactType(text));
  });
  const forYear = new ByteKeyedMemo<number | null | undefined>((raw) => {
    const text = trimCell(raw);
    if (text === '') return null;
    const read = readers.forYear(text);
    return typeof read === 'string' ? undefined : read;
  });
  const isOwnKey = ownKeyTestOf(childIdRuleFor(options, 'contacts'));
  const { child_id: childIdColumn, date: dateColumn, minutes: minutesColumn, start_time: startColumn, end_time: endColumn } = columns;
  const { discipline: disciplineColumn, attendance: attendanceColumn, contact_type: contactTypeColumn, for_year: forYearColumn } = columns;
  const keyColumns = contactKeyColumns(columns);
  // A key of one column, or of two read as two ranges; a longer key is left to the text reader.
  const contactIdColumn = keyColumns.length <= 2 ? (keyColumns[0] ?? -1) : -2;
  const keyTailColumn = keyColumns.length === 2 ? keyColumns[1]! : -1;
  const hasTimes = startColumn >= 0;

  const row = reusedContactBytesRow(EMPTY_BYTES);

  return (record) => {
    const { bytes, starts, ends, quoting, fieldCount } = record;

    if (childIdColumn < 0 || childIdColumn >= fieldCount || quoting[childIdColumn] === CELL_QUOTED_WITH_QUOTES) return undefined;
    const childIdStart = starts[childIdColumn]!;
    const childIdEnd = ends[childIdColumn]!;
    if (!isPlainId(bytes, childIdStart, childIdEnd) || couldBeTotalsLabel(bytes, childIdStart, childIdEnd)) return undefined;
    // Under an identifier rule, an ID the rule would change (or refuse) is the text reader's.
    if (isOwnKey !== undefined && !isOwnKey(bytes, childIdStart, childIdEnd)) return undefined;

    let readDay = cell(day, record, dateColumn);
    let start: Moment | null | undefined;
    if (readDay === null) {
      // No date: the start's day, when the file has start times.
      if (!hasTimes) return undefined;
      start = cell(moment, record, startColumn);
      if (start === null || start === undefined || start.day === null) return undefined;
      readDay = start.day;
    }
    if (readDay === undefined) return undefined;
    let readMinutes = cell(minutes, record, minutesColumn);
    if (readMinutes === null) {
      // No minutes: the time from start to end, held to a duration's limits (else the text reader says why not).
      if (!hasTimes || endColumn < 0) return undefined;
      start ??= cell(moment, record, startColumn);
      const end = cell(moment, record, endColumn);
      if (start === null || start === undefined || start.seconds === null || end === null || end === undefined || end.seconds === null) return undefined;
      const startDay = start.day ?? readDay;
      const between = minutesOfSeconds(((end.day ?? startDay) - startDay) * SECONDS_PER_DAY + end.seconds - start.seconds);
      if (between < 1 || between > MAX_CONTACT_MINUTES) return undefined;
      readMinutes = between;
    }
    if (readMinutes === undefined) return undefined;
    const readDiscipline = cell(discipline, record, disciplineColumn);
    if (readDiscipline === undefined) return undefined;
    const readAttendance = cell(attendance, record, attendanceColumn);
    if (readAttendance === undefined) return undefined;
    const readContactType = cell(contactType, record, contactTypeColumn);
    if (readContactType === undefined) return undefined;
    const readForYear = cell(forYear, record, forYearColumn);
    if (readForYear === undefined || (readForYear !== null && isForYearTooLate(readForYear, readDay))) return undefined;

    let contactIdStart = 0;
    let contactIdEnd = 0;
    let keyTailStart = 0;
    let keyTailEnd = 0;
    if (contactIdColumn === -2) return undefined;
    if (contactIdColumn >= 0 && contactIdColumn < fieldCount) {
      if (quoting[contactIdColumn] === CELL_QUOTED_WITH_QUOTES) return undefined;
      contactIdStart = starts[contactIdColumn]!;
      contactIdEnd = ends[contactIdColumn]!;
      if (contactIdEnd > contactIdStart && !isPlainId(bytes, contactIdStart, contactIdEnd)) return undefined;
    }
    if (keyTailColumn >= 0) {
      // Both parts there and plain, with no "/" or "\" that joining them would escape: else the text reader joins them.
      if (keyTailColumn >= fieldCount || quoting[keyTailColumn] === CELL_QUOTED_WITH_QUOTES) return undefined;
      keyTailStart = starts[keyTailColumn]!;
      keyTailEnd = ends[keyTailColumn]!;
      if (!isPlainKeyPart(bytes, contactIdStart, contactIdEnd) || !isPlainKeyPart(bytes, keyTailStart, keyTailEnd)) return undefined;
    }
    row.line = record.line;
    row.day = readDay;
    row.minutes = readMinutes;
    row.discipline = readDiscipline;
    row.attendance = readAttendance.attendance;
    row.isAttendanceBlank = readAttendance.isBlank;
    row.contactType = readContactType;
    row.forYear = readForYear;
    row.bytes = bytes;
    row.childIdStart = childIdStart;
    row.childIdEnd = childIdEnd;
    row.contactIdStart = contactIdStart;
    row.contactIdEnd = contactIdEnd;
    row.keyTailStart = keyTailStart;
    row.keyTailEnd = keyTailEnd;
    return row;
  };
}

/** A memo's answer for a column's cell; a missing column or cell is blank. (A function of its own, not a closure made per row.) */
function cell<T>(memo: ByteKeyedMemo<T>, record: ByteCells, column: number): T {
  if (column < 0 || column >= record.fieldCount) return memo.get(EMPTY_BYTES, 0, 0);
  if (record.quoting[column] === CELL_QUOTED_WITH_QUOTES) return undefined as T;
  return memo.get(record.bytes, record.starts[column]!, record.ends[column]!);
}

/** Visible ASCII only, not blank and not too long: such an ID reads the same as bytes and as trimmed text. */
function isPlainId(bytes: Uint8Array, start: number, end: number): boolean {
  if (end <= start || end - start > MAX_ID_CHARS) return false;
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (byte <= 0x20 || byte >= 0x7f) return false;
  }
  return true;
}

/** A part of a two-column key that reads the same as bytes and in the joined text: plain, and with nothing joining would escape. */
function isPlainKeyPart(bytes: Uint8Array, start: number, end: number): boolean {
  if (!isPlainId(bytes, start, end)) return false;
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (byte === 0x2f || byte === 0x5c) return false;
  }
  return true;
}

/** "Total", "Grand total", "Subtotals"…: only an ID that starts as they do is made text and checked. */
function couldBeTotalsLabel(bytes: Buffer, start: number, end: number): boolean {
  const first = bytes[start]! | 0x20;
  return (first === 0x74 || first === 0x67 || first === 0x73) && end - start <= 14 && isTotalsLabel(bytes.toString('latin1', start, end));
}
