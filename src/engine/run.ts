// One run over the inputs, the steps shared by reconcile, validate and explain: the options checked,
// the calendar and mapping loaded, the plans folded into the plan book, the contacts into their
// totals. Memory is given back between the phases (memory.ts).
import { inputName, inputPath, openCsvSource, type InputSource, type TableReadSummary } from '../io/tableSource.js';
import type { ContactTotals } from '../reconcile/contactLedger.js';
import type { PlanBook, PlanRowReading } from '../reconcile/planBook.js';
import type { RunInputs, TableInputRecord } from '../result/reconciliationResult.js';
import type { RunSettings } from '../reconcile/settings.js';
import type { Mapping } from '../schema/mapping.js';
import type { ValueOptions } from '../schema/planRow.js';
import type { InputFile } from '../schema/vocabulary.js';
import { loadCalendar } from './calendarFile.js';
import { readContacts } from './contactReading.js';
import { loadMapping, type MappingSource } from './mappingFile.js';
import { ReadChildIds } from './pseudonyms.js';
import { releaseGarbage } from './memory.js';
import { resolveOptions, type ReconcileOptions, type ResolvedOptions } from './options.js';
import { readPlans } from './planReading.js';

/** The inputs of a run. */
export interface InputSources {
  readonly plans: InputSource;
  readonly contacts: InputSource;
  /** The council's term calendar (default: 1 Sep – 31 Dec, 1 Jan – 31 Mar, 1 Apr – 31 Aug). */
  readonly calendar?: InputSource | undefined;
  /** A mapping file's path, or a mapping object. */
  readonly mapping?: MappingSource | undefined;
}

/** Hooks for a caller that shows progress or notes; the engine never writes to a terminal itself. */
export interface RunObserver {
  /** Bytes and rows read so far of one input. */
  readonly onProgress?: ((input: InputFile, bytes: number, rows: number) => void) | undefined;
  /** Something the user should know that does not stop the run, as one sentence. */
  readonly onNote?: ((message: string) => void) | undefined;
}


export interface ReadRun {
  readonly options: ResolvedOptions;
  readonly settings: RunSettings;
  readonly mapping: Mapping;
  readonly book: PlanBook;
  readonly totals: ContactTotals;
  readonly watchedPlanRows: readonly PlanRowReading[];
  /** Every child ID read, when pseudonymising (to find them in any cell's text). */
  readonly childIds: ReadChildIds | undefined;
  readonly inputs: RunInputs;
  /** The calendar's path as given, for the options record (null: the default calendar). */
  readonly calendarPath: string | null;
}

function readInput(read: TableReadSummary): TableInputRecord {
  return { ...read.fingerprint, encoding: read.encoding, delimiter: read.delimiter };
}

export async function readRun(
  sources: InputSources,
  options: ReconcileOptions | undefined,
  extras: { readonly watchChildId?: string | undefined; readonly observer?: RunObserver | undefined } = {},
): Promise<ReadRun> {
  const resolved = resolveOptions(options);
  const { reading } = resolved;
  const calendar = await loadCalendar(sources.calendar, reading);
  const year = calendar.calendar.yearTerms(resolved.yearStart);
  const settings: RunSettings = {
    calendar: calendar.calendar,
    year,
    asOf: resolved.asOf,
    discipline: resolved.discipline,
    tolerance: resolved.tolerance,
    countIndirect: resolved.countIndirect,
  };
  const { mapping, fingerprint: mappingFile } = await loadMapping(sources.mapping);
  const values: ValueOptions = { dateFormat: reading.dateFormat, excelDates: reading.excelDates, mapping };
  const csv = { encoding: reading.encoding, delimiter: reading.delimiter };
  const onProgress = extras.observer?.onProgress;
  // Pseudonymising, the run notes every child ID it reads, and no message quotes a cell.
  const childIds = resolved.pseudonymiseKey === undefined ? undefined : new ReadChildIds();
  const withholdsCells = childIds !== undefined;
  const plans = await readPlans(await openCsvSource(sources.plans, 'plans', csv), values, settings, {
    watchChildId: extras.watchChildId,
    onProgress: onProgress === undefined ? undefined : (bytes, rows) => onProgress('plans', bytes, rows),
    onChildId: childIds?.note,
    withholdsCells,
  });
  childIds?.knowPlanBook(plans.book);
  // The plan lines and the builder's indexes are garbage once the plan book is made: given back
  // before the contact-ID index is built, so that the two are never held together (see memory.ts).
  releaseGarbage(plans.read.fingerprint.bytes);
  const contactsTable = await openCsvSource(sources.contacts, 'contacts', { ...csv, recallable: true });
  let contacts;
  try {
    contacts = await readContacts(contactsTable, values, plans.book, settings, {
      watchChildId: extras.watchChildId,
      threads: reading.threads,
      onProgress: onProgress === undefined ? undefined : (bytes, rows) => onProgress('contacts', bytes, rows),
      onChildId: childIds?.note,
      withholdsCells,
    });
  } finally {
    contactsTable.close();
  }
  const note = extras.observer?.onNote;
  if (note !== undefined) {
    // Not an error (a provider with nothing to report yet is possible), but never silent.
    if (plans.book.accounting.rowsRead === 0) note(`the plans file ${inputName(sources.plans)} has a header but no data rows: nothing can be reconciled`);
    if (contacts.totals.accounting.rowsRead === 0) note(`the contacts file ${inputName(sources.contacts)} has a header but no data rows: every child will show no contact`);
  }
  // The contact-ID index and the read buffers are garbage once the inputs are read (see memory.ts).
  releaseGarbage(contacts.read.fingerprint.bytes);
  return {
    options: resolved,
    settings,
    mapping,
    book: plans.book,
    totals: contacts.totals,
    watchedPlanRows: plans.watchedRows,
    childIds,
    inputs: {
      plans: readInput(plans.read),
      contacts: readInput(contacts.read),
      mapping: mappingFile,
      calendar: calendar.fingerprint,
      reading: { dateFormat: reading.dateFormat ?? null, excelDates: reading.excelDates },
    },
    calendarPath: sources.calendar === undefined ? null : (inputPath(sources.calendar) ?? inputName(sources.calendar)),
  };
}
