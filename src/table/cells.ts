// What one row of an input table is, between the sources that produce rows (src/io: CSV files,
// workbooks) and the readers that turn rows into records (src/schema). Neither side knows the other:
// a new input format is a new source producing these, and the readers do not change.

/** One row of a table: valid only during the call that hands it over (its storage is reused). */
export interface Cells {
  /** Cells in the row (a row may have fewer or more than the header). */
  readonly fieldCount: number;
  /** The line (CSV) or row (workbook) the row starts on, as an editor or a spreadsheet shows it. */
  readonly line: number;
  /** Cell `index` (below fieldCount) as text, exactly as it stands (untrimmed). */
  text(index: number): string;
}

/** How a cell's bytes stand between its start and end. */
export const CELL_PLAIN = 0;
/** Quoted: the range is inside the quotes. */
export const CELL_QUOTED = 1;
/** Quoted, with doubled quotes inside the range that stand for one each: the bytes are not the text. */
export const CELL_QUOTED_WITH_QUOTES = 2;

/**
 * A row whose cells are ranges of UTF-8 bytes (a CSV file): the readers of a large file look most
 * cells up by their bytes and never make a string of them. Cell i is bytes[starts[i], ends[i]),
 * read as quoting[i] says (CELL_*).
 */
export interface ByteCells extends Cells {
  readonly bytes: Buffer;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly quoting: Uint8Array;
  /** Where the row's first byte sits in the text. */
  readonly offset: number;
  /** Splits the cells not split yet (a source may split only the leading cells a reader asked for). */
  complete(): void;
}

/** Every cell of a row as text. */
export function cellTexts(cells: Cells): string[] {
  const texts = new Array<string>(cells.fieldCount);
  for (let i = 0; i < texts.length; i++) texts[i] = cells.text(i);
  return texts;
}
