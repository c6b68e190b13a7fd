// Start and end times of a contact, and the minutes between them (docs/exports.md#durations-from-times).
import { describe, expect, it } from 'vitest';
import { createMomentReader, minutesBetween, type Moment } from '../../../src/schema/values/dateTimes.js';
import { isInvalid } from '../../../src/schema/values/invalid.js';
import { day } from '../helpers.js';

const read = createMomentReader();
const readExcel = createMomentReader({ excelDates: true });
const at = (hours: number, minutes: number, seconds = 0) => hours * 3600 + minutes * 60 + seconds;

function moment(text: string, reader = read): Moment {
  const result = reader(text);
  if (isInvalid(result)) throw new Error(`${text}: ${result.invalid}`);
  return result;
}

describe('reading a start or an end', () => {
  it('reads times of day', () => {
    expect(moment('10:30')).toEqual({ day: null, seconds: at(10, 30) });
    expect(moment(' 09:05:45 ')).toEqual({ day: null, seconds: at(9, 5, 45) });
    expect(moment('14.15')).toEqual({ day: null, seconds: at(14, 15) });
    expect(moment('2:15 pm')).toEqual({ day: null, seconds: at(14, 15) });
    expect(moment('12:10 a.m.')).toEqual({ day: null, seconds: at(0, 10) });
    expect(moment('12:00pm')).toEqual({ day: null, seconds: at(12, 0) });
  });

  it('reads dates and times as the exports write them, ignoring a zone', () => {
    expect(moment('03 Sep 2024 10:30:00')).toEqual({ day: day('2024-09-03'), seconds: at(10, 30) });
    expect(moment('2024-09-03T10:30')).toEqual({ day: day('2024-09-03'), seconds: at(10, 30) });
    expect(moment('2024-09-03T10:30:00+01:00')).toEqual({ day: day('2024-09-03'), seconds: at(10, 30) });
    expect(moment('03/09/2024 10:30')).toEqual({ day: day('2024-09-03'), seconds: at(10, 30) });
    expect(moment('Tuesday 3 September 2024 2:05 pm')).toEqual({ day: day('2024-09-03'), seconds: at(14, 5) });
    expect(moment('2024-09-03')).toEqual({ day: day('2024-09-03'), seconds: null });
  });

  it('reads Excel serials only under --excel-dates', () => {
    expect(moment('0.4375', readExcel)).toEqual({ day: null, seconds: at(10, 30) });
    // Six decimal places, as an extract writes them, still land on the second.
    expect(moment('0.458333', readExcel)).toEqual({ day: null, seconds: at(11, 0) });
    expect(moment('45538.4375', readExcel)).toEqual({ day: day('2024-09-03'), seconds: at(10, 30) });
    expect(moment('45538', readExcel)).toEqual({ day: day('2024-09-03'), seconds: null });
    expect(moment('45537.9999999', readExcel)).toEqual({ day: day('2024-09-03'), seconds: 0 });
    // "10.30" is a clock time, with the flag or without.
    expect(moment('10.30', readExcel)).toEqual({ day: null, seconds: at(10, 30) });
    const refused = read('0.4375');
    expect(isInvalid(refused) && refused.invalid).toMatch(/Excel serial .*--excel-dates/);
    expect(isInvalid(read('45538.4375'))).toBe(true);
  });

  it('refuses what is not a time', () => {
    for (const text of ['25:00', '10:60', '10:30:60', '13:00 pm', 'soon', '1030', '31/02/2025 10:00', '']) expect(isInvalid(read(text)), text).toBe(true);
  });
});

describe('minutes between a start and an end', () => {
  const contactDay = day('2024-09-03');

  it('is end − start, halves up, with a time alone taken on the contact day or the start day', () => {
    expect(minutesBetween(moment('10:30'), moment('11:15'), contactDay)).toBe(45);
    expect(minutesBetween(moment('10:30:00'), moment('11:14:29'), contactDay)).toBe(44);
    expect(minutesBetween(moment('10:30:00'), moment('11:14:30'), contactDay)).toBe(45);
    expect(minutesBetween(moment('03 Sep 2024 10:30:00'), moment('03 Sep 2024 11:00:00'), contactDay)).toBe(30);
    expect(minutesBetween(moment('2024-09-03T10:30'), moment('11:30'), day('2024-01-01'))).toBe(60);
    // Across midnight when the end says its day.
    expect(minutesBetween(moment('03/09/2024 23:30'), moment('04/09/2024 00:15'), contactDay)).toBe(45);
  });

  it('holds the result to the rules of one contact, blaming the end', () => {
    expect(minutesBetween(moment('11:00'), moment('10:30'), contactDay)).toEqual({
      field: 'end_time',
      reason: 'end_time is before start_time: a contact cannot end before it starts',
    });
    expect(minutesBetween(moment('10:30'), moment('10:30'), contactDay)).toEqual({
      field: 'end_time',
      reason: 'from start_time to end_time: a duration of zero minutes is not a contact',
    });
    expect(minutesBetween(moment('10:30:00'), moment('10:30:20'), contactDay)).toMatchObject({ reason: expect.stringContaining('rounds to 0 minutes') });
    expect(minutesBetween(moment('08:00'), moment('18:01'), contactDay)).toMatchObject({
      field: 'end_time',
      reason: expect.stringContaining('601 minutes is over the 600-minute limit'),
    });
    expect(minutesBetween(moment('08:00'), moment('18:00'), contactDay)).toBe(600);
    expect(minutesBetween(moment('2024-09-03'), moment('11:00'), contactDay)).toMatchObject({
      field: 'start_time',
      reason: expect.stringContaining('no time of day'),
    });
  });
});
