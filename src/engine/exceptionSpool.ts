// The exception sink of a run (src/reconcile/exceptionSink.ts) that keeps memory bounded however many
// rows are exceptions: the first few thousand records stay in memory, and from then on they go, a
// few thousand at a time sorted by line, to a temporary file with no name (src/io/scratchFile.ts).
// Each sorted batch is a run of the file; a batch that starts after the last run ends (the usual case:
// rows come in line order) lengthens that run instead. Reading the list merges the runs and the
// records still in memory by line, keeping the last record given for each line (a duplicate that took
// the place of an earlier exception), so the outputs stream them in the order they always have.
// See docs/performance.md#many-exceptions.
import { readSync, writeSync } from 'node:fs';
import { openScratchFile, type ScratchFile } from '../io/scratchFile.js';
import type { ExceptionRecord } from '../reconcile/accounting.js';
import { exceptionListOf, lastOfEachLine, sortByLine, type ExceptionList, type ExceptionSink } from '../reconcile/exceptionSink.js';
import { EXCEPTION_BUCKETS, INPUT_FILES, type ExceptionBucket, type InputFile } from '../schema/vocabulary.js';

/** Records kept in memory before they go to the file, and then in each batch written. */
export const RECORDS_IN_MEMORY = 4096;

/** Bytes the records of a batch are gathered in before a write. */
const WRITE_BUFFER_BYTES = 1 << 18;
/** Bytes all the runs being merged read ahead, shared between them, and the least and most one run reads at once. */
const READ_AHEAD_BYTES = 1 << 23;
const MIN_RUN_READ_BYTES = 1 << 14;
const MAX_RUN_READ_BYTES = 1 << 18;

/**
 * A repeated text (a field name, a reason, a date that does not read) is written as its number in a
 * table kept in memory: a national file's millions of records then take a few bytes each on disk. The
 * table is bounded: texts past its size, and long texts, are written out in full.
 */
const MAX_TABLE_TEXTS = 4096;
const MAX_TABLE_TEXT_CHARS = 120;

// How a text is written: a 32-bit word, then its bytes. The word's low two bits say which kind.
const TEXT_LATIN1 = 0;
const TEXT_TABLE = 1;
const TEXT_UTF16 = 2;
const TEXT_NULL = 3;

/** A record's header: its length in bytes, its line, its file and its bucket. */
const HEADER_BYTES = 10;

const FILE_CODES = new Map<InputFile, number>(INPUT_FILES.map((file, index) => [file, index]));
const BUCKET_CODES = new Map<ExceptionBucket, number>(EXCEPTION_BUCKETS.map((bucket, index) => [bucket, index]));

interface Run {
  readonly start: number;
  end: number;
  lastLine: number;
}

/** Closes a spool's file once nothing can read it any more (the result it belongs to is gone). */
const closeWhenUnreachable = new FinalizationRegistry<ScratchFile>((file) => file.close());

export class ExceptionSpool implements ExceptionSink {
  private pending: ExceptionRecord[] = [];
  private count = 0;
  private readonly runs: Run[] = [];
  private file: ScratchFile | undefined;
  private fileBytes = 0;
  private out = Buffer.allocUnsafe(0);
  private outUsed = 0;
  private readonly tableCodes = new Map<string, number>();
  private readonly tableTexts: string[] = [];
  private isFinished = false;

  constructor(private readonly recordsInMemory = RECORDS_IN_MEMORY) {}

  add(record: ExceptionRecord): void {
    this.count++;
    this.hold(record);
  }

  replace(record: ExceptionRecord): void {
    this.hold(record);
  }

  /** Whether some records went to the file (for tests). */
  get hasSpilled(): boolean {
    return this.file !== undefined;
  }

  finish(): ExceptionList {
    if (this.isFinished) throw new Error('ExceptionSpool.finish called twice');
    this.isFinished = true;
    const tail = sortByLine(this.pending);
    this.pending = [];
    this.out = Buffer.allocUnsafe(0);
    const length = this.count;
    if (this.file === undefined) return length === tail.length ? tail : [...lastOfEachLine(tail)];
    const runs = this.runs.slice();
    // The list reaches the spool, and so the file: it stays open as long as the list can be read.
    return exceptionListOf(length, () => lastOfEachLine(this.merged(runs, tail)));
  }

  private hold(record: ExceptionRecord): void {
    if (this.isFinished) throw new Error('ExceptionSpool: a record after finish');
    this.pending.push(record);
    if (this.pending.length >= this.recordsInMemory) this.spill();
  }

