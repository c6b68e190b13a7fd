// The contacts side of a run: every row of the contacts table folded into the contact totals, on this
// thread or, for a large CSV file, with a second thread reading and parsing it (contactReaderThread.ts).
import { stat } from 'node:fs/promises';
import { CsvTableSource, inputPath, type InputSource, type TableReadSummary, type TableSink, type TableSource } from '../io/tableSource.js';
import type { ContactTotals } from '../reconcile/contactLedger.js';
import type { PlanBook } from '../reconcile/planBook.js';
import type { RunSettings } from '../reconcile/settings.js';
import type { ValueOptions } from '../schema/planRow.js';
import { cellTexts } from '../table/cells.js';
import { ContactFold } from '../reconcile/contactFold.js';
import { startContactReader, wantsReaderThread, type ContactReader, type ContactReaderOptions } from './contactReaderThread.js';
import { openInputTable, type TableOpening } from './tableOpening.js';
import { describeLinesAbove, HeaderFinder } from './headerFinding.js';
import type { FieldColumns } from './exceptionCells.js';
import type { Preset } from './presets.js';
import { ExceptionSpool } from './exceptionSpool.js';

export interface ContactsRead {
  readonly totals: ContactTotals;
  readonly read: TableReadSummary;
  /** The column of each field, as the header placed them (a composite contact key: its first column). */
  readonly fieldColumns: FieldColumns | undefined;
}

/**
 * The contacts input, opened before the plans are read when it is a plain file, and for a large CSV
 * file its reader thread started then too: the thread parses the contacts while this thread reads
 * the plans (docs/performance.md#two-threads). Any other input (standard input, a pipe, which
 * would wait for its writer) is opened once the plans are read, as is every input of explain.
 */
export interface ContactsAhead {
  /** The contacts table, opened ahead or now (a file that could not be opened ahead is tried again, after the plans). */
  table(): Promise<TableSource>;
  /** The reader thread started ahead, if any: for readContacts. */
  readonly reader: ContactReader | undefined;
  /** Stops the thread and closes the table, when the run ends before the contacts are read. */
  abandon(): Promise<void>;
}

export async function openContactsAhead(
  input: InputSource,
  opening: () => TableOpening,
  options: ContactReaderOptions & { readonly threads?: 1 | 2 | undefined; readonly watchChildId?: string | undefined },
): Promise<ContactsAhead> {
  const openLater: ContactsAhead = { table: () => openInputTable(input, 'contacts', opening()), reader: undefined, abandon: async () => undefined };
  const path = inputPath(input);
  if (path === undefined || options.watchChildId !== undefined) return openLater;
  const info = await stat(path).catch(() => undefined);
  if (info?.isFile() !== true) return openLater;
  let table: TableSource;
  try {
    table = await openInputTable(input, 'contacts', opening());
  } catch {
    // Opened again once the plans are read, and its problem told then: a problem with the plans comes first.
    return openLater;
  }
  let reader: ContactReader | undefined;
  try {
    if (table instanceof CsvTableSource && table.file !== undefined && wantsReaderThread(options.threads, table.fileBytes)) {
      reader = startContactReader(table, options);
    }
  } catch {
    // Likewise: tried again, and told, once the plans are read.
    table.close();
    return openLater;
  }
  return {
    table: async () => table,
    reader,
    abandon: async () => {
      await reader?.stop();
      table.close();
    },
  };
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
    /** Something the user should know, such as lines read past above the header. */
    readonly onNote?: ((message: string) => void) | undefined;
    /** Presets to suggest when the header is one of theirs. */
    readonly presetHints?: readonly Preset[] | undefined;
    /** Hears child IDs the plan book does not know (pseudonymisation). */
    readonly onChildId?: ((childId: string) => void) | undefined;
    /** No message may quote a cell (pseudonymisation). */
    readonly withholdsCells?: boolean | undefined;
    /** A reader thread started on `source` before the plans were read (openContactsAhead). */
    readonly reader?: ContactReader | undefined;
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
  const headerFinder = new HeaderFinder('contacts', source.name, values.mapping, options.presetHints, { withholdsCells: options.withholdsCells });
  const sink: TableSink = {
    // The header is the first row that places the file's columns: a title block above it is read past (and named).
    header(cells) {
      const found = headerFinder.offer(cellTexts(cells), cells.line);
      if (found === undefined) return false;
      const linesAbove = describeLinesAbove(source.name, found);
      if (linesAbove !== undefined) options.onNote?.(linesAbove);
      fold.header(found.header);
      return true;
    },
    noHeader: () => headerFinder.giveUp(),
    row: (cells) => fold.addRow(cells),
  };
  const readOptions = {
    onProgress: onProgress === undefined ? undefined : (bytes: number) => onProgress(bytes, fold.rowsFolded),
    wantedFields: () => fold.wantedFields,
  };
  // A large CSV file is read on a thread of its own, started before the plans were read when it
  // could be (openContactsAhead). explain reads its child's rows as text, on one thread: it is one
  // child, not a large read.
  const reader =
    options.reader ??
    (options.watchChildId === undefined && source instanceof CsvTableSource && source.file !== undefined && wantsReaderThread(options.threads, source.fileBytes)
      ? startContactReader(source, { values, onProgress, onNote: options.onNote, presetHints: options.presetHints, withholdsCells: options.withholdsCells })
      : undefined);
  const read =
    reader !== undefined && source instanceof CsvTableSource
      ? // A file that turns out to need transcoding comes back from the thread before any row, and is read here instead.
        await source.whole(async () => (await reader.fold(fold)) ?? (await source.streamRows(sink, readOptions)))
      : await source.read(sink, readOptions);
  const columns = fold.columns;
  let fieldColumns: FieldColumns | undefined;
  if (columns !== undefined) {
    const { contactKey, ...placed } = columns;
    fieldColumns = { ...placed, contact_id: contactKey?.[0] ?? placed.contact_id };
  }
  return { totals: fold.finish(), read, fieldColumns };
}
