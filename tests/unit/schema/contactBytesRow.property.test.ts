// The bytes reader of contacts rows answers only where it cannot differ from the text reader: every row
// it reads must read, to the same values, through the text reader the CLI falls back to. Random contacts
// files (aliased headers in any order, cells valid and not, odd IDs, quoting, short rows) go through the
// fast engine in random chunks, and both readers see every record, as src/engine/contactFold.ts wires them.
// Some files give start and end times instead of (or beside) minutes, or no date but a start; some key
// their contacts by two columns (a service request and a care contact, as CSDS does).
// FUZZ_RUNS=3000 npx vitest run tests/unit/schema/contactBytesRow.property.test.ts  for a longer hunt.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FastCsvParser, fieldTexts, type CsvRecord } from '../../../src/io/fastCsvEngine.js';
import { contactColumnsOf } from '../../../src/schema/columns.js';
import { createContactBytesReader } from '../../../src/schema/contactBytesRow.js';
import { createContactRowReader } from '../../../src/schema/contactRow.js';
import type { ContactField } from '../../../src/schema/fields.js';
import { EMPTY_MAPPING, type Mapping } from '../../../src/schema/mapping.js';
import { childIdRuleFor, type ValueOptions } from '../../../src/schema/planRow.js';
import type { ContactBytesRow } from '../../../src/schema/records.js';
import { day } from '../helpers.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 150);

const PLAIN_OPTIONS: ValueOptions = { dateFormat: undefined, excelDates: false, mapping: EMPTY_MAPPING };
const MAPPED: Mapping = {
  contacts: { values: { discipline: { Speechie: 'SLT' }, attendance: { Came: 'attended', 'Y ': 'dna' }, contact_type: { Writeup: 'indirect' } } },
};
const OTHER_OPTIONS: readonly ValueOptions[] = [
  { dateFormat: undefined, excelDates: true, mapping: EMPTY_MAPPING },
  { dateFormat: undefined, excelDates: false, mapping: MAPPED },
  { dateFormat: 'd MMM yyyy', excelDates: true, mapping: MAPPED },
  // Under an identifier rule the bytes reader takes only IDs the rule leaves as they are.
  { dateFormat: undefined, excelDates: false, mapping: EMPTY_MAPPING, ids: 'nhs-number' },
  { dateFormat: undefined, excelDates: false, mapping: { contacts: { ids: 'trim-zeros' } } },
  { dateFormat: undefined, excelDates: false, mapping: MAPPED, ids: 'case-insensitive' },
  { dateFormat: undefined, excelDates: false, mapping: { contacts: { ids: 'digits' } } },
];

// ---- Cells -------------------------------------------------------------------------------------

const LONG = 'x'.repeat(255);
const TOO_LONG = 'x'.repeat(256);
/** IDs whose bytes and text differ, or that only the text reader may judge. */
const trickyIdCell = fc.constantFrom(
  ' C1',
  'C1 ',
  'C 1',
  'C\t1',
  '\u00a0C1',
  'C1\u00a0',
  '\uFEFFC1',
  'Zoë',
  'Ça',
  '😀',
  'A"B',
  '"AB"',
  'A""B',
  '"',
  'C,1',
  'C\n1',
  ' ',
  '\t',
  LONG,
  TOO_LONG,
  `${LONG} `,
  ` ${LONG}`,
  `é${'x'.repeat(254)}`,
  'Total',
  'TOTAL',
  'Totals:',
  'Subtotal:',
  'SubTotals',
  'grand total',
  'GrandTotal',
  'Grand  Total :',
  'Tot',
  'Totally',
  'x\u007fy',
  'x\u0000y',
);
const idCell = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_\-./]{0,11}$/) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'C1',
      'c1',
      'C0000123',
      ' C1',
      'C1 ',
      ' C1 ',
      'C 1',
      'C\t1',
      '\u00a0C1',
      'C1\u00a0',
      '\uFEFFC1',
      'Zoë',
      'Zoe\u0308',
      'Ça',
      '£5',
      '😀',
      '中文',
      'A"B',
      '"AB"',
      'A""B',
      "O'Neil",
      'C,1',
      'C;1',
      'C\n1',
      'C\r\n1',
      '',
      ' ',
      '  ',
      '\t',
      LONG,
      TOO_LONG,
      `${LONG} `,
      `é${'x'.repeat(254)}`,
      'Total',
      'TOTAL',
      'total',
      'Totals',
      'Total:',
      'Subtotal:',
      'SubTotal',
      'subtotals:',
      'sub total',
      'grand total',
      'Grand Total:',
      'GrandTotal',
      'grandtotals',
      'Tot',
      'Totally',
      'Sub',
      'G1',
      'S1',
      'T1',
      'total1',
      'x\u007fy',
      'x\u0000y',
      '=1+1',
      '-',
      // For the identifier rules: NHS numbers good and bad, as written; zeros; case; digits among letters.
      '4857773457',
      '485 777 3457',
      '485-777-3457',
      '4857773456',
      '485777345',
      '48577734570',
      '0000000000',
      '1000000010',
      '0',
      '00',
      '000123',
      '123',
      'ab12',
      'AB12',
      'aB1',
      'RX-00123',
      'RX',
      '12a',
    ),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{9,11}$/) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);

