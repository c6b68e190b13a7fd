// The hand-written CSV engine: a streaming state machine over UTF-8 bytes. It finds line ends, quotes
// and delimiters among the bytes (all ASCII, so never inside a multi-byte character) and hands each
// record on as byte ranges. A reader that wants strings gets them field by field (readCsvFast); the
// contacts reader looks most fields up by their bytes and never makes a string of them.
//
// Two paths per record. A whole line in view with no quote and no lone CR is split by a plain loop over
// its bytes. Anything else (quotes, CR-only line ends) goes through the field-by-field path. A record
// cut by the end of a chunk is carried whole into the next one and read again from its start; a record
// carried past MAX_RECORD_BYTES stops the read there (carried on, a 1 GB line took minutes and gigabytes,
// each chunk copying and reading again all that came before it), and so is checked only where it is
// carried, never per byte.
import { CELL_PLAIN, CELL_QUOTED, CELL_QUOTED_WITH_QUOTES, cellTexts, type ByteCells } from '../table/cells.js';
import { Utf8Stream } from './utf8Check.js';
import { CsvInputError, MAX_FIELD_CHARS, MAX_FIELDS_PER_RECORD, MAX_RECORD_BYTES } from './csvProblems.js';
import { openCsvBytes } from './csvText.js';
import type { CsvReadOptions, CsvReadSummary, CsvRowSink } from './csvTypes.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Small chunks are gathered first: a record cut by a chunk end is read again in the next one. */
const MIN_PARSE_BYTES = 16 * 1024;

/**
 * One record as the engine sees it (the cells of a table row, see src/table/cells.ts), valid only
 * during the sink call. `fieldCount` is the fields split so far: all of them, unless the parser was
 * asked for only the first few and the record has more (see `wantedFields`); complete() splits the rest.
 */
export type CsvRecord = ByteCells;

export interface CsvRecordSink {
  /**
   * The first record that is not blank, offered as the header. `false`: it is a line above the header
   * (a title block), and the next record is offered instead; line numbers go on counting every line.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a sink that takes the first record as the header need return nothing
  header(record: CsvRecord): boolean | void;
  row(record: CsvRecord): void;
  /** The input ended with every record refused as the header: the sink may throw the error that says why. */
  noHeader?(): void;
}

export async function readCsvFast(input: AsyncIterable<Uint8Array>, options: CsvReadOptions, sink: CsvRowSink): Promise<CsvReadSummary> {
  return readCsvRecords(input, options, textSink(sink));
}

/** A record sink that hands each record on as strings. */
export function textSink(sink: CsvRowSink): CsvRecordSink {
  return {
    header: (record) => sink.header(fieldTexts(record), record.line),
    row: (record) => sink.row(fieldTexts(record), record.line),
  };
}

/** For a reader that reads records again later (RecordRecall): what the text is, and its bytes as parsed. */
export interface CsvTextHooks {
  /** Once the delimiter is known, before any record. */
  opened?(text: { readonly delimiter: string; readonly inputOffset: number | undefined }): void;
  /** Every byte of the text, in order, just before the parser reads it. */
  text?(bytes: Buffer): void;
}

