// Folds contact rows, one at a time, into bucket counts and per-child-year totals (docs/rules.md#delivered-minutes, #row-accounting, #forecast).
// Memory grows with child-years and with distinct contact IDs, never with rows: a row is classified,
// its contribution added, and the row dropped. The duplicate rule ("a later row that reads has the same
// contact_id: the last row stands") needs no second pass: the ID index remembers which row stands for
// each ID, and when a later row has that ID, the earlier row is read again (a rare event, and
// classifying is a pure function of the row) and its contribution taken back.
import { formatDay, type Day } from '../calendar/day.js';
import { termIndexOf } from '../calendar/terms.js';
import type { Contact, ContactBytesRow, ContactFacts, RowProblem } from '../schema/records.js';
import { ATTENDANCE_TABLE, ATTENDANCES, CONTACT_BUCKETS, DISCIPLINES, type Attendance, type ContactBucket, type Discipline } from '../schema/vocabulary.js';
import { countBuckets, type ExceptionRecord, type FileAccounting } from './accounting.js';
import { CONTACT_SCOPE, ContactHealthTally, type ContactHealthFacts, type ContactScope, type UnknownChildCause } from './contactHealth.js';
import { ContactIdIndex, hashIdBytes, hashIdText, hashKeyBytes } from './contactIdIndex.js';
import { MemoryExceptionSink, type ExceptionList, type ExceptionSink } from './exceptionSink.js';
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
  indirect: bucketNumber('indirect'),
  counted: bucketNumber('counted'),
} as const;

/**
 * The bucket of a held contact by its attendance (from the attendance table), looked up once per row:
 * only `counted` goes on to the counting rules.
 */
const BUCKET_OF_ATTENDANCE = Object.fromEntries(ATTENDANCES.map((attendance) => [attendance, bucketNumber(ATTENDANCE_TABLE[attendance].bucket)])) as Record<
  Attendance,
  number
>;

/** Where each total sits among a child-year's tallies (see ContactLedger.tallies). */
const TALLY_DELIVERED = 0;
const TALLY_SESSIONS = 1;
const TALLY_RECOVERY = 2;
const TALLY_BOOKED = 3;
const TALLY_TERMS = 4;

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
  /** For a row that does not read: the column and the value that stopped it (quoted by explain). */
  readonly field: string | null;
  readonly value: string | null;
  bucket: ContactBucket;
  reason: string | null;
}

export interface ContactTotals {
  readonly accounting: FileAccounting<ContactBucket>;
  readonly exceptions: ExceptionList;
  /** Per child-year (indexed as PlanBook.childYears). */
  readonly deliveredMinutes: Int32Array;
  readonly sessionsDelivered: Int32Array;
  readonly recoveryMinutes: Int32Array;
  readonly bookedMinutes: Int32Array;
  /** Per child-year and term: index childYear × termCount + term. */
  readonly termDeliveredMinutes: Int32Array;
  readonly watched: readonly WatchedContactRow[];
  /** What the run-health checks read of the contacts (the fold sets the header's part). */
  readonly health: ContactHealthFacts;
}

export interface ContactLedgerOptions {
  /**
   * The row with this number (counting data rows from 0, as given to addContact), read again. Only a
   * row that read and had a contact ID is asked for: the one standing for an ID that comes again.
   */
  readonly recall: (row: number) => Contact;
  /** Keep every row of this child, with its final bucket (for `explain`). */
  readonly watchChildId?: string | undefined;
  /** Where the exception records go (default: memory). */
  readonly exceptions?: ExceptionSink | undefined;
  /**
   * Hears the child ID of each row whose child the plan book does not know for its discipline, and
   * of each row that did not read (for pseudonymisation, which must find every child ID wherever it sits).
   */
  readonly onChildId?: ((childId: string) => void) | undefined;
}

