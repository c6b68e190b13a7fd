// How an input becomes a table source, for every command that reads one (reconcile, validate, explain,
// inspect): a workbook is read as a sheet, anything else as CSV (docs/xlsx.md#reading-workbooks).
import { open, stat } from 'node:fs/promises';
import { inputPath, openCsvSource, type CsvSourceOptions, type InputSource, type TableSource } from '../io/tableSource.js';
import { looksLikeWorkbook } from '../io/workbook/workbookReader.js';
import { WorkbookTableSource } from '../io/workbook/workbookSource.js';

export interface TableOpening extends CsvSourceOptions {
  /** The sheet to read when the input is a workbook (default: its first visible sheet). */
  readonly sheet?: string | undefined;
}

/** The first bytes of a file, to tell a workbook from a CSV file whatever its name. */
async function firstBytesOf(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (handle === undefined) return new Uint8Array(0);
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * An input as a table source: a workbook (.xlsx, or a file whose bytes say it is one) is read as a
 * sheet; anything else as CSV. A FIFO or a stream is CSV: a workbook needs reading out of order, so
 * the CSV reader that meets one on a stream says to give its path instead.
 */
export async function openInputTable(input: InputSource, what: string, options: TableOpening): Promise<TableSource> {
  const path = inputPath(input);
  if (path !== undefined) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile() === true && (/\.xls[xm]$/i.test(path) || looksLikeWorkbook(await firstBytesOf(path)) !== undefined)) {
      return WorkbookTableSource.open(path, { sheet: options.sheet, recallable: options.recallable });
    }
  }
  return openCsvSource(input, what, { ...options, workbooksByPath: true });
}
