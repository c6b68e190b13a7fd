// The frame of a worksheet part (xl/worksheets/sheetN.xml) around its rows: the view with a frozen
// header row, the column widths, and the autofilter. The elements come in the order the
// SpreadsheetML schema requires (ECMA-376 part 1, CT_Worksheet): sheetViews, sheetFormatPr, cols,
// sheetData, autoFilter.
import { shownWidth, type CellFormat, type CellValue } from './cells.js';
import { columnLetters } from '../../io/workbook/cellReference.js';

/** Rows looked at to size the columns: enough to see the usual values, few enough to hold while the sheet starts. */
export const WIDTH_SAMPLE_ROWS = 100;
const MIN_COLUMN_WIDTH = 6;
/**
 * A wider column would push the rest of the table off the screen; longer values are cut off in view,
 * not in the cell. Wide enough for a SHA-256 in hex (64 characters) to show whole.
 */
export const MAX_COLUMN_WIDTH = 66;
/** Room for the autofilter's drop-down button beside a heading, and for its bold type. */
const HEADING_ALLOWANCE = 4;
const PADDING = 2;

/** Widths of columns, in characters, grown as values are shown to them. */
export class ColumnWidths {
  private readonly widths: number[];

  constructor(headings: readonly string[]) {
    this.widths = headings.map((heading) => (heading === '' ? 0 : heading.length + HEADING_ALLOWANCE));
  }

  show(index: number, format: CellFormat, value: CellValue): void {
    const width = shownWidth(format, value) + (format === 'heading' ? HEADING_ALLOWANCE : 0);
    if (width > (this.widths[index] ?? 0)) this.widths[index] = width;
  }

  /** Each column's width, padded and kept between the minimum and the cap. */
  get settled(): number[] {
    return this.widths.map((width) => Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, width + PADDING)));
  }
}

export interface SheetFrame {
  readonly columnWidths: readonly number[];
  /** Row 1 is a header that stays in view as the rows scroll. */
  readonly hasFrozenHeader: boolean;
  /** The sheet shown when the workbook opens. */
  readonly isSelected: boolean;
}

export function worksheetStart(frame: SheetFrame): string {
  const selected = frame.isSelected ? ' tabSelected="1"' : '';
  const view = frame.hasFrozenHeader
    ? `<sheetView${selected} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>`
    : `<sheetView${selected} workbookViewId="0"/>`;
  const columns = frame.columnWidths.map((width, index) => `<col min="${index + 1}" max="${index + 1}" width="${width}" customWidth="1"/>`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<sheetViews>${view}</sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (columns === '' ? '' : `<cols>${columns}</cols>`) +
    '<sheetData>'
  );
}

/** The end of the part; `autoFilterRange` is the range of a table with a filter, such as A1:Q93499. */
export function worksheetEnd(autoFilterRange: string | null): string {
  return `</sheetData>${autoFilterRange === null ? '' : `<autoFilter ref="${autoFilterRange}"/>`}</worksheet>`;
}

/** The range of a table of `columnCount` columns from `firstRow` (its header; row 1 unless given) to `lastRow`. */
export function tableRange(columnCount: number, lastRow: number, firstRow = 1): string {
  return `A${firstRow}:${columnLetters(Math.max(columnCount, 1) - 1)}${lastRow}`;
}
