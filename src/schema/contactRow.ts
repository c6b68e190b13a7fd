// Reads one contacts row (strings) into a Contact, or the first problem that stops it reading.
// This runs once per contact row — millions of times — so it reads cells by index, uses readers
// that cache per distinct string, and allocates only the record it returns.
import { yearStartOf } from '../calendar/academicYear.js';
import type { ColumnPlan } from './columns.js';
import type { ContactField } from './fields.js';
import type { Contact, RowReading } from './records.js';
import type { ValueOptions } from './planRow.js';
import { readAcademicYear } from './values/academicYear.js';
import { createAttendanceReader } from './values/attendance.js';
import { createContactTypeReader } from './values/contactType.js';
import { createDateReader } from './values/dates.js';
import { createDisciplineReader } from './values/discipline.js';
import { createMinutesReader } from './values/duration.js';
import { isInvalid } from './values/invalid.js';
import type { Attendance, ContactType, Discipline } from './vocabulary.js';

export type ContactRowReader = (fields: readonly string[], line: number) => RowReading<Contact>;

export function createContactRowReader(columns: ColumnPlan<ContactField>, options: ValueOptions): ContactRowReader {
  const values = options.mapping.contacts?.values;
  const readDate = createDateReader({ dateFormat: options.dateFormat ?? options.mapping.dateFormat, excelDates: options.excelDates });
  const readMinutes = createMinutesReader();
  const readDiscipline = createDisciplineReader(values?.discipline);
  const readAttendance = createAttendanceReader(values?.attendance);
  const readContactType = createContactTypeReader(values?.contact_type);
  const forYears = new Map<string, number | string>();
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

  const cell = (fields: readonly string[], index: number): string => {
    if (index < 0) return '';
    const value = fields[index];
    if (value === undefined || value === '') return '';
    const first = value.charCodeAt(0);
    const last = value.charCodeAt(value.length - 1);
    return first <= 32 || last <= 32 ? value.trim() : value;
  };
  const optional = (value: string): string | null => (value === '' ? null : value);

  return (fields, line) => {
    const childId = cell(fields, childIdColumn);
    const fail = (field: string, value: string, reason: string): RowReading<Contact> => ({
      ok: false,
      problem: { field, value, reason },
      childId: childId === '' ? null : childId,
    });
    if (childId === '') return fail('child_id', '', 'child_id is blank: a row that is not a contact (a total or a note?)');

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
      let read = forYears.get(forYearText);
      if (read === undefined) {
        const parsed = readAcademicYear(forYearText);
        read = isInvalid(parsed) ? parsed.invalid : parsed;
        forYears.set(forYearText, read);
      }
      if (typeof read === 'string') return fail('for_year', forYearText, read);
      if (read > yearStartOf(day)) {
        return fail('for_year', forYearText, `for_year is later than the year the contact's date falls in: a contact can only make up for a year that has begun`);
      }
      forYear = read;
    }
    return {
      ok: true,
      record: {
        line,
        contactId: optional(cell(fields, contactIdColumn)),
        childId,
        day,
        minutes,
        discipline,
        attendance,
        contactType,
        forYear,
        provider: optional(cell(fields, providerColumn)),
        staffId: optional(cell(fields, staffColumn)),
        team: optional(cell(fields, teamColumn)),
      },
    };
  };
}
