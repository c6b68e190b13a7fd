// Bytes to text for the CSV engines: byte-order mark, encoding, the not-text checks, progress and the
// delimiter. Both engines share this so that they differ only in how they split the text.
import { TextDecoder } from 'node:util';
import { UsageError } from '../errors.js';
import { CsvInputError } from './csvProblems.js';
import { MAX_RECORDS_ABOVE_HEADER, type CsvReadOptions, type Encoding } from './csvTypes.js';
import { isRecycling } from './fileChunks.js';
import { Utf8Stream } from './utf8Check.js';

/** The bytes an --encoding is judged against (provenEncoding). */
const UTF8_CHECK_BYTES = 64 * 1024;
const PROGRESS_STEP_BYTES = 64 * 1024;
/** Bytes needed to recognise a byte-order mark or a spreadsheet workbook. */
const SIGNATURE_BYTES = 8;
/** Bytes kept from the start of the input to guess what a binary-looking file really is. */
const SNIFF_BYTES = 4096;
/** Give up looking for the end of the header record after this many characters and decide from what was seen. */
const HEADER_SCAN_CHARS = 4 << 20;
/** How far past a first record with no delimiter the header is looked for: a title block is a few short lines. */
const TITLE_SCAN_CHARS = 64 * 1024;

const DETECTABLE_DELIMITERS = [',', ';', '\t'] as const;

export interface CsvText {
  readonly encoding: Encoding;
  readonly hadBom: boolean;
  readonly delimiter: string;
  /** The decoded text in order, byte-order mark removed; no chunk is empty. */
  readonly chunks: AsyncIterable<string>;
  /** Bytes consumed so far, byte-order mark included. */
  bytesRead(): number;
}

export async function openCsvText(input: AsyncIterable<Uint8Array>, options: CsvReadOptions): Promise<CsvText> {
  const { source, delimiter, head } = await openHead(input, options, true);
  source.checkUtf8Throughout(source.takeCapturedBytes());
  return {
    encoding: source.encoding,
    hadBom: source.hadBom,
    delimiter,
    bytesRead: () => source.bytesRead,
    chunks: (async function* () {
      try {
        if (head.text.length > 0) yield head.text;
        for (let text = await source.next(); text !== undefined; text = await source.next()) {
          if (text.length > 0) yield text;
        }
      } finally {
        // Stops the file stream when a reader stops early, on a CSV error or one thrown by the sink.
        await source.close();
      }
    })(),
  };
}

/** The text as UTF-8 bytes, for the engine that splits bytes rather than strings. */
export interface CsvBytes {
  readonly encoding: Encoding;
  readonly hadBom: boolean;
  readonly delimiter: string;
  /** UTF-8 text in order, byte-order mark and any "sep=" line text removed; no chunk is empty. */
  readonly chunks: AsyncIterable<Buffer>;
  /**
   * Where the first byte of `chunks` sits in the input when the chunks are the input's own bytes (UTF-8
   * input), so that a record can be read again from the file; undefined when the text was transcoded.
   */
  readonly inputOffset: number | undefined;
  bytesRead(): number;
  /**
   * The reader is done with this chunk and every view of it: its memory may be read into again when
   * the input recycles (see fileChunks.ts). Chunks the input did not hand out are ignored.
   */
  recycle(chunk: Uint8Array): void;
}