const dateCell = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      '2024-10-01',
      '2024-10-1',
      '01/10/2024',
      '1/10/2024',
      '1.10.2024',
      '1-10-2024',
      '2024/10/01',
      '20241001',
      '1 Oct 2024',
      '1st October 2024',
      'Tuesday 1 October 2024',
      'Tue, 1 Oct 2024',
      'Monday 1 October 2024',
      'October 1, 2024',
      '2024-10-01T09:30',
      '2024-10-01 09:30:00',
      '01/10/2024 09:30',
      '2024-10-01T09:30:00+01:00',
      ' 2024-10-01 ',
      '\u00a02024-10-01',
      '2025-03-03',
      '3 Mar 2025',
      '2025-09-01',
      '2025-08-31',
      '2023-09-05',
      '2024-08-31',
      '2026-01-15',
      '31/02/2025',
      '29/02/2024',
      '29/02/2025',
      '12/25/2024',
      '01/10/24',
      '2024-13-01',
      '2024-00-10',
      '45567',
      '45567.5',
      '60',
      '0',
      '',
      ' ',
      'abc',
      '1 Foo 2024',
      '2024-10-01x',
      '1899-12-31',
      '2101-01-01',
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .date({ min: new Date('2023-06-01T00:00:00Z'), max: new Date('2026-10-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 13 }), fc.constantFrom('2024', '2025', '24', '1900', '2100'))
      .map(([d, m, y]) => `${d}/${m}/${y}`),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);

const minutesCell = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      '45',
      '0:45',
      '1:00:00',
      '00:45:00',
      '',
      ' ',
      'abc',
      '700',
      '600',
      '601',
      '0',
      '00',
      '0.4',
      '0.5',
      '1',
      '045',
      '45 mins',
      '45mins',
      '45 Minutes',
      '0.75h',
      '1 hr 15 min',
      '1h',
      'PT45M',
      'PT1H',
      'PT',
      '45,5',
      '-5',
      ' 45 ',
      '\u00a045',
      '45.0',
      '44.5',
      '1e3',
      '10:00:00',
      '9:60',
      '١٢',
      'N/A',
    ),
  },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 700 }).map(String) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