export async function readCsvRecords(
  input: AsyncIterable<Uint8Array>,
  options: CsvReadOptions,
  sink: CsvRecordSink,
  hooks: CsvTextHooks = {},
  /** A sink that looks at only the first few fields of most rows can say so: see FastCsvParser. */
  wantedFields?: () => number,
): Promise<CsvReadSummary> {
  const text = await openCsvBytes(input, options);
  hooks.opened?.({ delimiter: text.delimiter, inputOffset: text.inputOffset });
  const parser = new FastCsvParser(text.delimiter, options.source, sink, { wantedFields });
  // The input's own bytes are checked to be UTF-8 here, where the parser can name the line of a bad
  // one (transcoded text always is UTF-8); unchecked, a stray byte would read as U+FFFD.
  const utf8 = text.inputOffset === undefined ? undefined : new Utf8Stream();
  const givenEncoding = options.encoding !== undefined && options.encoding !== 'utf-8' ? { givenEncoding: options.encoding } : {};
  const invalidUtf8 = () => new CsvInputError({ code: 'invalid-utf-8', source: options.source, line: parser.lineAtEnd(), ...givenEncoding });
  const write = (bytes: Buffer) => {
    hooks.text?.(bytes);
    const invalidAt = utf8?.check(bytes);
    if (invalidAt !== undefined) {
      // The bytes before it are read, so that the parser can say on which line it is.
      parser.write(bytes.subarray(0, Math.max(0, invalidAt)));
      throw invalidUtf8();
    }
    parser.write(bytes);
  };
  // A chunk written whole may still be held by the parser (the tail of a record cut by the chunk's
  // end) until the next write joins that tail with what follows; gathered chunks are copied when joined.
  let written: Buffer | undefined;
  const wrote = (chunk: Buffer | undefined) => {
    if (written !== undefined) text.recycle(written);
    written = chunk;
  };
  let gathered: Buffer[] = [];
  let gatheredBytes = 0;
  for await (const chunk of text.chunks) {
    gathered.push(chunk);
    gatheredBytes += chunk.length;
    // A record carried into the next write is read again from its start: a long one waits for as many
    // new bytes as it holds (no more than take it past the limit), so that it is read again a few times
    // rather than once a chunk (a pipe's chunks are 64 KiB: a 16 MB record was read again 250 times).
    const carried = parser.carriedBytes;
    if (gatheredBytes >= MIN_PARSE_BYTES && gatheredBytes >= Math.min(carried, MAX_RECORD_BYTES + 1 - carried)) {
      if (gathered.length === 1) {
        write(chunk);
        wrote(chunk);
      } else {
        write(Buffer.concat(gathered, gatheredBytes));
        wrote(undefined);
        for (const part of gathered) text.recycle(part);
      }
      gathered = [];
      gatheredBytes = 0;
    }
  }
  if (gatheredBytes > 0) write(Buffer.concat(gathered, gatheredBytes));
  if (utf8?.isCut === true) throw invalidUtf8();
  parser.end();
  return { encoding: text.encoding, delimiter: text.delimiter, bytesRead: text.bytesRead(), records: parser.records, hadBom: text.hadBom };
}

export function fieldTexts(record: CsvRecord): string[] {
  record.complete();
  return cellTexts(record);
}

/** The state machine alone, fed UTF-8 bytes; exported so that tests can cut the bytes anywhere. */
export class FastCsvParser implements CsvRecord {
  records = 0;
  // The record being read (the CsvRecord the sink sees).
  bytes: Buffer = Buffer.alloc(0);
  fieldCount = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  quoting = new Uint8Array(64);
  line = 0;
  offset = 0;

  private readonly delimiterCode: number;
  private hasHeader: boolean;
  /** Unparsed bytes carried into the next chunk, from a record start (or a line end). */
  private carried: Buffer | undefined;
  /** The next record emitted began in an earlier buffer: its whole length is checked against MAX_RECORD_BYTES. */
  private isCarriedRecord = false;
  /** Offset in the text of the current buffer's first byte. */
  private bufferOffset = 0;
  /** Offset in the text of the first byte not yet read: the carried bytes' first, or the next chunk's. */
  private consumedOffset = 0;
  /** Line number at the parse position (a record's inner line breaks are added when its field closes). */
  private parseLine = 1;
  // The next quote / CR / LF / delimiter at or after the last position they were looked up from;
  // buf.length stands for "none". Valid while >= the parse position, reset for each buffer.
  private nextQuote = -1;
  private nextCr = -1;
  private nextLf = -1;
  private nextDelimiter = -1;
  /** Data rows need only this many leading fields split, until complete() is called. */
  private wantedFields = Number.POSITIVE_INFINITY;
  private readonly askWantedFields: (() => number) | undefined;
  /** The unsplit rest of a line cut short for wantedFields, or -1. */
  private restStart = -1;
  /** Records the sink turned down as the header (lines above it). */
  private refusedHeaders = 0;
  private restEnd = -1;

