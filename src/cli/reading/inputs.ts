// The edge between files and the core: opens the inputs, streams their rows through the readers and
// folds them into the plan book and the contact totals.
import type { Readable } from 'node:stream';
import { yearStartOf, lastDayOfYear } from '../../calendar/academicYear.js';
import { readAcademicYear } from '../../schema/values/academicYear.js';
import { isInvalid } from '../../schema/values/invalid.js';
import { parseIsoDay, type Day } from '../../calendar/day.js';
import { buildCalendar, DEFAULT_CALENDAR, type CalendarTermEntry, type TermCalendar } from '../../calendar/terms.js';
import { InputError, UsageError } from '../../errors.js';
import { parseDecimal } from '../../exact/rational.js';
import { readCsv, type CsvReadSummary } from '../../io/csvReader.js';
import { fieldTexts, readCsvRecords } from '../../io/fastCsvEngine.js';
import type { ContactTotals } from '../../reconcile/contactLedger.js';
import { PlanBookBuilder, type PlanBook, type PlanRowReading } from '../../reconcile/planBook.js';
import type { RunSettings } from '../../reconcile/settings.js';
import { resolveColumns } from '../../schema/columns.js';
import { normaliseHeader, PLAN_FIELDS } from '../../schema/fields.js';
import { EMPTY_MAPPING, parseMapping, type Mapping } from '../../schema/mapping.js';
import { createPlanCellTexts, type PlanCellTexts } from '../../schema/planCells.js';
import { createPlanRowReader } from '../../schema/planRow.js';
import { withMappingErrors } from './columns.js';
import { ContactFold } from './contactFold.js';
import { openFileInput, readThrough, readWholeInput, streamInput, type InputFingerprint, type OpenedInput } from './inputFiles.js';
import { readContactsOnThread, wantsReaderThread } from './contactReaderThread.js';
import type { RunRequest } from '../runOptions.js';

export interface Io {
  readonly stdin: Readable;
  readonly cwd: string;
}

/** Standard input for "-"; any other path opened once, whatever it is (a plain file, a FIFO, /dev/fd/63). */
async function openInput(path: string, what: string, io: Io, onFingerprint?: (fingerprint: InputFingerprint) => void): Promise<OpenedInput> {
  if (path === '-') return streamInput(io.stdin, path, onFingerprint);
  return openFileInput(path, what, onFingerprint);
}

/** The mapping file's rules (none without one); `onFingerprint` hears what was read, for the manifest. */
export async function loadMapping(path: string | undefined, onFingerprint?: (fingerprint: InputFingerprint) => void): Promise<Mapping> {
  if (path === undefined) return EMPTY_MAPPING;
  const bytes = await readWholeInput(path, 'mapping', onFingerprint);
  const parsed = parseMapping(bytes.toString('utf8'));
  if ('problems' in parsed) throw new InputError(`the mapping file "${path}" does not validate: ${parsed.problems.join('; ')}`);
  return parsed.mapping;
}

/** The term calendar (the default one without a file); `onFingerprint` hears what was read, for the manifest. */
export async function loadCalendar(
  path: string | undefined,
  request: Pick<RunRequest, 'encoding' | 'delimiter'>,
  io: Io,
  onFingerprint?: (fingerprint: InputFingerprint) => void,
): Promise<TermCalendar> {
  if (path === undefined) return DEFAULT_CALENDAR;
  const entries: CalendarTermEntry[] = [];
  const problems: string[] = [];
  let columns: Record<string, number> = {};
  const input = await openInput(path, 'calendar', io, onFingerprint);
  await readThrough(input, () => readCsv(input.chunks, { source: path, encoding: request.encoding }, {
    header(fields) {
      const normalised = fields.map(normaliseHeader);
      columns = Object.fromEntries(['year', 'term', 'start', 'end', 'weeks'].map((name) => [name, normalised.indexOf(name)]));
      const missing = ['year', 'term', 'start', 'end'].filter((name) => columns[name]! < 0);
      if (missing.length > 0) throw new InputError(`the calendar file "${path}" has no ${missing.join(', ')} column; it needs year,term,start,end and optionally weeks`);
    },
    row(fields, line) {
      const cell = (name: string) => (columns[name]! >= 0 ? (fields[columns[name]!] ?? '').trim() : '');
      const year = readAcademicYear(cell('year'));
      const yearStart = isInvalid(year) ? undefined : year;
      const start = parseIsoDay(cell('start'));
      const end = parseIsoDay(cell('end'));
      const weeksText = cell('weeks');
      const weeks = weeksText === '' ? null : parseDecimal(weeksText);
      if (yearStart === undefined) problems.push(`line ${line}: year "${cell('year')}" is not an academic year such as 2024/25`);
      else if (cell('term') === '') problems.push(`line ${line}: term is blank`);
      else if (start === undefined || end === undefined) problems.push(`line ${line}: start and end must be dates as YYYY-MM-DD`);
      else if (weeks === undefined || (weeks !== null && weeks.num <= 0n)) problems.push(`line ${line}: weeks "${weeksText}" is not a positive number`);
      else entries.push({ yearStart, name: cell('term'), start, end, weeks });
    },
  }));
  if (problems.length === 0) {
    const built = buildCalendar(entries);
    if ('calendar' in built) return built.calendar;
    problems.push(...built.problems);
  }
  throw new InputError(`the calendar file "${path}" does not validate: ${problems.slice(0, 10).join('; ')}`);
}

