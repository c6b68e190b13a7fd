// One run over the inputs, the steps shared by reconcile, validate and explain: the options checked,
// the calendar and mapping loaded, the plans folded into the plan book, the contacts into their
// totals. Memory is given back between the phases (memory.ts).
import { inputName, inputPath, type InputSource, type TableReadSummary } from '../io/tableSource.js';
import type { FileAccounting } from '../reconcile/accounting.js';
import type { ExceptionList } from '../reconcile/exceptionSink.js';
import { locateExceptions } from './exceptionCells.js';
import type { ContactTotals } from '../reconcile/contactLedger.js';
import type { PlanBook, PlanRowReading } from '../reconcile/planBook.js';
import type { RunInputs, TableInputRecord } from '../result/reconciliationResult.js';
import type { RunSettings } from '../reconcile/settings.js';
import { InputError } from '../errors.js';
import { ENCODINGS, type Encoding } from '../io/csvTypes.js';
import type { DisciplineColumn } from '../schema/disciplineColumnSearch.js';
import type { Mapping } from '../schema/mapping.js';
import { childIdRuleFor, type ValueOptions } from '../schema/planRow.js';
import { isTotalsRowReason } from '../schema/values/identifier.js';
import type { InputFile } from '../schema/vocabulary.js';
import { createChildIdNormaliser } from '../schema/values/childIdRules.js';
import { isInvalid } from '../schema/values/invalid.js';
import { loadCalendar } from './calendarFile.js';
import { openContactsAhead, readContacts, type ContactsRead } from './contactReading.js';
import { loadMapping, type MappingSource } from './mappingFile.js';
import { loadPreset, loadPresets, withPreset } from './presets.js';
import { ReadChildIds } from './pseudonyms.js';
import { releaseGarbage } from './memory.js';
import { resolveOptions, type ReconcileOptions, type ResolvedOptions } from './options.js';
import { readPlans } from './planReading.js';
import { openInputTable } from './tableOpening.js';

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
  /** Whether the plans file has a discipline column, and if not, a column that reads as one (run health). */
  readonly planDisciplineColumn: { readonly present: boolean; readonly found: DisciplineColumn | null };
  readonly totals: ContactTotals;
  /** The exceptions of both files, plans then contacts, each naming its cell when its file was a workbook. */
  readonly exceptions: ExceptionList;
  readonly watchedPlanRows: readonly PlanRowReading[];
  /** The watched child's ID as each file's identifier rule makes it (explain), or undefined. */
  readonly watchedIds: WatchedIds | undefined;
  /** Every child ID read, when pseudonymising (to find them in any cell's text). */
  readonly childIds: ReadChildIds | undefined;
  readonly inputs: RunInputs;
  /** The calendar's path as given, for the options record (null: the default calendar). */
  readonly calendarPath: string | null;
}

/** A child's ID as each file compares it. */
export interface WatchedIds {
  readonly plans: string;
  readonly contacts: string;
}

/**
 * The ID explain follows, under each file's identifier rule: "485 777 3457" finds the rows of
 * 4857773457 under nhs-number. An ID the rule refuses stays as written (trimmed), so that the rows
 * refused for it, which keep the ID as written, are still found.
 */
function watchedIdsOf(childId: string, values: ValueOptions): WatchedIds {
  const trimmed = childId.trim();
  const under = (file: InputFile) => {
    const key = createChildIdNormaliser(childIdRuleFor(values, file))(trimmed);
    return isInvalid(key) ? trimmed : key;
  };
  return { plans: under('plans'), contacts: under('contacts') };
}

/** The encoding a mapping gives one file; one the tool does not know stops the run (exit 3). */
function encodingOf(mapping: Mapping, file: InputFile): Encoding | undefined {
  const encoding = mapping[file]?.encoding;
  if (encoding === undefined) return undefined;
  if (!(ENCODINGS as readonly string[]).includes(encoding)) {
    throw new InputError(
      `the mapping gives the ${file} file the encoding "${encoding}", which is not one the tool reads: expected one of ${ENCODINGS.join(', ')}`,
    );
  }
  return encoding as Encoding;
}

/**
 * The note a run gives on the totals and footer rows of a file, which it set aside as exceptions;
 * undefined when it has none. Only a file with invalid rows has its exceptions read again for them.
 */
function describeTotalsRows(source: string, accounting: FileAccounting<string>, exceptions: ExceptionList): string | undefined {
  if ((accounting.buckets['invalid-row'] ?? 0) === 0) return undefined;
  const shown: number[] = [];
  let count = 0;
  for (const record of exceptions) {
    if (record.bucket !== 'invalid-row' || !isTotalsRowReason(record.reason)) continue;
    count++;
    if (shown.length < 5) shown.push(record.line);
  }
  if (count === 0) return undefined;
  const lines = shown.join(', ') + (count > shown.length ? ', …' : '');
  const rows = count === 1 ? 'a totals or footer row' : `${count} totals or footer rows`;
  return `${source} has ${rows} (line${count === 1 ? '' : 's'} ${lines}): set aside as invalid-row exceptions, not read as children`;
}

