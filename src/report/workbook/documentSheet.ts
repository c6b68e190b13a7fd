// A small sheet laid out for reading rather than filtering (the Headline and About sheets): rows of
// typed cells, some of them a table with a header row, some of them sentences.
import { cellWriterFor, CELL_FORMATS, rowXml, type CellFormat, type CellTally, type CellWriter, type TypedCell } from './cells.js';
import { columnLetters } from '../../io/workbook/cellReference.js';
import { ColumnWidths, tableRange, worksheetEnd, worksheetStart } from './worksheetXml.js';
import type { WorkbookSheet } from './tableSheets.js';

export interface DocumentRow {
  readonly cells: readonly TypedCell[];
  /** A sentence runs on over the empty cells to its right: it does not widen its column. */
  readonly isProse?: boolean;
}

export interface DocumentLayout {
  readonly name: string;
  /** Made when the sheet's turn comes, so that it can report on the sheets before it. */
  readonly rows: () => readonly DocumentRow[];
  /**
   * Rows `firstRow` (1 unless given) to `firstRow + tableRows - 1` are a table under a header row, with
   * an autofilter; a header in row 1 is frozen too (below rows of text, freezing would hold them in view).
   */
  readonly table: { readonly columnCount: number; readonly tableRows: number; readonly firstRow?: number } | null;
  readonly tally: CellTally;
  readonly isSelected?: boolean;
}

export function text(value: string | null): TypedCell {
  return { format: 'text', value };
}

export function heading(value: string): TypedCell {
  return { format: 'heading', value };
}

export function prose(sentence: string): DocumentRow {
  return { cells: [text(sentence)], isProse: true };
}

export const BLANK_ROW: DocumentRow = { cells: [] };

export function documentSheet(layout: DocumentLayout): WorkbookSheet {
  const firstRow = layout.table?.firstRow ?? 1;
  const filterRange = layout.table === null ? null : tableRange(layout.table.columnCount, firstRow + layout.table.tableRows - 1, firstRow);
  return {
    name: layout.name,
    filterRange,
    pieces: (function* () {
      const rows = layout.rows();
      const columnCount = Math.max(0, ...rows.map((row) => row.cells.length));
      const widths = new ColumnWidths(Array.from({ length: columnCount }, () => ''));
      for (const row of rows) {
        if (row.isProse === true) continue;
        for (const [index, cell] of row.cells.entries()) widths.show(index, cell.format, cell.value);
      }
      const writers = Object.fromEntries(CELL_FORMATS.map((format) => [format, cellWriterFor(format, layout.tally)])) as Record<CellFormat, CellWriter>;
      yield worksheetStart({ columnWidths: widths.settled, hasFrozenHeader: layout.table !== null && firstRow === 1, isSelected: layout.isSelected === true });
      const letters = Array.from({ length: columnCount }, (_, index) => columnLetters(index));
      for (const [index, row] of rows.entries()) {
        yield rowXml(
          String(index + 1),
          row.cells.map((cell) => writers[cell.format](cell.value)),
          letters,
        );
      }
      yield worksheetEnd(filterRange);
    })(),
  };
}
