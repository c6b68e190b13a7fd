// The seam between an input and the readers of its rows: a table source streams a header row and then
// every data row as cells (src/table/cells.ts), can read a row again by its number after the stream
// has moved on (the duplicate rule needs the earlier row of an ID that comes again), and tells what
// was read for the run manifest. A CSV file or stream is one kind of source; a new input format is
// another implementation of TableSource, and nothing that reads rows changes.
import type { Cells } from '../table/cells.js';
import type { CsvReadSummary, Encoding } from './csvTypes.js';
import { readCsvRecords, type CsvRecord } from './fastCsvEngine.js';
import type { FileChunks } from './fileChunks.js';
import { openFileInput, readThrough, streamInput, type InputFingerprint, type OpenedInput } from './inputFiles.js';
import { RecordRecall } from './recordRecall.js';

/**
 * Where an input comes from: a file's path, or a stream of bytes with the name messages give it
 * (`given`: what the manifest records for it, such as "-" for standard input; default the name).
 */
export type InputSource = string | { readonly path: string } | { readonly stream: AsyncIterable<Uint8Array>; readonly name: string; readonly given?: string };

export interface TableSink {
  /**
   * The first row that is not blank, offered as the header. `false`: it is a line above the header (a
   * title block), and the next row is offered instead; rows keep the lines they have in the file.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a sink that takes the first row as the header need return nothing
  header(cells: Cells): boolean | void;
  /** Each data row, in order. */
  row(cells: Cells): void;
  /** The table ended with every row refused as the header: the sink may throw the error that says why. */
  noHeader?(): void;
}

export interface TableReadOptions {
  /** Bytes consumed so far, at most every ~64 KiB, and once at the end. */
  readonly onProgress?: ((bytesRead: number) => void) | undefined;
  /**
   * How many leading cells of a data row the sink reads, asked once after the header: a source may
   * split only those (a CSV row's provider, staff and notes columns are then never split).
   */
  readonly wantedFields?: (() => number) | undefined;
}

export interface TableReadSummary extends Omit<CsvReadSummary, 'encoding'> {
  /** How the text was decoded: an encoding for a CSV file, "xlsx" for a workbook. */
  readonly encoding: string;
  /** The sheet read, for a workbook. */
  readonly sheet?: string | undefined;
  /** Every sheet of a workbook, in workbook order (hidden and chart sheets too). */
  readonly sheets?: readonly string[] | undefined;
  readonly fingerprint: InputFingerprint;
}

/** A recalled row: its cells as text and the line it starts on. */
export interface RecalledRow {
  readonly fields: string[];
  readonly line: number;
}

export interface TableSource {
  /** The input as messages name it: its path, or "standard input". */
  readonly name: string;
  /** The input's size when it is a plain file (for progress, and to size tables early). */
  readonly fileBytes: number | undefined;
  /** Whether rows come as ByteCells, which the readers of a large file look up by their bytes. */
  readonly givesByteCells: boolean;
  /** Streams the header and then every data row to `sink`. Data rows are numbered from 0 in this order. */
  read(sink: TableSink, options?: TableReadOptions): Promise<TableReadSummary>;
  /** Data row `row`, read again: only once it has been read, and until close(). */
  recall(row: number): RecalledRow;
  /** Gives back what recall holds (an open file, a spooled copy). */
  close(): void;
}

export interface CsvSourceOptions {
  readonly encoding?: Encoding | undefined;
  readonly delimiter?: string | undefined;
  /** Keep what recall needs (the CSV file itself, or a spooled copy of a stream). */
  readonly recallable?: boolean | undefined;
  /** The caller reads a workbook given by its path: one met on a stream is told to be given so. */
  readonly workbooksByPath?: boolean | undefined;
}

/** The name an input has in messages. */
export function inputName(input: InputSource): string {
  return typeof input === 'string' ? input : 'path' in input ? input.path : input.name;
}

/** The path of an input that is a file, else undefined. */
export function inputPath(input: InputSource): string | undefined {
  return typeof input === 'string' ? input : 'path' in input ? input.path : undefined;
}

/**
 * An input opened once, whatever it is (a plain file, a FIFO, /dev/fd/63, a stream): hashed and counted
 * as its bytes pass, for the manifest; `what` names it in messages ("the contacts file …").
 */
