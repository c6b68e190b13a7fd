// Folds contact rows, one at a time, into bucket counts and per-child-year totals (SPEC 3.2, 3.4, 3.5).
// Memory grows with child-years and with distinct contact IDs, never with rows: a row is classified,
// its contribution added, and the row dropped. The duplicate rule ("a later row that reads has the same
// contact_id: the last row stands") needs no second pass: each ID's slot remembers what its standing
// row contributed, and a later row with that ID takes the contribution back before adding its own.
import { formatDay, type Day } from '../calendar/day.js';
import { termIndexOf } from '../calendar/terms.js';
import type { Contact, PlanLine, RowProblem } from '../schema/records.js';
import { CONTACT_BUCKETS, type ContactBucket } from '../schema/vocabulary.js';
import { countBuckets, type ExceptionRecord, type FileAccounting } from './accounting.js';
import { createContactIdStore, type ContactIdStore } from './contactIdStore.js';
import type { PlanBook } from './planBook.js';
import type { RunSettings } from './settings.js';

/**
 * Bucket numbers as plain constants: classify runs once per contact row, and a lookup by bucket name
 * in a map-like object on every row showed up in profiles.
 */
const bucketNumber = (bucket: ContactBucket): number => CONTACT_BUCKETS.indexOf(bucket);
const BUCKET = {
  invalidRow: bucketNumber('invalid-row'),
  duplicate: bucketNumber('duplicate'),
  otherDiscipline: bucketNumber('other-discipline'),
  otherYear: bucketNumber('other-year'),
  afterAsOf: bucketNumber('after-as-of'),
  unknownChild: bucketNumber('unknown-child'),
  outsidePlanPeriod: bucketNumber('outside-plan-period'),
  excludedFunding: bucketNumber('excluded-funding'),
  dna: bucketNumber('dna'),
  cancelledFamily: bucketNumber('cancelled-family'),
  cancelledProvider: bucketNumber('cancelled-provider'),
  lateNotSeen: bucketNumber('late-not-seen'),
  noOutcome: bucketNumber('no-outcome'),
  indirect: bucketNumber('indirect'),
  counted: bucketNumber('counted'),
} as const;

const COUNTED = 1;
const BOOKED = 2;
const RECOVERY = 4;

/** What one classified row adds to the totals. */
interface Contribution {
  bucket: number;
  childYear: number;
  minutes: number;
  term: number;
  flags: number;
  exceptionIndex: number;
  line: number;
}

/**
 * The contribution of each contact ID's standing row, in typed columns indexed by slot: 14 bytes an ID
 * instead of an object each, so that millions of IDs stay cheap.
 */
class ContributionColumns {
  private capacity = 0;
  bucket = new Uint8Array(0);
  childYear = new Int32Array(0);
  minutes = new Uint16Array(0);
  /** 16 bits: a council calendar may have more than 127 terms (one-day terms, say); a year has at most 366. */
  term = new Int16Array(0);
  flags = new Uint8Array(0);
  /** Only exception rows (a small share) have an index into the exceptions list: kept apart, by slot. */
  private readonly exceptionIndexBySlot = new Map<number, number>();
  line = new Uint32Array(0);

  store(slot: number, contribution: Contribution): void {
    // Growing by half rather than doubling keeps the peak (old and new arrays at once) lower.
    if (slot >= this.capacity) this.grow(Math.max(1024, Math.ceil(slot * 1.5)));
    this.bucket[slot] = contribution.bucket;
    this.childYear[slot] = contribution.childYear;
    this.minutes[slot] = contribution.minutes;
    this.term[slot] = contribution.term;
    this.flags[slot] = contribution.flags;
    if (contribution.exceptionIndex >= 0) this.exceptionIndexBySlot.set(slot, contribution.exceptionIndex);
    else if (this.exceptionIndexBySlot.size > 0) this.exceptionIndexBySlot.delete(slot);
    this.line[slot] = contribution.line;
  }

