// A table (a header row, then one row per record) written to a sheet a row at a time, continued on
// further sheets ("Shortfall (2)" …) when it has more rows than a sheet holds.
import { cellWriterFor, rowXml, type CellFormat, type CellTally, type CellValue } from './cells.js';
import { columnLetters } from '../../io/workbook/cellReference.js';
import { ColumnWidths, tableRange, WIDTH_SAMPLE_ROWS, worksheetEnd, worksheetStart } from './worksheetXml.js';

/** Rows in a sheet, the header row included: Excel's limit, and LibreOffice's. */
export const SHEET_ROW_LIMIT = 1_048_576;

export interface WorkbookColumn<Row> {
  readonly heading: string;
  readonly format: CellFormat;
  readonly valueOf: (row: Row) => CellValue;
}

export interface WorkbookTable<Row> {
  /** The first sheet's name; continuation sheets add " (2)", " (3)" … */
  readonly sheetName: string;
  readonly columns: readonly WorkbookColumn<Row>[];
  /** Read once, in order, as the sheets are written. */
  readonly rows: Iterable<Row>;
  /** How many rows `rows` gives: it decides the sheets before any row is read. */
  readonly rowCount: number;
}

/** One sheet of the workbook, its XML made as it is read. */
export interface WorkbookSheet {
  readonly name: string;
  /** The range its autofilter covers (A1:Q93499), or null for a sheet without one. */
  readonly filterRange: string | null;
  readonly pieces: Iterable<string>;
}

/** Where a table went on to a further sheet: for the About sheet's notes. */
export interface SheetContinuation {
  readonly table: string;
  readonly rowCount: number;
  readonly sheets: readonly { readonly name: string; readonly firstRecord: number; readonly lastRecord: number }[];
}

export function continuationName(sheetName: string, index: number): string {
  return index === 0 ? sheetName : `${sheetName} (${index + 1})`;
}

/** How the table's rows fall into sheets: the first and last record (counted from 1) of each. */
export function splitRows(rowCount: number, rowsPerSheet: number): { readonly firstRecord: number; readonly lastRecord: number }[] {
  const recordsPerSheet = rowsPerSheet - 1;
  if (!Number.isInteger(recordsPerSheet) || recordsPerSheet < 1) throw new Error(`a sheet must hold a header and at least one row, not ${rowsPerSheet} rows`);
  const sheetCount = Math.max(1, Math.ceil(rowCount / recordsPerSheet));
  return Array.from({ length: sheetCount }, (_, index) => ({
    firstRecord: index * recordsPerSheet + 1,
    lastRecord: Math.min(rowCount, (index + 1) * recordsPerSheet),
  }));
}

export interface TableSheetOptions {
  readonly rowsPerSheet: number;
  readonly tally: CellTally;
}

/**
 * The sheets of a table, planned from its row count. Their pieces must be read in order: they share
 * one pass over the rows, and each sheet's part ends when its share of rows is written.
 */
export function tableSheets<Row>(
  table: WorkbookTable<Row>,
  options: TableSheetOptions,
): { readonly sheets: WorkbookSheet[]; readonly continuation: SheetContinuation | null } {
  const { columns } = table;
  const letters = columns.map((_, index) => columnLetters(index));
  const writers = columns.map((column) => cellWriterFor(column.format, options.tally));
  const headingWriter = cellWriterFor('heading', options.tally);
  const valueOfs = columns.map((column) => column.valueOf);
  const formats = columns.map((column) => column.format);

  const cells = new Array<string>(columns.length);
  const recordXml = (row: Row, rowNumber: number): string => {
    for (let index = 0; index < writers.length; index++) cells[index] = writers[index]!(valueOfs[index]!(row));
    return rowXml(String(rowNumber), cells, letters);
  };
  const headerXml = rowXml(
    '1',
    columns.map((column) => headingWriter(column.heading)),
    letters,
  );

  let rows: Iterator<Row> | undefined;
  let widths: number[] | undefined;
  // The first rows, read ahead to size the columns before the first sheet starts.
  const sample: Row[] = [];
  const nextRow = (): Row | undefined => {
    rows ??= table.rows[Symbol.iterator]();
    const next = rows.next();
    return next.done === true ? undefined : next.value;
  };
  const settleWidths = (): number[] => {
    if (widths !== undefined) return widths;
    const measured = new ColumnWidths(columns.map((column) => column.heading));
    while (sample.length < WIDTH_SAMPLE_ROWS) {
      const row = nextRow();
      if (row === undefined) break;
      sample.push(row);
      for (let index = 0; index < columns.length; index++) measured.show(index, formats[index]!, valueOfs[index]!(row));
    }
    widths = measured.settled;
    return widths;
  };
  const miscounted = () => new Error(`the ${table.sheetName} table gave a different number of rows from the ${table.rowCount} it counted`);

  const split = splitRows(table.rowCount, options.rowsPerSheet);
  const sheets = split.map(({ firstRecord, lastRecord }, index): WorkbookSheet => {
    const recordCount = lastRecord - firstRecord + 1;
    const filterRange = tableRange(columns.length, recordCount + 1);
    return {
      name: continuationName(table.sheetName, index),
      filterRange,
      pieces: (function* () {
        yield worksheetStart({ columnWidths: settleWidths(), hasFrozenHeader: true, isSelected: false });
        yield headerXml;
        for (let rowNumber = 2; rowNumber <= recordCount + 1; rowNumber++) {
          const row = sample.length > 0 ? sample.shift() : nextRow();
          if (row === undefined) throw miscounted();
          yield recordXml(row, rowNumber);
        }
        // The last sheet: a row left over, read ahead or not, was not counted.
        if (index === split.length - 1 && (sample.length > 0 || nextRow() !== undefined)) throw miscounted();
        yield worksheetEnd(filterRange);
      })(),
    };
  });
  const continuation =
    sheets.length === 1
      ? null
      : { table: table.sheetName, rowCount: table.rowCount, sheets: split.map((range, index) => ({ name: sheets[index]!.name, ...range })) };
  return { sheets, continuation };
}
