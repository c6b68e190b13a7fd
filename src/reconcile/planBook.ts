// Sorts every plans row into its bucket (docs/rules.md#row-accounting) and indexes the lines that matter for contacts:
// which children are known, which lines can hold a contact, and one child-year per child and discipline
// with a reconciled line.
import { formatDay } from '../calendar/day.js';
import type { PlanLine, RowReading } from '../schema/records.js';
import { DISCIPLINES, PLAN_BUCKETS, type Discipline, type Funding, type PlanBucket } from '../schema/vocabulary.js';
import { countBuckets, type FileAccounting } from './accounting.js';
import { ChildYearPlans } from './childYearPlans.js';
import { MemoryExceptionSink, type ExceptionList, type ExceptionSink } from './exceptionSink.js';
import { HoldingLines, type HoldingLine } from './holdingLines.js';
import { InvalidRowTally, type InvalidRowFacts } from './invalidRows.js';
import { CompactStringTable } from './compactStringTable.js';
import type { RunSettings } from './settings.js';

export interface PlanBook {
  readonly accounting: FileAccounting<PlanBucket>;
  readonly exceptions: ExceptionList;
  /** Bucket of each data row by line number, for the audit trail. */
  readonly bucketOfLine: { get(line: number): PlanBucket | undefined };
  /**
   * The index in `children` of a child with at least one line that reads (in any year) for this
   * discipline, or -1: one lookup per contact row answers "known child?", "which lines can hold it?"
   * and "which child-year?".
   */
  findChild(discipline: Discipline, childId: string): number;
  /** findChild with the child ID as its UTF-8 bytes, bytes[start, end). */
  findChildBytes(discipline: Discipline, bytes: Uint8Array, start: number, end: number): number;
  /**
   * The child ID of every child with a line that reads, discipline by discipline, each in the order
   * first seen (a child with two disciplines comes twice). Made one at a time: for suggestions and
   * run-health checks, which read them once, not for lookups.
   */
  childIds(): Iterable<string>;
  /** The disciplines with at least one line that reads, in any year. */
  readonly disciplines: readonly Discipline[];
  /**
   * The first plans row of this child ID that does not read, as its line and problem: a contact whose
   * child has no line that reads can then say why (bounded by the invalid rows, which are exceptions).
   */
  invalidLineOf(childId: string): { readonly line: number; readonly field: string; readonly reason: string } | undefined;
  /** How many rows did not read and their commonest problem, for the run-health checks. */
  readonly invalidRows: InvalidRowFacts;
  readonly children: ChildLines;
  /** Each child and discipline with a reconciled line, in the order of their first one. */
  readonly childYears: ChildYearPlans;
  /** Excluded-funding lines by funding. */
  readonly excludedLines: Readonly<Partial<Record<Funding, number>>>;
}

/**
 * Every known child and discipline, in flat typed arrays indexed by findChild's answer: read for every
 * contact row, and a few typed arrays are a few memory reads where an object and an array per child
 * are several more, and a hundred bytes each.
 */
export interface ChildLines {
  /**
   * The lines that can hold a contact of the run (reconciled and excluded-funding), as triples of
   * start day, end day (OPEN_END when open) and 1 for commissioned, 0 otherwise. Child c's triples are
   * holdingSpans[spanStart[c] .. spanStart[c + 1]).
   */
  readonly holdingSpans: Int32Array;
  readonly spanStart: Int32Array;
  /** Index into PlanBook.childYears, or -1 when the child has no reconciled line. */
  readonly childYear: Int32Array;
}

export interface PlanRowReading {
  readonly line: number;
  readonly reading: RowReading<PlanLine>;
}

export function bucketOfPlanLine(line: PlanLine, settings: RunSettings): Exclude<PlanBucket, 'invalid-row' | 'duplicate'> {
  if (line.end !== null && line.end < line.start) return 'end-before-start';
  if (settings.discipline !== null && line.discipline !== settings.discipline) return 'other-discipline';
  if (line.start > settings.year.end || (line.end !== null && line.end < settings.year.start)) return 'other-year';
  if (line.start > settings.asOf) return 'after-as-of';
  if (line.funding !== 'commissioned') return 'excluded-funding';
  return 'reconciled';
}

