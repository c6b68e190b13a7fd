import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMinutesReader, readMinutes } from '../../../src/schema/values/duration.js';
import { isInvalid } from '../../../src/schema/values/invalid.js';

const ACCEPTED: readonly (readonly [string, number])[] = [
  ['45', 45],
  [' 45 ', 45],
  ['45.0', 45],
  ['45.', 45],
  ['45.4', 45],
  ['45.5', 46],
  ['0.5', 1],
  ['0:45', 45],
  ['1:15', 75],
  ['10:00', 600],
  ['00:45:00', 45],
  ['00:45:29', 45],
  ['00:45:30', 46],
  ['01:15:00', 75],
  ['45 mins', 45],
  ['45 min', 45],
  ['45 minutes', 45],
  ['1 minute', 1],
  ['45m', 45],
  ['45mins', 45],
  ['90 Minutes', 90],
  ['45 MINS', 45],
  ['0.75h', 45],
  ['0.75 hours', 45],
  ['1 hour', 60],
  ['1.5 hrs', 90],
  ['1 hr', 60],
  ['1 hr 15 min', 75],
  ['1 hr 15 mins', 75],
  ['1h15', 75],
  ['1h 15m', 75],
  ['1h15m', 75],
  ['1 hour 15 minutes', 75],
  ['1 hour and 15 minutes', 75],
  ['2 hours, 30 minutes', 150],
  ['0.125h', 8], // 7.5 minutes, half up
  ['PT45M', 45],
  ['PT1H15M', 75],
  ['PT45M30S', 46],
  ['600', 600],
  ['600.4', 600],
];

describe('readMinutes', () => {
  it.each(ACCEPTED)('reads %j as %i minutes', (text, minutes) => {
    expect(readMinutes(text)).toBe(minutes);
  });

  it.each(['-', '∞', '1e309', 'NaN', 'abc', '45 secs', '1:75', ':45', '45 mins 10', 'PT', '+45', '4 5', '45,5 hours', '00:45:00:00'])(
    'refuses %j as not a duration',
    (text) => {
      expect(readMinutes(text)).toMatchObject({ invalid: expect.stringMatching(/not a duration|decimal comma/) });
    },
  );

  it('says a decimal comma is not read', () => {
    expect(readMinutes('45,5')).toEqual({ invalid: 'a decimal comma is not read: write 45.5 with a decimal point, or whole minutes' });
  });

  it('refuses zero, also after rounding', () => {
    expect(readMinutes('0')).toEqual({ invalid: 'a duration of zero minutes is not a contact' });
    expect(readMinutes('0:00')).toEqual({ invalid: 'a duration of zero minutes is not a contact' });
    expect(readMinutes('0.4')).toEqual({ invalid: 'the duration rounds to 0 minutes' });
  });

  it('refuses negative durations', () => {
    expect(readMinutes('-45')).toEqual({ invalid: 'a duration cannot be negative' });
  });

  it.each(['601', '600.5', '10:01', '11 hours', '2700'])('refuses %j, over 600 minutes', (text) => {
    expect(readMinutes(text)).toMatchObject({ invalid: expect.stringContaining('over the 600-minute limit') });
  });

  it('refuses empty text', () => {
    expect(isInvalid(readMinutes(''))).toBe(true);
    expect(isInvalid(readMinutes('   '))).toBe(true);
  });

  it('reads every whole number of minutes 1..600 in each written form', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), (minutes) => {
        const hours = Math.floor(minutes / 60);
        const rest = minutes % 60;
        expect(readMinutes(String(minutes))).toBe(minutes);
        expect(readMinutes(`${minutes} mins`)).toBe(minutes);
        expect(readMinutes(`${hours}:${String(rest).padStart(2, '0')}`)).toBe(minutes);
        expect(readMinutes(`${String(hours).padStart(2, '0')}:${String(rest).padStart(2, '0')}:00`)).toBe(minutes);
      }),
    );
  });
});

describe('createMinutesReader', () => {
  it('gives the same answers as readMinutes, on first and repeated reads', () => {
    const read = createMinutesReader();
    const texts = [...ACCEPTED.map(([text]) => text), '-', '45,5', '0', '601', 'NaN'];
    for (let round = 0; round < 3; round += 1) {
      for (const text of texts) expect(read(text)).toEqual(readMinutes(text));
    }
  });
});