  load(slot: number): Contribution {
    return {
      bucket: this.bucket[slot]!,
      childYear: this.childYear[slot]!,
      minutes: this.minutes[slot]!,
      term: this.term[slot]!,
      flags: this.flags[slot]!,
      exceptionIndex: this.exceptionIndexBySlot.get(slot) ?? -1,
      line: this.line[slot]!,
    };
  }

  private grow(capacity: number): void {
    const copy = <T extends { set(source: ArrayLike<number>): void }>(make: (n: number) => T, old: ArrayLike<number>): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.bucket = copy((n) => new Uint8Array(n), this.bucket);
    this.childYear = copy((n) => new Int32Array(n), this.childYear);
    this.minutes = copy((n) => new Uint16Array(n), this.minutes);
    this.term = copy((n) => new Int16Array(n), this.term);
    this.flags = copy((n) => new Uint8Array(n), this.flags);
    this.line = copy((n) => new Uint32Array(n), this.line);
    this.capacity = capacity;
  }
}

/** A contact row of the child being explained, with its bucket as it finally stands. */
export interface WatchedContactRow {
  readonly line: number;
  readonly contactId: string | null;
  readonly date: string | null;
  readonly minutes: number | null;
  readonly attendance: string | null;
  readonly contactType: string | null;
  readonly discipline: string | null;
  bucket: ContactBucket;
  reason: string | null;
}

export interface ContactTotals {
  readonly accounting: FileAccounting<ContactBucket>;
  readonly exceptions: readonly ExceptionRecord[];
  /** Per child-year (indexed as PlanBook.childYears). */
  readonly deliveredMinutes: Int32Array;
  readonly sessionsDelivered: Int32Array;
  readonly recoveryMinutes: Int32Array;
  readonly bookedMinutes: Int32Array;
  /** Per child-year and term: index childYear × termCount + term. */
  readonly termDeliveredMinutes: Int32Array;
  readonly watched: readonly WatchedContactRow[];
}

export interface ContactLedgerOptions {
  /** Keep every row of this child, with its final bucket (for `explain`). */
  readonly watchChildId?: string | undefined;
  readonly idStore?: ContactIdStore | undefined;
}

export class ContactLedger {
  private readonly counts = new Array<number>(CONTACT_BUCKETS.length).fill(0);
  private readonly exceptions: ExceptionRecord[] = [];
  private readonly ids: ContactIdStore;
  private readonly byId = new ContributionColumns();
  private readonly scratch: Contribution = { bucket: 0, childYear: -1, minutes: 0, term: -1, flags: 0, exceptionIndex: -1, line: 0 };
  private readonly watched: WatchedContactRow[] = [];
  private readonly watchedBySlot = new Map<number, number>();
  private readonly termCount: number;
  private readonly deliveredMinutes: Int32Array;
  private readonly sessionsDelivered: Int32Array;
  private readonly recoveryMinutes: Int32Array;
  private readonly bookedMinutes: Int32Array;
  private readonly termDeliveredMinutes: Int32Array;
  private rowsRead = 0;

  constructor(
    private readonly book: PlanBook,
    private readonly settings: RunSettings,
    private readonly options: ContactLedgerOptions = {},
  ) {
    const childYears = book.childYears.length;
    this.termCount = settings.year.terms.length;
    this.ids = options.idStore ?? createContactIdStore();
    this.deliveredMinutes = new Int32Array(childYears);
    this.sessionsDelivered = new Int32Array(childYears);
    this.recoveryMinutes = new Int32Array(childYears);
    this.bookedMinutes = new Int32Array(childYears);
    this.termDeliveredMinutes = new Int32Array(childYears * this.termCount);
  }

  /** A row whose values do not read. It takes part in no duplicate rule: only rows that read do. */
  addInvalid(line: number, problem: RowProblem, childId: string | null): void {
    this.rowsRead++;
    this.counts[BUCKET.invalidRow]! += 1;
    this.exceptions.push({ file: 'contacts', line, bucket: 'invalid-row', ...problem, childId });
    if (childId !== null && childId === this.options.watchChildId) {
      this.watched.push({ line, contactId: null, date: null, minutes: null, attendance: null, contactType: null, discipline: null, bucket: 'invalid-row', reason: problem.reason });
    }
  }