export async function openCsvBytes(input: AsyncIterable<Uint8Array>, options: CsvReadOptions): Promise<CsvBytes> {
  const { source, delimiter, head } = await openHead(input, options, true);
  const isRaw = source.encoding === 'utf-8';
  // UTF-8 input goes on as its own bytes: the header was decoded only to find the delimiter.
  const first = isRaw ? asBuffer(concatBytes(source.takeCapturedBytes())).subarray(head.skippedBytes) : Buffer.from(head.text, 'utf8');
  return {
    encoding: source.encoding,
    hadBom: source.hadBom,
    delimiter,
    inputOffset: isRaw ? source.bomLength + head.skippedBytes : undefined,
    bytesRead: () => source.bytesRead,
    // Only UTF-8 input passes the input's own chunks on; transcoded text is in buffers of its own.
    recycle: isRaw && isRecycling(input) ? (chunk) => input.recycle(chunk) : () => undefined,
    chunks: (async function* () {
      try {
        if (first.length > 0) yield first;
        if (isRaw) {
          for (let bytes = await source.nextBytes(); bytes !== undefined; bytes = await source.nextBytes()) {
            if (bytes.length > 0) yield asBuffer(bytes);
          }
        } else {
          for (let text = await source.next(); text !== undefined; text = await source.next()) {
            if (text.length > 0) yield Buffer.from(text, 'utf8');
          }
        }
      } finally {
        await source.close();
      }
    })(),
  };
}

/** Reads up to the end of the header record: the encoding, a "sep=" line and the delimiter are known after it. */
async function openHead(
  input: AsyncIterable<Uint8Array>,
  options: CsvReadOptions,
  captureBytes: boolean,
): Promise<{ source: DecodingSource; delimiter: string; head: { text: string; skippedBytes: number } }> {
  const forced = options.delimiter;
  if (forced !== undefined) checkDelimiter(forced);
  const source = await DecodingSource.open(input, options, captureBytes);
  let delimiter = forced;
  let head = '';
  let skippedBytes = 0;
  try {
    head = await readFirstLineText(source);
    const separatorLine = EXCEL_SEPARATOR_LINE.exec(head);
    if (separatorLine !== null) {
      // Excel's "sep=;" first line names the delimiter. Only its text goes: its line end stays as a
      // blank line, which both engines skip and count, so the header is still reported on line 2.
      head = head.slice(separatorLine[0].length);
      skippedBytes = separatorLine[0].length;
      delimiter ??= separatorLine[1];
    }
    if (delimiter === undefined) ({ delimiter, head } = await readHeaderText(source, head));
  } catch (error) {
    await source.close();
    throw error;
  }
  return { source, delimiter, head: { text: head, skippedBytes } };
}

/** Excel writes, and reads, a first line "sep=X" naming the delimiter of the rest of the file. */
const EXCEL_SEPARATOR_LINE = /^sep=([\t\x20\x21\x23-\x7e])(?=\r|\n|$)/i;

/** Text from the start until a line end is in view (or the input ends): enough to see a "sep=" line. */
async function readFirstLineText(source: DecodingSource): Promise<string> {
  let head = '';
  while (head.length <= HEADER_SCAN_CHARS && head.indexOf('\n') === -1 && head.indexOf('\r') === -1) {
    const more = await source.next();
    if (more === undefined) break;
    head += more;
  }
  return head;
}

async function readHeaderText(source: DecodingSource, initial: string): Promise<{ delimiter: string; head: string }> {
  let head = initial;
  for (;;) {
    const scan = scanDelimiterRecord(head);
    if (scan.isComplete || head.length > HEADER_SCAN_CHARS) return { delimiter: chooseDelimiter(scan.counts), head };
    // The record cannot end before another line break arrives, so read on without rescanning; past a
    // first record, only as far as a title block could reach.
    const limit = scan.isFirstComplete ? TITLE_SCAN_CHARS : HEADER_SCAN_CHARS;
    let more = await source.next();
    while (more !== undefined && more.indexOf('\n') === -1 && more.indexOf('\r') === -1 && head.length <= limit) {
      head += more;
      more = await source.next();
    }
    if (more === undefined) return { delimiter: chooseDelimiter(scanDelimiterRecord(head).counts), head };
    head += more;
  }
}

function checkDelimiter(delimiter: string): void {
  // ASCII only: the engine finds delimiters among the bytes, and every delimiter in use (, ; | TAB) is ASCII.
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 0x7e || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new UsageError(`the delimiter must be one ASCII character other than a quote or a line end, not ${JSON.stringify(delimiter)}`);
  }
}