/** --year and --as-of with their defaults (SPEC 3). */
export function resolvePeriod(year: number | undefined, asOf: Day | undefined, today: Day): { yearStart: number; asOf: Day } {
  if (year === undefined) {
    const day = asOf ?? today;
    return { yearStart: yearStartOf(day), asOf: day };
  }
  if (asOf !== undefined) return { yearStart: year, asOf };
  const last = lastDayOfYear(year);
  return { yearStart: year, asOf: today > last ? last : today };
}

export interface ReadPlans {
  readonly book: PlanBook;
  readonly read: CsvReadSummary;
  readonly fingerprint: InputFingerprint;
  /** Every plans row of the watched child, for `explain`. */
  readonly watchedRows: readonly PlanRowReading[];
}

/** Plan rows read before the file's size is turned into an estimate of its rows, to make room for them at once. */
const PLAN_ROWS_BEFORE_ESTIMATE = 1 << 12;

export async function readPlans(
  request: RunRequest,
  mapping: Mapping,
  settings: RunSettings,
  io: Io,
  options: { watchChildId?: string | undefined; onProgress?: ((bytes: number, rows: number) => void) | undefined } = {},
): Promise<ReadPlans> {
  const { watchChildId, onProgress } = options;
  const builder = new PlanBookBuilder(settings);
  const watchedRows: PlanRowReading[] = [];
  let reader: ReturnType<typeof createPlanRowReader> | undefined;
  let cellTexts: PlanCellTexts | undefined;
  let fingerprint: InputFingerprint | undefined;
  const input = await openInput(request.plans, 'plans', io, (value) => (fingerprint = value));
  const fileBytes = input.size;
  let rows = 0;
  const read = await readThrough(input, () => readCsvRecords(
    input.chunks,
    {
      source: sourceName(request.plans),
      encoding: request.encoding,
      delimiter: request.delimiter,
      onProgress: onProgress === undefined ? undefined : (bytes) => onProgress(bytes, rows),
    },
    {
      header(record) {
        const resolution = resolveColumns('plans', PLAN_FIELDS, fieldTexts(record), mapping.plans?.columns);
        if (!resolution.ok) throw new InputError(`${sourceName(request.plans)}: ${resolution.problem}`);
        reader = withMappingErrors(() => createPlanRowReader(resolution.columns, valueOptions(request, mapping)));
        cellTexts = createPlanCellTexts(resolution.columns);
      },
      row(record) {
        const line = record.line;
        if (++rows === PLAN_ROWS_BEFORE_ESTIMATE && fileBytes !== undefined) builder.expectRows(Math.ceil((fileBytes / record.offset) * rows * 1.05));
        const reading = reader!(cellTexts!(record), line);
        builder.add(line, reading);
        if (watchChildId !== undefined && (reading.ok ? reading.record.childId : reading.childId) === watchChildId) watchedRows.push({ line, reading });
      },
    },
  ));
  return { book: builder.finish(), read, watchedRows, fingerprint: fingerprint! };
}

export interface ReadContacts {
  readonly totals: ContactTotals;
  readonly read: CsvReadSummary;
  readonly fingerprint: InputFingerprint;
}


export async function readContacts(
  request: RunRequest,
  mapping: Mapping,
  book: PlanBook,
  settings: RunSettings,
  io: Io,
  options: { watchChildId?: string | undefined; onProgress?: ((bytes: number, rows: number) => void) | undefined } = {},
): Promise<ReadContacts> {
  const source = sourceName(request.contacts);
  let fingerprint: InputFingerprint | undefined;
  // Opened once, here: the reader thread and the duplicate rule's recall read through this one descriptor.
  const input = await openInput(request.contacts, 'contacts', io, (value) => (fingerprint = value));
  const file = input.file;
  const values = valueOptions(request, mapping);
  const onProgress = options.onProgress;
  return readThrough(input, async () => {
    const fold = new ContactFold(book, settings, { source, mapping, values, fileBytes: input.size, watchChildId: options.watchChildId });
    try {
      // explain reads its child's rows as text, on one thread: it is one child, not a large read.
      if (file !== undefined && options.watchChildId === undefined && wantsReaderThread(request.threads, file.size)) {
        const { encoding, delimiter } = request;
        const threaded = await readContactsOnThread(request.contacts, file, fold, { source, encoding, delimiter, mapping, values, onProgress });
        if (threaded !== undefined) return { totals: fold.finish(), ...threaded };
      }
      const read = await readCsvRecords(
        input.chunks,
        {
          source,
          encoding: request.encoding,
          delimiter: request.delimiter,
          onProgress: onProgress === undefined ? undefined : (bytes) => onProgress(bytes, fold.rowsFolded),
        },
        {
          header: (record) => fold.header(fieldTexts(record)),
          row: (record) => fold.addRecord(record),
        },
        {
          opened: ({ delimiter, inputOffset }) => fold.opened(file, delimiter, inputOffset),
          text: (bytes) => fold.text(bytes),
        },
        () => fold.wantedFields,
      );
      return { totals: fold.finish(), read, fingerprint: fingerprint! };
    } finally {
      fold.close();
    }
  });
}

function valueOptions(request: RunRequest, mapping: Mapping) {
  return { dateFormat: request.dateFormat, excelDates: request.excelDates, mapping };
}

export function sourceName(path: string): string {
  return path === '-' ? 'standard input' : path;
}

export function checkStdinUse(request: Pick<RunRequest, 'plans' | 'contacts'>): void {
  if (request.plans === '-' && request.contacts === '-') throw new UsageError('only one input can be read from standard input ("-")');
}
