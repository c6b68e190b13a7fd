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
  readonly bucketOfLine: ReadonlyMap<number, PlanBucket>;
  /**
   * Every child with at least one line that reads (in any year) for this discipline, or undefined: one
   * lookup per contact row answers "known child?", "which lines can hold it?" and "which child-year?".
   */
  findChild(discipline: Discipline, childId: string): ChildLines | undefined;
  /** findChild with the child ID as its UTF-8 bytes, bytes[start, end). */
  findChildBytes(discipline: Discipline, bytes: Uint8Array, start: number, end: number): ChildLines | undefined;
  readonly childYears: readonly ChildYearPlan[];
  /** Excluded-funding lines by funding. */
  readonly excludedLines: Readonly<Partial<Record<Funding, number>>>;
}

export interface ChildLines {
  /**
   * The lines that can hold a contact of the run (reconciled and excluded-funding), as triples of
   * start day, end day (OPEN_END when open) and 1 for commissioned, 0 otherwise: read for every contact
   * row, and one typed array is one memory read where an array of line objects is several.
   */
  readonly holdingSpans: Int32Array;
  /** Index into PlanBook.childYears, or -1 when the child has no reconciled line. */
  readonly childYear: number;
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
  const bucketOfLine = new Map<number, PlanBucket>();
  const children = { OT: new Map(), SLT: new Map(), PT: new Map() } as Record<Discipline, Map<string, { holdingLines: PlanLine[]; childYear: number }>>;
  const reconciledLines = new Map<string, PlanLine[]>();
  const excludedLines: Partial<Record<Funding, number>> = {};
  const place = (line: number, bucket: PlanBucket) => {
    counts[PLAN_BUCKETS.indexOf(bucket)]! += 1;
    bucketOfLine.set(line, bucket);
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
  const index = Object.fromEntries(
    DISCIPLINES.map((discipline) => {
      const table = new CompactStringTable();
      const lines: ChildLines[] = [];
      for (const [childId, child] of children[discipline]) {
        table.slotOf(childId);
        lines.push({ holdingSpans: spansOf(child.holdingLines), childYear: child.childYear });
      }
      return [discipline, { table, lines }];
    }),
  ) as Record<Discipline, { table: CompactStringTable; lines: ChildLines[] }>;

  return {
    accounting: { rowsRead: rows.length, buckets: countBuckets(PLAN_BUCKETS, counts) },
    findChild(discipline, childId) {
      const { table, lines } = index[discipline];
      const slot = table.find(childId);
      return slot < 0 ? undefined : lines[slot];
    },
    findChildBytes(discipline, bytes, start, end) {
      const { table, lines } = index[discipline];
      const slot = table.findBytes(bytes, start, end);
      return slot < 0 ? undefined : lines[slot];
    },
    exceptions,
    bucketOfLine,
    childYears,
    excludedLines,
  };
}

/** A day after any real end date, standing for an open end. */
export const OPEN_END = 0x7fffffff;

function spansOf(lines: readonly PlanLine[]): Int32Array {
  const spans = new Int32Array(lines.length * 3);
  lines.forEach((line, index) => {
    spans[index * 3] = line.start;
    spans[index * 3 + 1] = line.end ?? OPEN_END;
    spans[index * 3 + 2] = line.funding === 'commissioned' ? 1 : 0;
  });
  return spans;
}

function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
