// Reads one record of a CSV input again by its number, after the stream has moved on: the duplicate
// rule asks for the earlier row of a contact ID that comes again, which is rare, so keeping where
// records are is far cheaper than keeping what they say. Every 16th record's offset and line are kept
// (12 bytes per 16 records); a recall reads the group of records from the nearest one before to the
// next (its bytes known exactly from the two offsets), and parses them.
//
// The text must be readable again: a UTF-8 file is read in place, through the descriptor it is being
// read through (never by its path again, which may name another file by then), and is checked to be
// unchanged before recalls; standard input, a pipe, or text transcoded from another encoding, is
// copied as it streams past into a temporary file that is gone when the run ends (on POSIX it has no
// name at all once opened).
import { readSync, writeSync } from 'node:fs';
import { InputError } from '../errors.js';
import { FastCsvParser, fieldTexts } from './fastCsvEngine.js';
import type { RereadableFile } from './fileChunks.js';
import { openScratchFile, type ScratchFile } from './scratchFile.js';

const CHECKPOINT_EVERY = 16;
/** Bytes gathered before a write to the spool. */
const SPOOL_WRITE_BYTES = 1 << 16;
const FIRST_WINDOW_BYTES = 4096;
/**
 * How often, at most, a recall asks whether the file has changed (an fstat, about as dear as the read
 * itself: a file re-sent whole recalls every row). What decides is the check once the last row has been
 * read again (readThrough in src/io/inputFiles.ts); these only stop a changed file sooner.
 */
const CHANGE_CHECK_MS = 10;

export class RecordRecall {
  private offsets = new Float64Array(1024);
  private lines = new Int32Array(1024);
  /** The file read in place, or else the spool. */
  private file: RereadableFile | undefined;
  private spoolFile: ScratchFile | undefined;
  /** Where the text's first byte sits in the file read from. */
  private fileOffset = 0;
  /** Bytes appended to the spool, those still gathered in `pending` included. */
  private spoolBytes = 0;
  private readonly pending = Buffer.allocUnsafe(SPOOL_WRITE_BYTES);
  private pendingBytes = 0;
  private delimiter = ',';
  private window = Buffer.alloc(0);
  private lastChangeCheck = Number.NEGATIVE_INFINITY;
  /**
   * The records last read from a window, from the one asked for to the end of its checkpoint's group:
   * a contact ID on many rows in a row recalls each row just after the one before (a file of one ID
   * would otherwise read and parse a window for every row).
   */
  private recentCheckpoint = -1;
  private recentFirst = 0;
  private recent: { fields: string[]; line: number }[] = [];
  /** Checkpoints noted so far, and the record last read again. */
  private checkpoints = 0;
  private lastRecord = -2;

  constructor(private readonly source: string) {}

  /** The text is the file's own bytes from `offset` on; `delimiter` is the file's. The file stays its owner's to close. */
  readFrom(file: RereadableFile, offset: number, delimiter: string): void {
    this.delimiter = delimiter;
    this.file = file;
    this.fileOffset = offset;
  }

  /** The text cannot be read again where it came from: keep a copy of it, from `append`. */
  spool(delimiter: string): void {
    this.delimiter = delimiter;
    this.spoolFile = openScratchFile('contacts.csv');
  }

  /**
   * The next bytes of the text, in order, as the parser gets them. A workbook's rows come one at a
   * time, a few dozen bytes each: they are gathered and written SPOOL_WRITE_BYTES at a time, rather
   * than in a system call a row.
   */
  append(bytes: Uint8Array): void {
    const spool = this.spoolFile;
    if (spool === undefined) return;
    if (this.pendingBytes + bytes.length > this.pending.length) this.flushSpool();
    if (bytes.length >= this.pending.length) this.writeSpool(bytes);
    else {
      this.pending.set(bytes, this.pendingBytes);
      this.pendingBytes += bytes.length;
    }
    this.spoolBytes += bytes.length;
  }

