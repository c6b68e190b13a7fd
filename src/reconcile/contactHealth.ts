// What the contact fold notes, besides the totals, for the run-health checks (src/result/health.ts and
// docs/operations.md#when-the-numbers-look-wrong): a few counters, a tally of durations and years, the
// latest day with an outcome, and a bounded sample of the IDs no plan knows. Nothing here grows with
// rows: the tallies are fixed-size or keyed by academic year, the sample stops at its bound.
import { yearStartOf } from '../calendar/academicYear.js';
import type { Day } from '../calendar/day.js';
import { MAX_CONTACT_MINUTES } from '../schema/values/duration.js';
import type { ContactFacts } from '../schema/records.js';

/** Unknown-child contact IDs kept, one per contact: enough to suggest an identifier rule (idRuleSuggestion.ts). */
export const UNKNOWN_CHILD_SAMPLE = 2000;

/** Which of the run's contacts a row is, for the tallies: set by the ledger from the row's bucket. */
export const CONTACT_SCOPE = {
  /** Not of the run (another discipline), or after as-of: only its day is noted. */
  other: 0,
  /** Its year is not the run's. */
  otherYear: 1,
  /** Of the run's year and discipline, dated on or before as-of (unknown-child to counted). */
  inYear: 2,
} as const;
export type ContactScope = (typeof CONTACT_SCOPE)[keyof typeof CONTACT_SCOPE];

export interface ContactHealthFacts {
  /** Rows that read in other academic years, by year (start year), in year order. */
  readonly otherYears: readonly { readonly yearStart: number; readonly contacts: number }[];
  /** The latest date of a contact row that reads and has an outcome (anything but booked), or null. */
  readonly lastOutcomeDay: Day | null;
  /** In-year contacts (docs: dated in the run's year up to as-of) by contact type. */
  readonly direct: number;
  readonly indirect: number;
  /** In-year contacts whose attendance cell is blank (every one, when the file has no attendance column). */
  readonly attendanceBlank: number;
  /** Distinct durations among in-year contacts, and the commonest (null when there are none). */
  readonly distinctMinutes: number;
  readonly commonestMinutes: number | null;
  /** Child IDs of the first unknown-child contacts, one per contact (repeats kept), as compared. */
  readonly unknownChildSample: readonly string[];
  /** Whether the contacts file has these columns (set from its header). */
  readonly hasAttendanceColumn: boolean;
  readonly hasDisciplineColumn: boolean;
}

export class ContactHealthTally {
  private readonly yearCounts = new Map<number, number>();
  private lastOutcomeDay: Day | null = null;
  private direct = 0;
  private indirect = 0;
  private attendanceBlank = 0;
  /** In-year contacts by duration, 1 to 600 minutes: a fixed array, one increment a row. */
  private readonly minutes = new Int32Array(MAX_CONTACT_MINUTES + 1);
  private readonly unknownChildSample: string[] = [];

  /** A row that read, with its scope; `sign` -1 takes back an earlier row that became a duplicate. */
  note(contact: ContactFacts, scope: ContactScope, sign: 1 | -1): void {
    if (sign > 0 && contact.attendance !== 'booked' && (this.lastOutcomeDay === null || contact.day > this.lastOutcomeDay)) this.lastOutcomeDay = contact.day;
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

  noteUnknownChild(childId: string): void {
    if (this.unknownChildSample.length < UNKNOWN_CHILD_SAMPLE) this.unknownChildSample.push(childId);
  }

  finish(): Omit<ContactHealthFacts, 'hasAttendanceColumn' | 'hasDisciplineColumn'> {
    let distinctMinutes = 0;
    let commonestMinutes: number | null = null;
    for (let minutes = 1; minutes < this.minutes.length; minutes++) {
      const count = this.minutes[minutes]!;
      if (count <= 0) continue;
      distinctMinutes++;
      if (commonestMinutes === null || count > this.minutes[commonestMinutes]!) commonestMinutes = minutes;
    }
    return {
      otherYears: [...this.yearCounts]
        .filter(([, contacts]) => contacts > 0)
        .sort(([a], [b]) => a - b)
        .map(([yearStart, contacts]) => ({ yearStart, contacts })),
      lastOutcomeDay: this.lastOutcomeDay,
      direct: this.direct,
      indirect: this.indirect,
      attendanceBlank: this.attendanceBlank,
      distinctMinutes,
      commonestMinutes,
      unknownChildSample: this.unknownChildSample,
    };
  }
}
