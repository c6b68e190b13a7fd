// The one narrow interface every CSV reader engine implements. Callback based, not an async iterator
// of rows: the reconcile streams millions of contact rows through it, and a promise per row costs
// more than the parsing does.

export const ENCODINGS = ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface CsvReadOptions {
  /** Name shown in messages, e.g. the path or "standard input". */
  readonly source: string;
  /**
   * Forced encoding; otherwise a BOM decides (UTF-8 BOM, UTF-16 LE/BE BOM), else UTF-8.
   * A byte-order mark still wins over a forced encoding: it cannot be mistaken for text, and decoding
   * a marked UTF-8 file as windows-1252 would only turn "Zoë" into "ZoÃ«".
   */
  readonly encoding?: Encoding | undefined;
  /**
   * Forced delimiter (one character, not a quote or line end); otherwise detected from the header
   * line: the most frequent of , ; TAB outside quotes (comma on a tie or when there is none).
   */
  readonly delimiter?: string | undefined;
  /** Called with bytes consumed so far (for progress), at most every ~64 KiB, and once at the end. */
  readonly onProgress?: ((bytesRead: number) => void) | undefined;
  /**
   * The caller reads a workbook from its path (the inputs of a run): a workbook met here, on a stream
   * or a pipe, is told to be given by its path rather than saved as CSV.
   */
  readonly workbooksByPath?: boolean | undefined;
}

/**
 * How many records a reader may find above the header (a title block: a report's name, "Generated on
 * …", blank-celled lines) before it gives up looking: the delimiter is detected past that many records
 * with no delimiter in them, and the readers of the two inputs offer that many as the header.
 */
export const MAX_RECORDS_ABOVE_HEADER = 20;

export interface CsvRowSink {
  /** The header row (first non-blank record) and its line number. */
  header(fields: string[], line: number): void;
  /**
   * Each data record with the line number where it STARTS, as an editor shows it: the header on line 1
   * gives the first data row line 2; a record with an embedded newline counts the lines it spans. The
   * array is the sink's to keep. A record may have fewer or more fields than the header.
   */
  row(fields: string[], line: number): void;
}

export interface CsvReadSummary {
  /** The encoding the text was decoded with. */
  readonly encoding: Encoding;
  readonly delimiter: string;
  /** Bytes consumed, byte-order mark included. */
  readonly bytesRead: number;
  /** Data records passed to `row` (the header is not counted). */
  readonly records: number;
  readonly hadBom: boolean;
}
