import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvNumber, csvText, excelSafeCell, formatCsv, formatCsvRow } from '../../../src/io/csvWriter.js';

describe('excelSafeCell', () => {
  it.each(['=SUM(A1:A2)', '+44 20 7946 0000', '-2+3', '@cmd', '\tx', '\rx', '\nx'])('prefixes %j with a quote mark', (text) => {
    expect(excelSafeCell(text)).toBe(`'${text}`);
  });

  it.each(['', 'Zoë', ' =1', "'already", '1=1', 'a-b', '0.5', 'North Trust'])('leaves %j alone', (text) => {
    expect(excelSafeCell(text)).toBe(text);
  });
});

describe('formatCsvRow', () => {
  it('joins with commas and ends with LF', () => {
    expect(formatCsvRow(['C1', 'OT', 45, 1.5])).toBe('C1,OT,45,1.5\n');
  });

  it('writes null as an empty cell and numbers plain', () => {
    expect(formatCsvRow([null, 0, null, 1755, ''])).toBe(',0,,1755,\n');
  });

  it('quotes only cells that need it, doubling quotes', () => {
    expect(formatCsvRow(['a,b', 'say "hi"', 'two\nlines', 'cr\rhere', 'plain', 'Zoë £'])).toBe('"a,b","say ""hi""","two\nlines","cr\rhere",plain,Zoë £\n');
  });

  it('defuses formulas in text cells, then quotes as needed', () => {
    expect(formatCsvRow(['=HYPERLINK("http://x")', '-1', '\n=1'])).toBe(`"'=HYPERLINK(""http://x"")",'-1,"'\n=1"\n`);
  });

  it('does not defuse numbers', () => {
    expect(formatCsvRow([-0, 12.25])).toBe('0,12.25\n');
  });

  it('refuses a number that is not finite', () => {
    expect(() => formatCsvRow([Number.NaN])).toThrow(RangeError);
    expect(() => formatCsvRow([Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});

describe('csvText and csvNumber', () => {
  it('are the cells formatCsvRow writes', () => {
    for (const text of ['plain', 'a,b', 'say "hi"', '=1+1', '-x', '\tlead', 'two\nlines', '']) expect(`${csvText(text)}\n`).toBe(formatCsvRow([text]));
    for (const value of [0, -0, 45, 22.5, 1e21]) expect(`${csvNumber(value)}\n`).toBe(formatCsvRow([value]));
    expect(() => csvNumber(Number.NaN)).toThrow(RangeError);
  });
});

describe('formatCsv', () => {
  it('writes the header and rows, with a BOM only when asked', () => {
    const rows = [
      ['C1', 45],
      ['C2', null],
    ];
    expect(formatCsv(['child_id', 'minutes'], rows, { bom: false })).toBe('child_id,minutes\nC1,45\nC2,\n');
    expect(formatCsv(['child_id', 'minutes'], rows, { bom: true })).toBe('\uFEFFchild_id,minutes\nC1,45\nC2,\n');
  });

  it('takes any iterable of rows', () => {
    function* rows() {
      yield ['a'];
      yield ['b'];
    }
    expect(formatCsv(['x'], rows(), { bom: false })).toBe('x\na\nb\n');
  });

  it('round-trips through csv-parse: every cell reads back, defused cells with their prefix', () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', '\t', '=', '+', '-', '@', "'", 'é', '😀') }),
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 6 }), { maxLength: 8 }), fc.boolean(), (rows, bom) => {
        const width = Math.max(2, ...rows.map((row) => row.length));
        const header = Array.from({ length: width }, (_, i) => `c${i}`);
        const padded = rows.map((row) => [...row, ...Array<null>(width - row.length).fill(null)]);
        const text = formatCsv(header, padded, { bom });
        expect(text.startsWith('\uFEFF')).toBe(bom);
        const records = parse(text, { bom: true, relax_column_count: false }) as string[][];
        expect(records).toEqual([
          header,
          ...padded.map((row) => row.map((value) => (value === null ? '' : typeof value === 'number' ? String(value) : excelSafeCell(value)))),
        ]);
      }),
      { numRuns: 300 },
    );
  });
});
