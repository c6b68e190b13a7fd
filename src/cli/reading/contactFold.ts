// The contacts file's side of a run, fed one record at a time: it places the columns from the header,
// notes where rows are (for the duplicate rule's recall) and folds each row into the ledger. The CSV
// engine feeds it on this thread, or the reader thread feeds it batches of rows already read
// (contactReaderThread.ts); the fold, its row numbers and its answers are the same either way.
import { InputError } from '../../errors.js';
import { fieldTexts, type CsvRecord } from '../../io/fastCsvEngine.js';
import type { RereadableFile } from '../../io/fileChunks.js';
import { RecordRecall } from '../../io/recordRecall.js';
import { ContactLedger, type ContactTotals } from '../../reconcile/contactLedger.js';
import type { PlanBook } from '../../reconcile/planBook.js';
import type { RunSettings } from '../../reconcile/settings.js';
import { contactFieldsWanted, createContactBytesReader, type ContactBytesReader } from '../../schema/contactBytesRow.js';
import { createContactRowReader, type ContactRowReader } from '../../schema/contactRow.js';
import type { Mapping } from '../../schema/mapping.js';
import type { ValueOptions } from '../../schema/planRow.js';
import { contactColumnsOf, withMappingErrors } from './columns.js';
import type { ContactBytesRow } from '../../schema/records.js';

/** Rows read before the file's size is turned into an estimate of its contact IDs, to make room for them at once. */
const ROWS_BEFORE_ESTIMATE = 1 << 14;

export interface ContactFoldOptions {
  readonly source: string;
  readonly mapping: Mapping;
  readonly values: ValueOptions;
  /** The file's size, when it is a plain file: it sizes the contact-ID index early. */
  readonly fileBytes: number | undefined;
  /** Keep every row of this child (explain): such a run reads every row as text. */
  readonly watchChildId?: string | undefined;
}

export class ContactFold {
  private readonly recall: RecordRecall;
  private readonly ledger: ContactLedger;
  private textReader: ContactRowReader | undefined;
  private recallReader: ContactRowReader | undefined;
  private bytesReader: ContactBytesReader | undefined;
  private wanted = Number.POSITIVE_INFINITY;
  private rows = 0;

  constructor(
    book: PlanBook,
    settings: RunSettings,
    private readonly options: ContactFoldOptions,
  ) {
    const source = options.source;
    this.recall = new RecordRecall(source);
    this.ledger = new ContactLedger(book, settings, {
      watchChildId: options.watchChildId,
      recall: (row) => {
        const { fields, line } = this.recall.read(row);
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

  /** How many leading fields a row needs split (see FastCsvParser's wantedFields). */
  get wantedFields(): number {
    return this.wanted;
  }

  header(fields: readonly string[]): void {
    const { source, mapping, values, watchChildId } = this.options;
    const columns = contactColumnsOf(fields, source, mapping);
    this.textReader = withMappingErrors(() => createContactRowReader(columns, values));
    this.recallReader = createContactRowReader(columns, values);
    // explain follows one child's rows as text; every other run takes the bytes path where it can.
    if (watchChildId === undefined) {
      this.bytesReader = createContactBytesReader(columns, values);
      this.wanted = contactFieldsWanted(columns);
    }
  }

  /**
   * Where the text can be read again: the plain file being read (through its own descriptor) from
   * `inputOffset`, or else a copy kept by `text` (standard input, a pipe, transcoded text).
   */
  opened(file: RereadableFile | undefined, delimiter: string, inputOffset: number | undefined): void {
    if (file !== undefined && inputOffset !== undefined) this.recall.readFrom(file, inputOffset, delimiter);
    else this.recall.spool(delimiter);
  }

  /** The text's bytes as the parser gets them, for a text that cannot be read again where it came from. */
  text(bytes: Uint8Array): void {
    this.recall.append(bytes);
  }

  /** A record from the CSV engine on this thread. */
  addRecord(record: CsvRecord): void {
    const fast = this.bytesReader?.(record);
    if (fast !== undefined) this.addBytesRow(fast, record.offset);
    else this.addTextRow(fieldTexts(record), record.line, record.offset);
  }

  /** A row read straight from its bytes; `offset`: where its record starts in the text. */
  addBytesRow(contact: ContactBytesRow, offset: number): void {
    this.ledger.addContactBytes(contact, this.place(offset, contact.line));
  }

  /** A row left to the text reader. */
  addTextRow(fields: readonly string[], line: number, offset: number): void {
    const row = this.place(offset, line);
    const reading = this.textReader!(fields, line);
    if (reading.ok) this.ledger.addContact(reading.record, row);
    else this.ledger.addInvalid(line, reading.problem, reading.childId);
  }

  finish(): ContactTotals {
    return this.ledger.finish();
  }

  close(): void {
    this.recall.close();
  }

  /** Numbers the next row, noting where it is for recall. */
  private place(offset: number, line: number): number {
    const row = this.rows++;
    this.recall.note(row, offset, line);
    const fileBytes = this.options.fileBytes;
    if (row === ROWS_BEFORE_ESTIMATE && fileBytes !== undefined) this.ledger.expectContactIds(Math.ceil((fileBytes / offset) * row * 1.05));
    return row;
  }
}
