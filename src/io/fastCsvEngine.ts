// The hand-written CSV engine: a streaming state machine over decoded text that finds the next
// delimiter, quote or line end with indexOf and slices fields out, instead of walking characters.
//
// Two paths per record. A whole line in view with no quote and no lone CR in it is split natively
// (String.prototype.split), which is as fast as splitting by hand. Anything else (quotes, CR-only line
// ends, a record cut by the end of a chunk) goes through the field-by-field path, which can stop at a
// field boundary and carry on in the next chunk.
import { CsvInputError, MAX_FIELD_CHARS, MAX_FIELDS_PER_RECORD } from './csvProblems.js';
import { openCsvText } from './csvText.js';
import type { CsvReadOptions, CsvReadSummary, CsvRowSink } from './csvTypes.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Small chunks are gathered first: a field cut by a chunk end is rescanned whole in the next one. */
const MIN_PARSE_CHARS = 16 * 1024;

export async function readCsvFast(input: AsyncIterable<Uint8Array>, options: CsvReadOptions, sink: CsvRowSink): Promise<CsvReadSummary> {
  const text = await openCsvText(input, options);
  const parser = new FastCsvParser(text.delimiter, options.source, sink);
  let gathered = '';
  for await (const chunk of text.chunks) {
    gathered = gathered.length === 0 ? chunk : gathered + chunk;
    if (gathered.length >= MIN_PARSE_CHARS) {
      parser.write(gathered);
      gathered = '';
    }
  }
  if (gathered.length > 0) parser.write(gathered);
  parser.end();
  return { encoding: text.encoding, delimiter: text.delimiter, bytesRead: text.bytesRead(), records: parser.records, hadBom: text.hadBom };
}

/** The state machine alone, fed decoded text; exported so that tests can cut the text anywhere. */
export class FastCsvParser {
  records = 0;
  private readonly delimiterCode: number;
  private hasHeader = false;
  /** Unparsed text carried into the next chunk: from a record start, or from a field start when `isInRecord`. */
  private carried = '';
  /** Line number at the parse position (a record's inner line breaks are added when its field closes). */
  private line = 1;
  private isInRecord = false;
  private fields: string[] = [];
  private recordLine = 0;
  // The next quote / CR / LF / delimiter at or after the last position they were looked up from;
  // buf.length stands for "none". Valid while >= the parse position, reset for each buffer.
  private nextQuote = -1;
  private nextCr = -1;
  private nextLf = -1;
  private nextDelimiter = -1;