  /**
   * `options.headerless`: every record is a row (reading one record again from the middle of a file);
   * `options.line`: the line the first byte is on; `options.wantedFields`, asked once after the
   * header: data rows need only that many leading fields split (the rest is split on complete()).
   */
  constructor(
    delimiter: string,
    private readonly source: string,
    private readonly sink: CsvRecordSink,
    options: { headerless?: boolean; line?: number; wantedFields?: (() => number) | undefined } = {},
  ) {
    this.delimiterCode = delimiter.charCodeAt(0);
    if (delimiter.length !== 1 || this.delimiterCode > 0x7e) throw new TypeError(`the delimiter must be one ASCII character, not ${JSON.stringify(delimiter)}`);
    this.hasHeader = options.headerless === true;
    this.parseLine = options.line ?? 1;
    this.askWantedFields = options.wantedFields;
  }

  complete(): void {
    if (this.restStart < 0) return;
    const from = this.restStart;
    this.restStart = -1;
    this.splitFrom(this.bytes, from, this.restEnd, this.fieldCount);
  }

  text(index: number): string {
    const quoting = this.quoting[index];
    const text = this.bytes.toString('utf8', this.starts[index], this.ends[index]);
    return quoting === CELL_QUOTED_WITH_QUOTES ? text.replaceAll('""', '"') : text;
  }

  write(chunk: Uint8Array): void {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    const carried = this.takeCarried();
    if (carried === undefined) {
      this.parse(bytes, false);
      return;
    }
    // Join the carried record with the chunk's first line only, not the whole chunk: copying every
    // chunk would copy the whole file once more. A record that runs on past that line (a quoted line
    // break) is joined with the rest of the chunk instead.
    const firstLineEnd = bytes.indexOf(LF);
    if (firstLineEnd !== -1 && firstLineEnd + 1 < bytes.length) {
      const head = bytes.subarray(0, firstLineEnd + 1);
      this.parse(Buffer.concat([carried, head], carried.length + head.length), false);
      const rest = bytes.subarray(firstLineEnd + 1);
      const stillCarried = this.takeCarried();
      this.parse(stillCarried === undefined ? rest : Buffer.concat([stillCarried, rest], stillCarried.length + rest.length), false);
      return;
    }
    this.parse(Buffer.concat([carried, bytes], carried.length + bytes.length), false);
  }

  /** Bytes of a record cut by the end of the last write, to be read again from its start with the next. */
  get carriedBytes(): number {
    return this.carried?.length ?? 0;
  }

  /** The line the next byte written would be on. */
  lineAtEnd(): number {
    const carried = this.carried;
    if (carried === undefined) return this.parseLine;
    // The parse stopped at the start of the carried record, whose line breaks are not counted yet.
    let lines = 0;
    for (let i = 0; i < carried.length; i++) {
      if (carried[i] === LF) lines++;
      else if (carried[i] === CR && carried[i + 1] !== LF) lines++;
    }
    return this.parseLine + lines;
  }

  end(): void {
    const carried = this.takeCarried();
    if (carried !== undefined) this.parse(carried, true);
    if (!this.hasHeader) {
      if (this.refusedHeaders > 0) this.sink.noHeader?.();
      throw new CsvInputError({ code: 'empty', source: this.source });
    }
  }

  private takeCarried(): Buffer | undefined {
    const carried = this.carried;
    this.carried = undefined;
    return carried;
  }

