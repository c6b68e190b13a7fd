// Reads one contacts row (strings) into a Contact, or the first problem that stops it reading.
// This runs once per contact row — millions of times — so it reads cells by index, uses readers
// that cache per distinct string, and allocates only the record it returns.
import { yearStartOf } from '../calendar/academicYear.js';
import type { ContactColumnPlan } from './columns.js';
import { reusedContact, type Contact, type RowReading } from './records.js';
import { childIdRuleFor, type ValueOptions } from './planRow.js';
import { createChildIdNormaliser } from './values/childIdRules.js';
import { memoise } from '../memo.js';
import { readAcademicYear } from './values/academicYear.js';
import { createAttendanceReader } from './values/attendance.js';
import { createContactTypeReader } from './values/contactType.js';
import { createDateReader } from './values/dates.js';
import { createMomentReader, minutesBetween, type Moment } from './values/dateTimes.js';
import { createDisciplineReader } from './values/discipline.js';
import { abbreviateValue, checkIdLength, describeTotalsId, describeTotalsRow, exceptionValue, joinContactKey } from './values/identifier.js';
import { createMinutesReader } from './values/duration.js';
import { isInvalid, type Invalid } from './values/invalid.js';
import type { Day } from '../calendar/day.js';
import type { Attendance, ContactType, Discipline } from './vocabulary.js';

/**
 * Reads one row. For speed, a row that reads is returned in the same reading object every time, its
 * record overwritten by the next row: a caller keeps what it needs by copying, never the object.
 */
export type ContactRowReader = (fields: readonly string[], line: number) => RowReading<Contact>;

/** The value readers of a contacts file, over trimmed cell text; shared by the text and the bytes readers. */
export interface ContactValueReaders {
  readonly date: (text: string) => Day | Invalid;
  readonly minutes: (text: string) => number | Invalid;
  readonly discipline: (text: string) => Discipline | Invalid;
  readonly attendance: (text: string) => Attendance | Invalid;
  readonly contactType: (text: string) => ContactType | Invalid;
  /** The start year, or the reason it does not read. */
  readonly forYear: (text: string) => number | string;
  /** A start or end time: a time of day, a date and time, or Excel serials (docs/exports.md#durations-from-times). */
  readonly moment: (text: string) => Moment | Invalid;
}

export function createContactValueReaders(options: ValueOptions): ContactValueReaders {
  const values = options.mapping.contacts?.values;
  const forYear = memoise((text: string): number | string => {
    const parsed = readAcademicYear(text);
    return isInvalid(parsed) ? parsed.invalid : parsed;
  });
  const dates = {
    dateFormat: options.dateFormat ?? options.mapping.dateFormat,
    excelDates: options.excelDates === true || options.mapping.contacts?.excelDates === true,
  };
  return {
    date: createDateReader(dates),
    moment: createMomentReader(dates),
    minutes: createMinutesReader(),
    discipline: createDisciplineReader(values?.discipline),
    attendance: createAttendanceReader(values?.attendance),
    contactType: createContactTypeReader(values?.contact_type),
    forYear,
  };
}

/**
 * A cell as the readers see it. trim() only when an end could be white space: ASCII space and
 * controls, or the no-break and other Unicode spaces (U+00A0 and up) that Excel pastes, which the
 * plans reader trims as well.
 */
export function trimCell(value: string): string {
  if (value === '') return '';
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  return first <= 32 || last <= 32 || first >= 0xa0 || last >= 0xa0 ? value.trim() : value;
}

/** A for_year later than the contact's own year: a contact can only make up for a year that has begun. */
export function isForYearTooLate(forYear: number, day: Day): boolean {
  return forYear > yearStartOf(day);
}

/** The columns of a contact's key: those a composite key names, else the contact_id column, if any. */
export function contactKeyColumns(columns: ContactColumnPlan): readonly number[] {
  return columns.contactKey ?? (columns.contact_id >= 0 ? [columns.contact_id] : []);
}

