// One run over the inputs, the steps shared by reconcile, validate and explain: the options checked,
// the calendar and mapping loaded, the plans folded into the plan book, the contacts into their
// totals. Memory is given back between the phases (memory.ts).
import { inputName, inputPath, openCsvSource, type InputSource, type TableReadSummary } from '../io/tableSource.js';
import type { ExceptionRecord } from '../reconcile/accounting.js';
import type { ContactTotals } from '../reconcile/contactLedger.js';
import type { PlanBook, PlanRowReading } from '../reconcile/planBook.js';
import type { RunInputs, TableInputRecord } from '../result/reconciliationResult.js';
import type { RunSettings } from '../reconcile/settings.js';
import { InputError } from '../errors.js';
import { ENCODINGS, type Encoding } from '../io/csvTypes.js';
import type { Mapping } from '../schema/mapping.js';
import type { ValueOptions } from '../schema/planRow.js';
import { isTotalsRowReason } from '../schema/values/identifier.js';
import type { InputFile } from '../schema/vocabulary.js';
import { loadCalendar } from './calendarFile.js';
import { readContacts } from './contactReading.js';
import { loadMapping, type MappingSource } from './mappingFile.js';
import { loadPreset, loadPresets, withPreset } from './presets.js';
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
  readonly inputs: RunInputs;
  /** The calendar's path as given, for the options record (null: the default calendar). */
  readonly calendarPath: string | null;
}

/** The encoding a mapping gives one file; one the tool does not know stops the run (exit 3). */
function encodingOf(mapping: Mapping, file: InputFile): Encoding | undefined {
  const encoding = mapping[file]?.encoding;
  if (encoding === undefined) return undefined;
  if (!(ENCODINGS as readonly string[]).includes(encoding)) {
    throw new InputError(`the mapping gives the ${file} file the encoding "${encoding}", which is not one the tool reads: expected one of ${ENCODINGS.join(', ')}`);
  }
  return encoding as Encoding;
}

/** The note a run gives on the totals and footer rows of a file, which it set aside as exceptions; undefined when it has none. */
function describeTotalsRows(source: string, exceptions: readonly ExceptionRecord[]): string | undefined {
  const lines = exceptions.filter((record) => record.bucket === 'invalid-row' && isTotalsRowReason(record.reason)).map((record) => record.line);
  if (lines.length === 0) return undefined;
  const shown = lines.slice(0, 5).join(', ') + (lines.length > 5 ? ', …' : '');
  const rows = lines.length === 1 ? 'a totals or footer row' : `${lines.length} totals or footer rows`;
  return `${source} has ${rows} (line${lines.length === 1 ? '' : 's'} ${shown}): set aside as invalid-row exceptions, not read as children`;
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
  const preset = resolved.preset === undefined ? undefined : await loadPreset(resolved.preset);
  // Without a preset, the presets are there to suggest one should a file's header be theirs.
  const presetHints = preset === undefined ? await loadPresets() : [];
  const { mapping: ownMapping, fingerprint: mappingFile } = await loadMapping(sources.mapping);
  const mapping = withPreset(preset, ownMapping);
  const values: ValueOptions = { dateFormat: reading.dateFormat, excelDates: reading.excelDates, mapping };
  // --encoding for both files, else the encoding a mapping (a preset) gives each.
  const csvOf = (file: InputFile) => ({ encoding: reading.encoding ?? encodingOf(mapping, file), delimiter: reading.delimiter });
  const onProgress = extras.observer?.onProgress;
  const note = extras.observer?.onNote;
  const plans = await readPlans(await openCsvSource(sources.plans, 'plans', csvOf('plans')), values, settings, {
    watchChildId: extras.watchChildId,
    onNote: note,
    presetHints,
    onProgress: onProgress === undefined ? undefined : (bytes, rows) => onProgress('plans', bytes, rows),
  });
  // The plan lines and the builder's indexes are garbage once the plan book is made: given back
  // before the contact-ID index is built, so that the two are never held together (see memory.ts).
  releaseGarbage(plans.read.fingerprint.bytes);
  const contactsTable = await openCsvSource(sources.contacts, 'contacts', { ...csvOf('contacts'), recallable: true });
  let contacts;
  try {
    contacts = await readContacts(contactsTable, values, plans.book, settings, {
      watchChildId: extras.watchChildId,
      threads: reading.threads,
      onNote: note,
      presetHints,
      onProgress: onProgress === undefined ? undefined : (bytes, rows) => onProgress('contacts', bytes, rows),
    });
  } finally {
    contactsTable.close();
  }
  if (note !== undefined) {
    // Not an error (a provider with nothing to report yet is possible), but never silent.
    if (plans.book.accounting.rowsRead === 0) note(`the plans file ${inputName(sources.plans)} has a header but no data rows: nothing can be reconciled`);
    if (contacts.totals.accounting.rowsRead === 0) note(`the contacts file ${inputName(sources.contacts)} has a header but no data rows: every child will show no contact`);
    const setAside = [describeTotalsRows(inputName(sources.plans), plans.book.exceptions), describeTotalsRows(inputName(sources.contacts), contacts.totals.exceptions)];
    for (const message of setAside) if (message !== undefined) note(message);
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
    inputs: {
      plans: readInput(plans.read),
      contacts: readInput(contacts.read),
      mapping: mappingFile,
      calendar: calendar.fingerprint,
      reading: { dateFormat: reading.dateFormat ?? null, excelDates: reading.excelDates, ...(preset === undefined ? {} : { preset: { name: preset.name, sha256: preset.sha256 } }) },
    },
    calendarPath: sources.calendar === undefined ? null : (inputPath(sources.calendar) ?? inputName(sources.calendar)),
  };
}
