// For an input read from a workbook, each exception names its cell as the spreadsheet shows it
// ("Plans!F22"), so that an analyst can go straight to it: the sheet read, the column of the field
// the record is about, and the row (a workbook's line numbers are its row numbers). A field with no
// column of its own (minutes worked out from start and end times) names the whole row ("Plans!22:22").
// See docs/outputs.md#exceptionscsv and docs/xlsx.md.
import { cellReference, sheetPrefix } from '../io/workbook/cellReference.js';
import type { ExceptionRecord } from '../reconcile/accounting.js';
import { concatExceptions, mapExceptions, type ExceptionList } from '../reconcile/exceptionSink.js';

/** Where each field of a file stands: its column index (0 for A), -1 or absent when it has none. */
export type FieldColumns = Readonly<Record<string, number>>;

/** The cell of `record` in `sheet`, the row when its field has no column. */
export function exceptionCell(record: ExceptionRecord, sheet: string, columns: FieldColumns): string {
  const column = columns[record.field];
  if (column === undefined || column < 0) return `${sheetPrefix(sheet)}${record.line}:${record.line}`;
  return cellReference(sheet, record.line, column);
}

/** Where a file's exceptions are: its sheet and columns when it was a workbook. */
export interface ExceptionPlaces {
  readonly sheet: string | undefined;
  readonly columns: FieldColumns | undefined;
}

/**
 * The records of both files, plans then contacts. When either file was a workbook every record has a
 * `cell`, null for the rows of a CSV file (a missing value is null in every output); when neither was,
 * the records are as they came.
 */
export function locateExceptions(
  plans: ExceptionList,
  contacts: ExceptionList,
  places: { readonly plans: ExceptionPlaces; readonly contacts: ExceptionPlaces },
): ExceptionList {
  if (!isWorkbook(places.plans) && !isWorkbook(places.contacts)) return concatExceptions(plans, contacts);
  return concatExceptions(located(plans, places.plans), located(contacts, places.contacts));
}

function isWorkbook(place: ExceptionPlaces): boolean {
  return place.sheet !== undefined && place.columns !== undefined;
}

function located(list: ExceptionList, { sheet, columns }: ExceptionPlaces): ExceptionList {
  if (sheet === undefined || columns === undefined) return mapExceptions(list, (record) => ({ ...record, cell: null }));
  return mapExceptions(list, (record) => ({ ...record, cell: exceptionCell(record, sheet, columns) }));
}