const disciplineCell = fc.constantFrom(
  '',
  ' ',
  'OT',
  'ot',
  ' Ot ',
  'SLT',
  'SALT',
  'salt',
  'Speech and Language Therapy',
  'speech & language therapy',
  'physio',
  'PT',
  'Physio ',
  'xyz',
  'O T',
  'Occupational  Therapy',
  'Speechie',
  'speechie',
  'Psychology',
);
const attendanceCell = fc.constantFrom(
  '',
  ' ',
  'attended',
  'Attended',
  'ATTENDED ',
  'DNA',
  'dna',
  'Did Not Attend',
  'did-not-attend',
  '5',
  '6',
  '05',
  '5.0',
  '3',
  '0',
  '1',
  'y',
  'Y',
  'Y ',
  'yes',
  'no',
  'N',
  'booked',
  'scheduled',
  'cancelled by patient',
  'Cancelled-Provider',
  'late not seen',
  'maybe',
  'Came',
  'seen',
);
const contactTypeCell = fc.constantFrom('', ' ', 'direct', 'Direct', 'INDIRECT', 'face to face', 'f2f', 'admin', 'bad', 'Writeup', 'report writing');
const forYearCell = fc.constantFrom(
  '',
  '',
  ' ',
  '2024/25',
  '2025/26',
  '2023/24',
  'bad',
  '2024',
  '2024-25',
  ' 2024/25 ',
  '2024/2025',
  '2024/26',
  '1899/00',
  '2024 / 25',
);
const extraCell = fc.constantFrom('', 'note', 'a"b', '"quoted"', 'x,y', 'line\nbreak', 'North Trust', 'é');
const timeCell = fc.constantFrom(
  '',
  ' ',
  '10:30',
  '10:30:00',
  '9:05',
  '09.15',
  '14.15',
  '2:15 pm',
  '12:00 am',
  '12:30pm',
  '10:30Z',
  '25:00',
  '10:61',
  '10:30:60',
  'abc',
  '1030',
  '2024-10-01 09:30',
  '2024-10-01T09:30:00',
  '2024-10-01T10:15:00+01:00',
  '01/10/2024 09:30',
  '01/10/2024 10:15:30',
  '1 Oct 2024 10:00:00',
  '01 Oct 2024 09:00:00',
  '2024-10-02 09:00',
  '30/09/2024 23:50',
  '2024-10-01',
  '01/10/2024',
  '0.4375',
  '0.46875',
  '.5',
  '45566.4375',
  '45566',
  '0.9999999',
  '31/02/2025 10:00',
  '2024-10-01 19:30',
);

// ---- Files ------------------------------------------------------------------------------------

/** The header names each field may have (its own and aliases, in odd spellings); undefined: no such column. */
const HEADERS: Readonly<Record<ContactField | 'notes' | 'referral', readonly (string | undefined)[]>> = {
  contact_id: [undefined, 'contact_id', 'Contact ID', 'Appointment ID', 'contact ref'],
  child_id: ['child_id', 'Child ID', 'NHS Number', ' child id ', 'Client-ID'],
  date: [undefined, 'date', 'Contact Date', 'Appointment Date'],
  minutes: [undefined, 'minutes', 'Duration', 'Contact Minutes'],
  start_time: [undefined, undefined, 'start_time', 'DateStart', 'Start Time'],
  end_time: [undefined, 'end_time', 'DateEnd', 'End Time'],
  referral: [undefined, 'Service Request ID', 'SERVICE REQUEST IDENTIFIER'],
  discipline: [undefined, 'discipline', 'Therapy'],
  attendance: [undefined, 'attendance', 'Outcome', 'Status'],
  contact_type: [undefined, 'contact_type', 'Type'],
  for_year: [undefined, 'for_year', 'Academic Year'],
  provider: [undefined, 'provider'],
  staff_id: [undefined, 'Therapist'],
  team: [undefined, 'team'],
  notes: [undefined, 'notes'],
};
type Column = keyof typeof HEADERS;
const CELLS: Readonly<Record<Column, fc.Arbitrary<string>>> = {
  contact_id: idCell,
  child_id: idCell,
  date: dateCell,
  minutes: minutesCell,
  start_time: timeCell,
  end_time: timeCell,
  referral: idCell,
  discipline: disciplineCell,
  attendance: attendanceCell,
  contact_type: contactTypeCell,
  for_year: forYearCell,
  provider: extraCell,
  staff_id: extraCell,
  team: extraCell,
  notes: extraCell,
};
/** A row every column of which plainly reads: the bytes reader must answer it. */
const PLAIN_ROW: Readonly<Record<Column, string>> = {
  contact_id: 'CT-0001',
  child_id: 'C0001',
  date: '2024-10-01',
  minutes: '45',
  start_time: '2024-10-01 09:30',
  end_time: '10:15',
  referral: 'SR-01',
  discipline: 'OT',
  attendance: 'attended',
  contact_type: 'direct',
  for_year: '',
  provider: 'North Trust',
  staff_id: 'S1',
  team: 'East',
  notes: 'plain',
};
/** Plain valid cells of each column, in any mix: rows of these must be answered too. */
const PLAIN_CELLS: Readonly<Record<Column, fc.Arbitrary<string>>> = {
  contact_id: fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,15}$/)),
  child_id: fc.stringMatching(/^[A-FH-RU-Za-fh-ru-z0-9][A-Za-z0-9-]{0,15}$/),
  date: fc.constantFrom('2024-10-01', '01/10/2024', '1 Oct 2024', '2025-03-03', '2024-09-02T10:00', '15 January 2025'),
  minutes: fc.oneof(fc.integer({ min: 1, max: 600 }).map(String), fc.constantFrom('0:45', '1:00:00', '45 mins', 'PT30M')),
  start_time: fc.constantFrom('2024-10-01 09:30', '01/10/2024 09:30:00', '2024-10-01T09:30', '1 Oct 2024 09:30:00'),
  end_time: fc.constantFrom('2024-10-01 10:15', '10:15', '01/10/2024 10:15:00', '10:15:29'),
  referral: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,15}$/),
  discipline: fc.constantFrom('', 'OT', 'SLT', 'PT', 'physio', 'Speech and Language Therapy'),
  attendance: fc.constantFrom('', 'attended', 'DNA', '5', 'booked', 'Cancelled by patient'),
  contact_type: fc.constantFrom('', 'direct', 'indirect', 'face to face'),
  for_year: fc.constantFrom('', '2024/25', '2024'),
  provider: extraCell,
  staff_id: extraCell,
  team: extraCell,
  notes: extraCell,
};

