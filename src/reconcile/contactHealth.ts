// What the contact fold notes, besides the totals, for the run-health checks (src/result/health.ts and
// docs/operations.md#when-the-numbers-look-wrong): a few counters, a tally of durations, years and
// disciplines, the first and latest days, the rows that did not read, and a bounded sample of the IDs
// no plan knows. Nothing here grows with rows: the tallies are fixed-size or keyed by academic year,
// the sample stops at its bound.
import { yearStartOf } from '../calendar/academicYear.js';
import type { Day } from '../calendar/day.js';
import { MAX_CONTACT_MINUTES } from '../schema/values/duration.js';
import type { ContactFacts, RowProblem } from '../schema/records.js';
import { DISCIPLINES, type Discipline } from '../schema/vocabulary.js';
import { InvalidRowTally, type InvalidRowFacts } from './invalidRows.js';

/** Unknown-child contact IDs kept, one per contact: enough to suggest an identifier rule (idRuleSuggestion.ts). */
export const UNKNOWN_CHILD_SAMPLE = 2000;

/** Which of the run's contacts a row is, for the tallies: set by the ledger from the row's bucket. */
export const CONTACT_SCOPE = {
  /** Of the run's discipline, dated after as-of: only its day and discipline are noted. */
  other: 0,
  /** Its year is not the run's. */
  otherYear: 1,
  /** Of the run's year and discipline, dated on or before as-of (unknown-child to counted). */
  inYear: 2,
  /** Not of the run's discipline (--discipline): only its discipline and last day are noted. */
  otherDiscipline: 3,
} as const;
export type ContactScope = (typeof CONTACT_SCOPE)[keyof typeof CONTACT_SCOPE];

/**
 * Why a contact's child is unknown (unknown-child: no line that reads for the child in the contact's
 * discipline). Only the first is a question of identifiers; the others are of the plans' disciplines,
 * and of plan lines that do not read.
 */
export const UNKNOWN_CHILD_CAUSES = ['not-in-plans', 'other-discipline', 'unread-plan-line'] as const;
export type UnknownChildCause = (typeof UNKNOWN_CHILD_CAUSES)[number];

/** No therapy contact is this short; a column of hours (0.75, 1.5) read as minutes is. */
export const VERY_SHORT_MINUTES = 5;

export interface ContactHealthFacts {
  /** Rows that read in other academic years, by year (start year), in year order. */
  readonly otherYears: readonly { readonly yearStart: number; readonly contacts: number }[];
  /** The latest date of a contact row that reads and has an outcome (anything but booked), or null. */
  readonly lastOutcomeDay: Day | null;
  /** The earliest date of a contact row that reads and is of the run's discipline (any, without --discipline), or null. */
  readonly firstDay: Day | null;
  /** Contact rows that read, by discipline, whatever their year or bucket. */
  readonly disciplines: Readonly<Record<Discipline, number>>;
  /** In-year contacts (docs: dated in the run's year up to as-of) by contact type. */
  readonly direct: number;
  readonly indirect: number;
  /** In-year contacts whose attendance cell is blank (every one, when the file has no attendance column). */
  readonly attendanceBlank: number;
  /** Distinct durations among in-year contacts, and the commonest (null when there are none). */
  readonly distinctMinutes: number;
  readonly commonestMinutes: number | null;
  /** In-year contacts of VERY_SHORT_MINUTES or fewer: hours written in a minutes column read so. */
  readonly veryShort: number;
  /**
   * Child IDs of the first unknown-child contacts whose child ID is on no line of the plans file, one
   * per contact (repeats kept), as compared.
   */
  readonly unknownChildSample: readonly string[];
  /** Unknown-child contacts by why their child is unknown. */
  readonly unknownChildCauses: Readonly<Record<UnknownChildCause, number>>;
  /** The rows that did not read: how many, and their commonest problem. */
  readonly invalidRows: InvalidRowFacts;
  /** Whether the contacts file has these columns (set from its header). */
  readonly hasAttendanceColumn: boolean;
  readonly hasDisciplineColumn: boolean;
}