export function createContactRowReader(columns: ContactColumnPlan, options: ValueOptions): ContactRowReader {
  const readers = createContactValueReaders(options);
  const { date: readDate, minutes: readMinutes, discipline: readDiscipline, attendance: readAttendance, contactType: readContactType } = readers;
  const keyColumns = contactKeyColumns(columns);
  const {
    child_id: childIdColumn,
    date: dateColumn,
    minutes: minutesColumn,
    start_time: startColumn,
    end_time: endColumn,
    discipline: disciplineColumn,
    attendance: attendanceColumn,
    contact_type: contactTypeColumn,
    for_year: forYearColumn,
    provider: providerColumn,
    staff_id: staffColumn,
    team: teamColumn,
  } = columns;

  const cell = (fields: readonly string[], index: number): string => (index < 0 ? '' : trimCell(fields[index] ?? ''));
  const optional = (value: string): string | null => (value === '' ? null : value);
  const record = reusedContact();
  const reading = { ok: true, record } as const;

  const normaliseChildId = createChildIdNormaliser(childIdRuleFor(options, 'contacts'));

  return (fields, line) => {
    const writtenId = cell(fields, childIdColumn);
    if (writtenId === '') {
      const reason = describeTotalsRow(fields.map(trimCell), 'contact') ?? 'child_id is blank: a row that is not a contact (a total or a note?)';
      return { ok: false, problem: { field: 'child_id', value: '', reason }, childId: null };
    }
    const tooLong = checkIdLength('child_id', writtenId);
    if (tooLong !== undefined) return { ok: false, problem: { field: 'child_id', value: abbreviateValue(writtenId), reason: tooLong }, childId: null };
    const totals = describeTotalsId(writtenId, 'contact');
    if (totals !== undefined) return { ok: false, problem: { field: 'child_id', value: exceptionValue(writtenId), reason: totals }, childId: null };
    // The identifier rule (docs/operations.md#identifier-rules): after it, IDs are compared exactly.
    const childId = normaliseChildId(writtenId);
    if (isInvalid(childId)) return { ok: false, problem: { field: 'child_id', value: writtenId, reason: childId.invalid }, childId: writtenId };
    const fail = (field: string, value: string, reason: string): RowReading<Contact> => ({
      ok: false,
      problem: { field, value: exceptionValue(value), reason },
      childId,
    });

    // The date, else the start's day; the minutes, else the time from start to end (docs/exports.md#durations-from-times).
    let start: Moment | undefined;
    const readTime = (column: number, field: 'start_time' | 'end_time', reason: string): Moment | RowReading<Contact> => {
      const text = cell(fields, column);
      if (text === '') return fail(field, '', `${field} is blank: ${reason}`);
      const moment = readers.moment(text);
      return isInvalid(moment) ? fail(field, text, moment.invalid) : moment;
    };
    const dateText = cell(fields, dateColumn);
    let day: Day;
    if (dateText !== '' || startColumn < 0) {
      if (dateText === '') return fail('date', '', 'date is blank');
      const read = readDate(dateText);
      if (isInvalid(read)) return fail('date', dateText, read.invalid);
      day = read;
    } else {
      const read = readTime(startColumn, 'start_time', 'the contact has no date');
      if ('ok' in read) return read;
      if (read.day === null) return fail('start_time', cell(fields, startColumn), 'start_time has no date, and the row has no date either');
      start = read;
      day = read.day;
    }

    const minutesText = cell(fields, minutesColumn);
    let minutes: number;
    if (minutesText !== '' || startColumn < 0 || endColumn < 0) {
      if (minutesText === '') return fail('minutes', '', 'minutes is blank');
      const read = readMinutes(minutesText);
      if (isInvalid(read)) return fail('minutes', minutesText, read.invalid);
      minutes = read;
    } else {
      const why = 'minutes are the time from start_time to end_time';
      const startRead = start ?? readTime(startColumn, 'start_time', why);
      if ('ok' in startRead) return startRead;
      const endRead = readTime(endColumn, 'end_time', why);
      if ('ok' in endRead) return endRead;
      const between = minutesBetween(startRead, endRead, day);
      if (typeof between !== 'number') return fail(between.field, cell(fields, between.field === 'start_time' ? startColumn : endColumn), between.reason);
      minutes = between;
    }

    const disciplineText = cell(fields, disciplineColumn);
    let discipline: Discipline = 'OT';
    if (disciplineText !== '') {
      const read = readDiscipline(disciplineText);
      if (isInvalid(read)) return fail('discipline', disciplineText, read.invalid);
      discipline = read;
    }
    const attendanceText = cell(fields, attendanceColumn);
    let attendance: Attendance = 'attended';
    if (attendanceText !== '') {
      const read = readAttendance(attendanceText);
      if (isInvalid(read)) return fail('attendance', attendanceText, read.invalid);
      attendance = read;
    }
    const typeText = cell(fields, contactTypeColumn);
    let contactType: ContactType = 'direct';
    if (typeText !== '') {
      const read = readContactType(typeText);
      if (isInvalid(read)) return fail('contact_type', typeText, read.invalid);
      contactType = read;
    }
    const forYearText = cell(fields, forYearColumn);
    let forYear: number | null = null;
    if (forYearText !== '') {
      const read = readers.forYear(forYearText);
      if (typeof read === 'string') return fail('for_year', forYearText, read);
      if (isForYearTooLate(read, day)) {
        return fail(
          'for_year',
          forYearText,
          `for_year is later than the year the contact's date falls in: a contact can only make up for a year that has begun`,
        );
      }
      forYear = read;
    }
    let contactId = '';
    for (const column of keyColumns) {
      const part = cell(fields, column);
      const idTooLong = checkIdLength('contact_id', part);
      if (idTooLong !== undefined) return { ok: false, problem: { field: 'contact_id', value: abbreviateValue(part), reason: idTooLong }, childId };
      if (keyColumns.length === 1) contactId = part;
    }
    // A key of several columns is their values joined, "SR123/CC45"; blank in every column, no key.
    if (keyColumns.length > 1) {
      const parts = keyColumns.map((column) => cell(fields, column));
      if (parts.some((part) => part !== '')) contactId = joinContactKey(parts);
    }
    record.line = line;
    record.contactId = optional(contactId);
    record.childId = childId;
    record.day = day;
    record.minutes = minutes;
    record.discipline = discipline;
    record.attendance = attendance;
    record.isAttendanceBlank = attendanceText === '';
    record.contactType = contactType;
    record.forYear = forYear;
    record.provider = optional(cell(fields, providerColumn));
    record.staffId = optional(cell(fields, staffColumn));
    record.team = optional(cell(fields, teamColumn));
    return reading;
  };
}
