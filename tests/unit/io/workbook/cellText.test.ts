import { describe, expect, it } from 'vitest';
import { numberText, plainDecimal, serialText, storedDateText, unescapeStoredText } from '../../../../src/io/workbook/cellText.js';
import { builtInFormat, classifyFormatCode } from '../../../../src/io/workbook/numberFormats.js';

describe('number formats', () => {
  it('knows the built-in date and time formats by id', () => {
    const dates = [14, 15, 16, 17, 27, 31, 36, 50, 58];
    const times = [18, 19, 20, 21, 45, 47, 32, 33];
    for (const id of dates) expect(builtInFormat(id), `id ${id}`).toBe('date');
    for (const id of times) expect(builtInFormat(id), `id ${id}`).toBe('time');
    expect(builtInFormat(22)).toBe('date-time');
    expect(builtInFormat(46)).toBe('elapsed-time');
    for (const id of [0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 37, 44, 48, 49, 59, 164]) expect(builtInFormat(id), `id ${id}`).toBe('number');
  });

  it('reads custom format codes for their date and time tokens only', () => {
    const cases: Record<string, string> = {
      'dd/mm/yyyy': 'date',
      'd-mmm-yy': 'date',
      'mmmm yyyy': 'date',
      mmm: 'date',
      '[$-809]dddd, d mmmm yyyy': 'date',
      '[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy': 'date',
      'yyyy-mm-dd hh:mm:ss': 'date-time',
      'dd/mm/yyyy\\ hh:mm': 'date-time',
      'hh:mm': 'time',
      'h:mm AM/PM': 'time',
      'mm:ss.0': 'time',
      '[h]:mm:ss': 'elapsed-time',
      '[mm]:ss': 'elapsed-time',
      General: 'number',
      '0.00': 'number',
      '#,##0;[Red]-#,##0': 'number',
      '0.00E+00': 'number',
      '"Day "0': 'number',
      '0" mins"': 'number',
      '0\\h': 'number',
      '[Red][<=100]0;[Blue]0': 'number',
      '@': 'number',
      '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)': 'number',
      '0;"date"': 'number',
      '[$£-809]#,##0.00': 'number',
    };
    for (const [code, format] of Object.entries(cases)) expect(classifyFormatCode(code), code).toBe(format);
  });
});

describe('cell text of numbers and dates', () => {
  it('writes plain decimals, never exponents', () => {
    expect([1e21, 1.5e-7, -2.5e25, 123e-10, 0, -0, 0.1].map(plainDecimal)).toEqual([
      '1000000000000000000000',
      '0.00000015',
      '-25000000000000000000000000',
      '0.0000000123',
      '0',
      '0',
      '0.1',
    ]);
    expect(numberText('000')).toBe('0');
    expect(numberText('0045')).toBe('45');
    expect(numberText('2.9999999999999996')).toBe('3');
    expect(numberText('not a number')).toBe('not a number');
  });

  it('rounds a time to the nearest second, carrying into the next day', () => {
    expect(serialText(String(45538 + 86_399.6 / 86_400), 'date-time', false)).toBe('2024-09-04T00:00:00');
    expect(serialText(String(45538 + 86_399.4 / 86_400), 'date-time', false)).toBe('2024-09-03T23:59:59');
    expect(serialText(String(45538 + 86_399.6 / 86_400), 'date', false)).toBe('2024-09-04');
  });

  it('reads ISO dates stored as text', () => {
    expect(storedDateText('2024-09-03T00:00:00')).toBe('2024-09-03');
    expect(storedDateText('2024-09-03T09:30Z')).toBe('2024-09-03T09:30:00');
    expect(storedDateText('03/09/2024')).toBe('03/09/2024');
  });

  it('undoes the _xHHHH_ escapes', () => {
    expect(unescapeStoredText('a_x000A_b_x005F_x0041_c')).toBe('a\nb_x0041_c');
    expect(unescapeStoredText('plain_text')).toBe('plain_text');
  });
});