  /** Writes the records held, sorted by line, as a new run or at the end of the last one. */
  private spill(): void {
    const sorted = sortByLine(this.pending);
    this.pending = [];
    if (this.file === undefined) {
      this.file = openScratchFile('exceptions.bin');
      closeWhenUnreachable.register(this, this.file);
      this.out = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
    }
    const last = this.runs.at(-1);
    const first = sorted[0]!;
    let run: Run;
    if (last !== undefined && last.lastLine < first.line) {
      run = last;
    } else {
      run = { start: this.fileBytes, end: this.fileBytes, lastLine: -1 };
      this.runs.push(run);
    }
    for (const record of sorted) this.write(record);
    this.flush();
    run.end = this.fileBytes;
    run.lastLine = sorted.at(-1)!.line;
  }

  private write(record: ExceptionRecord): void {
    const most = HEADER_BYTES + 16 + 2 * (record.field.length + record.value.length + record.reason.length + (record.childId?.length ?? 0));
    if (this.outUsed + most > this.out.length) {
      this.flush();
      if (most > this.out.length) this.out = Buffer.allocUnsafe(most);
    }
    const out = this.out;
    const start = this.outUsed;
    out.writeUInt32LE(record.line, start + 4);
    out[start + 8] = FILE_CODES.get(record.file)!;
    out[start + 9] = BUCKET_CODES.get(record.bucket)!;
    let at = this.writeText(start + HEADER_BYTES, record.field);
    at = this.writeText(at, record.value);
    at = this.writeText(at, record.reason);
    at = this.writeText(at, record.childId);
    out.writeUInt32LE(at - start, start);
    this.outUsed = at;
  }

  private writeText(at: number, text: string | null): number {
    const out = this.out;
    if (text === null) {
      out.writeUInt32LE(TEXT_NULL, at);
      return at + 4;
    }
    const code = this.tableCodeOf(text);
    if (code >= 0) {
      out.writeUInt32LE(code * 4 + TEXT_TABLE, at);
      return at + 4;
    }
    // Latin-1 when every character fits in a byte (nearly always); otherwise UTF-16, which keeps any
    // string as it was, where UTF-8 would change a lone surrogate.
    const isLatin1 = fitsLatin1(text);
    const bytes = out.write(text, at + 4, isLatin1 ? 'latin1' : 'utf16le');
    out.writeUInt32LE(bytes * 4 + (isLatin1 ? TEXT_LATIN1 : TEXT_UTF16), at);
    return at + 4 + bytes;
  }

  /** The text's number in the table, given one if there is room; -1 when it is written out in full. */
  private tableCodeOf(text: string): number {
    const code = this.tableCodes.get(text);
    if (code !== undefined) return code;
    if (text.length > MAX_TABLE_TEXT_CHARS || this.tableTexts.length >= MAX_TABLE_TEXTS) return -1;
    this.tableCodes.set(text, this.tableTexts.length);
    this.tableTexts.push(text);
    return this.tableTexts.length - 1;
  }

  private flush(): void {
    const fd = this.file!.fd;
    for (let written = 0; written < this.outUsed; ) {
      written += writeSync(fd, this.out, written, this.outUsed - written, this.fileBytes + written);
    }
    this.fileBytes += this.outUsed;
    this.outUsed = 0;
  }

  /** Every record of the runs and the tail, by line; the records of one line in the order they were given. */
  private *merged(runs: readonly Run[], tail: readonly ExceptionRecord[]): Generator<ExceptionRecord> {
    const fd = this.file!.fd;
    const readBytes = Math.min(MAX_RUN_READ_BYTES, Math.max(MIN_RUN_READ_BYTES, Math.floor(READ_AHEAD_BYTES / runs.length)));
    // A later run holds later records: for one line, the run read first gives the record given first.
    const cursors: Cursor[] = runs.map((run) => new RunCursor(fd, run, readBytes, this.tableTexts));
    if (tail.length > 0) cursors.push(new ArrayCursor(tail));
    if (cursors.length === 1) {
      const only = cursors[0]!;
      for (let record = only.next(); record !== undefined; record = only.next()) yield record;
      return;
    }
    yield* mergeByLine(cursors);
  }
}

function fitsLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

interface Cursor {
  next(): ExceptionRecord | undefined;
}

class ArrayCursor implements Cursor {
  private at = 0;

  constructor(private readonly records: readonly ExceptionRecord[]) {}

  next(): ExceptionRecord | undefined {
    return this.records[this.at++];
  }
}

/** Reads one run's records in order, a window of the file at a time. */
class RunCursor implements Cursor {
  private buffer: Buffer;
  /** Bytes of the buffer that hold file bytes, and where the next record starts in it. */
  private used = 0;
  private at = 0;
  private position: number;