export interface PlanBookOptions {
  /** Where the exception records go (default: memory). */
  readonly exceptions?: ExceptionSink | undefined;
  /**
   * Hears each child ID read: once per child new to the book (`isInPlanBook`), and the ID of each
   * row that did not read (for pseudonymisation, which must find every child ID wherever it sits).
   */
  readonly onChildId?: ((childId: string, isInPlanBook: boolean) => void) | undefined;
}

export function buildPlanBook(rows: readonly PlanRowReading[], settings: RunSettings): PlanBook {
  const builder = new PlanBookBuilder(settings);
  for (const { line, reading } of rows) builder.add(line, reading);
  return builder.finish();
}

/**
 * Builds the plan book one row at a time, so that only the lines that can hold a contact are kept.
 * The duplicate rule ("a later row that reads has the same provision_id: the last row stands") takes
 * an earlier row's bucket back when a later row with its provision_id arrives.
 *
 * Nothing is kept per child while rows arrive (a list per child would cost an array each, mostly
 * empty room, at 650,000 children): lines that can hold a contact are kept in arrival order with their
 * child's number, and grouped by child once, at the end.
 */
export class PlanBookBuilder {
  private readonly counts = new Array<number>(PLAN_BUCKETS.length).fill(0);
  private readonly exceptions: ExceptionSink;
  private readonly bucketOfLine = new LineBuckets();
  /** Each child and discipline with a line that reads, in any year: its number by child ID. */
  private readonly children: Record<Discipline, Map<string, number>> = { OT: new Map(), SLT: new Map(), PT: new Map() };
  private readonly childIds: string[] = [];
  private readonly excludedLines: Partial<Record<Funding, number>> = {};
  private rowsRead = 0;
  // Lines that can hold a contact (reconciled or excluded-funding), in arrival order.
  private readonly holding = new HoldingLines();
  // The standing row of each provision_id, by the provision table's slot.
  private readonly provisions = new CompactStringTable();
  private standingLine = new Int32Array(1024);
  private standingBucket = new Uint8Array(1024);
  /** 1 when it is an end-before-start exception, else 0. */
  private standingException = new Uint8Array(1024);
  /** Its place among the holding lines, or -1. */
  private standingHolding = new Int32Array(1024);
  private standingChild = new Int32Array(1024);
  /** The first row that does not read, by child ID (see PlanBook.invalidLineOf). */
  private readonly invalidLines = new Map<string, { line: number; field: string; reason: string }>();
  private readonly invalidRows = new InvalidRowTally();
  /**
   * The rows that became duplicates, as their line, provision slot, child and whether they were an
   * exception already: a duplicate's reason names the row that finally stands for its ID, known only
   * at the end, when their records are made.
   */
  private readonly duplicates = new DuplicateRows();

  private readonly onChildId: PlanBookOptions['onChildId'];

  constructor(
    private readonly settings: RunSettings,
    options: PlanBookOptions = {},
  ) {
    this.exceptions = options.exceptions ?? new MemoryExceptionSink();
    this.onChildId = options.onChildId;
  }

  /**
   * About this many rows are coming (an estimate from the file's size): the builder's columns are made
   * at that size at once. Grown step by step, each step leaves its outgrown copy in the C heap, which
   * does not give it back while later arrays sit above it (~30 MB at 100,000 children).
   */
  expectRows(rows: number): void {
    this.holding.reserve(rows);
    this.bucketOfLine.reserve(rows);
    if (rows > this.standingLine.length) this.growStanding(rows);
    this.provisions.reserve(rows, rows * ESTIMATED_PROVISION_ID_BYTES);
  }

