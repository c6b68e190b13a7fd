// The contacts side of a run: every row of the contacts table folded into the contact totals, on this
// thread or, for a large CSV file, with a second thread reading and parsing it (contactReaderThread.ts).
import { CsvTableSource, type TableReadSummary, type TableSource } from '../io/tableSource.js';
import type { ContactTotals } from '../reconcile/contactLedger.js';
import type { PlanBook } from '../reconcile/planBook.js';
import type { RunSettings } from '../reconcile/settings.js';
import type { ValueOptions } from '../schema/planRow.js';
import { cellTexts } from '../table/cells.js';
import { ContactFold } from '../reconcile/contactFold.js';
import { readContactsOnThread, wantsReaderThread } from './contactReaderThread.js';
import { ExceptionSpool } from './exceptionSpool.js';

export interface ContactsRead {
  readonly totals: ContactTotals;
  readonly read: TableReadSummary;
}

export async function readContacts(
  source: TableSource,
  values: ValueOptions,
  book: PlanBook,
  settings: RunSettings,
  options: {
    readonly watchChildId?: string | undefined;
    readonly threads?: 1 | 2 | undefined;
    readonly onProgress?: ((bytes: number, rows: number) => void) | undefined;
    /** Hears child IDs the plan book does not know (pseudonymisation). */
    readonly onChildId?: ((childId: string) => void) | undefined;
    /** No message may quote a cell (pseudonymisation). */
    readonly withholdsCells?: boolean | undefined;
  } = {},
): Promise<ContactsRead> {
  const fold = new ContactFold(book, settings, {
    source: source.name,
    mapping: values.mapping,
    values,
    fileBytes: source.fileBytes,
    watchChildId: options.watchChildId,
    byteCells: source.givesByteCells,
    recall: (row) => source.recall(row),
    exceptions: new ExceptionSpool(),
    onChildId: options.onChildId,
    withholdsCells: options.withholdsCells,
  });
  const onProgress = options.onProgress;
  // explain reads its child's rows as text, on one thread: it is one child, not a large read.
  if (options.watchChildId === undefined && source instanceof CsvTableSource && source.path !== undefined && wantsReaderThread(options.threads, source.fileBytes)) {
    const threaded = await readContactsOnThread(source, fold, { values, onProgress, withholdsCells: options.withholdsCells });
    if (threaded !== undefined) return { totals: fold.finish(), read: threaded };
  }
  const read = await source.read(
    { header: (cells) => fold.header(cellTexts(cells)), row: (cells) => fold.addRow(cells) },
    { onProgress: onProgress === undefined ? undefined : (bytes) => onProgress(bytes, fold.rowsFolded), wantedFields: () => fold.wantedFields },
  );
  return { totals: fold.finish(), read };
}