export class ContactLedger {
  private readonly counts = new Array<number>(CONTACT_BUCKETS.length).fill(0);
  private readonly exceptions: ExceptionSink;
  private readonly ids = new ContactIdIndex();
  /** Keys whose fingerprint another key shares, and the row that stands for each (settleClaim). */
  private collidedKeys: Map<string, number> | undefined;
  private readonly scratch: Contribution = { bucket: 0, childYear: -1, minutes: 0, term: -1, flags: 0 };
  private readonly watched: WatchedContactRow[] = [];
  private readonly watchedByLine = new Map<number, number>();
  /** The row being folded (as text or as bytes), and the earlier row last read again, for the duplicate rule. */
  private laterRow: Contact | undefined;
  private laterBytes: ContactBytesRow | undefined;
  private recalled: Contact | undefined;
  private readonly termCount: number;
  private readonly holdingSpans: Int32Array;
  private readonly spanStart: Int32Array;
  private readonly childYearOf: Int32Array;
  /**
   * The running totals of each child-year side by side: its delivered minutes, sessions, recovery
   * minutes, booked minutes and delivered minutes per term, at TALLY_* and TALLY_TERMS + term of its
   * `tallyWidth` words. Kept as five arrays, a counted contact touched three places far apart in
   * memory; at 650,000 children each was a cache miss, and the fold ran at the speed of memory.
   */
  private readonly tallies: Int32Array;
  private readonly tallyWidth: number;
  private rowsRead = 0;
  private readonly health = new ContactHealthTally();

  constructor(
    private readonly book: PlanBook,
    private readonly settings: RunSettings,
    private readonly options: ContactLedgerOptions,
  ) {
    const childYears = book.childYears.length;
    this.termCount = settings.year.terms.length;
    ({ holdingSpans: this.holdingSpans, spanStart: this.spanStart, childYear: this.childYearOf } = book.children);
    // Whole multiples of 8 words (32 bytes), so that a child-year's totals never straddle two cache lines.
    this.tallyWidth = Math.ceil((TALLY_TERMS + this.termCount) / 8) * 8;
    this.tallies = new Int32Array(childYears * this.tallyWidth);
    this.exceptions = options.exceptions ?? new MemoryExceptionSink();
  }

  /** A row whose values do not read. It takes part in no duplicate rule: only rows that read do. */
  addInvalid(line: number, problem: RowProblem, childId: string | null): void {
    this.rowsRead++;
    this.counts[BUCKET.invalidRow]! += 1;
    this.exceptions.add({ file: 'contacts', line, bucket: 'invalid-row', ...problem, childId });
    this.health.noteInvalid(line, problem);
    if (childId !== null) this.options.onChildId?.(childId);
    if (childId !== null && childId === this.options.watchChildId) {
      this.watched.push({
        line,
        contactId: null,
        date: null,
        minutes: null,
        attendance: null,
        contactType: null,
        discipline: null,
        field: problem.field,
        value: problem.value,
        bucket: 'invalid-row',
        reason: problem.reason,
      });
    }
  }

  /** About this many contact IDs are coming: the index makes room for them at once. */
  expectContactIds(count: number): void {
    this.ids.reserve(count);
  }

  /**
   * A row that read, as text; `row` numbers the data rows from 0. `claimed`: when the reader thread
   * keeps the duplicate rule's index, the earlier row it found with this row's key fingerprint (-1:
   * none); undefined when this ledger keeps the index itself.
   */
  addContact(contact: Contact, row: number, claimed?: number): void {
    this.rowsRead++;
    const child = this.book.findChild(contact.discipline, contact.childId);
    if (child < 0) this.options.onChildId?.(contact.childId);
    const contribution = this.classify(contact, child);
    this.apply(contribution, 1);
    this.health.note(contact, scopeOf(contribution.bucket), 1);
    if (isException(contribution.bucket)) this.recordException(contact, contribution.bucket, contact.childId);
    if (this.options.watchChildId !== undefined && contact.childId === this.options.watchChildId) this.watch(contact, contribution.bucket);
    if (contact.contactId === null) return;
    this.laterRow = contact;
    this.laterBytes = undefined;
    if (claimed === undefined) this.standFor(hashIdText(contact.contactId), row, contact);
    else if (claimed >= 0) this.settleClaim(claimed, row, contact.contactId, contact);
  }

  /**
   * A row that read, straight from its bytes: nearly every row of a large file comes this way, and
   * needs no string made of it. Not for a run that watches a child (explain), which reads text.
   * `claimed` as for addContact.
   */
  addContactBytes(contact: ContactBytesRow, row: number, claimed?: number): void {
    this.rowsRead++;
    const { bytes, childIdStart, childIdEnd, contactIdStart, contactIdEnd, keyTailStart, keyTailEnd } = contact;
    const child = this.book.findChildBytes(contact.discipline, bytes, childIdStart, childIdEnd);
    if (child < 0 && this.options.onChildId !== undefined) this.options.onChildId(bytes.toString('latin1', childIdStart, childIdEnd));
    const contribution = this.classify(contact, child);
    this.apply(contribution, 1);
    this.health.note(contact, scopeOf(contribution.bucket), 1);
    if (isException(contribution.bucket)) this.recordException(contact, contribution.bucket, bytes.toString('latin1', childIdStart, childIdEnd));
    if (contactIdStart === contactIdEnd) return;
    this.laterRow = undefined;
    this.laterBytes = contact;
    if (claimed !== undefined) {
      // A claim of -1 is a key the reader thread has not seen: no text need be made of it.
      if (claimed >= 0) this.settleClaim(claimed, row, contactIdText(contact), contact);
      return;
    }
    // A key of two columns hashes both ranges as the one text it stands for (docs/exports.md#composite-contact-keys).
    const hash =
      keyTailStart === keyTailEnd
        ? hashIdBytes(bytes, contactIdStart, contactIdEnd)
        : hashKeyBytes(bytes, contactIdStart, contactIdEnd, keyTailStart, keyTailEnd);
    this.standFor(hash, row, contact);
  }