interface DelimiterCounts {
  readonly ',': number;
  readonly ';': number;
  readonly '\t': number;
}

/**
 * Counts the candidate delimiters outside quotes in the first non-blank record of `text`. The
 * delimiter is not known yet, so a quote opens a quoted field when it follows the line start or any
 * candidate; a quote anywhere else is literal, as the engines take it.
 */
export function scanHeaderRecord(text: string): { counts: DelimiterCounts; isComplete: boolean } {
  const scan = scanRecordAt(text, 0);
  return { counts: scan.counts, isComplete: scan.end >= 0 };
}

/**
 * The delimiter counts of the header record. When the first record has no candidate at all, it may
 * be a title above the header ("EHCP Provision Report", docs/exports.md#title-blocks-and-totals-rows):
 * the counts are then those of the first later record with two or more of one candidate (a header
 * has at least three columns), among the next MAX_RECORDS_ABOVE_HEADER records and the first
 * TITLE_SCAN_CHARS characters; failing that, the first record's. Incomplete until that is known.
 */
export function scanDelimiterRecord(text: string): { counts: DelimiterCounts; isComplete: boolean; isFirstComplete: boolean } {
  const first = scanRecordAt(text, 0);
  if (first.end < 0) return { counts: first.counts, isComplete: false, isFirstComplete: false };
  if (total(first.counts) > 0) return { counts: first.counts, isComplete: true, isFirstComplete: true };
  let start = first.end;
  for (let record = 1; record <= MAX_RECORDS_ABOVE_HEADER && start < TITLE_SCAN_CHARS; record++) {
    const scan = scanRecordAt(text, start);
    if (scan.end < 0) return { counts: first.counts, isComplete: text.length > TITLE_SCAN_CHARS, isFirstComplete: true };
    const { counts } = scan;
    if (Math.max(counts[','], counts[';'], counts['\t']) >= 2) return { counts, isComplete: true, isFirstComplete: true };
    start = scan.end;
  }
  return { counts: first.counts, isComplete: true, isFirstComplete: true };
}

function total(counts: DelimiterCounts): number {
  return counts[','] + counts[';'] + counts['\t'];
}

/** Scans the first non-blank record from `start`: its counts, and where the next record may begin (-1: the record has not ended in `text`). */
function scanRecordAt(text: string, start: number): { counts: DelimiterCounts; end: number } {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let i = start;
  while (i < text.length && (text[i] === '\n' || text[i] === '\r')) i++;
  let atFieldStart = true;
  let isQuoted = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (isQuoted) {
      if (c !== '"') continue;
      if (text[i + 1] === '"') i++;
      else isQuoted = false;
    } else if (c === ',' || c === ';' || c === '\t') {
      counts[c]++;
      atFieldStart = true;
      continue;
    } else if (c === '\n' || c === '\r') {
      return { counts, end: i + 1 };
    } else if (c === '"' && atFieldStart) {
      isQuoted = true;
    }
    atFieldStart = false;
  }
  return { counts, end: -1 };
}

/** The most frequent candidate; comma when none appears or the largest count is shared. */
export function chooseDelimiter(counts: DelimiterCounts): string {
  let best = ',';
  let bestCount = 0;
  let isTie = false;
  for (const candidate of DETECTABLE_DELIMITERS) {
    const count = counts[candidate];
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
      isTie = false;
    } else if (count === bestCount && count > 0) {
      isTie = true;
    }
  }
  return isTie || bestCount === 0 ? ',' : best;
}

class DecodingSource {
  bytesRead = 0;
  private readonly decoder: TextDecoder;
  private pending: Uint8Array | undefined;
  private isInputDone = false;
  private isFinished = false;
  /** The decoder has given up its last characters. */
  private isFlushed = false;
  private reportedBytes = 0;
  /** The bytes handed out as text while the header is read, kept when the caller goes on with bytes. */
  private captured: Uint8Array[] | undefined;
  /** For UTF-8 read as text: the check of every byte, and the line it has reached. */
  private wholeUtf8Check: { readonly stream: Utf8Stream; line: number; endedWithCr: boolean } | undefined;

