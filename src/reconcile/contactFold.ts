// The contacts side of a run, fed one row at a time: it places the columns from the header
// and folds each row into the ledger. The table source feeds it on this thread, or the reader thread
// feeds it batches of rows already read (contactReaderThread.ts); the fold, its row numbers and its
// answers are the same either way. An earlier row is read again through the source's recall.
import { InputError } from '../errors.js';
import { estimatedContactIds, ROWS_BEFORE_ID_ESTIMATE } from './contactIdIndex.js';
import { ContactLedger, type ContactTotals } from './contactLedger.js';
import type { ExceptionSink } from './exceptionSink.js';
import type { PlanBook } from './planBook.js';
import type { RunSettings } from './settings.js';
import { contactFieldsWanted, createContactBytesReader, type ContactBytesReader } from '../schema/contactBytesRow.js';
import { createContactRowReader, type ContactRowReader } from '../schema/contactRow.js';
import type { Mapping } from '../schema/mapping.js';
import type { ValueOptions } from '../schema/planRow.js';
import type { ContactBytesRow } from '../schema/records.js';
import { cellTexts, type ByteCells, type Cells } from '../table/cells.js';
import { contactColumnsOf, withMappingErrors, type ContactColumnPlan } from '../schema/columns.js';

export interface ContactFoldOptions {
  readonly source: string;
  readonly mapping: Mapping;
  readonly values: ValueOptions;
  /** The file's size, when it is a plain file: it sizes the contact-ID index early. */
  readonly fileBytes: number | undefined;
  /** Keep every row of this child (explain): such a run reads every row as text. */
  readonly watchChildId?: string | undefined;
  /** Whether the rows come as ByteCells (CSV), read from their bytes where they can be. */
  readonly byteCells: boolean;
  /** An earlier data row, read again (the duplicate rule). */
  readonly recall: (row: number) => { readonly fields: string[]; readonly line: number };
  /** Where the exception records go (default: memory). */
  readonly exceptions?: ExceptionSink | undefined;
  /** Hears child IDs the plan book does not know (see ContactLedgerOptions.onChildId). */
  readonly onChildId?: ((childId: string) => void) | undefined;
  /** No message may quote a cell of the file, its first row included (pseudonymisation). */
  readonly withholdsCells?: boolean | undefined;
}

export class ContactFold {
  private readonly ledger: ContactLedger;
  private textReader: ContactRowReader | undefined;
  private recallReader: ContactRowReader | undefined;
  private bytesReader: ContactBytesReader | undefined;
  private wanted = Number.POSITIVE_INFINITY;
  private rows = 0;
  /** Whether the header has an attendance and a discipline column, for the run-health checks. */
  private placed: ContactColumnPlan | undefined;
  private hasAttendanceColumn = true;
  private hasDisciplineColumn = true;

  constructor(
    book: PlanBook,
    settings: RunSettings,
    private readonly options: ContactFoldOptions,
  ) {
    const source = options.source;
    this.ledger = new ContactLedger(book, settings, {
      watchChildId: options.watchChildId,
      exceptions: options.exceptions,
      onChildId: options.onChildId,
      recall: (row) => {
        const { fields, line } = options.recall(row);
        const reading = this.recallReader!(fields, line);
        if (!reading.ok) throw new InputError(`${source} changed while it was being read: run again on a file that is not being written to`);
        return { ...reading.record };
      },
    });
  }

  /** Data rows folded so far. */
  get rowsFolded(): number {
    return this.rows;
  }

  /** The columns the header placed; undefined before it. */
  get columns(): ContactColumnPlan | undefined {
    return this.placed;
  }

  /** How many leading fields a row needs split (see FastCsvParser's wantedFields). */
  get wantedFields(): number {
    return this.wanted;
  }

  header(fields: readonly string[]): void {
    const { source, mapping, values, watchChildId } = this.options;
    const columns = contactColumnsOf(fields, source, mapping, { withholdsCells: this.options.withholdsCells });
    this.placed = columns;
    this.hasAttendanceColumn = columns.attendance >= 0;
    this.hasDisciplineColumn = columns.discipline >= 0;
    this.textReader = withMappingErrors(() => createContactRowReader(columns, values));
    this.recallReader = createContactRowReader(columns, values);
    // explain follows one child's rows as text; every other run takes the bytes path where it can.
    if (watchChildId === undefined && this.options.byteCells) {
      this.bytesReader = createContactBytesReader(columns, values);
      this.wanted = contactFieldsWanted(columns);
    }
  }

  /** A row from the table source on this thread (ByteCells when the source gives them). */
  addRow(cells: Cells): void {
    if (this.bytesReader === undefined) {
      this.addTextRow(cellTexts(cells), cells.line, undefined);
      return;
    }
    const record = cells as ByteCells;
    const fast = this.bytesReader(record);
    if (fast !== undefined) {
      this.addBytesRow(fast, record.offset);
      return;
    }
    record.complete();
    this.addTextRow(cellTexts(record), record.line, record.offset);
  }

  /**
   * A row read straight from its bytes; `offset`: where it starts in the text. `claimed`: the earlier
   * row the reader thread found with the row's key, when the thread keeps the duplicate rule's index
   * (ContactLedger.addContact); undefined when this fold keeps it.
   */
  addBytesRow(contact: ContactBytesRow, offset: number, claimed?: number): void {
    this.ledger.addContactBytes(contact, this.nextRow(offset, claimed === undefined), claimed);
  }

  /** A row left to the text reader; `offset`: where it starts in the text, when the source has bytes. `claimed` as for addBytesRow. */
  addTextRow(fields: readonly string[], line: number, offset: number | undefined, claimed?: number): void {
    const row = this.nextRow(offset, claimed === undefined);
    const reading = this.textReader!(fields, line);
    if (reading.ok) this.ledger.addContact(reading.record, row, claimed);
    else this.ledger.addInvalid(line, reading.problem, reading.childId);
  }

  finish(): ContactTotals {
    const totals = this.ledger.finish();
    return { ...totals, health: { ...totals.health, hasAttendanceColumn: this.hasAttendanceColumn, hasDisciplineColumn: this.hasDisciplineColumn } };
  }

  /**
   * Numbers the next row (from 0, as the source numbers them for recall). Once enough rows are in,
   * the file's size gives an estimate of its contact IDs, and the ID index makes room for them at once.
   */
  private nextRow(offset: number | undefined, keepsIndex: boolean): number {
    const row = this.rows++;
    const fileBytes = this.options.fileBytes;
    if (keepsIndex && row === ROWS_BEFORE_ID_ESTIMATE && fileBytes !== undefined && offset !== undefined && offset > 0) {
      this.ledger.expectContactIds(estimatedContactIds(fileBytes, offset, row));
    }
    return row;
  }
}
