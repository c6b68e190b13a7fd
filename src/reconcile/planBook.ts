// Sorts every plans row into its bucket (SPEC 3.4) and indexes the lines that matter for contacts:
// which children are known, which lines can hold a contact, and one child-year per child and discipline
// with a reconciled line.
import { formatDay } from '../calendar/day.js';
import type { PlanLine, RowReading } from '../schema/records.js';
import { DISCIPLINES, PLAN_BUCKETS, type Discipline, type Funding, type PlanBucket } from '../schema/vocabulary.js';
import { countBuckets, type ExceptionRecord, type FileAccounting } from './accounting.js';
import { CompactStringTable } from './compactStringTable.js';
import { childKeyOf, type RunSettings } from './settings.js';

export interface ChildYearPlan {
  readonly childId: string;
  readonly discipline: Discipline;
  /** The child's reconciled lines in file order. */
  readonly lines: readonly PlanLine[];
  /** The reconciled line with the latest start date (the later row on a tie). */
  readonly latest: PlanLine;
}

export interface PlanBook {
  readonly accounting: FileAccounting<PlanBucket>;
  readonly exceptions: readonly ExceptionRecord[];
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
  readonly children: ChildLines;
  readonly childYears: readonly ChildYearPlan[];
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

export function buildPlanBook(rows: readonly PlanRowReading[], settings: RunSettings): PlanBook {
  const counts = new Array<number>(PLAN_BUCKETS.length).fill(0);
  const exceptions: ExceptionRecord[] = [];
  const bucketOfLine = new LineBuckets(rows.length);
  const children = { OT: new Map(), SLT: new Map(), PT: new Map() } as Record<Discipline, Map<string, { holdingLines: PlanLine[]; childYear: number }>>;
  const reconciledLines = new Map<string, PlanLine[]>();
  const excludedLines: Partial<Record<Funding, number>> = {};
  const place = (line: number, bucket: PlanBucket) => {
    counts[PLAN_BUCKETS.indexOf(bucket)]! += 1;
    bucketOfLine.add(line, PLAN_BUCKETS.indexOf(bucket));
  };

  // When a provision_id repeats, the last row that reads stands.
  const standingLineOf = new Map<string, number>();
  for (const { reading } of rows) {
    if (reading.ok && reading.record.provisionId !== null) standingLineOf.set(reading.record.provisionId, reading.record.line);
  }

  for (const { line, reading } of rows) {
    if (!reading.ok) {
      place(line, 'invalid-row');
      exceptions.push({ file: 'plans', line, bucket: 'invalid-row', ...reading.problem, childId: reading.childId });
      continue;
    }
    const plan = reading.record;
    const key = childKeyOf(plan.childId, plan.discipline);
    let child = children[plan.discipline].get(plan.childId);
    if (child === undefined) {
      child = { holdingLines: [], childYear: -1 };
      children[plan.discipline].set(plan.childId, child);
    }
    const standing = plan.provisionId === null ? line : standingLineOf.get(plan.provisionId);
    if (standing !== line) {
      place(line, 'duplicate');
      exceptions.push({
        file: 'plans',
        line,
        bucket: 'duplicate',
        field: 'provision_id',
        value: plan.provisionId ?? '',
        reason: `provision_id appears again on line ${standing}; the later row stands`,
        childId: plan.childId,
      });
      continue;
    }
    const bucket = bucketOfPlanLine(plan, settings);
    place(line, bucket);
    if (bucket === 'end-before-start') {
      exceptions.push({
        file: 'plans',
        line,
        bucket,
        field: 'end_date',
        value: formatDay(plan.end ?? plan.start),
        reason: `end_date is before start_date (${formatDay(plan.start)})`,
        childId: plan.childId,
      });
    }
    if (bucket === 'reconciled' || bucket === 'excluded-funding') {
      child.holdingLines.push(plan);
      if (bucket === 'reconciled') appendTo(reconciledLines, key, plan);
      else excludedLines[plan.funding] = (excludedLines[plan.funding] ?? 0) + 1;
    }
  }

  const childYears: ChildYearPlan[] = [];
  for (const lines of reconciledLines.values()) {
    let latest = lines[0]!;
    for (const candidate of lines) if (candidate.start >= latest.start) latest = candidate;
    children[latest.discipline].get(latest.childId)!.childYear = childYears.length;
    childYears.push({ childId: latest.childId, discipline: latest.discipline, lines, latest });
  }

  // Looked up once per contact row: a byte-arena table stays in cache where a Map of strings does not.
  let childCount = 0;
  let spanCount = 0;
  for (const discipline of DISCIPLINES) {
    childCount += children[discipline].size;
    for (const child of children[discipline].values()) spanCount += child.holdingLines.length * 3;
  }
  const childLines: ChildLines = { holdingSpans: new Int32Array(spanCount), spanStart: new Int32Array(childCount + 1), childYear: new Int32Array(childCount) };
  let nextChild = 0;
  let nextSpan = 0;
  // A loop, not a callback: a closure over `children` would keep every line object alive as long as
  // the book's own closures, which share its scope.
  const index = {} as Record<Discipline, { table: CompactStringTable; first: number }>;
  for (const discipline of DISCIPLINES) {
    const table = new CompactStringTable();
    const first = nextChild;
    for (const [childId, child] of children[discipline]) {
      table.slotOf(childId);
      childLines.spanStart[nextChild] = nextSpan;
      childLines.childYear[nextChild] = child.childYear;
      for (const line of child.holdingLines) {
        childLines.holdingSpans[nextSpan++] = line.start;
        childLines.holdingSpans[nextSpan++] = line.end ?? OPEN_END;
        childLines.holdingSpans[nextSpan++] = line.funding === 'commissioned' ? 1 : 0;
      }
      nextChild++;
    }
    index[discipline] = { table, first };
  }
  childLines.spanStart[childCount] = nextSpan;

  return {
    accounting: { rowsRead: rows.length, buckets: countBuckets(PLAN_BUCKETS, counts) },
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
    children: childLines,
    exceptions,
    bucketOfLine,
    childYears,
    excludedLines,
  };
}

/** A day after any real end date, standing for an open end. */
export const OPEN_END = 0x7fffffff;

function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Each plans row's bucket by line, 5 bytes a row. Rows read from a file arrive in line order, so a
 * lookup is a binary search; rows given in any other order are searched from the last.
 */
class LineBuckets {
  private readonly lines: Int32Array;
  private readonly buckets: Uint8Array;
  private count = 0;
  private isInOrder = true;

  constructor(rows: number) {
    this.lines = new Int32Array(rows);
    this.buckets = new Uint8Array(rows);
  }

  add(line: number, bucket: number): void {
    if (this.count > 0 && line <= this.lines[this.count - 1]!) this.isInOrder = false;
    this.lines[this.count] = line;
    this.buckets[this.count] = bucket;
    this.count++;
  }

  get(line: number): PlanBucket | undefined {
    if (!this.isInOrder) {
      const at = this.lines.subarray(0, this.count).lastIndexOf(line);
      return at < 0 ? undefined : PLAN_BUCKETS[this.buckets[at]!];
    }
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = this.lines[middle]!;
      if (at === line) return PLAN_BUCKETS[this.buckets[middle]!];
      if (at < line) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }
}