  add(line: number, reading: RowReading<PlanLine>): void {
    this.rowsRead++;
    if (!reading.ok) {
      this.place(line, 'invalid-row');
      this.exceptions.add({ file: 'plans', line, bucket: 'invalid-row', ...reading.problem, childId: reading.childId });
      this.invalidRows.note(line, reading.problem);
      if (reading.childId !== null) {
        this.onChildId?.(reading.childId, false);
        if (!this.invalidLines.has(reading.childId))
          this.invalidLines.set(reading.childId, { line, field: reading.problem.field, reason: reading.problem.reason });
      }
      return;
    }
    const plan = reading.record;
    const children = this.children[plan.discipline];
    let child = children.get(plan.childId);
    if (child === undefined) {
      child = this.childIds.length;
      this.childIds.push(plan.childId);
      children.set(plan.childId, child);
      this.onChildId?.(plan.childId, true);
    }
    const bucket = bucketOfPlanLine(plan, this.settings);
    this.place(line, bucket);
    if (bucket === 'end-before-start') {
      this.exceptions.add({
        file: 'plans',
        line,
        bucket,
        field: 'end_date',
        value: formatDay(plan.end ?? plan.start),
        reason: `end_date is before start_date (${formatDay(plan.start)})`,
        childId: plan.childId,
      });
    }
    let holdingIndex = -1;
    if (bucket === 'reconciled' || bucket === 'excluded-funding') {
      holdingIndex = this.holding.add(plan, child);
      if (bucket === 'excluded-funding') this.excludedLines[plan.funding] = (this.excludedLines[plan.funding] ?? 0) + 1;
    }
    if (plan.provisionId === null) return;
    const before = this.provisions.size;
    const slot = this.provisions.slotOf(plan.provisionId);
    if (slot < before) this.supersede(slot);
    this.stand(slot, line, PLAN_BUCKETS.indexOf(bucket), bucket === 'end-before-start', holdingIndex, child);
  }

  /** The standing row of this provision_id becomes a duplicate: what it added is taken back. */
  private supersede(slot: number): void {
    const line = this.standingLine[slot]!;
    const bucket = this.standingBucket[slot]!;
    this.counts[bucket]! -= 1;
    this.counts[PLAN_BUCKETS.indexOf('duplicate')]! += 1;
    this.bucketOfLine.change(line, PLAN_BUCKETS.indexOf('duplicate'));
    const holdingIndex = this.standingHolding[slot]!;
    if (holdingIndex >= 0) {
      this.holding.standDown(holdingIndex);
      if (PLAN_BUCKETS[bucket] === 'excluded-funding') this.excludedLines[this.holding.fundingOf(holdingIndex)]! -= 1;
    }
    this.duplicates.add(line, slot, this.standingChild[slot]!, this.standingException[slot] === 1);
  }

  private stand(slot: number, line: number, bucket: number, isException: boolean, holdingIndex: number, child: number): void {
    if (slot >= this.standingLine.length) this.growStanding(Math.ceil(slot * 1.5) + 1);
    this.standingLine[slot] = line;
    this.standingBucket[slot] = bucket;
    this.standingException[slot] = isException ? 1 : 0;
    this.standingHolding[slot] = holdingIndex;
    this.standingChild[slot] = child;
  }

  private growStanding(capacity: number): void {
    this.standingLine = grown(this.standingLine, new Int32Array(capacity));
    this.standingBucket = grown(this.standingBucket, new Uint8Array(capacity));
    this.standingException = grown(this.standingException, new Uint8Array(capacity));
    this.standingHolding = grown(this.standingHolding, new Int32Array(capacity));
    this.standingChild = grown(this.standingChild, new Int32Array(capacity));
  }

  private place(line: number, bucket: PlanBucket): void {
    const index = PLAN_BUCKETS.indexOf(bucket);
    this.counts[index]! += 1;
    this.bucketOfLine.add(line, index);
  }

