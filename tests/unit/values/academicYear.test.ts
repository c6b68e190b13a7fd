import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAcademicYear, readAcademicYear } from '../../../src/schema/values/academicYear.js';

describe('readAcademicYear', () => {
  it.each(['2024/25', '2024-25', '2024/2025', '2024-2025', '2024', ' 2024/25 ', '2024 / 25', '2024–25'])('reads %j as 2024', (text) => {
    expect(readAcademicYear(text)).toBe(2024);
  });

  it('reads the year that crosses a century', () => {
    expect(readAcademicYear('1999/00')).toBe(1999);
    expect(readAcademicYear('1999/2000')).toBe(1999);
  });

  it.each(['2024/26', '2024-2026', '2024/24', '2024/2024'])('refuses %j, whose years are not consecutive', (text) => {
    expect(readAcademicYear(text)).toEqual({ invalid: 'not an academic year: the second year must follow the first, e.g. 2024/25' });
  });

  it.each(['24/25', 'AY24', '2024/5', '2024/025', 'last year', ''])('refuses %j', (text) => {
    expect(readAcademicYear(text)).toEqual({ invalid: 'not an academic year: expected an academic year such as 2024/25, 2024-25, 2024/2025 or 2024' });
  });

  it('refuses years outside 1900..2100', () => {
    expect(readAcademicYear('1850/51')).toMatchObject({ invalid: expect.stringContaining('outside 1900–2100') });
  });
});

describe('formatAcademicYear', () => {
  it('writes the start year and the two last digits of the next', () => {
    expect(formatAcademicYear(2024)).toBe('2024/25');
    expect(formatAcademicYear(1999)).toBe('1999/00');
    expect(formatAcademicYear(2008)).toBe('2008/09');
  });

  it('is read back as the same year', () => {
    fc.assert(fc.property(fc.integer({ min: 1900, max: 2100 }), (year) => readAcademicYear(formatAcademicYear(year)) === year));
  });
});