function readInput(read: TableReadSummary): TableInputRecord {
  const record = { ...read.fingerprint, encoding: read.encoding, delimiter: read.delimiter };
  return read.sheet === undefined ? record : { ...record, sheet: read.sheet };
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
  const preset = resolved.preset === undefined ? undefined : await loadPreset(resolved.preset);
  // Without a preset, the presets are there to suggest one should a file's header be theirs.
  const presetHints = preset === undefined ? await loadPresets() : [];
  const { mapping: ownMapping, fingerprint: mappingFile } = await loadMapping(sources.mapping);
  const mapping = withPreset(preset, ownMapping);
  const values: ValueOptions = { dateFormat: reading.dateFormat, excelDates: reading.excelDates, mapping, ids: resolved.ids };
  // --encoding and --sheet for both files, else the encoding and sheet a mapping (a preset) gives each.
  const csvOf = (file: InputFile) => ({
    encoding: reading.encoding ?? encodingOf(mapping, file),
    delimiter: reading.delimiter,
    sheet: reading.sheet ?? mapping[file]?.sheet,
  });
  const onProgress = extras.observer?.onProgress;
  const note = extras.observer?.onNote;
  // Pseudonymising, the run notes every child ID it reads, and no message quotes a cell.
  const childIds = resolved.pseudonymiseKey === undefined ? undefined : new ReadChildIds([childIdRuleFor(values, 'plans'), childIdRuleFor(values, 'contacts')]);
  const withholdsCells = childIds !== undefined;
  const watchedIds = extras.watchChildId === undefined ? undefined : watchedIdsOf(extras.watchChildId, values);
  const contactsAhead = await openContactsAhead(
    sources.contacts,
    // Worked out when the file is opened: a bad encoding in the mapping is told after the plans' problems.
    () => ({ ...csvOf('contacts'), recallable: true }),
    {
      values,
      threads: reading.threads,
      watchChildId: watchedIds?.contacts,
      onNote: note,
      presetHints,
      withholdsCells,
      onProgress: onProgress === undefined ? undefined : (bytes, rows) => onProgress('contacts', bytes, rows),
    },
  );
  let plans: Awaited<ReturnType<typeof readPlans>>;
  try {
    plans = await readPlans(await openInputTable(sources.plans, 'plans', csvOf('plans')), values, settings, {
      watchChildId: watchedIds?.plans,
      onNote: note,
      presetHints,
      onChildId: childIds?.note,
      withholdsCells,
      onProgress: onProgress === undefined ? undefined : (bytes, rows) => onProgress('plans', bytes, rows),
    });
  } catch (error) {
    await contactsAhead.abandon();
    throw error;
  }
  // Reads report bytes as they arrive, ahead of the rows parsed from them: the last word is the count.
  onProgress?.('plans', plans.read.fingerprint.bytes, plans.book.accounting.rowsRead);
  childIds?.knowPlanBook(plans.book);
  // The plan lines and the builder's indexes are garbage once the plan book is made: given back
  // before the contact-ID index is built, so that the two are never held together (see memory.ts).
  releaseGarbage(plans.read.fingerprint.bytes);
  const contactsTable = await contactsAhead.table();
  let contacts: ContactsRead;
  try {
    contacts = await readContacts(contactsTable, values, plans.book, settings, {
      watchChildId: watchedIds?.contacts,
      threads: reading.threads,
      onNote: note,
      presetHints,
      onProgress: onProgress === undefined ? undefined : (bytes, rows) => onProgress('contacts', bytes, rows),
      onChildId: childIds?.note,
      withholdsCells,
      reader: contactsAhead.reader,
    });
  } finally {
    // The thread reads through the table's descriptor: it is stopped (if it has not ended) first.
    await contactsAhead.reader?.stop();
    contactsTable.close();
  }
  onProgress?.('contacts', contacts.read.fingerprint.bytes, contacts.totals.accounting.rowsRead);
  if (note !== undefined) {
    // Not an error (a provider with nothing to report yet is possible), but never silent.
    if (plans.book.accounting.rowsRead === 0) note(`the plans file ${inputName(sources.plans)} has a header but no data rows: nothing can be reconciled`);
    if (contacts.totals.accounting.rowsRead === 0)
      note(`the contacts file ${inputName(sources.contacts)} has a header but no data rows: every child will show no contact`);
    const setAside = [
      describeTotalsRows(inputName(sources.plans), plans.book.accounting, plans.book.exceptions),
      describeTotalsRows(inputName(sources.contacts), contacts.totals.accounting, contacts.totals.exceptions),
    ];
    for (const message of setAside) if (message !== undefined) note(message);
  }
  // The contact-ID index and the read buffers are garbage once the inputs are read (see memory.ts).
  releaseGarbage(contacts.read.fingerprint.bytes);
  return {
    options: resolved,
    settings,
    mapping,
    book: plans.book,
    planDisciplineColumn: { present: plans.hasDisciplineColumn, found: plans.disciplineColumn },
    totals: contacts.totals,
    exceptions: locateExceptions(plans.book.exceptions, contacts.totals.exceptions, {
      plans: { sheet: plans.read.sheet, columns: plans.fieldColumns },
      contacts: { sheet: contacts.read.sheet, columns: contacts.fieldColumns },
    }),
    watchedPlanRows: plans.watchedRows,
    watchedIds,
    childIds,
    inputs: {
      plans: readInput(plans.read),
      contacts: readInput(contacts.read),
      mapping: mappingFile,
      calendar: calendar.fingerprint,
      reading: {
        dateFormat: reading.dateFormat ?? null,
        excelDates: reading.excelDates,
        ids: { plans: childIdRuleFor(values, 'plans'), contacts: childIdRuleFor(values, 'contacts') },
        ...(preset === undefined ? {} : { preset: { name: preset.name, sha256: preset.sha256 } }),
      },
    },
    calendarPath: sources.calendar === undefined ? null : (inputPath(sources.calendar) ?? inputName(sources.calendar)),
  };
}
