// Reads a contacts row straight from the CSV engine's bytes, for the rows that are plainly fine, which
// in a real export is nearly all of them: no string is made, IDs stay byte ranges and every other cell
// is looked up by its bytes in a memo of the text reader's answers. Any row it is not sure of (a cell
// that does not read, an ID with spaces, accents or quotes in it, a child ID that could be a totals
// label or that the identifier rule would change) it leaves to the text reader, which then reads the row exactly as it would have anyway: the
// two readers never disagree, because this one only answers where the answer cannot differ.
import { CELL_QUOTED_WITH_QUOTES, type ByteCells } from '../table/cells.js';
import type { ColumnPlan } from './columns.js';
import { createContactValueReaders, isForYearTooLate, trimCell } from './contactRow.js';
import type { ContactField } from './fields.js';
import { childIdRuleFor, type ValueOptions } from './planRow.js';
import { ownKeyTestOf } from './values/childIdBytes.js';
import type { ContactBytesRow } from './records.js';
import { ByteKeyedMemo } from './values/byteCache.js';
import { isTotalsLabel, MAX_ID_CHARS } from './values/identifier.js';
import { isInvalid, type Invalid } from './values/invalid.js';
import type { Day } from '../calendar/day.js';
import { ATTENDANCES, type Attendance, type ContactType, type Discipline } from './vocabulary.js';

/** The row read, or undefined for "read it as text". The row object is reused for every call. */
export type ContactBytesReader = (record: ByteCells) => ContactBytesRow | undefined;

/** How many leading fields the bytes reader looks at: the engine need not split the rest (provider, staff, team…). */
export function contactFieldsWanted(columns: ColumnPlan<ContactField>): number {
  const { contact_id, child_id, date, minutes, discipline, attendance, contact_type, for_year } = columns;
  return Math.max(contact_id, child_id, date, minutes, discipline, attendance, contact_type, for_year) + 1;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const EMPTY_BYTES = Buffer.alloc(0);

export function createContactBytesReader(columns: ColumnPlan<ContactField>, options: ValueOptions): ContactBytesReader {
  const readers = createContactValueReaders(options);
  // Each memo answers as the text reader does for that cell, blank included; undefined: does not read.
  const orUndefined = <T>(value: T | Invalid): T | undefined => (isInvalid(value) ? undefined : value);
  const day = new ByteKeyedMemo<Day | undefined>((raw) => {
    const text = trimCell(raw);
    return text === '' ? undefined : orUndefined(readers.date(text));
  });
  const minutes = new ByteKeyedMemo<number | undefined>((raw) => {
    const text = trimCell(raw);
    return text === '' ? undefined : orUndefined(readers.minutes(text));
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
  const { contact_id: contactIdColumn, child_id: childIdColumn, date: dateColumn, minutes: minutesColumn } = columns;
  const { discipline: disciplineColumn, attendance: attendanceColumn, contact_type: contactTypeColumn, for_year: forYearColumn } = columns;

  const row: Mutable<ContactBytesRow> = {
    line: 0, day: 0, minutes: 0, discipline: 'OT', attendance: 'attended', isAttendanceBlank: true, contactType: 'direct', forYear: null,
    bytes: EMPTY_BYTES, childIdStart: 0, childIdEnd: 0, contactIdStart: 0, contactIdEnd: 0,
  };

  return (record) => {
    const { bytes, starts, ends, quoting, fieldCount } = record;

    if (childIdColumn < 0 || childIdColumn >= fieldCount || quoting[childIdColumn] === CELL_QUOTED_WITH_QUOTES) return undefined;
    const childIdStart = starts[childIdColumn]!;
    const childIdEnd = ends[childIdColumn]!;
    if (!isPlainId(bytes, childIdStart, childIdEnd) || couldBeTotalsLabel(bytes, childIdStart, childIdEnd)) return undefined;
    // Under an identifier rule, an ID the rule would change (or refuse) is the text reader's.
    if (isOwnKey !== undefined && !isOwnKey(bytes, childIdStart, childIdEnd)) return undefined;

    const readDay = cell(day, record, dateColumn);
    if (readDay === undefined) return undefined;
    const readMinutes = cell(minutes, record, minutesColumn);
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
    if (contactIdColumn >= 0 && contactIdColumn < fieldCount) {
      if (quoting[contactIdColumn] === CELL_QUOTED_WITH_QUOTES) return undefined;
      contactIdStart = starts[contactIdColumn]!;
      contactIdEnd = ends[contactIdColumn]!;
      if (contactIdEnd > contactIdStart && !isPlainId(bytes, contactIdStart, contactIdEnd)) return undefined;
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

/** "Total", "Grand total", "Subtotals"…: only an ID that starts as they do is made text and checked. */
function couldBeTotalsLabel(bytes: Buffer, start: number, end: number): boolean {
  const first = bytes[start]! | 0x20;
  return (first === 0x74 || first === 0x67 || first === 0x73) && end - start <= 14 && isTotalsLabel(bytes.toString('latin1', start, end));
}
