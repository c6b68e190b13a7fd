// Typed records of the two input files, as the value readers produce them from rows of strings.
import type { Day } from '../calendar/day.js';
import type { Rational } from '../exact/rational.js';
import type { Attendance, ContactType, Discipline, Frequency, Funding } from './vocabulary.js';

/** How much provision a line specifies, per frequency unit (docs/rules.md#plans-file). */
export type Quantity =
  | { readonly form: 'sessions'; readonly sessions: Rational; readonly sessionMinutes: Rational; readonly frequency: Frequency }
  | { readonly form: 'hours'; readonly hours: Rational; readonly frequency: Frequency };

export interface PlanLine {
  /** Line number in the file as an editor shows it (the header is line 1). */
  readonly line: number;
  readonly childId: string;
  readonly provisionId: string | null;
  readonly discipline: Discipline;
  readonly quantity: Quantity;
  readonly start: Day;
  readonly end: Day | null;
  readonly provider: string | null;
  readonly locality: string | null;
  readonly commissioner: string | null;
  readonly funding: Funding;
  readonly establishment: string | null;
  readonly section: string;
}

export interface Contact {
  readonly line: number;
  readonly contactId: string | null;
  readonly childId: string;
  readonly day: Day;
  /** Whole minutes, 1..600. */
  readonly minutes: number;
  readonly discipline: Discipline;
  readonly attendance: Attendance;
  /** The attendance cell was blank (or the file has no attendance column), so it reads as attended. */
  readonly isAttendanceBlank: boolean;
  readonly contactType: ContactType;
  /** Start year of the academic year named in for_year (2024 for "2024/25"), or null. */
  readonly forYear: number | null;
  readonly provider: string | null;
  readonly staffId: string | null;
  readonly team: string | null;
}

/** What the rules need of a contact row besides its IDs. */
export type ContactFacts = Pick<Contact, 'line' | 'day' | 'minutes' | 'discipline' | 'attendance' | 'isAttendanceBlank' | 'contactType' | 'forYear'>;

/**
 * A contact row read straight from the file's bytes: its child ID and contact ID stay as ranges of
 * `bytes` (ASCII, nothing to trim) until something needs their text. An empty contact ID range is no ID.
 * A key of two columns has its second part in the key tail range (empty for a key of one), and
 * reads as the text "first/second".
 */
export interface ContactBytesRow extends ContactFacts {
  readonly bytes: Buffer;
  readonly childIdStart: number;
  readonly childIdEnd: number;
  readonly contactIdStart: number;
  readonly contactIdEnd: number;
  readonly keyTailStart: number;
  readonly keyTailEnd: number;
}

/** A record a reader fills in place, row after row, instead of making one per row. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The facts a reader's reused record starts with, before its first row is read into it. */
function blankContactFacts(): Mutable<ContactFacts> {
  return { line: 0, day: 0, minutes: 0, discipline: 'OT', attendance: 'attended', isAttendanceBlank: true, contactType: 'direct', forYear: null };
}

/** A contact read as text, to be filled in row after row. */
export function reusedContact(): Mutable<Contact> {
  return { ...blankContactFacts(), contactId: null, childId: '', provider: null, staffId: null, team: null };
}

/** A contact read from bytes, to be filled in row after row; its ranges index `bytes`. */
export function reusedContactBytesRow(bytes: Buffer): Mutable<ContactBytesRow> {
  return { ...blankContactFacts(), bytes, childIdStart: 0, childIdEnd: 0, contactIdStart: 0, contactIdEnd: 0, keyTailStart: 0, keyTailEnd: 0 };
}

/** A value that does not read: the row becomes an `invalid-row` exception. */
export interface RowProblem {
  readonly field: string;
  readonly value: string;
  readonly reason: string;
}

/** The result of reading one row: a record, or the first problem found in it. */
export type RowReading<T> = { readonly ok: true; readonly record: T } | { readonly ok: false; readonly problem: RowProblem; readonly childId: string | null };
