// One reconciliation run from files: the steps shared by reconcile, validate and explain.
import { formatDay, type Day } from '../calendar/day.js';
import { UsageError } from '../errors.js';
import type { ContactTotals } from '../reconcile/contactLedger.js';
import type { PlanBook, PlanRowReading } from '../reconcile/planBook.js';
import type { RunSettings } from '../reconcile/settings.js';
import type { Mapping } from '../schema/mapping.js';
import type { CsvReadSummary } from '../io/csvReader.js';
import type { InputFingerprint } from '../io/inputFiles.js';
import { checkStdinUse, sourceName, loadCalendar, loadMapping, readContacts, readPlans, resolvePeriod, type Io } from './inputs.js';
import { releaseGarbage } from './memory.js';
import type { InputFile } from '../schema/vocabulary.js';
import type { RunRequest } from '../cli/runOptions.js';

export interface LoadedRun {
  readonly settings: RunSettings;
  readonly mapping: Mapping;
  readonly book: PlanBook;
  readonly totals: ContactTotals;
  readonly plansRead: CsvReadSummary;
  readonly contactsRead: CsvReadSummary;
  readonly watchedPlanRows: readonly PlanRowReading[];
  /** What was read of each input file; the mapping and calendar are null when none was given. */
  readonly inputs: {
    readonly plans: InputFingerprint;
    readonly contacts: InputFingerprint;
    readonly mapping: InputFingerprint | null;
    readonly calendar: InputFingerprint | null;
  };
}

export async function loadRun(
  request: RunRequest,
  io: Io,
  today: Day,
  extras: {
    watchChildId?: string | undefined;
    onProgress?: ((input: InputFile, bytes: number, rows: number) => void) | undefined;
    /** Where to say something the user should know that does not stop the run. */
    warn?: ((message: string) => void) | undefined;
  } = {},
): Promise<LoadedRun> {
  checkStdinUse(request);
  const period = resolvePeriod(request.year, request.asOf, today);
  let calendarFile: InputFingerprint | null = null;
  let mappingFile: InputFingerprint | null = null;
  const calendar = await loadCalendar(request.calendar, request, io, (fingerprint) => (calendarFile = fingerprint));
  const year = calendar.yearTerms(period.yearStart);
  if (period.asOf < year.start) {
    throw new UsageError(`--as-of ${formatDay(period.asOf)} is before the year ${request.year === undefined ? '' : 'named by --year '}begins (${formatDay(year.start)})`);
  }
  const settings: RunSettings = {
    calendar,
    year,
    asOf: period.asOf,
    discipline: request.discipline ?? null,
    tolerance: request.tolerance,
    countIndirect: request.countIndirect,
  };
  const mapping = await loadMapping(request.mapping, (fingerprint) => (mappingFile = fingerprint));
  const onProgress = extras.onProgress;
  const plans = await readPlans(request, mapping, settings, io, {
    watchChildId: extras.watchChildId,
    onProgress: onProgress === undefined ? undefined : (bytes, rows) => onProgress('plans', bytes, rows),
  });
  // The plan lines and the builder's indexes are garbage once the plan book is made: given back
  // before the contact-ID index is built, so that the two are never held together (see memory.ts).
  releaseGarbage(plans.fingerprint.bytes);
  const contacts = await readContacts(request, mapping, plans.book, settings, io, {
    watchChildId: extras.watchChildId,
    onProgress: onProgress === undefined ? undefined : (bytes, rows) => onProgress('contacts', bytes, rows),
  });
  if (extras.warn !== undefined) {
    // Not an error (a provider with nothing to report yet is possible), but never silent.
    if (plans.book.accounting.rowsRead === 0) extras.warn(`the plans file ${sourceName(request.plans)} has a header but no data rows: nothing can be reconciled`);
    if (contacts.totals.accounting.rowsRead === 0) extras.warn(`the contacts file ${sourceName(request.contacts)} has a header but no data rows: every child will show no contact`);
  }
  return { settings, mapping, book: plans.book, totals: contacts.totals, plansRead: plans.read, contactsRead: contacts.read, watchedPlanRows: plans.watchedRows, inputs: { plans: plans.fingerprint, contacts: contacts.fingerprint, mapping: mappingFile, calendar: calendarFile } };
}