  constructor(
    private readonly fd: number,
    private readonly run: Run,
    readBytes: number,
    private readonly tableTexts: readonly string[],
  ) {
    this.buffer = Buffer.allocUnsafe(readBytes);
    this.position = run.start;
  }

  next(): ExceptionRecord | undefined {
    if (!this.hasBytes(4)) return undefined;
    const buffer = this.buffer;
    const length = buffer.readUInt32LE(this.at);
    if (!this.hasBytes(length)) throw new Error('the exceptions spool ends inside a record');
    const start = this.at;
    this.at = start + length;
    const line = this.buffer.readUInt32LE(start + 4);
    const file = INPUT_FILES[this.buffer[start + 8]!]!;
    const bucket = EXCEPTION_BUCKETS[this.buffer[start + 9]!]!;
    let at = start + HEADER_BYTES;
    const field = this.readText(at);
    at = this.textEnd;
    const value = this.readText(at);
    at = this.textEnd;
    const reason = this.readText(at);
    at = this.textEnd;
    const childId = this.readText(at);
    return { file, line, bucket, field: field ?? '', value: value ?? '', reason: reason ?? '', childId };
  }

  /** Where the text last read ends. */
  private textEnd = 0;

  private readText(at: number): string | null {
    const buffer = this.buffer;
    const word = buffer.readUInt32LE(at);
    const kind = word & 3;
    const size = Math.floor(word / 4);
    this.textEnd = at + 4;
    switch (kind) {
      case TEXT_NULL:
        return null;
      case TEXT_TABLE:
        return this.tableTexts[size]!;
      case TEXT_LATIN1:
        this.textEnd = at + 4 + size;
        return buffer.toString('latin1', at + 4, at + 4 + size);
      case TEXT_UTF16:
        this.textEnd = at + 4 + size;
        return buffer.toString('utf16le', at + 4, at + 4 + size);
      default:
        throw new Error(`the exceptions spool has a text of kind ${kind}`);
    }
  }

  /** Whether `count` bytes from the next record are in the buffer, reading on from the file if not. */
  private hasBytes(count: number): boolean {
    if (this.used - this.at >= count) return true;
    if (this.position >= this.run.end) return false;
    // Keep the part of a record already read, at the start of the buffer (grown if the record is larger).
    const kept = this.used - this.at;
    if (count > this.buffer.length) {
      const larger = Buffer.allocUnsafe(count);
      this.buffer.copy(larger, 0, this.at, this.used);
      this.buffer = larger;
    } else {
      this.buffer.copy(this.buffer, 0, this.at, this.used);
    }
    this.used = kept;
    this.at = 0;
    while (this.used < count && this.position < this.run.end) {
      const wanted = Math.min(this.buffer.length - this.used, this.run.end - this.position);
      const read = readSync(this.fd, this.buffer, this.used, wanted, this.position);
      if (read === 0) throw new Error('the exceptions spool is shorter than was written');
      this.used += read;
      this.position += read;
    }
    return this.used >= count;
  }
}

/**
 * The records of all the cursors by line (a k-way merge on a binary heap). Records of one line are
 * taken cursor by cursor in the cursors' order, and each cursor's in its own order.
 */
function* mergeByLine(cursors: readonly Cursor[]): Generator<ExceptionRecord> {
  const heads: (ExceptionRecord | undefined)[] = cursors.map((cursor) => cursor.next());
  const heap: number[] = [];
  const isBefore = (a: number, b: number) => {
    const lineA = heads[a]!.line;
    const lineB = heads[b]!.line;
    return lineA < lineB || (lineA === lineB && a < b);
  };
  const siftDown = (from: number) => {
    let index = from;
    for (;;) {
      const left = index * 2 + 1;
      if (left >= heap.length) return;
      const right = left + 1;
      const smaller = right < heap.length && isBefore(heap[right]!, heap[left]!) ? right : left;
      if (!isBefore(heap[smaller]!, heap[index]!)) return;
      [heap[index], heap[smaller]] = [heap[smaller]!, heap[index]!];
      index = smaller;
    }
  };
  heads.forEach((head, index) => {
    if (head !== undefined) heap.push(index);
  });
  for (let index = Math.floor(heap.length / 2) - 1; index >= 0; index--) siftDown(index);
  while (heap.length > 0) {
    const cursor = heap[0]!;
    yield heads[cursor]!;
    const next = cursors[cursor]!.next();
    heads[cursor] = next;
    if (next === undefined) {
      heap[0] = heap.at(-1)!;
      heap.pop();
    }
    siftDown(0);
  }
}