async function openInput(input: InputSource, what: string, onFingerprint: (fingerprint: InputFingerprint) => void): Promise<OpenedInput> {
  const path = inputPath(input);
  if (path !== undefined) return openFileInput(path, what, onFingerprint);
  const stream = input as Exclude<InputSource, string | { readonly path: string }>;
  return streamInput(stream.stream, stream.given ?? stream.name, onFingerprint);
}

/** A CSV input as a table source, opened now (so that its size and kind are known before the read). */
export async function openCsvSource(input: InputSource, what: string, options: CsvSourceOptions = {}): Promise<CsvTableSource> {
  let fingerprint: InputFingerprint | undefined;
  const opened = await openInput(input, what, (value) => (fingerprint = value));
  return new CsvTableSource(inputName(input), inputPath(input), opened, options, () => fingerprint);
}

export class CsvTableSource implements TableSource {
  readonly givesByteCells = true;
  private readonly recordRecall: RecordRecall | undefined;

  constructor(
    readonly name: string,
    /** The file's path, when the input is a file (a FIFO included); undefined for a stream. */
    readonly path: string | undefined,
    private readonly opened: OpenedInput,
    private readonly options: CsvSourceOptions,
    private readonly fingerprint: () => InputFingerprint | undefined,
  ) {
    this.recordRecall = options.recallable === true ? new RecordRecall(this.name) : undefined;
  }

  get fileBytes(): number | undefined {
    return this.opened.size;
  }

  /** The plain file being read, through the descriptor it was opened with (undefined for a stream). */
  get file(): FileChunks | undefined {
    return this.opened.file;
  }

  /** How the text is read: the encoding and delimiter given, if any. */
  get csvOptions(): { readonly encoding: Encoding | undefined; readonly delimiter: string | undefined } {
    return { encoding: this.options.encoding, delimiter: this.options.delimiter };
  }

  read(sink: TableSink, options: TableReadOptions = {}): Promise<TableReadSummary> {
    return this.whole(() => this.streamRows(sink, options));
  }

  /** The rows to `sink`, for a caller that runs the read inside whole() (with another reader tried first). */
  async streamRows(sink: TableSink, options: TableReadOptions = {}): Promise<TableReadSummary> {
    const recall = this.recordRecall;
    let row = 0;
    const summary = await readCsvRecords(
      this.opened.chunks,
      {
        source: this.name,
        encoding: this.options.encoding,
        delimiter: this.options.delimiter,
        onProgress: options.onProgress,
        workbooksByPath: this.options.workbooksByPath,
      },
      {
        header: (record) => sink.header(record),
        noHeader: () => sink.noHeader?.(),
        row:
          recall === undefined
            ? (record) => sink.row(record)
            : (record: CsvRecord) => {
                recall.note(row++, record.offset, record.line);
                sink.row(record);
              },
      },
      recall === undefined
        ? {}
        : {
            opened: ({ delimiter, inputOffset }) => this.recallFrom(delimiter, inputOffset),
            text: (bytes) => recall.append(bytes),
          },
      options.wantedFields,
    );
    return { ...summary, fingerprint: this.fingerprint()! };
  }

  /**
   * Runs the one read of this input (its own, or another reader's, such as the contacts reader
   * thread) and closes the input. A plain file must still be as it was opened once the read is done,
   * or the read fails: nothing read may come from a file changed underfoot.
   */
  whole<T>(read: () => Promise<T>): Promise<T> {
    return readThrough(this.opened, read);
  }

  /**
   * Where rows are read again from: the plain file itself from `inputOffset` (its own UTF-8 bytes,
   * through the descriptor it was opened with), or else a copy of the text as it streams (standard
   * input, a FIFO, transcoded text). For a reader that parses the file elsewhere (the contacts reader
   * thread) and hands the rows over: it then notes each row.
   */
  recallFrom(delimiter: string, inputOffset: number | undefined): void {
    const file = this.opened.file;
    if (file !== undefined && inputOffset !== undefined) this.recordRecall?.readFrom(file, inputOffset, delimiter);
    else this.recordRecall?.spool(delimiter);
  }

  /** Data row `row` starts at `offset` in the text, on `line` (for rows handed over by another reader). */
  noteRow(row: number, offset: number, line: number): void {
    this.recordRecall?.note(row, offset, line);
  }

  recall(row: number): RecalledRow {
    if (this.recordRecall === undefined) throw new Error('recall of a table source opened without recallable');
    return this.recordRecall.read(row);
  }

  close(): void {
    this.recordRecall?.close();
    this.opened.close();
  }
}