  addContact(contact: Contact): void {
    this.rowsRead++;
    const contribution = this.classify(contact);
    this.apply(contribution, 1);
    if (contribution.bucket === BUCKET.unknownChild || contribution.bucket === BUCKET.outsidePlanPeriod) {
      contribution.exceptionIndex = this.exceptions.length;
      this.exceptions.push(this.exceptionFor(contact, contribution.bucket));
    }
    const isWatched = contact.childId === this.options.watchChildId;
    let watchedIndex = -1;
    if (isWatched) {
      watchedIndex = this.watched.length;
      this.watched.push({
        line: contact.line,
        contactId: contact.contactId,
        date: formatDay(contact.day),
        minutes: contact.minutes,
        attendance: contact.attendance,
        contactType: contact.contactType,
        discipline: contact.discipline,
        bucket: CONTACT_BUCKETS[contribution.bucket]!,
        reason: null,
      });
    }
    if (contact.contactId === null) return;

    const sizeBefore = this.ids.size;
    const slot = this.ids.slotOf(contact.contactId);
    if (slot < sizeBefore) this.supersede(slot, contact);
    this.byId.store(slot, contribution);
    if (isWatched) this.watchedBySlot.set(slot, watchedIndex);
    else if (this.options.watchChildId !== undefined) this.watchedBySlot.delete(slot);
  }

  /** The standing row of this ID becomes a duplicate: its contribution is taken back. */
  private supersede(slot: number, later: Contact): void {
    const earlier = this.byId.load(slot);
    this.apply(earlier, -1);
    this.counts[BUCKET.duplicate]! += 1;
    const record: ExceptionRecord = {
      file: 'contacts',
      line: earlier.line,
      bucket: 'duplicate',
      field: 'contact_id',
      value: later.contactId ?? '',
      reason: `contact_id appears again on line ${later.line}; the later row stands`,
      // The earlier row's child where the totals know it; a contact ID re-stated for another child is rare.
      childId: earlier.childYear >= 0 ? this.book.childYears[earlier.childYear]!.childId : (this.exceptions[earlier.exceptionIndex]?.childId ?? later.childId),
    };
    if (earlier.exceptionIndex >= 0) this.exceptions[earlier.exceptionIndex] = record;
    else this.exceptions.push(record);
    const watchedIndex = this.watchedBySlot.get(slot);
    if (watchedIndex !== undefined) {
      const row = this.watched[watchedIndex]!;
      row.bucket = 'duplicate';
      row.reason = record.reason;
    }
  }

  private apply(contribution: Contribution, sign: 1 | -1): void {
    this.counts[contribution.bucket]! += sign;
    const childYear = contribution.childYear;
    if (childYear < 0) return;
    const minutes = sign * contribution.minutes;
    if (contribution.flags & COUNTED) {
      this.deliveredMinutes[childYear]! += minutes;
      this.sessionsDelivered[childYear]! += sign;
      if (contribution.term >= 0) this.termDeliveredMinutes[childYear * this.termCount + contribution.term]! += minutes;
      if (contribution.flags & RECOVERY) this.recoveryMinutes[childYear]! += minutes;
    } else if (contribution.flags & BOOKED) {
      this.bookedMinutes[childYear]! += minutes;
    }
  }