  private recordException(contact: ContactFacts, bucket: number, childId: string): void {
    const invalidLine = bucket === BUCKET.unknownChild ? this.book.invalidLineOf(childId) : undefined;
    if (bucket === BUCKET.unknownChild)
      this.health.noteUnknownChild(childId, this.unknownChildCause(contact.discipline, childId, invalidLine !== undefined), 1);
    this.exceptions.add(exceptionFor(contact, bucket, childId, invalidLine));
  }

  /**
   * Why the plans file has no line that reads for this child in this discipline: its ID is on a line
   * that does not read, or the child has lines of another discipline, or its ID is on no line at all.
   * Only the last can be a matter of how the two files write IDs (the ids-do-not-join check).
   */
  private unknownChildCause(discipline: Discipline, childId: string, hasUnreadLine: boolean): UnknownChildCause {
    if (hasUnreadLine) return 'unread-plan-line';
    for (const other of DISCIPLINES) if (other !== discipline && this.book.findChild(other, childId) >= 0) return 'other-discipline';
    return 'not-in-plans';
  }

  private watch(contact: Contact, bucket: number): void {
    this.watchedByLine.set(contact.line, this.watched.length);
    this.watched.push({
      line: contact.line,
      contactId: contact.contactId,
      date: formatDay(contact.day),
      minutes: contact.minutes,
      attendance: contact.attendance,
      contactType: contact.contactType,
      discipline: contact.discipline,
      field: null,
      value: null,
      bucket: CONTACT_BUCKETS[bucket]!,
      reason: null,
    });
  }

  /** Makes this row the standing row of its contact ID; an earlier row with the ID becomes a duplicate. */
  private standFor(hash: number, row: number, later: ContactFacts): void {
    const earlierRow = this.ids.stand(hash, row, this.isSameIdAsLater);
    if (earlierRow >= 0) this.supersede(this.recalled!, later);
  }

  /**
   * The duplicate rule with the reader thread's index (docs/performance.md#the-duplicate-rules-index).
   * The thread knows each key by a 32-bit fingerprint and claims, for each row, the latest earlier row
   * with the same fingerprint. A claim is never taken on trust: the claimed row is read again and its
   * key compared. Two keys that share a fingerprint (about one row in 400 of a national file)
   * are told apart here: each such key's standing row is kept by its text in `collidedKeys`, and a
   * row whose claim turns out to be another key's finds its own standing row there.
   */
  private settleClaim(claimed: number, row: number, key: string, later: ContactFacts): void {
    const earlier = this.options.recall(claimed);
    if (earlier.contactId === key) {
      if (this.collidedKeys?.has(key) === true) this.collidedKeys.set(key, row);
      this.supersede(earlier, later);
      return;
    }
    // Another key with the same fingerprint: from now on each key of it is followed here. (A claim of
    // -1, a fingerprint never seen, is never one of them: every key followed here has had its seen.)
    this.collidedKeys ??= new Map<string, number>();
    const keys = this.collidedKeys;
    keys.set(earlier.contactId!, claimed);
    const standing = keys.get(key);
    keys.set(key, row);
    if (standing !== undefined) this.supersede(this.options.recall(standing), later);
  }

  /** Whether an earlier row (read again) has the contact ID of the row being folded. */
  private readonly isSameIdAsLater = (earlierRow: number): boolean => {
    this.recalled = this.options.recall(earlierRow);
    const later = this.laterBytes;
    const laterId = later === undefined ? this.laterRow!.contactId : contactIdText(later);
    return this.recalled.contactId === laterId;
  };

