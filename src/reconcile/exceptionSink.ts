// Where the folds put the exception records they find, and the list the outputs read them from. A
// wrong --date-format on a national file makes every row an exception: millions of records, which a
// run must not hold in memory. So a fold hands each record to a sink as it finds it, and the sink
// decides where it lives (in memory here; the engine's spool writes all but the last few thousand to
// a temporary file: src/engine/exceptionSpool.ts). The outputs read them back by iterating the list,
// in the one order they are always listed in: plans then contacts, each by line.
//
// The duplicate rule turns an earlier row into a `duplicate` once a later row with its ID arrives: the
// fold gives the sink a second record for that earlier line, which takes the place of the first. A
// sink never changes a record it holds: of the records given for a line, the last stands.
import type { ExceptionRecord } from './accounting.js';

/** The exception records of a run, in order: iterate them (each may be read from disk as it comes). */
export interface ExceptionList extends Iterable<ExceptionRecord> {
  readonly length: number;
}

export interface ExceptionSink {
  /** A record for a line that has none yet. Lines may come in any order. */
  add(record: ExceptionRecord): void;
  /** A record that takes the place of the one already given for its line (the duplicate rule). */
  replace(record: ExceptionRecord): void;
  /** The records, one per line in line order, the last given for each line standing. Called once. */
  finish(): ExceptionList;
}

/**
 * The records of `sorted` (ordered by line; records of one line in the order given) with only the
 * last of each line kept.
 */
export function* lastOfEachLine(sorted: Iterable<ExceptionRecord>): Generator<ExceptionRecord> {
  let held: ExceptionRecord | undefined;
  for (const record of sorted) {
    if (held !== undefined && held.line !== record.line) yield held;
    held = record;
  }
  if (held !== undefined) yield held;
}

/** Orders records by line; a stable sort keeps the records of one line in the order given. */
export function sortByLine(records: ExceptionRecord[]): ExceptionRecord[] {
  for (let i = 1; i < records.length; i++) {
    if (records[i]!.line < records[i - 1]!.line) return records.sort((a, b) => a.line - b.line);
  }
  return records;
}

/** A sink that keeps every record in memory: for tests, and for a caller of the pure folds. */
export class MemoryExceptionSink implements ExceptionSink {
  private readonly records: ExceptionRecord[] = [];
  private count = 0;

  add(record: ExceptionRecord): void {
    this.records.push(record);
    this.count++;
  }

  replace(record: ExceptionRecord): void {
    this.records.push(record);
  }

  finish(): ExceptionList {
    const records = sortByLine(this.records);
    return this.count === records.length ? records : [...lastOfEachLine(records)];
  }
}

/** A list of `length` records made by `records` each time it is read. */
export function exceptionListOf(length: number, records: () => Iterator<ExceptionRecord>): ExceptionList {
  const list = {
    length,
    [Symbol.iterator]: records,
    // As an array wherever the list is turned into JSON whole (as the child-years are).
    toJSON: (): ExceptionRecord[] => [...list],
  };
  return list;
}

/** The records of `first`, then those of `second` (the plans' before the contacts'). */
export function concatExceptions(first: ExceptionList, second: ExceptionList): ExceptionList {
  return exceptionListOf(first.length + second.length, function* () {
    yield* first;
    yield* second;
  });
}

/** Each record of `list` changed by `change` as it is read. */
export function mapExceptions(list: ExceptionList, change: (record: ExceptionRecord) => ExceptionRecord): ExceptionList {
  return exceptionListOf(list.length, function* () {
    for (const record of list) yield change(record);
  });
}

/** The first `count` records of `list`, read no further. */
export function firstExceptions(list: ExceptionList, count: number): ExceptionRecord[] {
  const first: ExceptionRecord[] = [];
  if (count <= 0) return first;
  for (const record of list) {
    first.push(record);
    if (first.length >= count) break;
  }
  return first;
}