  private constructor(
    private readonly iterator: AsyncIterator<Uint8Array>,
    private readonly options: CsvReadOptions,
    readonly encoding: Encoding,
    readonly hadBom: boolean,
    readonly bomLength: number,
    private readonly sniffed: Uint8Array,
    firstBytes: Uint8Array,
    bytesRead: number,
  ) {
    // ignoreBOM: the mark is already cut off, so a second U+FEFF is content and stays.
    this.decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
    this.pending = firstBytes;
    this.bytesRead = bytesRead;
  }

  static async open(input: AsyncIterable<Uint8Array>, options: CsvReadOptions, captureBytes = false): Promise<DecodingSource> {
    const iterator = input[Symbol.asyncIterator]();
    const parts: Uint8Array[] = [];
    let length = 0;
    let isInputDone = false;
    const readAtLeast = async (wanted: number) => {
      while (length < wanted && !isInputDone) {
        const next = await pull(iterator, options.source);
        if (next.done === true) {
          isInputDone = true;
          break;
        }
        const bytes = asBytes(next.value);
        parts.push(bytes);
        length += bytes.length;
      }
      return parts.length === 1 ? parts[0]! : concatBytes(parts);
    };
    // Enough for a byte-order mark or a workbook's signature, which a stream may hand over a byte at a time.
    let first = await readAtLeast(SIGNATURE_BYTES);
    const workbook = sniffWorkbook(first);
    if (workbook !== undefined) {
      await iterator.return?.();
      throw new CsvInputError({ code: 'workbook', source: options.source, format: workbook, isReadableByPath: options.workbooksByPath === true });
    }
    const bom = sniffBom(first);
    const forced = options.encoding;
    // A forced encoding is checked against the bytes (provenEncoding), so read enough of them to judge by.
    if (bom === undefined && forced !== undefined && forced !== 'utf-8') first = await readAtLeast(SNIFF_BYTES);
    const encoding =
      bom?.encoding ??
      (forced === undefined ? 'utf-8' : provenEncoding(forced, first.subarray(0, UTF8_CHECK_BYTES), isInputDone && first.length <= UTF8_CHECK_BYTES));
    const body = first.subarray(bom?.length ?? 0);
    const source = new DecodingSource(iterator, options, encoding, bom !== undefined, bom?.length ?? 0, body.slice(0, SNIFF_BYTES), body, first.length);
    source.isInputDone = isInputDone;
    if (captureBytes) source.captured = [];
    return source;
  }

  /** The next piece of text (possibly empty), or undefined at the end. */
  async next(): Promise<string | undefined> {
    const bytes = await this.nextChecked();
    if (bytes === undefined) return this.finish();
    // UTF-8 input read as text is checked here (the header's bytes once it is read); read as bytes, by the engine.
    if (this.wholeUtf8Check !== undefined && this.captured === undefined) this.checkWholeUtf8(bytes);
    this.captured?.push(bytes);
    // Always { stream: true }: Node 20's one-shot windows-1252 path decodes 0x80–0x9F as Latin-1
    // (nodejs/node#60888); the streaming path is correct, and the tests pin it.
    const text = this.decoder.decode(bytes, { stream: true });
    if (this.encoding === 'utf-16le' || this.encoding === 'utf-16be') this.checkText(text);
    this.reportProgress(false);
    return text;
  }

  /**
   * The next piece of UTF-8 input as bytes, not decoded (nor checked to be UTF-8: the engine does that,
   * and names the line), or undefined at the end. For UTF-8 input only, after the header was read with next().
   */
  async nextBytes(): Promise<Uint8Array | undefined> {
    const bytes = await this.nextChecked();
    if (bytes === undefined) {
      this.reportProgress(true);
      return undefined;
    }
    this.reportProgress(false);
    return bytes;
  }