  private parse(buf: Buffer, isLast: boolean): void {
    const len = buf.length;
    const delimiterCode = this.delimiterCode;
    this.nextQuote = this.nextCr = this.nextLf = this.nextDelimiter = -1;
    this.bufferOffset = this.consumedOffset;
    let pos = 0;
    let nextQuote = -1;
    let nextCr = -1;
    let nextLf = -1;
    while (pos < len) {
      const c = buf[pos]!;
      if (c === LF) {
        this.parseLine++;
        pos++;
        continue;
      }
      if (c === CR) {
        if (pos + 1 === len && !isLast) break; // may be the first half of a CRLF
        this.parseLine++;
        pos += buf[pos + 1] === LF ? 2 : 1;
        continue;
      }
      if (nextLf < pos) {
        nextLf = buf.indexOf(LF, pos);
        if (nextLf === -1) nextLf = len;
      }
      if (nextLf < len) {
        const end = buf[nextLf - 1] === CR ? nextLf - 1 : nextLf;
        if (nextQuote < pos) {
          nextQuote = buf.indexOf(QUOTE, pos);
          if (nextQuote === -1) nextQuote = len;
        }
        if (nextCr < pos) {
          nextCr = buf.indexOf(CR, pos);
          if (nextCr === -1) nextCr = len;
        }
        if (nextQuote >= end && nextCr >= end) {
          this.splitLine(buf, pos, end, delimiterCode);
          this.emit(buf, pos, this.parseLine);
          this.parseLine++;
          pos = nextLf + 1;
          continue;
        }
      }
      const recordLine = this.parseLine;
      const next = this.parseFields(buf, pos, isLast, recordLine);
      if (next < 0) {
        // Cut by the end of the buffer: read the record again, whole, with the next chunk.
        this.parseLine = recordLine;
        break;
      }
      pos = next;
    }
    if (pos < len) {
      this.carried = buf.subarray(pos);
      this.isCarriedRecord = true;
      if (len - pos > MAX_RECORD_BYTES) throw this.recordTooLong(this.parseLine);
    }
    this.consumedOffset = this.bufferOffset + pos;
  }

  /** Splits a line that has no quote and no CR into fields. */
  private splitLine(buf: Buffer, start: number, end: number, delimiterCode: number): void {
    this.restStart = -1;
    // A line this short can be too long in no field and have too many fields in no case (each field
    // past the limit needs a byte), so splitting only the wanted fields can hide no error.
    if (end - start < MAX_FIELDS_PER_RECORD && this.wantedFields < this.starts.length) {
      const wanted = this.wantedFields;
      let count = 0;
      let fieldStart = start;
      const starts = this.starts;
      const ends = this.ends;
      const quoting = this.quoting;
      for (let i = start; i < end; i++) {
        if (buf[i] !== delimiterCode) continue;
        starts[count] = fieldStart;
        ends[count] = i;
        quoting[count] = CELL_PLAIN;
        count++;
        fieldStart = i + 1;
        if (count === wanted) {
          this.fieldCount = count;
          this.restStart = fieldStart;
          this.restEnd = end;
          return;
        }
      }
      starts[count] = fieldStart;
      ends[count] = end;
      quoting[count] = CELL_PLAIN;
      this.fieldCount = count + 1;
      return;
    }
    this.splitFrom(buf, start, end, 0);
  }

