import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayFromDate, formatDay } from '../../../src/calendar/day.js';
import { createDateReader } from '../../../src/schema/values/dates.js';
import { isInvalid } from '../../../src/schema/values/invalid.js';

const detect = createDateReader({});
const iso = (text: string): string | { invalid: string } => {
  const day = detect(text);
  return isInvalid(day) ? day : formatDay(day);
};

describe('createDateReader: detection', () => {
  it.each([
    ['2024-09-03', '2024-09-03'],
    ['  2024-09-03  ', '2024-09-03'],
    ['2024-9-3', '2024-09-03'],
    ['2024/09/03', '2024-09-03'],
    ['20240903', '2024-09-03'],
    ['03/09/2024', '2024-09-03'],
    ['3/9/2024', '2024-09-03'],
    ['03-09-2024', '2024-09-03'],
    ['03.09.2024', '2024-09-03'],
    ['03-Sep-2024', '2024-09-03'],
    ['3 Sep 2024', '2024-09-03'],
    ['3 Sept 2024', '2024-09-03'],
    ['3 September 2024', '2024-09-03'],
    ['3rd September 2024', '2024-09-03'],
    ['03 SEPTEMBER 2024', '2024-09-03'],
    ['Tue 3 September 2024', '2024-09-03'],
    ['Tuesday, 3 September 2024', '2024-09-03'],
    ['September 3, 2024', '2024-09-03'],
    ['2024-09-03T10:15:00Z', '2024-09-03'],
    ['2024-09-03T10:15:00.000+01:00', '2024-09-03'],
    ['2024-09-03 10:15', '2024-09-03'],
    ['03/09/2024 10:15', '2024-09-03'],
    ['03/09/2024 10:15:00', '2024-09-03'],
    ['03/09/2024 9:05 AM', '2024-09-03'],
    ['29/02/2024', '2024-02-29'],
    ['31/12/1900', '1900-12-31'],
    ['01/01/2100', '2100-01-01'],
  ])('reads %j as %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it('takes the date part as written, whatever the time zone says', () => {
    expect(iso('2024-09-03T00:30:00+02:00')).toBe('2024-09-03');
    expect(iso('2024-09-03T23:30:00-05:00')).toBe('2024-09-03');
  });

  it('never reads a US month/day date, and says day/month order is expected', () => {
    const result = detect('12/25/2024');
    expect(isInvalid(result)).toBe(true);
    expect(isInvalid(result) && result.invalid).toMatch(/day\/month\/year/);
    expect(isInvalid(result) && result.invalid).toMatch(/never month\/day/);
    expect(isInvalid(result) && result.invalid).toContain('25/12/2024');
  });

  it.each(['31/02/2025', '29/02/2023', '2025-13-01', '2025-02-30', '00/01/2024', '31/04/2024', '32/01/2024', '2024-00-10', '31 Feb 2025'])(
    'refuses the impossible date %j',
    (text) => {
      expect(detect(text)).toMatchObject({ invalid: expect.stringMatching(/not a real date|no month|not a date/) });
    },
  );

  it('says how many days the month has', () => {
    expect(detect('31/02/2025')).toEqual({ invalid: 'not a real date: February 2025 has 28 days' });
    expect(detect('29/02/2023')).toEqual({ invalid: 'not a real date: February 2023 has 28 days' });
    expect(detect('2025-13-01')).toEqual({ invalid: 'not a real date: there is no month 13' });
  });

  it.each(['03/09/24', '3/9/24'])('refuses the two-digit year in %j', (text) => {
    expect(detect(text)).toMatchObject({ invalid: expect.stringContaining('two-digit year') });
  });

  it.each(['1899-12-31', '31/12/1899', '2101-01-01', '01/01/2101', '3 Sep 1850'])('refuses %j, outside 1900..2100', (text) => {
    expect(detect(text)).toMatchObject({ invalid: expect.stringContaining('outside 1900–2100') });
  });

  it('refuses a weekday that does not match the date', () => {
    expect(detect('Mon 3 September 2024')).toEqual({ invalid: 'not a date: 3 September 2024 was a Tuesday, not a Monday' });
  });

  it.each(['', 'tomorrow', 'N/A', '3 Smarch 2024', '2024-09', '03/09', '3/9/202', '03/09/02024', '2024-09-03X', 'Funday 3 Sep 2024'])(
    'refuses %j with the forms it expects',
    (text) => {
      expect(detect(text)).toEqual({ invalid: 'not a date: expected 2024-09-03, 03/09/2024, 3 Sep 2024 or 3 September 2024' });
    },
  );

  it('points at --excel-dates when a serial number comes without it', () => {
    expect(detect('45538')).toMatchObject({ invalid: expect.stringContaining('--excel-dates') });
  });
});

describe('createDateReader: Excel serial day numbers', () => {
  const excel = createDateReader({ excelDates: true });
  const read = (text: string): string | { invalid: string } => {
    const day = excel(text);
    return isInvalid(day) ? day : formatDay(day);
  };

  it.each([
    ['45538', '2024-09-03'],
    ['45538.4375', '2024-09-03'],
    ['61', '1900-03-01'],
    ['59', '1900-02-28'],
    ['1', '1900-01-01'],
    ['44197', '2021-01-01'],
  ])('reads serial %s as %s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it('refuses serial 60, the 29 February 1900 that never was', () => {
    expect(read('60')).toMatchObject({ invalid: expect.stringContaining('29 February 1900') });
  });

  it.each(['0', '99999', '45538.5.5', '-45538'])('refuses %j', (text) => {
    expect(isInvalid(excel(text))).toBe(true);
  });

  it('still reads written dates', () => {
    expect(read('03/09/2024')).toBe('2024-09-03');
    expect(read('2024-09-03')).toBe('2024-09-03');
  });
});