  /** The bytes next() has decoded so far, in order; capturing stops. */
  takeCapturedBytes(): Uint8Array[] {
    const captured = this.captured ?? [];
    this.captured = undefined;
    return captured;
  }

  /**
   * Read as text from here on (the header is read): UTF-8 input is checked to its last byte. The bytes
   * read so far are checked at once, and their lines counted.
   */
  checkUtf8Throughout(headBytes: readonly Uint8Array[]): void {
    if (this.encoding !== 'utf-8') return;
    this.wholeUtf8Check = { stream: new Utf8Stream(), line: 1, endedWithCr: false };
    for (const bytes of headBytes) this.checkWholeUtf8(bytes);
    // Reading the head may have reached the end of the input (a short file, or one looked through for
    // a header below a title): a character its last bytes cut short is caught here, as finish() would.
    if (this.isFlushed && this.wholeUtf8Check.stream.isCut) throw this.invalidUtf8(this.wholeUtf8Check.line);
  }

  private async nextChecked(): Promise<Uint8Array | undefined> {
    let bytes = this.pending;
    this.pending = undefined;
    if (bytes === undefined) {
      if (this.isFinished) return undefined;
      const next = this.isInputDone ? undefined : await pull(this.iterator, this.options.source);
      if (next === undefined || next.done === true) {
        this.isInputDone = true;
        this.isFinished = true;
        return undefined;
      }
      bytes = asBytes(next.value);
      this.bytesRead += bytes.length;
    }
    // In 8-bit text a NUL byte is a NUL character; looking at the bytes first lets a UTF-16 file
    // without a mark be named as such before its bytes fail as UTF-8.
    const isUtf16 = this.encoding === 'utf-16le' || this.encoding === 'utf-16be';
    if (!isUtf16 && bytes.indexOf(0) !== -1) throw this.nulBytes();
    return bytes;
  }

  /** The text path's check of every byte, with the line of a failure counted as it goes. */
  private checkWholeUtf8(bytes: Uint8Array): void {
    const check = this.wholeUtf8Check!;
    const at = check.stream.check(bytes);
    const end = at === undefined ? bytes.length : Math.max(0, at);
    // A CR ending the last chunk and an LF starting this one are one line end, counted once.
    const lines = countLineBreakBytes(bytes, end) - (check.endedWithCr && bytes[0] === 0x0a ? 1 : 0);
    if (at !== undefined) throw this.invalidUtf8(check.line + lines);
    check.line += lines;
    check.endedWithCr = bytes[bytes.length - 1] === 0x0d;
  }

  /** As the fast engine reports it: an --encoding that the file's UTF-8 start overruled is named. */
  private invalidUtf8(line: number): CsvInputError {
    const given = this.options.encoding;
    return new CsvInputError({
      code: 'invalid-utf-8',
      source: this.options.source,
      line,
      ...(given !== undefined && given !== 'utf-8' ? { givenEncoding: given } : {}),
    });
  }

  private finish(): string | undefined {
    if (this.isFlushed) return undefined;
    this.isFlushed = true;
    if (this.wholeUtf8Check?.stream.isCut === true) throw this.invalidUtf8(this.wholeUtf8Check.line);
    const text = this.decoder.decode();
    this.checkText(text);
    this.reportProgress(true);
    return text;
  }

  private checkText(text: string): void {
    if (text.indexOf('\0') !== -1) throw this.nulBytes();
  }

  private nulBytes(): CsvInputError {
    return new CsvInputError({ code: 'nul-bytes', source: this.options.source, likelyEncoding: this.guessUtf16() });
  }