  /** Splits line bytes [start, end) into fields from field `first` on, and checks the limits. */
  private splitFrom(buf: Buffer, start: number, end: number, first: number): void {
    const delimiterCode = this.delimiterCode;
    let count = first;
    let fieldStart = start;
    // The arrays are written directly while they have room: this loop runs over every byte of the file.
    let starts = this.starts;
    let ends = this.ends;
    let quoting = this.quoting;
    for (let i = start; i < end; i++) {
      if (buf[i] !== delimiterCode) continue;
      if (count + 1 < starts.length) {
        starts[count] = fieldStart;
        ends[count] = i;
        quoting[count] = CELL_PLAIN;
        count++;
      } else {
        this.addField(count++, fieldStart, i, CELL_PLAIN);
        starts = this.starts;
        ends = this.ends;
        quoting = this.quoting;
      }
      fieldStart = i + 1;
    }
    this.addField(count++, fieldStart, end, CELL_PLAIN);
    this.fieldCount = count;
    if (count > MAX_FIELDS_PER_RECORD) throw new CsvInputError({ code: 'too-many-fields', source: this.source, line: this.parseLine });
    if (end - start > MAX_FIELD_CHARS) {
      for (let i = 0; i < count; i++) {
        if (utf16Length(buf, this.starts[i]!, this.ends[i]!) > MAX_FIELD_CHARS) throw this.fieldTooLong();
      }
    }
  }