  constructor(
    private readonly delimiter: string,
    private readonly source: string,
    private readonly sink: CsvRowSink,
  ) {
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  write(chunk: string): void {
    const buf = this.carried.length === 0 ? chunk : this.carried + chunk;
    this.carried = '';
    this.parse(buf, false);
  }

  end(): void {
    const buf = this.carried;
    this.carried = '';
    this.parse(buf, true);
    if (!this.hasHeader) throw new CsvInputError({ code: 'empty', source: this.source });
  }

  private parse(buf: string, isLast: boolean): void {
    const len = buf.length;
    const delimiter = this.delimiter;
    this.nextQuote = this.nextCr = this.nextLf = this.nextDelimiter = -1;
    let pos = 0;
    if (this.isInRecord) {
      pos = this.parseFields(buf, 0, isLast);
      if (pos < 0) return;
    }
    let nextQuote = -1;
    let nextCr = -1;
    let nextLf = -1;
    while (pos < len) {
      const c = buf.charCodeAt(pos);
      if (c === LF) {
        this.line++;
        pos++;
        continue;
      }
      if (c === CR) {
        if (pos + 1 === len && !isLast) break; // may be the first half of a CRLF
        this.line++;
        pos += buf.charCodeAt(pos + 1) === LF ? 2 : 1;
        continue;
      }
      if (nextLf < pos) {
        nextLf = buf.indexOf('\n', pos);
        if (nextLf === -1) nextLf = len;
      }
      if (nextLf < len) {
        const end = buf.charCodeAt(nextLf - 1) === CR ? nextLf - 1 : nextLf;
        if (nextQuote < pos) {
          nextQuote = buf.indexOf('"', pos);
          if (nextQuote === -1) nextQuote = len;
        }
        if (nextCr < pos) {
          nextCr = buf.indexOf('\r', pos);
          if (nextCr === -1) nextCr = len;
        }
        if (nextQuote >= end && nextCr >= end) {
          const fields = buf.slice(pos, end).split(delimiter);
          if (end - pos > MAX_FIELD_CHARS || fields.length > MAX_FIELDS_PER_RECORD) this.checkLimits(fields);
          this.emit(fields, this.line);
          this.line++;
          pos = nextLf + 1;
          continue;
        }
      }
      this.recordLine = this.line;
      this.fields = [];
      pos = this.parseFields(buf, pos, isLast);
      if (pos < 0) return;
    }
    if (pos < len) this.carried = buf.slice(pos);
  }

  /**
   * Reads fields from the field start at `pos` to the end of the record and emits it. Returns the
   * position after the record's line end, or -1 when the buffer ends first: then the current field is
   * carried, the fields before it are kept, and the next chunk resumes at that field.
   */
  private parseFields(buf: string, pos: number, isLast: boolean): number {
    const len = buf.length;
    const fields = this.fields;
    for (;;) {
      const start = pos;
      let end: number; // where the field's terminator (delimiter, CR, LF or the end) sits
      if (pos < len && buf.charCodeAt(pos) === QUOTE) {
        let value = '';
        let pieceStart = pos + 1;
        for (;;) {
          if (this.nextQuote < pieceStart) {
            this.nextQuote = buf.indexOf('"', pieceStart);
            if (this.nextQuote === -1) this.nextQuote = len;
          }
          const quote = this.nextQuote;
          if (quote === len || (quote + 1 === len && !isLast)) {
            if (isLast) throw new CsvInputError({ code: 'unclosed-quote', source: this.source, line: this.line });
            if (value.length + (len - pieceStart) > MAX_FIELD_CHARS) throw this.fieldTooLong(true);
            return this.carry(buf, start);
          }
          if (buf.charCodeAt(quote + 1) === QUOTE) {
            value += buf.slice(pieceStart, quote + 1);
            pieceStart = quote + 2;
            continue;
          }
          value += buf.slice(pieceStart, quote);
          end = quote + 1;
          break;
        }
        if (value.length > MAX_FIELD_CHARS) throw this.fieldTooLong();
        const c = end < len ? buf.charCodeAt(end) : -1;
        if (c === CR && end + 1 === len && !isLast) return this.carry(buf, start);
        this.line += this.countLineBreaks(buf, start + 1, end - 1);
        if (c !== -1 && c !== this.delimiterCode && c !== LF && c !== CR) {
          throw new CsvInputError({ code: 'text-after-quote', source: this.source, line: this.line });
        }
        fields.push(value);
      } else {
        if (this.nextDelimiter < pos) {
          this.nextDelimiter = buf.indexOf(this.delimiter, pos);
          if (this.nextDelimiter === -1) this.nextDelimiter = len;
        }
        if (this.nextLf < pos) {
          this.nextLf = buf.indexOf('\n', pos);
          if (this.nextLf === -1) this.nextLf = len;
        }
        if (this.nextCr < pos) {
          this.nextCr = buf.indexOf('\r', pos);
          if (this.nextCr === -1) this.nextCr = len;
        }
        end = Math.min(this.nextDelimiter, this.nextLf, this.nextCr);
        if (end - start > MAX_FIELD_CHARS) throw this.fieldTooLong();
        if ((end === len || (end + 1 === len && buf.charCodeAt(end) === CR)) && !isLast) return this.carry(buf, start);
        fields.push(buf.slice(start, end));
      }
      if (fields.length > MAX_FIELDS_PER_RECORD) {
        throw new CsvInputError({ code: 'too-many-fields', source: this.source, line: this.recordLine });
      }
      if (end === len) {
        this.endRecord();
        return len;
      }
      const c = buf.charCodeAt(end);
      if (c === this.delimiterCode) {
        pos = end + 1;
        continue;
      }
      this.endRecord();
      this.line++;
      return c === CR && buf.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
    }
  }

  private carry(buf: string, fieldStart: number): number {
    this.carried = buf.slice(fieldStart);
    this.isInRecord = true;
    return -1;
  }

  private endRecord(): void {
    this.isInRecord = false;
    this.emit(this.fields, this.recordLine);
    this.fields = [];
  }

  private emit(fields: string[], line: number): void {
    if (this.hasHeader) {
      this.records++;
      this.sink.row(fields, line);
    } else {
      this.hasHeader = true;
      this.sink.header(fields, line);
    }
  }

  /** Line breaks inside a quoted field, CRLF counting once; most fields have none, which the cached positions show without a scan. */
  private countLineBreaks(buf: string, from: number, to: number): number {
    const len = buf.length;
    if (this.nextLf < from) {
      this.nextLf = buf.indexOf('\n', from);
      if (this.nextLf === -1) this.nextLf = len;
    }
    if (this.nextCr < from) {
      this.nextCr = buf.indexOf('\r', from);
      if (this.nextCr === -1) this.nextCr = len;
    }
    if (this.nextLf >= to && this.nextCr >= to) return 0;
    let lines = 0;
    for (let i = Math.min(this.nextLf, this.nextCr); i < to; i++) {
      const c = buf.charCodeAt(i);
      if (c === LF) lines++;
      else if (c === CR && buf.charCodeAt(i + 1) !== LF) lines++;
    }
    return lines;
  }

  private checkLimits(fields: readonly string[]): void {
    if (fields.length > MAX_FIELDS_PER_RECORD) throw new CsvInputError({ code: 'too-many-fields', source: this.source, line: this.line });
    for (const field of fields) if (field.length > MAX_FIELD_CHARS) throw this.fieldTooLong();
  }

  private fieldTooLong(isQuoted = false): CsvInputError {
    return new CsvInputError({ code: 'field-too-long', source: this.source, line: this.line, isQuoted });
  }
}