  finish(): PlanBook {
    const { duplicates, provisions, standingLine } = this;
    for (let index = 0; index < duplicates.count; index++) {
      const slot = duplicates.slot[index]!;
      const record = {
        file: 'plans' as const,
        line: duplicates.line[index]!,
        bucket: 'duplicate' as const,
        field: 'provision_id',
        value: provisions.textOf(slot),
        reason: `provision_id appears again on line ${standingLine[slot]}; the later row stands`,
        childId: this.childIds[duplicates.child[index]!]!,
      };
      if (duplicates.wasException[index] === 1) this.exceptions.replace(record);
      else this.exceptions.add(record);
    }
    const { children, holding, invalidLines } = this;
    const childCount = this.childIds.length;

    // Children are looked up by discipline, so they are numbered again discipline by discipline.
    // Looked up once per contact row: a byte-arena table stays in cache where a Map of strings does not.
    const lookupOf = new Int32Array(childCount);
    const index = {} as Record<Discipline, { table: CompactStringTable; first: number }>;
    let nextChild = 0;
    for (const discipline of DISCIPLINES) {
      let idBytes = 0;
      for (const childId of children[discipline].keys()) idBytes += childId.length;
      const table = new CompactStringTable(children[discipline].size, idBytes);
      const first = nextChild;
      for (const [childId, child] of children[discipline]) {
        table.slotOf(childId);
        lookupOf[child] = nextChild++;
      }
      index[discipline] = { table, first };
    }

    // Each child's standing lines, grouped by a counting sort that keeps them in file order.
    const spanStart = new Int32Array(childCount + 1);
    for (let i = 0; i < holding.count; i++) {
      if (!holding.stands(i)) continue;
      spanStart[lookupOf[holding.childOf(i)]! + 1]! += 3;
    }
    for (let child = 0; child < childCount; child++) spanStart[child + 1]! += spanStart[child]!;
    const holdingSpans = new Int32Array(spanStart[childCount]!);
    const nextSpan = spanStart.slice(0, childCount);
    const childYearOf = new Int32Array(childCount).fill(-1);
    // Each child's reconciled lines in file order, gathered from the lines' order above (one list per
    // child-year would cost an array each for every child at once).
    const reconciledStart = new Int32Array(childCount + 1);
    for (let i = 0; i < holding.count; i++) {
      if (holding.stands(i) && holding.fundingOf(i) === 'commissioned') reconciledStart[lookupOf[holding.childOf(i)]! + 1]! += 1;
    }
    for (let child = 0; child < childCount; child++) reconciledStart[child + 1]! += reconciledStart[child]!;
    const reconciled = new Int32Array(reconciledStart[childCount]!);
    const nextReconciled = reconciledStart.slice(0, childCount);
    const firstReconciled: number[] = [];
    for (let i = 0; i < holding.count; i++) {
      if (!holding.stands(i)) continue;
      const lookup = lookupOf[holding.childOf(i)]!;
      const isCommissioned = holding.fundingOf(i) === 'commissioned';
      const at = nextSpan[lookup]!;
      holdingSpans[at] = holding.startOf(i);
      holdingSpans[at + 1] = holding.endOf(i) ?? OPEN_END;
      holdingSpans[at + 2] = isCommissioned ? 1 : 0;
      nextSpan[lookup] = at + 3;
      if (!isCommissioned) continue;
      if (nextReconciled[lookup] === reconciledStart[lookup]) firstReconciled.push(lookup);
      reconciled[nextReconciled[lookup]!++] = i;
    }
    // One child-year per child and discipline with a reconciled line, in the order of their first one.
    const childYears = new ChildYearPlans(this.settings.year, this.settings.asOf, firstReconciled.length);
    const disciplineOf = new Uint8Array(childCount);
    for (const discipline of DISCIPLINES) for (const child of children[discipline].values()) disciplineOf[lookupOf[child]!] = DISCIPLINES.indexOf(discipline);
    for (const lookup of firstReconciled) {
      const lines: HoldingLine[] = [];
      for (let at = reconciledStart[lookup]!; at < reconciledStart[lookup + 1]!; at++) lines.push(holding.lineAt(reconciled[at]!));
      const child = holding.childOf(reconciled[reconciledStart[lookup]!]!);
      childYearOf[lookup] = childYears.add(this.childIds[child]!, DISCIPLINES[disciplineOf[lookup]!]!, lines);
    }
    const childLines: ChildLines = { holdingSpans, spanStart, childYear: childYearOf };

    return {
      accounting: { rowsRead: this.rowsRead, buckets: countBuckets(PLAN_BUCKETS, this.counts) },
      findChild(discipline, childId) {
        const { table, first } = index[discipline];
        const slot = table.find(childId);
        return slot < 0 ? -1 : first + slot;
      },
      findChildBytes(discipline, bytes, start, end) {
        const { table, first } = index[discipline];
        const slot = table.findBytes(bytes, start, end);
        return slot < 0 ? -1 : first + slot;
      },
      *childIds() {
        for (const discipline of DISCIPLINES) yield* index[discipline].table.keys();
      },
      disciplines: DISCIPLINES.filter((discipline) => index[discipline].table.size > 0),
      invalidLineOf: (childId) => invalidLines.get(childId),
      invalidRows: this.invalidRows.finish(),
      children: childLines,
      exceptions: this.exceptions.finish(),
      bucketOfLine: this.bucketOfLine,
      childYears,
      excludedLines: this.excludedLines,
    };
  }
}

