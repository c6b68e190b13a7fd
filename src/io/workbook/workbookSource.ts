// A sheet of an .xlsx workbook as a table source: the second kind of input beside CSV. The workbook
// reader streams the sheet's rows as cell text; the header is found as in a CSV file (the first row
// that is not blank and that the sink takes), and row numbers are the ones the spreadsheet shows. Rows are never held: for the duplicate
// rule's recall each data row is also written to a nameless spool as a CSV record (its row number in
// front), which is read back by the same recall a CSV stream uses.
import { stat } from 'node:fs/promises';
import type { Cells } from '../../table/cells.js';
import { InputError } from '../../errors.js';
import type { RecalledRow, TableReadOptions, TableReadSummary, TableSink, TableSource } from '../tableSource.js';
import { RecordRecall } from '../recordRecall.js';
import { readWorkbookRows } from './workbookReader.js';

/** A row as one CSV record, every cell quoted and exactly as it is: the spool is read back, not shown. */
function spooledRecord(rowNumber: number, cells: readonly string[]): Buffer {
  let line = String(rowNumber);
  for (const cell of cells) line += `,"${cell.replaceAll('"', '""')}"`;
  return Buffer.from(`${line}\n`, 'utf8');
}

/** One row of a sheet, as the readers see it. */
class SheetRow implements Cells {
  cells: readonly string[] = [];
  line = 0;

  get fieldCount(): number {
    return this.cells.length;
  }

  text(index: number): string {
    return this.cells[index] ?? '';
  }
}

export class WorkbookTableSource implements TableSource {
  readonly givesByteCells = false;
  private readonly recordRecall: RecordRecall | undefined;

  private constructor(
    readonly name: string,
    private readonly path: string,
    readonly fileBytes: number | undefined,
    private readonly options: { readonly sheet?: string | undefined; readonly recallable?: boolean | undefined },
  ) {
    this.recordRecall = options.recallable === true ? new RecordRecall(name) : undefined;
  }

  static async open(
    path: string,
    options: { readonly sheet?: string | undefined; readonly recallable?: boolean | undefined } = {},
  ): Promise<WorkbookTableSource> {
    const info = await stat(path).catch(() => undefined);
    return new WorkbookTableSource(path, path, info?.isFile() === true ? info.size : undefined, options);
  }

  async read(sink: TableSink, options: TableReadOptions = {}): Promise<TableReadSummary> {
    const recall = this.recordRecall;
    recall?.spool(',');
    let spooled = 0;
    let rowIndex = 0;
    let hasHeader = false;
    let refusedRows = 0;
    const row = new SheetRow();
    const summary = await readWorkbookRows(
      this.path,
      { source: this.name, sheet: this.options.sheet, onProgress: options.onProgress },
      {
        row: (cells, rowNumber) => {
          row.cells = cells;
          row.line = rowNumber;
          if (!hasHeader) {
            // A title block above the header (a report's name, when it was run) is offered and refused row by row.
            hasHeader = sink.header(row) !== false;
            if (!hasHeader) refusedRows++;
            return;
          }
          if (recall !== undefined) {
            const record = spooledRecord(rowNumber, cells);
            recall.note(rowIndex, spooled, rowNumber);
            recall.append(record);
            spooled += record.length;
          }
          rowIndex++;
          sink.row(row);
        },
      },
    );
    // Rows that were offered and none placed the columns: the sink says why. A sheet with no rows says so here.
    if (!hasHeader && refusedRows > 0) sink.noHeader?.();
    if (!hasHeader) throw new InputError(`${this.name}: the sheet "${summary.sheet}" has no rows: give the sheet that holds the export (--sheet)`);
    return {
      encoding: 'xlsx',
      delimiter: '',
      sheet: summary.sheet,
      sheets: summary.sheets,
      bytesRead: summary.bytes,
      records: rowIndex,
      hadBom: false,
      fingerprint: { path: this.path, bytes: summary.bytes, sha256: summary.sha256 },
    };
  }

  recall(row: number): RecalledRow {
    if (this.recordRecall === undefined) throw new Error('recall of a table source opened without recallable');
    const { fields } = this.recordRecall.read(row);
    return { line: Number(fields[0]), fields: fields.slice(1) };
  }

  close(): void {
    this.recordRecall?.close();
  }
}