const layout = fc
  .record({
    headers: fc.record(
      Object.fromEntries(Object.entries(HEADERS).map(([field, names]) => [field, fc.constantFrom(...names)])) as {
        [K in Column]: fc.Arbitrary<string | undefined>;
      },
    ),
    order: fc.array(fc.nat(), { minLength: 15, maxLength: 15 }),
    delimiter: fc.constantFrom(',', ',', ';', '\t'),
    compositeKey: fc.boolean(),
  })
  .map((drawn) => {
    // A file needs a date, or a start to take it from; minutes, or a start and an end to make them.
    const headers = { ...drawn.headers };
    if (headers.date === undefined && headers.start_time === undefined) headers.date = 'date';
    if (headers.minutes === undefined && (headers.start_time === undefined || headers.end_time === undefined)) headers.minutes = 'minutes';
    return { ...drawn, headers };
  });

type RowKind = 'random' | 'plain' | 'fixed';
interface RowSpec {
  readonly kind: RowKind;
  readonly cells: Readonly<Record<Column, string>>;
  /** Keep this many cells of the line (missing trailing columns), or all when past the end; extra cells after. */
  readonly keep: number;
  readonly extra: readonly string[];
  readonly quoteAnyway: readonly boolean[];
  readonly end: '\n' | '\r\n' | '\r';
}

const cellsOf = (arbitraries: Readonly<Record<Column, fc.Arbitrary<string>>>) => fc.record(arbitraries as { [K in Column]: fc.Arbitrary<string> });
const rowShape = fc.record({
  keep: fc.oneof({ weight: 5, arbitrary: fc.constant(99) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 15 }) }),
  extra: fc.oneof({ weight: 6, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.array(extraCell, { maxLength: 2 }) }),
  quoteAnyway: fc.array(fc.boolean(), { minLength: 17, maxLength: 17 }),
  end: fc.constantFrom('\n', '\n', '\r\n', '\r'),
});
const rowSpec: fc.Arbitrary<RowSpec> = fc
  .oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant<RowKind>('random'), cells: cellsOf(CELLS) }) },
    // A random row with one odd cell among plain ones: each column's oddities meet rows that would otherwise be answered.
    {
      weight: 3,
      arbitrary: fc
        .tuple(cellsOf(PLAIN_CELLS), fc.constantFrom(...(Object.keys(CELLS) as Column[])))
        .chain(([cells, column]) => CELLS[column].map((odd) => ({ kind: 'random' as RowKind, cells: { ...cells, [column]: odd } }))),
    },
    // The same with an ID the bytes reader must leave alone (or take exactly as the text reader reads it).
    {
      weight: 3,
      arbitrary: fc
        .tuple(cellsOf(PLAIN_CELLS), fc.constantFrom<Column>('contact_id', 'child_id', 'referral'), trickyIdCell)
        .map(([cells, column, odd]) => ({ kind: 'random' as RowKind, cells: { ...cells, [column]: odd } })),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant<RowKind>('plain'), cells: cellsOf(PLAIN_CELLS) }) },
  )
  .chain((row) => rowShape.map((shape) => ({ ...row, ...shape, ...(row.kind === 'plain' ? { keep: 99, extra: [] } : {}) })));

