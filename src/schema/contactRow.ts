// Reads one contacts row (strings) into a Contact, or the first problem that stops it reading.
// This runs once per contact row — millions of times — so it reads cells by index, uses readers
// that cache per distinct string, and allocates only the record it returns.
import { yearStartOf } from '../calendar/academicYear.js';
import type { ColumnPlan } from './columns.js';
import type { ContactField } from './fields.js';
import type { Contact, RowReading } from './records.js';
import type { ValueOptions } from './planRow.js';
import { memoise } from '../memo.js';
import { readAcademicYear } from './values/academicYear.js';
import { createAttendanceReader } from './values/attendance.js';
import { createContactTypeReader } from './values/contactType.js';
import { createDateReader } from './values/dates.js';
import { createDisciplineReader } from './values/discipline.js';
import { abbreviateValue, checkIdLength, describeTotalsRow, exceptionValue, isTotalsLabel, totalsLabelReason } from './values/identifier.js';
import { createMinutesReader } from './values/duration.js';
import { isInvalid, type Invalid } from './values/invalid.js';
import type { Day } from '../calendar/day.js';
import type { Attendance, ContactType, Discipline } from './vocabulary.js';

/**
 * Reads one row. For speed, a row that reads is returned in the same reading object every time, its
 * record overwritten by the next row: a caller keeps what it needs by copying, never the object.
 */
export type ContactRowReader = (fields: readonly string[], line: number) => RowReading<Contact>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The value readers of a contacts file, over trimmed cell text; shared by the text and the bytes readers. */
export interface ContactValueReaders {
  readonly date: (text: string) => Day | Invalid;
  readonly minutes: (text: string) => number | Invalid;
  readonly discipline: (text: string) => Discipline | Invalid;
  readonly attendance: (text: string) => Attendance | Invalid;
  readonly contactType: (text: string) => ContactType | Invalid;
  /** The start year, or the reason it does not read. */
  readonly forYear: (text: string) => number | string;
}

export function createContactValueReaders(options: ValueOptions): ContactValueReaders {
  const values = options.mapping.contacts?.values;
  const forYear = memoise((text: string): number | string => {
    const parsed = readAcademicYear(text);
    return isInvalid(parsed) ? parsed.invalid : parsed;
  });
  return {
    date: createDateReader({ dateFormat: options.dateFormat ?? options.mapping.dateFormat, excelDates: options.excelDates }),
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

export function createContactRowReader(columns: ColumnPlan<ContactField>, options: ValueOptions): ContactRowReader {
  const readers = createContactValueReaders(options);
  const { date: readDate, minutes: readMinutes, discipline: readDiscipline, attendance: readAttendance, contactType: readContactType } = readers;
  const {
    contact_id: contactIdColumn,
    child_id: childIdColumn,
    date: dateColumn,
    minutes: minutesColumn,
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
  const record: Mutable<Contact> = {
    line: 0, contactId: null, childId: '', day: 0, minutes: 0, discipline: 'OT', attendance: 'attended',
    contactType: 'direct', forYear: null, provider: null, staffId: null, team: null,
  };
  const reading = { ok: true, record } as const;

  return (fields, line) => {
    const childId = cell(fields, childIdColumn);
    const fail = (field: string, value: string, reason: string): RowReading<Contact> => ({
      ok: false,
      problem: { field, value: exceptionValue(value), reason },
      childId: childId === '' ? null : childId,
    });
    if (childId === '') return fail('child_id', '', describeTotalsRow(fields.map(trimCell), 'contact') ?? 'child_id is blank: a row that is not a contact (a total or a note?)');
    const tooLong = checkIdLength('child_id', childId);
    if (tooLong !== undefined) return { ok: false, problem: { field: 'child_id', value: abbreviateValue(childId), reason: tooLong }, childId: null };
    if (isTotalsLabel(childId)) return { ok: false, problem: { field: 'child_id', value: childId, reason: totalsLabelReason('contact') }, childId: null };

    const dateText = cell(fields, dateColumn);
    if (dateText === '') return fail('date', '', 'date is blank');
    const day = readDate(dateText);
    if (isInvalid(day)) return fail('date', dateText, day.invalid);

    const minutesText = cell(fields, minutesColumn);
    if (minutesText === '') return fail('minutes', '', 'minutes is blank');
    const minutes = readMinutes(minutesText);
    if (isInvalid(minutes)) return fail('minutes', minutesText, minutes.invalid);

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
        return fail('for_year', forYearText, `for_year is later than the year the contact's date falls in: a contact can only make up for a year that has begun`);
      }
      forYear = read;
    }
    const contactId = cell(fields, contactIdColumn);
    const idTooLong = checkIdLength('contact_id', contactId);
    if (idTooLong !== undefined) return { ok: false, problem: { field: 'contact_id', value: abbreviateValue(contactId), reason: idTooLong }, childId };
    record.line = line;
    record.contactId = optional(contactId);
    record.childId = childId;
    record.day = day;
    record.minutes = minutes;
    record.discipline = discipline;
    record.attendance = attendance;
    record.contactType = contactType;
    record.forYear = forYear;
    record.provider = optional(cell(fields, providerColumn));
    record.staffId = optional(cell(fields, staffColumn));
    record.team = optional(cell(fields, teamColumn));
    return reading;
  };
}
