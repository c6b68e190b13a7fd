// A title block above the header: the CSV engine offers each record as the header until one is taken,
// with the file's own line numbers; the finder takes the first row that places the file's columns,
// and gives up (naming the row most like a header) past 20 rows or at the end of the file.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { describeLinesAbove, HeaderFinder } from '../../../src/engine/headerFinding.js';
import { chooseDelimiter, scanDelimiterRecord } from '../../../src/io/csvText.js';
import { fieldTexts, readCsvRecords } from '../../../src/io/fastCsvEngine.js';
import { EMPTY_MAPPING } from '../../../src/schema/mapping.js';

async function* whole(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text, 'utf8');
}

const TITLED = [
  'EHCP Provision Report', //                                        1
  'Generated 01/04/2026 by J. Okafor, SEN Casework Team', //         2
  ';;;', //                                                          3  a blank-celled line, as Excel saves one
  '', //                                                             4
  '', //                                                             5
  'Child Ref;Provision Ref;Hours;Frequency;Start Date', //           6  the header
  'C1;P1;1;week;01/09/2025', //                                      7
  'C2;P2;2;term;01/09/2025', //                                      8
  ';;3;;', //                                                        9  a totals row
  '',
].join('\r\n');

/** Reads a plans text through the engine and a finder, as the run does. */
async function readPlansText(text: string, withholdsCells = false) {
  const finder = new HeaderFinder('plans', 'plans.csv', EMPTY_MAPPING, [], { withholdsCells });
  const rows: Array<[number, ...string[]]> = [];
  let found: ReturnType<HeaderFinder['offer']>;
  const summary = await readCsvRecords(
    whole(text),
    { source: 'plans.csv' },
    {
      header(record) {
        found = finder.offer(fieldTexts(record), record.line);
        return found !== undefined;
      },
      row: (record) => void rows.push([record.line, ...fieldTexts(record)]),
      noHeader: () => finder.giveUp(),
    },
  );
  return { found: found!, rows, summary };
}

describe('a title block above the header', () => {
  it('detects the delimiter from the header below lines that have none', () => {
    // Line 2's one comma is no header's; line 3's blank cells are separated as the header's are.
    expect(scanDelimiterRecord(TITLED)).toMatchObject({ counts: { ',': 0, ';': 3, '\t': 0 }, isComplete: true });
    expect(chooseDelimiter(scanDelimiterRecord(TITLED).counts)).toBe(';');
    // A first record with a delimiter decides, as before; so does one with none when nothing below has two.
    expect(scanDelimiterRecord('a;b\nx,y,z\n').counts).toEqual({ ',': 0, ';': 1, '\t': 0 });
    expect(scanDelimiterRecord('child_id\nC1;x\n').counts).toEqual({ ',': 0, ';': 0, '\t': 0 });
  });

  it('takes the first row that places the columns as the header, keeping the lines of the file', async () => {
    const { found, rows, summary } = await readPlansText(TITLED);
    expect(summary.delimiter).toBe(';');
    expect(found).toMatchObject({ line: 6, rowsAbove: 3, title: 'EHCP Provision Report' });
    expect(found.header).toEqual(['Child Ref', 'Provision Ref', 'Hours', 'Frequency', 'Start Date']);
    expect(rows).toEqual([
      [7, 'C1', 'P1', '1', 'week', '01/09/2025'],
      [8, 'C2', 'P2', '2', 'term', '01/09/2025'],
      [9, '', '', '3', '', ''],
    ]);
    expect(summary.records).toBe(3);
    expect(describeLinesAbove('plans.csv', found)).toBe(
      'skipped 5 lines above the header of plans.csv: a title block ("EHCP Provision Report"…); the header is line 6',
    );
  });

  it('says nothing when the header is the first row', async () => {
    const { found } = await readPlansText('child_id,hours,frequency,start_date\nC1,1,week,2025-09-01\n');
    expect(found).toMatchObject({ line: 1, rowsAbove: 0 });
    expect(describeLinesAbove('plans.csv', found)).toBeUndefined();
  });

  it('gives up at the end of the file with the problem of the row most like a header, not the title', async () => {
    const text = ['Provision report', '', 'child_id,hours,frequency', 'C1,1,week', ''].join('\n');
    const failure = await readPlansText(text).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InputError);
    expect((failure as Error).message).toMatch(/^plans\.csv: the plans file has no start_date column/);
    expect((failure as Error).message).toContain('headers found: "child_id", "hours", "frequency"');
  });

  it('gives up after 20 rows that are not the header, without reading the rest', async () => {
    const finder = new HeaderFinder('contacts', 'contacts.csv', EMPTY_MAPPING);
    expect(finder.offer(['contact_id', 'child_id', 'date'], 1)).toBeUndefined();
    for (let line = 2; line <= 20; line++) expect(finder.offer([`K${line}`, 'C1', '2025-09-01'], line)).toBeUndefined();
    expect(() => finder.offer(['K21', 'C1', '2025-09-01'], 21)).toThrow(
      /contacts\.csv: the contacts file has no minutes column .*headers found: "contact_id", "child_id", "date"/,
    );
  });

  it('under --pseudonymise quotes no row above the header: a title may be a row of data, IDs and all', async () => {
    const { found } = await readPlansText(TITLED, true);
    expect(found).toMatchObject({ line: 6, rowsAbove: 3, title: undefined });
    expect(describeLinesAbove('plans.csv', found)).toBe('skipped 5 lines above the header of plans.csv: a title block; the header is line 6');
    const text = ['C0000001,QWXZTY,1', '', 'child_id,hours,frequency', 'C1,1,week', ''].join('\n');
    const failure = await readPlansText(text, true).catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(/^plans\.csv: the plans file has no start_date column/);
    expect((failure as Error).message).not.toMatch(/C0000001|QWXZTY|"hours"/);
  });

  it("asks whether --plans and --contacts are swapped when the header it gave up on is the other file's", () => {
    const swapped = new HeaderFinder('plans', 'contacts.csv', EMPTY_MAPPING);
    swapped.offer(['NHS Number', 'Appointment Date', 'Duration (mins)', 'Outcome'], 1);
    expect(() => swapped.giveUp()).toThrow(
      /^contacts\.csv: the plans file has no start_date column .*; it looks like a contacts file: are --plans and --contacts the wrong way round\?$/,
    );
    const other = new HeaderFinder('contacts', 'plans.csv', EMPTY_MAPPING);
    other.offer(['Child Ref', 'Provision', 'Hours', 'Frequency', 'Start Date'], 1);
    expect(() => other.giveUp()).toThrow(
      /the contacts file has no date column .*; it looks like a plans file: are --plans and --contacts the wrong way round\?$/,
    );
    // A plans file short of its start date, with a date of some other kind, is still a plans file.
    const plans = new HeaderFinder('plans', 'plans.csv', EMPTY_MAPPING);
    plans.offer(['Child Ref', 'Date', 'Hours', 'Frequency'], 1);
    expect(() => plans.giveUp()).toThrow(/the plans file has no start_date column/);
    expect(() => plans.giveUp()).not.toThrow(/wrong way round/);
    // A mapping that names a contacts header's columns makes it the contacts file's.
    const mapped = new HeaderFinder('plans', 'contacts.csv', { contacts: { columns: { child_id: 'Kid', date: 'When', minutes: 'Spent' } } });
    mapped.offer(['Kid', 'When', 'Spent'], 1);
    expect(() => mapped.giveUp()).toThrow(/it looks like a contacts file/);
  });
});