  /** Classifies a row into the scratch contribution (reused for every row: the caller copies it). */
  private classify(contact: Contact): Contribution {
    const { settings, book } = this;
    const result = this.scratch;
    result.childYear = -1;
    result.minutes = contact.minutes;
    result.term = -1;
    result.flags = 0;
    result.exceptionIndex = -1;
    result.line = contact.line;
    if (settings.discipline !== null && contact.discipline !== settings.discipline) return withBucket(result, BUCKET.otherDiscipline);
    const year = settings.year;
    // A contact's year is its for_year, else the year its date falls in (SPEC 3.2).
    const isRunYear = contact.forYear === null ? contact.day >= year.start && contact.day <= year.end : contact.forYear === year.yearStart;
    if (!isRunYear) return withBucket(result, BUCKET.otherYear);
    const child = book.findChild(contact.discipline, contact.childId);
    const isCountable = contact.contactType === 'direct' || settings.countIndirect;
    if (contact.day > settings.asOf) {
      // Booked is not delivered: the row stays after-as-of, but it feeds the year-end forecast (SPEC 3.5).
      if (contact.attendance === 'booked' && isCountable && child !== undefined && child.childYear >= 0) {
        // Its reconciled lines are exactly its commissioned holding lines.
        if (this.isHeldByAny(child.holdingSpans, contact.day, true)) {
          result.childYear = child.childYear;
          result.flags = BOOKED;
        }
      }
      return withBucket(result, BUCKET.afterAsOf);
    }
    if (child === undefined) return withBucket(result, BUCKET.unknownChild);
    if (!this.isHeldByAny(child.holdingSpans, contact.day)) return withBucket(result, BUCKET.outsidePlanPeriod);
    if (!this.isHeldByAny(child.holdingSpans, contact.day, true)) return withBucket(result, BUCKET.excludedFunding);
    // Held by a commissioned line of the run, so the child has a child-year.
    result.childYear = child.childYear;
    switch (contact.attendance) {
      case 'dna':
        return withBucket(result, BUCKET.dna);
      case 'cancelled-family':
        return withBucket(result, BUCKET.cancelledFamily);
      case 'cancelled-provider':
        return withBucket(result, BUCKET.cancelledProvider);
      case 'late-not-seen':
        return withBucket(result, BUCKET.lateNotSeen);
      case 'booked':
        return withBucket(result, BUCKET.noOutcome);
      case 'attended':
        break;
    }
    if (!isCountable) return withBucket(result, BUCKET.indirect);
    result.flags = COUNTED;
    if (contact.day > year.end) result.flags |= RECOVERY;
    else result.term = termIndexOf(year, contact.day);
    return withBucket(result, BUCKET.counted);
  }

  /**
   * SPEC 3.2: a line holds a contact dated inside [start, end]. A recovery contact (dated after its
   * year) makes up for provision owed in that year, so any line meeting the year holds it — and every
   * line here (reconciled or excluded-funding) meets the run's year by construction.
   */
  private isHeldByAny(spans: Int32Array, day: Day, commissionedOnly = false): boolean {
    const isRecovery = day > this.settings.year.end;
    for (let i = 0; i < spans.length; i += 3) {
      if (commissionedOnly && spans[i + 2] === 0) continue;
      if (isRecovery || (spans[i]! <= day && day <= spans[i + 1]!)) return true;
    }
    return false;
  }

  private exceptionFor(contact: Contact, bucket: number): ExceptionRecord {
    if (bucket === BUCKET.unknownChild) {
      return {
        file: 'contacts',
        line: contact.line,
        bucket: 'unknown-child',
        field: 'child_id',
        value: contact.childId,
        reason: `no ${contact.discipline} provision line in the plans file for this child`,
        childId: contact.childId,
      };
    }
    return {
      file: 'contacts',
      line: contact.line,
      bucket: 'outside-plan-period',
      field: 'date',
      value: formatDay(contact.day),
      reason: `no ${contact.discipline} provision line of this child covers this date`,
      childId: contact.childId,
    };
  }

  finish(): ContactTotals {
    return {
      accounting: { rowsRead: this.rowsRead, buckets: countBuckets(CONTACT_BUCKETS, this.counts) },
      exceptions: this.exceptions,
      deliveredMinutes: this.deliveredMinutes,
      sessionsDelivered: this.sessionsDelivered,
      recoveryMinutes: this.recoveryMinutes,
      bookedMinutes: this.bookedMinutes,
      termDeliveredMinutes: this.termDeliveredMinutes,
      watched: this.watched,
    };
  }
}

function withBucket(contribution: Contribution, bucket: number): Contribution {
  contribution.bucket = bucket;
  return contribution;
}