  private addField(index: number, start: number, end: number, quoting: number): void {
    if (index >= this.starts.length) {
      if (index > MAX_FIELDS_PER_RECORD) return; // reported once the record's fields are counted
      const grow = <T extends Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
        const next = make(old.length * 2);
        next.set(old);
        return next;
      };
      this.starts = grow(this.starts, (n) => new Int32Array(n));
      this.ends = grow(this.ends, (n) => new Int32Array(n));
      this.quoting = grow(this.quoting, (n) => new Uint8Array(n));
    }
    this.starts[index] = start;
    this.ends[index] = end;
    this.quoting[index] = quoting;
  }

  /**
   * Reads fields from the record start at `recordStart` to the end of the record and emits it. Returns
   * the position after the record's line end, or -1 when the buffer ends first.
   */
  private parseFields(buf: Buffer, recordStart: number, isLast: boolean, recordLine: number): number {
    const len = buf.length;
    const delimiterCode = this.delimiterCode;
    this.restStart = -1;
    let count = 0;
    let pos = recordStart;
    for (;;) {
      const start = pos;
      let end: number; // where the field's terminator (delimiter, CR, LF or the end) sits
      if (pos < len && buf[pos] === QUOTE) {
        let pieceStart = pos + 1;
        let doubledQuotes = 0;
        for (;;) {
          if (this.nextQuote < pieceStart) {
            this.nextQuote = buf.indexOf(QUOTE, pieceStart);
            if (this.nextQuote === -1) this.nextQuote = len;
          }
          const quote = this.nextQuote;
          if (quote === len || (quote + 1 === len && !isLast)) {
            if (isLast) throw new CsvInputError({ code: 'unclosed-quote', source: this.source, line: this.parseLine });
            if (len - start - 1 - doubledQuotes > MAX_FIELD_CHARS && utf16Length(buf, start + 1, len) - doubledQuotes > MAX_FIELD_CHARS)
              throw this.fieldTooLong(true);
            return -1;
          }
          if (buf[quote + 1] === QUOTE) {
            doubledQuotes++;
            pieceStart = quote + 2;
            continue;
          }
          end = quote + 1;
          break;
        }
        const valueEnd = end - 1;
        if (valueEnd - start - 1 - doubledQuotes > MAX_FIELD_CHARS && utf16Length(buf, start + 1, valueEnd) - doubledQuotes > MAX_FIELD_CHARS)
          throw this.fieldTooLong();
        const c = end < len ? buf[end]! : -1;
        if (c === CR && end + 1 === len && !isLast) return -1;
        this.parseLine += this.countLineBreaks(buf, start + 1, valueEnd);
        if (c !== -1 && c !== delimiterCode && c !== LF && c !== CR) {
          throw new CsvInputError({ code: 'text-after-quote', source: this.source, line: this.parseLine });
        }
        this.addField(count++, start + 1, valueEnd, doubledQuotes > 0 ? CELL_QUOTED_WITH_QUOTES : CELL_QUOTED);
      } else {
        if (this.nextDelimiter < pos) {
          this.nextDelimiter = buf.indexOf(delimiterCode, pos);
          if (this.nextDelimiter === -1) this.nextDelimiter = len;
        }
        if (this.nextLf < pos) {
          this.nextLf = buf.indexOf(LF, pos);
          if (this.nextLf === -1) this.nextLf = len;
        }
        if (this.nextCr < pos) {
          this.nextCr = buf.indexOf(CR, pos);
          if (this.nextCr === -1) this.nextCr = len;
        }
        end = Math.min(this.nextDelimiter, this.nextLf, this.nextCr);
        if (end - start > MAX_FIELD_CHARS && utf16Length(buf, start, end) > MAX_FIELD_CHARS) throw this.fieldTooLong();
        if ((end === len || (end + 1 === len && buf[end] === CR)) && !isLast) return -1;
        this.addField(count++, start, end, CELL_PLAIN);
      }
      if (count > MAX_FIELDS_PER_RECORD) {
        throw new CsvInputError({ code: 'too-many-fields', source: this.source, line: recordLine });
      }
      if (end === len) {
        this.fieldCount = count;
        this.emit(buf, recordStart, recordLine);
        return len;
      }
      const c = buf[end];
      if (c === delimiterCode) {
        pos = end + 1;
        continue;
      }
      this.fieldCount = count;
      this.emit(buf, recordStart, recordLine);
      this.parseLine++;
      return c === CR && buf[end + 1] === LF ? end + 2 : end + 1;
    }
  }

  private emit(buf: Buffer, recordStart: number, line: number): void {
    if (this.isCarriedRecord) {
      // Carried under the limit, it may still have ended past it in this buffer.
      this.isCarriedRecord = false;
      const recordEnd = this.restStart >= 0 ? this.restEnd : this.ends[this.fieldCount - 1]!;
      if (recordEnd - recordStart > MAX_RECORD_BYTES) throw this.recordTooLong(line);
    }
    this.bytes = buf;
    this.line = line;
    this.offset = this.bufferOffset + recordStart;
    if (this.hasHeader) {
      this.records++;
      this.sink.row(this);
    } else {
      this.restStart = -1;
      if (this.sink.header(this) === false) {
        this.refusedHeaders++;
        return;
      }
      this.hasHeader = true;
      if (this.askWantedFields !== undefined) this.wantedFields = Math.max(1, this.askWantedFields());
    }
  }

  /** Line breaks inside a quoted field, CRLF counting once; most fields have none, which the cached positions show without a scan. */
  private countLineBreaks(buf: Buffer, from: number, to: number): number {
    const len = buf.length;
    if (this.nextLf < from) {
      this.nextLf = buf.indexOf(LF, from);
      if (this.nextLf === -1) this.nextLf = len;
    }
    if (this.nextCr < from) {
      this.nextCr = buf.indexOf(CR, from);
      if (this.nextCr === -1) this.nextCr = len;
    }
    if (this.nextLf >= to && this.nextCr >= to) return 0;
    let lines = 0;
    for (let i = Math.min(this.nextLf, this.nextCr); i < to; i++) {
      const c = buf[i];
      if (c === LF) lines++;
      else if (c === CR && buf[i + 1] !== LF) lines++;
    }
    return lines;
  }

  private recordTooLong(line: number): CsvInputError {
    return new CsvInputError({ code: 'record-too-long', source: this.source, line, limit: MAX_RECORD_BYTES });
  }

  private fieldTooLong(isQuoted = false): CsvInputError {
    return new CsvInputError({ code: 'field-too-long', source: this.source, line: this.parseLine, isQuoted });
  }
}

/** Length in UTF-16 code units (as String.length counts) of UTF-8 bytes: astral characters count two. */
function utf16Length(buf: Uint8Array, from: number, to: number): number {
  let length = 0;
  for (let i = from; i < to; i++) {
    const byte = buf[i]!;
    if ((byte & 0xc0) !== 0x80) length += byte >= 0xf0 ? 2 : 1;
  }
  return length;
}