function grown<T extends Int32Array | Uint8Array>(old: T, next: T): T {
  next.set(old);
  return next;
}

/** The plans rows that became duplicates, in typed columns: a plans file sent twice makes every row one. */
class DuplicateRows {
  line = new Int32Array(256);
  slot = new Int32Array(256);
  child = new Int32Array(256);
  wasException = new Uint8Array(256);
  count = 0;

  add(line: number, slot: number, child: number, wasException: boolean): void {
    if (this.count === this.line.length) {
      const capacity = this.count * 2;
      this.line = grown(this.line, new Int32Array(capacity));
      this.slot = grown(this.slot, new Int32Array(capacity));
      this.child = grown(this.child, new Int32Array(capacity));
      this.wasException = grown(this.wasException, new Uint8Array(capacity));
    }
    this.line[this.count] = line;
    this.slot[this.count] = slot;
    this.child[this.count] = child;
    this.wasException[this.count] = wasException ? 1 : 0;
    this.count++;
  }
}

/** A guess at a provision ID's length, to make room for them before they come. */
const ESTIMATED_PROVISION_ID_BYTES = 12;

/** A day after any real end date, standing for an open end. */
export const OPEN_END = 0x7fffffff;

/**
 * Each plans row's bucket by line, 5 bytes a row. Rows read from a file arrive in line order, so a
 * lookup is a binary search; rows given in any other order are searched from the last.
 */
class LineBuckets {
  private lines = new Int32Array(1024);
  private buckets = new Uint8Array(1024);
  private count = 0;
  private isInOrder = true;

  reserve(rows: number): void {
    if (rows > this.lines.length) this.grow(rows);
  }

  private grow(capacity: number): void {
    const lines = new Int32Array(capacity);
    lines.set(this.lines);
    this.lines = lines;
    const buckets = new Uint8Array(capacity);
    buckets.set(this.buckets);
    this.buckets = buckets;
  }

  add(line: number, bucket: number): void {
    if (this.count === this.lines.length) this.grow(Math.ceil(this.count * 1.5));
    if (this.count > 0 && line <= this.lines[this.count - 1]!) this.isInOrder = false;
    this.lines[this.count] = line;
    this.buckets[this.count] = bucket;
    this.count++;
  }

  change(line: number, bucket: number): void {
    const at = this.indexOf(line);
    if (at >= 0) this.buckets[at] = bucket;
  }

  get(line: number): PlanBucket | undefined {
    const at = this.indexOf(line);
    return at < 0 ? undefined : PLAN_BUCKETS[this.buckets[at]!];
  }

  private indexOf(line: number): number {
    if (!this.isInOrder) return this.lines.subarray(0, this.count).lastIndexOf(line);
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = this.lines[middle]!;
      if (at === line) return middle;
      if (at < line) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }
}
