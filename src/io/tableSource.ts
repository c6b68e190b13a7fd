// The seam between an input and the readers of its rows: a table source streams a header row and then
// every data row as cells (src/table/cells.ts), can read a row again by its number after the stream
// has moved on (the duplicate rule needs the earlier row of an ID that comes again), and tells what
// was read for the run manifest. A CSV file or stream is one kind of source; a new input format is
// another implementation of TableSource, and nothing that reads rows changes.
import { stat } from 'node:fs/promises';
import type { Cells } from '../table/cells.js';
import type { CsvReadSummary, Encoding } from './csvTypes.js';
import { readCsvRecords, type CsvRecord } from './fastCsvEngine.js';
import { fingerprinted, openFileInput, type InputFingerprint } from './inputFiles.js';
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

export interface TableReadSummary extends CsvReadSummary {
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
}

/** The name an input has in messages. */
export function inputName(input: InputSource): string {
  return typeof input === 'string' ? input : 'path' in input ? input.path : input.name;
}

/** The path of an input that is a file, else undefined. */
export function inputPath(input: InputSource): string | undefined {
  return typeof input === 'string' ? input : 'path' in input ? input.path : undefined;
}

/** The size of a plain file, or undefined for a stream or anything that is not a plain file. */
export async function plainFileBytes(input: InputSource): Promise<number | undefined> {
  const path = inputPath(input);
  if (path === undefined) return undefined;
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() === true ? info.size : undefined;
}

/**
 * The bytes of an input, hashed and counted as they stream past (`onFingerprint` hears the result at
 * the end); `what` names the input in messages ("the contacts file …").
 */
export async function openInputBytes(input: InputSource, what: string, onFingerprint?: (fingerprint: InputFingerprint) => void): Promise<AsyncIterable<Uint8Array>> {
  const path = inputPath(input);
  if (path !== undefined) return openFileInput(path, what, onFingerprint);
  const stream = input as Exclude<InputSource, string | { readonly path: string }>;
  return onFingerprint === undefined ? stream.stream : fingerprinted(stream.stream, stream.given ?? stream.name, onFingerprint);
}

/** A CSV input as a table source. */
export async function openCsvSource(input: InputSource, what: string, options: CsvSourceOptions = {}): Promise<CsvTableSource> {
  return new CsvTableSource(input, what, options, await plainFileBytes(input));
}

export class CsvTableSource implements TableSource {
  readonly name: string;
  readonly givesByteCells = true;
  private readonly recordRecall: RecordRecall | undefined;

  constructor(
    private readonly input: InputSource,
    private readonly what: string,
    private readonly options: CsvSourceOptions,
    readonly fileBytes: number | undefined,
  ) {
    this.name = inputName(input);
    this.recordRecall = options.recallable === true ? new RecordRecall(this.name) : undefined;
  }

  /** How the text is read: the encoding and delimiter given, if any. */
  get csvOptions(): { readonly encoding: Encoding | undefined; readonly delimiter: string | undefined } {
    return { encoding: this.options.encoding, delimiter: this.options.delimiter };
  }

  /** The file's path, when the input is a file. */
  get path(): string | undefined {
    return inputPath(this.input);
  }

  async read(sink: TableSink, options: TableReadOptions = {}): Promise<TableReadSummary> {
    let fingerprint: InputFingerprint | undefined;
    const recall = this.recordRecall;
    let row = 0;
    const read = await readCsvRecords(
      await openInputBytes(this.input, this.what, (value) => (fingerprint = value)),
      { source: this.name, encoding: this.options.encoding, delimiter: this.options.delimiter, onProgress: options.onProgress },
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
    return { ...read, fingerprint: fingerprint! };
  }

  /**
   * Where rows are read again from: the file itself from `inputOffset` (its own UTF-8 bytes), or else
   * a copy of the text as it streams (standard input, transcoded text). For a reader that parses the
   * file elsewhere (the contacts reader thread) and hands the rows over: it then notes each row.
   */
  recallFrom(delimiter: string, inputOffset: number | undefined): void {
    const path = this.path;
    if (path !== undefined && inputOffset !== undefined) this.recordRecall?.readFrom(path, inputOffset, delimiter);
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
  }
}
