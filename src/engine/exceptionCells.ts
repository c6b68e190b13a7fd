// For an input read from a workbook, each exception names its cell as the spreadsheet shows it
// ("Plans!F22"), so that an analyst can go straight to it: the sheet read, the column of the field
// the record is about, and the row (a workbook's line numbers are its row numbers). A field with no
// column of its own (minutes worked out from start and end times) names the whole row ("Plans!22:22").
// See docs/outputs.md#exceptionscsv and docs/xlsx.md.
import { cellReference, sheetPrefix } from '../io/workbook/cellReference.js';
import type { ExceptionRecord } from '../reconcile/accounting.js';
import { mapExceptions, type ExceptionList } from '../reconcile/exceptionSink.js';

/** Where each field of a file stands: its column index (0 for A), -1 or absent when it has none. */
export type FieldColumns = Readonly<Record<string, number>>;

/** The cell of `record` in `sheet`, the row when its field has no column. */
export function exceptionCell(record: ExceptionRecord, sheet: string, columns: FieldColumns): string {
  const column = columns[record.field];
  if (column === undefined || column < 0) return `${sheetPrefix(sheet)}${record.line}:${record.line}`;
  return cellReference(sheet, record.line, column);
}

/** The records of `list`, each with its cell when the file was a workbook (`sheet` given); as they are otherwise. */
export function locateExceptions(list: ExceptionList, sheet: string | undefined, columns: FieldColumns | undefined): ExceptionList {
  if (sheet === undefined || columns === undefined) return list;
  return mapExceptions(list, (record) => ({ ...record, cell: exceptionCell(record, sheet, columns) }));
}