export class ContactHealthTally {
  private readonly yearCounts = new Map<number, number>();
  private lastOutcomeDay: Day | null = null;
  private firstDay: Day | null = null;
  private readonly disciplines = new Int32Array(DISCIPLINES.length);
  private readonly unknownChildCauses = new Int32Array(UNKNOWN_CHILD_CAUSES.length);
  private readonly invalidRows = new InvalidRowTally();
  private direct = 0;
  private indirect = 0;
  private attendanceBlank = 0;
  /** In-year contacts by duration, 1 to 600 minutes: a fixed array, one increment a row. */
  private readonly minutes = new Int32Array(MAX_CONTACT_MINUTES + 1);
  private readonly unknownChildSample: string[] = [];

  /** A row that read, with its scope; `sign` -1 takes back an earlier row that became a duplicate. */
  note(contact: ContactFacts, scope: ContactScope, sign: 1 | -1): void {
    if (sign > 0 && contact.attendance !== 'booked' && (this.lastOutcomeDay === null || contact.day > this.lastOutcomeDay)) this.lastOutcomeDay = contact.day;
    this.disciplines[DISCIPLINES.indexOf(contact.discipline)]! += sign;
    if (scope === CONTACT_SCOPE.otherDiscipline) return;
    if (sign > 0 && (this.firstDay === null || contact.day < this.firstDay)) this.firstDay = contact.day;
    if (scope === CONTACT_SCOPE.otherYear) {
      const year = contact.forYear ?? yearStartOf(contact.day);
      this.yearCounts.set(year, (this.yearCounts.get(year) ?? 0) + sign);
      return;
    }
    if (scope !== CONTACT_SCOPE.inYear) return;
    if (contact.contactType === 'direct') this.direct += sign;
    else this.indirect += sign;
    if (contact.isAttendanceBlank) this.attendanceBlank += sign;
    this.minutes[contact.minutes]! += sign;
  }

  /** An unknown-child contact and why; `sign` -1 takes back an earlier one that became a duplicate. */
  noteUnknownChild(childId: string, cause: UnknownChildCause, sign: 1 | -1): void {
    this.unknownChildCauses[UNKNOWN_CHILD_CAUSES.indexOf(cause)]! += sign;
    // Only IDs that no line has are a question for the identifier rules (idRuleSuggestion.ts).
    if (sign > 0 && cause === 'not-in-plans' && this.unknownChildSample.length < UNKNOWN_CHILD_SAMPLE) this.unknownChildSample.push(childId);
  }

  /** A row that did not read. */
  noteInvalid(line: number, problem: RowProblem): void {
    this.invalidRows.note(line, problem);
  }

  finish(): Omit<ContactHealthFacts, 'hasAttendanceColumn' | 'hasDisciplineColumn'> {
    let distinctMinutes = 0;
    let commonestMinutes: number | null = null;
    let veryShort = 0;
    for (let minutes = 1; minutes < this.minutes.length; minutes++) {
      const count = this.minutes[minutes]!;
      if (count <= 0) continue;
      distinctMinutes++;
      if (minutes <= VERY_SHORT_MINUTES) veryShort += count;
      if (commonestMinutes === null || count > this.minutes[commonestMinutes]!) commonestMinutes = minutes;
    }
    return {
      otherYears: [...this.yearCounts]
        .filter(([, contacts]) => contacts > 0)
        .sort(([a], [b]) => a - b)
        .map(([yearStart, contacts]) => ({ yearStart, contacts })),
      lastOutcomeDay: this.lastOutcomeDay,
      firstDay: this.firstDay,
      disciplines: tallyOf(DISCIPLINES, this.disciplines),
      direct: this.direct,
      indirect: this.indirect,
      attendanceBlank: this.attendanceBlank,
      distinctMinutes,
      commonestMinutes,
      veryShort,
      unknownChildSample: this.unknownChildSample,
      unknownChildCauses: tallyOf(UNKNOWN_CHILD_CAUSES, this.unknownChildCauses),
      invalidRows: this.invalidRows.finish(),
    };
  }
}

/** Each member of a closed set with its count, zeros included. */
function tallyOf<K extends string>(members: readonly K[], counts: Int32Array): Record<K, number> {
  return Object.fromEntries(members.map((member, index) => [member, counts[index]!])) as Record<K, number>;
}