  /** A UTF-16 file without a mark read as 8-bit text has a NUL in every other byte. */
  private guessUtf16(): Encoding | undefined {
    if (this.encoding === 'utf-16le' || this.encoding === 'utf-16be') return undefined;
    const bytes = this.sniffed;
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      if (bytes[i] === 0) evenZeros++;
      if (bytes[i + 1] === 0) oddZeros++;
    }
    // Mostly-ASCII UTF-16 has a zero in most pairs, all on one side; binary data has them anywhere.
    const pairs = bytes.length >> 1;
    if (oddZeros >= 8 && oddZeros * 2 > pairs && evenZeros * 10 < oddZeros) return 'utf-16le';
    if (evenZeros >= 8 && evenZeros * 2 > pairs && oddZeros * 10 < evenZeros) return 'utf-16be';
    return undefined;
  }

  async close(): Promise<void> {
    if (this.isInputDone) return;
    this.isInputDone = true;
    await this.iterator.return?.();
  }

  private reportProgress(isEnd: boolean): void {
    const onProgress = this.options.onProgress;
    if (onProgress === undefined) return;
    const advanced = this.bytesRead - this.reportedBytes;
    if (advanced >= PROGRESS_STEP_BYTES || (isEnd && advanced > 0)) {
      this.reportedBytes = this.bytesRead;
      onProgress(this.bytesRead);
    }
  }
}

/** The next chunk; a failure to read (a file removed mid-read, a broken pipe) makes the input unusable. */
async function pull(iterator: AsyncIterator<Uint8Array>, source: string): Promise<IteratorResult<Uint8Array>> {
  try {
    return await iterator.next();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const reason =
      code === 'ENOENT'
        ? 'no such file; check the path'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder, not a CSV file'
            : error instanceof Error
              ? error.message
              : String(error);
    throw new CsvInputError({ code: 'unreadable', source, reason }, { cause: error });
  }
}

/** Excel workbooks given where a CSV export was meant: the likeliest wrong file of all. */
function sniffWorkbook(bytes: Uint8Array): 'xlsx' | 'xls' | undefined {
  const startsWith = (signature: readonly number[]) => signature.every((byte, i) => bytes[i] === byte);
  // .xlsx (and .ods) are zip archives; .xls is an OLE2 compound file.
  if (startsWith([0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'xls';
  return undefined;
}

/**
 * The encoding to read a file with when --encoding names one and there is no byte-order mark. One
 * --encoding serves both inputs, yet the two exports often come from different systems (the council's
 * in UTF-8, the provider's in windows-1252 or UTF-16), so the option must not garble the file it was
 * not meant for. Like a BOM, two things in the bytes prove their encoding beyond doubt and win over it:
 * - UTF-16 text of a CSV file has a zero byte in every delimiter and line end; bytes with none are
 *   8-bit text, read as UTF-8 (which still refuses them, with advice, when they are not UTF-8 either);
 * - bytes above 0x7F that all form valid UTF-8 sequences are UTF-8: windows-1252 text only looks
 *   like that when it is already mojibake ("ZoÃ«"), so reading it as windows-1252 would only garble it.
 * The judgement uses the first bytes (up to 64 KiB): a file whose first non-ASCII byte comes later is
 * read as the option says.
 */
function provenEncoding(forced: Encoding, head: Uint8Array, isWhole: boolean): Encoding {
  if (forced === 'utf-16le' || forced === 'utf-16be') return head.length >= 2 && head.indexOf(0) === -1 ? 'utf-8' : forced;
  if (forced === 'windows-1252' && head.some((byte) => byte >= 0x80)) {
    try {
      // Streaming unless the sample is the whole file, so that a sequence cut off at its end does not count against it.
      new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !isWhole });
      return 'utf-8';
    } catch {
      return forced;
    }
  }
  return forced;
}

function sniffBom(bytes: Uint8Array): { encoding: Encoding; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

function asBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  // A stream with setEncoding() yields strings: decoding twice would hide the encoding from us.
  throw new TypeError('a CSV input must yield bytes (Uint8Array); do not set an encoding on the stream');
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

function countLineBreakBytes(bytes: Uint8Array, end: number): number {
  let lines = 0;
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 0x0a) lines++;
    else if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) lines++;
  }
  return lines;
}