  /** The standing row of this ID becomes a duplicate: its contribution is taken back. */
  private supersede(earlier: Contact, later: ContactFacts): void {
    // Classifying is pure, so the earlier row classifies as it did when it was added, and was an
    // exception then exactly when it is one now.
    const taken = this.classify(earlier, this.book.findChild(earlier.discipline, earlier.childId));
    const wasException = isException(taken.bucket);
    this.apply(taken, -1);
    this.health.note(earlier, scopeOf(taken.bucket), -1);
    if (taken.bucket === BUCKET.unknownChild) {
      const cause = this.unknownChildCause(earlier.discipline, earlier.childId, this.book.invalidLineOf(earlier.childId) !== undefined);
      this.health.noteUnknownChild(earlier.childId, cause, -1);
    }
    this.counts[BUCKET.duplicate]! += 1;
    const record: ExceptionRecord = {
      file: 'contacts',
      line: earlier.line,
      bucket: 'duplicate',
      field: 'contact_id',
      value: earlier.contactId ?? '',
      reason: `contact_id appears again on line ${later.line}; the later row stands`,
      childId: earlier.childId,
    };
    if (wasException) this.exceptions.replace(record);
    else this.exceptions.add(record);
    const watchedIndex = this.watchedByLine.get(earlier.line);
    if (watchedIndex !== undefined) {
      const watchedRow = this.watched[watchedIndex]!;
      watchedRow.bucket = 'duplicate';
      watchedRow.reason = record.reason;
    }
  }

  private apply(contribution: Contribution, sign: 1 | -1): void {
    this.counts[contribution.bucket]! += sign;
    const childYear = contribution.childYear;
    if (childYear < 0) return;
    const minutes = sign * contribution.minutes;
    const tallies = this.tallies;
    const at = childYear * this.tallyWidth;
    if (contribution.flags & COUNTED) {
      tallies[at + TALLY_DELIVERED]! += minutes;
      tallies[at + TALLY_SESSIONS]! += sign;
      if (contribution.term >= 0) tallies[at + TALLY_TERMS + contribution.term]! += minutes;
      if (contribution.flags & RECOVERY) tallies[at + TALLY_RECOVERY]! += minutes;
    } else if (contribution.flags & BOOKED) {
      tallies[at + TALLY_BOOKED]! += minutes;
    }
  }

  /** Classifies a row into the scratch contribution, reused for every row. */
  /** `child`: the plan book's index of the row's child and discipline, or -1. */
  private classify(contact: ContactFacts, child: number): Contribution {
    const settings = this.settings;
    const result = this.scratch;
    result.childYear = -1;
    result.minutes = contact.minutes;
    result.term = -1;
    result.flags = 0;
    if (settings.discipline !== null && contact.discipline !== settings.discipline) return withBucket(result, BUCKET.otherDiscipline);
    const year = settings.year;
    // A contact's year is its for_year, else the year its date falls in (docs/rules.md#a-contacts-year).
    const isRunYear = contact.forYear === null ? contact.day >= year.start && contact.day <= year.end : contact.forYear === year.yearStart;
    if (!isRunYear) return withBucket(result, BUCKET.otherYear);
    const isCountable = contact.contactType === 'direct' || settings.countIndirect;
    if (contact.day > settings.asOf) {
      // Booked is not delivered: the row stays after-as-of, but it feeds the year-end forecast (docs/rules.md#forecast).
      if (contact.attendance === 'booked' && isCountable && child >= 0 && this.childYearOf[child]! >= 0) {
        // Its reconciled lines are exactly its commissioned holding lines.
        if (this.isHeldByAny(child, contact.day, true)) {
          result.childYear = this.childYearOf[child]!;
          result.flags = BOOKED;
        }
      }
      return withBucket(result, BUCKET.afterAsOf);
    }
    if (child < 0) return withBucket(result, BUCKET.unknownChild);
    if (!this.isHeldByAny(child, contact.day, false)) return withBucket(result, BUCKET.outsidePlanPeriod);
    if (!this.isHeldByAny(child, contact.day, true)) return withBucket(result, BUCKET.excludedFunding);
    // Held by a commissioned line of the run, so the child has a child-year.
    result.childYear = this.childYearOf[child]!;
    const outcome = BUCKET_OF_ATTENDANCE[contact.attendance];
    if (outcome !== BUCKET.counted) return withBucket(result, outcome);
    if (!isCountable) return withBucket(result, BUCKET.indirect);
    result.flags = COUNTED;
    if (contact.day > year.end) result.flags |= RECOVERY;
    else result.term = termIndexOf(year, contact.day);
    return withBucket(result, BUCKET.counted);
  }