describe('createDateReader: a given date format', () => {
  it('reads dd/MM/yyyy, with or without leading zeros, and ignores a trailing time', () => {
    const read = createDateReader({ dateFormat: 'dd/MM/yyyy' });
    expect(read('03/09/2024')).toBe(dayFromDate(2024, 9, 3));
    expect(read('3/9/2024')).toBe(dayFromDate(2024, 9, 3));
    expect(read('03/09/2024 10:15')).toBe(dayFromDate(2024, 9, 3));
  });

  it('overrides detection: MM/dd/yyyy reads US dates, and refuses day-first ones that do not fit', () => {
    const read = createDateReader({ dateFormat: 'MM/dd/yyyy' });
    expect(read('12/25/2024')).toBe(dayFromDate(2024, 12, 25));
    expect(read('25/12/2024')).toEqual({ invalid: 'not a date in the format MM/dd/yyyy given, e.g. 09/03/2024' });
  });

  it('still reads an ISO date, which no format can make ambiguous: a workbook gives its date cells so', () => {
    const read = createDateReader({ dateFormat: 'dd/MM/yyyy' });
    expect(read('2024-12-25')).toBe(dayFromDate(2024, 12, 25));
    expect(read('2024-12-25T10:30:00')).toBe(dayFromDate(2024, 12, 25));
    expect(read('2024-13-25')).toMatchObject({ invalid: expect.any(String) });
    expect(read('2024/12/25')).toMatchObject({ invalid: expect.any(String) });
  });

  it('reads a text the given format reads as that format says, even when it looks like an ISO date', () => {
    const read = createDateReader({ dateFormat: 'yyyy-dd-MM' });
    expect(read('2024-03-10')).toBe(dayFromDate(2024, 10, 3));
    expect(read('2024-25-12')).toBe(dayFromDate(2024, 12, 25));
  });

  it('reads yyyyMMdd', () => {
    expect(createDateReader({ dateFormat: 'yyyyMMdd' })('20240903')).toBe(dayFromDate(2024, 9, 3));
  });

  it('reads month names with MMM', () => {
    expect(createDateReader({ dateFormat: 'd MMM yyyy' })('3 Sep 2024')).toBe(dayFromDate(2024, 9, 3));
  });

  it.each(['31/02/2025', '29/02/2023', '00/01/2024', '12/13/2024'])('refuses the impossible date %j', (text) => {
    expect(isInvalid(createDateReader({ dateFormat: 'dd/MM/yyyy' })(text))).toBe(true);
  });

  it('refuses years outside 1900..2100 and two-digit years', () => {
    const read = createDateReader({ dateFormat: 'dd/MM/yyyy' });
    expect(read('03/09/1850')).toMatchObject({ invalid: expect.stringContaining('outside 1900–2100') });
    expect(read('03/09/24')).toMatchObject({ invalid: expect.stringContaining('two-digit year') });
  });

  it('reads Excel serials too when asked', () => {
    expect(createDateReader({ dateFormat: 'dd/MM/yyyy', excelDates: true })('45538')).toBe(dayFromDate(2024, 9, 3));
  });

  it.each(['DD/MM/YYYY', 'dd/MM', 'MM/yyyy', 'qqq'])('throws a plain Error for the unusable format %j', (dateFormat) => {
    expect(() => createDateReader({ dateFormat })).toThrowError(new RegExp(`date format "${dateFormat}"`));
  });
});

describe('createDateReader: caching', () => {
  it('gives the same answers on repeat, for valid and invalid text', () => {
    const read = createDateReader({});
    for (let round = 0; round < 3; round += 1) {
      expect(read('03/09/2024')).toBe(dayFromDate(2024, 9, 3));
      expect(read('12/25/2024')).toMatchObject({ invalid: expect.any(String) });
    }
  });

  it('keeps answering correctly after its cache fills and is cleared', () => {
    const read = createDateReader({});
    const start = dayFromDate(1950, 1, 1);
    const wrong: string[] = [];
    for (let offset = 0; offset < 100_500; offset += 1) {
      const day = start + (offset % 50_000);
      const text = formatDay(day) + (offset >= 50_000 ? ' 10:00' : '');
      if (read(text) !== day) wrong.push(text);
    }
    expect(wrong).toEqual([]);
  });

  it('reads every ISO and UK form of every day in range back to the same day', () => {
    const read = createDateReader({});
    fc.assert(
      fc.property(fc.integer({ min: dayFromDate(1900, 1, 1), max: dayFromDate(2100, 12, 31) }), (day) => {
        const [year, month, dayOfMonth] = formatDay(day).split('-');
        expect(read(formatDay(day))).toBe(day);
        expect(read(`${dayOfMonth}/${month}/${year}`)).toBe(day);
        expect(read(`${Number(dayOfMonth)}/${Number(month)}/${year}`)).toBe(day);
      }),
    );
  });
});