const fileCase = fc.record({
  layout,
  rows: fc.array(rowSpec, { maxLength: 40 }),
  fixedAt: fc.nat(),
  chunkSizes: fc.array(fc.integer({ min: 1, max: 96 }), { minLength: 1, maxLength: 6 }),
  hasFinalLineEnd: fc.boolean(),
});
type FileCase = typeof fileCase extends fc.Arbitrary<infer T> ? T : never;

function quote(value: string, delimiter: string, anyway: boolean): string {
  const mustQuote = value.includes(delimiter) || value.includes('\n') || value.includes('\r') || value.startsWith('"');
  return mustQuote || anyway ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The columns in file order, and the CSV text: header, then the rows, the fixed plain row among them. */
function writeFile(c: FileCase): { text: string; columns: Column[]; kinds: RowKind[] } {
  const present = (Object.keys(HEADERS) as Column[]).filter((column) => c.layout.headers[column] !== undefined);
  // A stable shuffle by the random keys.
  const columns = present
    .map((column, i) => ({ column, key: c.layout.order[i] ?? 0, i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map(({ column }) => column);
  const { delimiter } = c.layout;
  const rows: RowSpec[] = [...c.rows];
  const fixed: RowSpec = { kind: 'fixed', cells: PLAIN_ROW, keep: 99, extra: [], quoteAnyway: [], end: '\n' };
  rows.splice(c.fixedAt % (rows.length + 1), 0, fixed);
  let text = `${columns.map((column) => quote(c.layout.headers[column]!, delimiter, false)).join(delimiter)}\r\n`;
  const kinds: RowKind[] = [];
  rows.forEach((row, index) => {
    const cells = [...columns.map((column) => row.cells[column]), ...row.extra].slice(0, row.keep === 99 ? undefined : Math.max(row.keep, 1));
    const line = cells.map((cell, i) => quote(cell, delimiter, row.quoteAnyway[i] === true)).join(delimiter);
    // A record of one blank cell would be a blank line, which is no record: quote it, as a spreadsheet does.
    text += line === '' ? '""' : line;
    const isLast = index === rows.length - 1;
    if (!isLast || c.hasFinalLineEnd) text += row.end;
    kinds.push(row.kind);
  });
  return { text, columns, kinds };
}

// ---- The comparison ------------------------------------------------------------------------------

interface Disagreement {
  readonly line: number;
  readonly fields: string[];
  readonly bytes: unknown;
  readonly text: unknown;
}

interface Outcome {
  readonly rows: number;
  readonly answered: number;
  readonly textOk: number;
  readonly disagreements: Disagreement[];
  /** Lines of rows that had to be answered (the fixed row, plain rows) and were not. */
  readonly unanswered: Array<{ line: number; fields: string[] }>;
  readonly fixedRow: unknown;
}

/** A bytes-read row's contact key as text: one range, or two joined as the text reader joins them. */
function keyText(row: ContactBytesRow, encoding: 'utf8' | 'latin1'): string | null {
  const id = row.bytes.toString(encoding, row.contactIdStart, row.contactIdEnd);
  if (row.keyTailEnd !== row.keyTailStart) return `${id}/${row.bytes.toString(encoding, row.keyTailStart, row.keyTailEnd)}`;
  return id === '' ? null : id;
}

/** The mapping a file case asks for: a key of the referral and contact columns, when it has both. */
function columnsMappingOf(c: FileCase): Mapping {
  const { referral, contact_id: contactId } = c.layout.headers;
  if (!c.layout.compositeKey || referral === undefined || contactId === undefined) return EMPTY_MAPPING;
  return { contacts: { columns: { contact_id: [referral, contactId] } } };
}

/** Reads the text with both readers over the fast engine's records, cut into chunks of the given sizes. */
function compareReaders(
  text: string,
  delimiter: string,
  chunkSizes: readonly number[],
  options: ValueOptions,
  kinds: readonly RowKind[],
  columnsMapping: Mapping = EMPTY_MAPPING,
): Outcome {
  let bytesReader: ReturnType<typeof createContactBytesReader> | undefined;
  let textReader: ReturnType<typeof createContactRowReader> | undefined;
  const disagreements: Disagreement[] = [];
  const unanswered: Array<{ line: number; fields: string[] }> = [];
  let rows = 0;
  let answered = 0;
  let textOk = 0;
  let fixedRow: unknown;
  const sink = {
    header(record: CsvRecord) {
      const columns = contactColumnsOf(fieldTexts(record), 'contacts.csv', columnsMapping);
      bytesReader = createContactBytesReader(columns, options);
      textReader = createContactRowReader(columns, options);
    },
    row(record: CsvRecord) {
      const kind = kinds[rows++];
      // The bytes reader first, as the CLI calls it: it must not need the text reader to have seen the row.
      const fast = bytesReader!(record);
      const fastCopy =
        fast === undefined
          ? undefined
          : {
              line: fast.line,
              day: fast.day,
              minutes: fast.minutes,
              discipline: fast.discipline,
              attendance: fast.attendance,
              isAttendanceBlank: fast.isAttendanceBlank,
              contactType: fast.contactType,
              forYear: fast.forYear,
              childId: fast.bytes.toString('utf8', fast.childIdStart, fast.childIdEnd),
              contactId: keyText(fast, 'utf8'),
              // The ledger makes the IDs' text as latin1: for the IDs the bytes reader takes, it must be the same text.
              childIdLatin1: fast.bytes.toString('latin1', fast.childIdStart, fast.childIdEnd),
              contactIdLatin1: keyText(fast, 'latin1'),
              rangesInBytes: [fast.childIdStart, fast.childIdEnd, fast.contactIdStart, fast.contactIdEnd, fast.keyTailStart, fast.keyTailEnd].every(
                (at, i, all) => at >= 0 && at <= fast.bytes.length && (i % 2 === 0 || at >= all[i - 1]!),
              ),
            };
      const fields = fieldTexts(record);
      const reading = textReader!(fields, record.line);
      if (reading.ok) textOk++;
      if (kind === 'fixed') fixedRow = fastCopy;
      if (fastCopy === undefined) {
        if (kind === 'fixed' || kind === 'plain') unanswered.push({ line: record.line, fields });
        return;
      }
      answered++;
      const expected = reading.ok
        ? {
            line: reading.record.line,
            day: reading.record.day,
            minutes: reading.record.minutes,
            discipline: reading.record.discipline,
            attendance: reading.record.attendance,
            isAttendanceBlank: reading.record.isAttendanceBlank,
            contactType: reading.record.contactType,
            forYear: reading.record.forYear,
            childId: reading.record.childId,
            contactId: reading.record.contactId,
            childIdLatin1: reading.record.childId,
            contactIdLatin1: reading.record.contactId,
            rangesInBytes: true,
          }
        : reading;
      try {
        expect(fastCopy).toEqual(expected);
      } catch {
        disagreements.push({ line: record.line, fields, bytes: fastCopy, text: expected });
      }
    },
  };
  const parser = new FastCsvParser(delimiter, 'contacts.csv', sink);
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = chunkSizes[i % chunkSizes.length]!;
    parser.write(bytes.subarray(offset, offset + size));
    offset += size;
  }
  parser.end();
  return { rows, answered, textOk, disagreements, unanswered, fixedRow };
}

describe('contacts bytes reader against the text reader', () => {
  it('never answers a row differently from the text reader, and answers the plain rows', () => {
    let answeredOverall = 0;
    let fellBackOverall = 0;
    fc.assert(
      fc.property(fileCase, fc.nat({ max: OTHER_OPTIONS.length }), (c, optionsPick) => {
        const options = optionsPick === 0 ? PLAIN_OPTIONS : OTHER_OPTIONS[optionsPick - 1]!;
        const { text, kinds, columns } = writeFile(c);
        const keyMapping = columnsMappingOf(c);
        const outcome = compareReaders(text, c.layout.delimiter, c.chunkSizes, options, kinds, keyMapping);
        expect(outcome.rows).toBe(kinds.length);
        expect(outcome.disagreements).toEqual([]);
        // The plain rows' dates are not in the format a --date-format run asks for: only the other runs must answer them.
        if (options.dateFormat !== undefined) return;
        // Nor need the plain rows' IDs (C0001, h1) be their own keys under an identifier rule.
        if (childIdRuleFor(options, 'contacts') !== 'exact') return;
        // A two-column key with one part blank ("A/") is joined by the text reader alone.
        const keyAt = keyMapping === EMPTY_MAPPING ? [] : [columns.indexOf('referral'), columns.indexOf('contact_id')];
        expect(outcome.unanswered.filter(({ fields }) => !keyAt.some((at) => (fields[at] ?? '').trim() === ''))).toEqual([]);
        expect(outcome.fixedRow).toMatchObject({
          line: expect.any(Number),
          day: day('2024-10-01'),
          minutes: 45,
          discipline: 'OT',
          attendance: 'attended',
          contactType: 'direct',
          forYear: null,
        });
        answeredOverall += outcome.answered;
        fellBackOverall += outcome.rows - outcome.answered;
      }),
      { numRuns: RUNS },
    );
    // The generator must exercise both sides: rows the bytes reader takes, and rows it leaves to the
    // text reader. Only the runs with plain options count, and each count varies from draw to draw
    // (from about 130 to 250 in 150 runs): the bounds check the generator, with room to spare.
    expect(answeredOverall).toBeGreaterThan(RUNS / 3);
    expect(fellBackOverall).toBeGreaterThan(RUNS / 3);
  });

  it('answers the same cells the same way however the engine cut the buffer (memo hits across records)', () => {
    // The same values repeated many times, in chunks that put each copy at a different buffer offset.
    const header = 'contact_id,child_id,date,minutes,discipline,attendance,contact_type,for_year\n';
    const values = ['CT1,C1,2024-10-01,45,OT,attended,direct,', 'CT2,C2,01/10/2024,0:45,SLT,DNA,indirect,2024/25', 'CT3,C3,1 Oct 2024,1:00:00,PT,5,,2024'];
    const rows = Array.from({ length: 300 }, (_, i) => values[i % values.length]!);
    const kinds = rows.map(() => 'plain' as const);
    for (const sizes of [[1], [7, 13], [64], [1 << 16]]) {
      const outcome = compareReaders(header + rows.join('\n'), ',', sizes, PLAIN_OPTIONS, kinds);
      expect(outcome.disagreements).toEqual([]);
      expect(outcome).toMatchObject({ rows: 300, answered: 300, textOk: 300 });
    }
  });

  it('leaves to the text reader the rows whose answer could differ as bytes', () => {
    const header = 'contact_id,child_id,date,minutes,discipline,attendance,contact_type,for_year\n';
    const rows = [
      'CT1,Total,2024-10-01,45,,,,', // a totals label
      'CT1,Grand Total:,2024-10-01,45,,,,',
      'CT1, C1,2024-10-01,45,,,,', // an ID with space round it reads trimmed
      'CT1,Zoë,2024-10-01,45,,,,', // accents
      '"C""T1",C1,2024-10-01,45,,,,', // a doubled quote
      'CT 1,C1,2024-10-01,45,,,,',
      `CT1,${TOO_LONG},2024-10-01,45,,,,`,
      `${TOO_LONG},C1,2024-10-01,45,,,,`,
      'CT1,C1,2024-10-01,700,,,,', // values that do not read
      'CT1,C1,2024-10-01,,,,,',
      'CT1,C1,,45,,,,',
      'CT1,C1,2024-10-01,45,,,,2025/26', // for_year later than its date's year
      'CT1,C1,2024-10-01,45,,,,bad',
      'CT1,C1', // missing trailing columns
    ];
    const outcome = compareReaders(
      header + rows.join('\n'),
      ',',
      [1 << 16],
      PLAIN_OPTIONS,
      rows.map(() => 'random' as const),
    );
    expect(outcome.disagreements).toEqual([]);
    expect(outcome).toMatchObject({ rows: rows.length, answered: 0 });
    // Of those, the text reader reads the spaced, accented and quoted IDs, and the one with a space inside.
    expect(outcome.textOk).toBe(4);
  });
});