  /** Writes what append gathered, before the spool is read. */
  private flushSpool(): void {
    if (this.pendingBytes === 0) return;
    const gathered = this.pendingBytes;
    this.pendingBytes = 0;
    this.writeSpool(this.pending.subarray(0, gathered), this.spoolBytes - gathered);
  }

  private writeSpool(bytes: Uint8Array, position = this.spoolBytes - this.pendingBytes): void {
    const fd = this.spoolFile!.fd;
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written, position + written);
  }

  /** Record `record` (data records numbered from 0) starts at text offset `offset`, on `line`. */
  note(record: number, offset: number, line: number): void {
    if (record % CHECKPOINT_EVERY !== 0) return;
    const checkpoint = record / CHECKPOINT_EVERY;
    if (checkpoint >= this.offsets.length) {
      const offsets = new Float64Array(Math.ceil(this.offsets.length * 1.5));
      offsets.set(this.offsets);
      this.offsets = offsets;
      const lines = new Int32Array(offsets.length);
      lines.set(this.lines);
      this.lines = lines;
    }
    this.offsets[checkpoint] = offset;
    this.lines[checkpoint] = line;
    this.checkpoints = checkpoint + 1;
  }

  /** The fields and line of a record already read. */
  read(record: number): { fields: string[]; line: number } {
    const file = this.file;
    const spool = this.spoolFile;
    if (file === undefined && spool === undefined) throw new Error('RecordRecall.read before readFrom or spool');
    if (spool !== undefined) this.flushSpool();
    // A file rewritten since it was opened would give another row here, or half of one.
    if (file !== undefined && performance.now() - this.lastChangeCheck >= CHANGE_CHECK_MS) {
      this.lastChangeCheck = performance.now();
      file.checkUnchanged();
    }
    const checkpoint = Math.floor(record / CHECKPOINT_EVERY);
    const position = this.fileOffset + this.offsets[checkpoint]!;
    const wanted = record - checkpoint * CHECKPOINT_EVERY;
    // Rows recalled one after another (one contact ID on many rows) keep the rest of their group as text.
    const isRun = record === this.lastRecord + 1;
    this.lastRecord = record;
    if (checkpoint === this.recentCheckpoint && wanted >= this.recentFirst) {
      const recent = this.recent[wanted - this.recentFirst];
      if (recent !== undefined) return recent;
    }
    // The group's bytes, when the next checkpoint is known: exactly its records, none beyond.
    const groupBytes = checkpoint + 1 < this.checkpoints ? this.offsets[checkpoint + 1]! - this.offsets[checkpoint]! : FIRST_WINDOW_BYTES;
    for (let size = groupBytes; ; size *= 4) {
      // One window, kept and grown: a file re-sent at its end recalls thousands of rows in a row.
      if (this.window.length < size) this.window = Buffer.allocUnsafe(size);
      const window = this.window;
      const length = file !== undefined ? file.readAt(window, size, position) : readSync(spool!.fd, window, 0, size, position);
      const recent: { fields: string[]; line: number }[] = [];
      let index = 0;
      const parser = new FastCsvParser(
        this.delimiter,
        this.source,
        {
          header() {},
          row(read) {
            if (index === wanted || (isRun && index > wanted && index < CHECKPOINT_EVERY)) recent.push({ fields: fieldTexts(read), line: read.line });
            index++;
          },
        },
        { headerless: true, line: this.lines[checkpoint]! },
      );
      parser.write(window.subarray(0, length));
      if (recent.length === 0 && length < size) parser.end();
      const found = recent[0];
      if (found !== undefined) {
        this.recentCheckpoint = checkpoint;
        this.recentFirst = wanted;
        this.recent = recent;
        return found;
      }
      if (length < size) throw new InputError(`${this.source} changed while it was being read: run again on a file that is not being written to`);
    }
  }

  close(): void {
    this.spoolFile?.close();
    this.spoolFile = undefined;
    this.file = undefined;
  }
}