  /**
   * A line holds a contact dated inside [start, end] (docs/rules.md#which-line-holds-a-contact). A recovery contact (dated after its
   * year) makes up for provision owed in that year, so any line meeting the year holds it — and every
   * line here (reconciled or excluded-funding) meets the run's year by construction.
   */
  private isHeldByAny(child: number, day: Day, commissionedOnly: boolean): boolean {
    const isRecovery = day > this.settings.year.end;
    const spans = this.holdingSpans;
    for (let i = this.spanStart[child]!, end = this.spanStart[child + 1]!; i < end; i += 3) {
      if (commissionedOnly && spans[i + 2] === 0) continue;
      if (isRecovery || (spans[i]! <= day && day <= spans[i + 1]!)) return true;
    }
    return false;
  }

  finish(): ContactTotals {
    const { tallies, tallyWidth, termCount } = this;
    const childYears = tallies.length / tallyWidth;
    const column = (offset: number) => {
      const values = new Int32Array(childYears);
      for (let childYear = 0; childYear < childYears; childYear++) values[childYear] = tallies[childYear * tallyWidth + offset]!;
      return values;
    };
    const termDeliveredMinutes = new Int32Array(childYears * termCount);
    for (let childYear = 0; childYear < childYears; childYear++) {
      for (let term = 0; term < termCount; term++) termDeliveredMinutes[childYear * termCount + term] = tallies[childYear * tallyWidth + TALLY_TERMS + term]!;
    }
    return {
      accounting: { rowsRead: this.rowsRead, buckets: countBuckets(CONTACT_BUCKETS, this.counts) },
      exceptions: this.exceptions.finish(),
      deliveredMinutes: column(TALLY_DELIVERED),
      sessionsDelivered: column(TALLY_SESSIONS),
      recoveryMinutes: column(TALLY_RECOVERY),
      bookedMinutes: column(TALLY_BOOKED),
      termDeliveredMinutes,
      watched: this.watched,
      // The columns are the fold's to say (it reads the header); until then, as if present.
      health: { ...this.health.finish(), hasAttendanceColumn: true, hasDisciplineColumn: true },
    };
  }
}

/** The health tallies' scope of a bucket: buckets from unknown-child on are the run's year up to as-of. */
function scopeOf(bucket: number): ContactScope {
  if (bucket >= BUCKET.unknownChild) return CONTACT_SCOPE.inYear;
  if (bucket === BUCKET.otherYear) return CONTACT_SCOPE.otherYear;
  return bucket === BUCKET.otherDiscipline ? CONTACT_SCOPE.otherDiscipline : CONTACT_SCOPE.other;
}

/** The contact key of a row read from bytes, as the text reader gives it ("first/second" for two columns). */
function contactIdText(row: ContactBytesRow): string {
  const id = row.bytes.toString('latin1', row.contactIdStart, row.contactIdEnd);
  return row.keyTailStart === row.keyTailEnd ? id : `${id}/${row.bytes.toString('latin1', row.keyTailStart, row.keyTailEnd)}`;
}

function isException(bucket: number): boolean {
  return bucket === BUCKET.unknownChild || bucket === BUCKET.outsidePlanPeriod;
}

function withBucket(contribution: Contribution, bucket: number): Contribution {
  contribution.bucket = bucket;
  return contribution;
}

/**
 * `invalidLine`: for an unknown child, the first plans row of its ID that does not read. The reason
 * then points at that row, the likely cause, rather than at a plans file that seems to lack the child.
 */
function exceptionFor(
  contact: ContactFacts,
  bucket: number,
  childId: string,
  invalidLine?: { readonly line: number; readonly field: string; readonly reason: string },
): ExceptionRecord {
  if (bucket === BUCKET.unknownChild) {
    return {
      file: 'contacts',
      line: contact.line,
      bucket: 'unknown-child',
      field: 'child_id',
      value: childId,
      reason:
        invalidLine === undefined
          ? `no ${contact.discipline} provision line in the plans file for this child`
          : `no ${contact.discipline} provision line that reads in the plans file for this child: its plan line ${invalidLine.line} is invalid (${invalidLine.field}: ${invalidLine.reason})`,
      childId: childId,
    };
  }
  return {
    file: 'contacts',
    line: contact.line,
    bucket: 'outside-plan-period',
    field: 'date',
    value: formatDay(contact.day),
    reason: `no ${contact.discipline} provision line of this child covers this date`,
    childId: childId,
  };
}
