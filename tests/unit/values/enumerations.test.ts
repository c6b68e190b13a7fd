import { describe, expect, it } from 'vitest';
import { createAttendanceReader } from '../../../src/schema/values/attendance.js';
import { createContactTypeReader } from '../../../src/schema/values/contactType.js';
import { createDisciplineReader } from '../../../src/schema/values/discipline.js';
import { foldValue } from '../../../src/schema/values/enumeration.js';
import { createFrequencyReader } from '../../../src/schema/values/frequency.js';
import { createFundingReader } from '../../../src/schema/values/funding.js';
import { invalid, isInvalid } from '../../../src/schema/values/invalid.js';

describe('invalid', () => {
  it('marks a reason and is recognised', () => {
    expect(invalid('not a date')).toEqual({ invalid: 'not a date' });
    expect(isInvalid(invalid('x'))).toBe(true);
    for (const value of [null, undefined, 0, 45, 'invalid', {}, { invalid: 1 }, { form: 'hours' }]) expect(isInvalid(value)).toBe(false);
  });
});

describe('foldValue', () => {
  it('ignores case, spaces, punctuation and accents, and reads & as and', () => {
    expect(foldValue(' Half_Term. ')).toBe('halfterm');
    expect(foldValue('half-term')).toBe('halfterm');
    expect(foldValue('Speech & Language')).toBe('speechandlanguage');
    expect(foldValue('Zoë')).toBe('zoe');
  });

  it('keeps a numeric code as its value', () => {
    expect(foldValue('05')).toBe('5');
    expect(foldValue('5.0')).toBe('5');
    expect(foldValue('0')).toBe('0');
    expect(foldValue('00')).toBe('0');
  });
});

describe('createDisciplineReader', () => {
  const read = createDisciplineReader();
  it.each([
    ['OT', 'OT'],
    ['ot', 'OT'],
    ['Occupational Therapy', 'OT'],
    ['occupational_therapy', 'OT'],
    ['Occ Therapy', 'OT'],
    ['SLT', 'SLT'],
    ['SALT', 'SLT'],
    ['salt', 'SLT'],
    ['Speech and Language Therapy', 'SLT'],
    ['Speech & Language', 'SLT'],
    ['speech therapy', 'SLT'],
    ['PT', 'PT'],
    ['Physio', 'PT'],
    ['Physiotherapy', 'PT'],
    ['physical therapy', 'PT'],
  ])('reads %j as %s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it('refuses anything else and lists what it accepts', () => {
    expect(read('Music therapy')).toEqual({
      invalid: 'not a discipline: expected OT (occupational therapy), SLT (speech and language therapy) or PT (physiotherapy)',
    });
  });
});

describe('createFrequencyReader', () => {
  const read = createFrequencyReader();
  it.each([
    ...['week', 'weekly', 'Per Week', 'a week', 'each week', 'p/w', 'PW', 'wk', 'wkly'].map((text) => [text, 'week'] as const),
    ...['fortnight', 'fortnightly', 'per fortnight', 'every two weeks', 'every 2 weeks'].map((text) => [text, 'fortnight'] as const),
    ...['month', 'monthly', 'per month', 'pcm', 'p/m'].map((text) => [text, 'month'] as const),
    ...['half-term', 'half term', 'half termly', 'half-termly', 'per half term', 'each half term', 'Half_Term'].map((text) => [text, 'half-term'] as const),
    ...['term', 'termly', 'per term', 'each term'].map((text) => [text, 'term'] as const),
    ...['year', 'yearly', 'annually', 'per year', 'per annum', 'pa', 'p/a', 'annual', 'p.a.'].map((text) => [text, 'year'] as const),
  ])('reads %j as %s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it('ignores a term-time qualifier', () => {
    expect(read('Weekly (term time only)')).toBe('week');
    expect(read('per week - term-time')).toBe('week');
    expect(read('fortnightly during term time')).toBe('fortnight');
    expect(isInvalid(read('term time'))).toBe(true);
  });

  it('refuses biweekly, which means two things', () => {
    expect(read('biweekly')).toMatchObject({ invalid: expect.stringContaining('twice a week or every two weeks') });
    expect(read('Bi-weekly')).toMatchObject({ invalid: expect.stringContaining('twice a week or every two weeks') });
  });

  it('refuses unknown values and lists the accepted ones', () => {
    const result = read('daily');
    expect(isInvalid(result)).toBe(true);
    expect(isInvalid(result) && result.invalid).toMatch(/^not a frequency: expected week, fortnight, month, half-term, term or year/);
  });

  it('reads the mapping file aliases, which win over built-ins', () => {
    const mapped = createFrequencyReader({ 'every 6 weeks': 'half-term', Wkly: 'week', bimonthly: 'month', 'Per School Term': 'Term' });
    expect(mapped('every 6 weeks')).toBe('half-term');
    expect(mapped('WKLY')).toBe('week');
    expect(mapped('bimonthly')).toBe('month');
    expect(mapped('per school term')).toBe('term');
    expect(mapped('weekly')).toBe('week');
  });

  it('throws a plain Error naming a mapping target that is not a frequency', () => {
    expect(() => createFrequencyReader({ wkly: 'weekly' })).toThrowError(Error);
    expect(() => createFrequencyReader({ wkly: 'weekly' })).toThrowError(/"weekly"/);
    expect(() => createFrequencyReader({ wkly: 'daily' })).toThrowError(
      'the mapping maps "wkly" to "daily", which is not a frequency: use "week", "fortnight", "month", "half-term", "term" or "year"',
    );
  });
});

describe('createFundingReader', () => {
  const read = createFundingReader();
  it.each([
    ['commissioned', 'commissioned'],
    ['LA', 'commissioned'],
    ['NHS', 'commissioned'],
    ['ICB', 'commissioned'],
    ['Block', 'commissioned'],
    ['personal-budget', 'personal-budget'],
    ['Personal Budget', 'personal-budget'],
    ['PB', 'personal-budget'],
    ['Direct Payment', 'personal-budget'],
    ['DP', 'personal-budget'],
    ['private', 'private'],
    ['Privately funded', 'private'],
    ['parent-funded', 'private'],
  ])('reads %j as %s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it('refuses unknown values, naming the accepted ones', () => {
    expect(read('charity')).toMatchObject({ invalid: expect.stringMatching(/^not a funding: expected commissioned .*personal-budget .*private/) });
  });

  it('validates mapping targets', () => {
    expect(createFundingReader({ 'S2 funded': 'personal budget' })('s2 funded')).toBe('personal-budget');
    expect(() => createFundingReader({ charity: 'free' })).toThrowError(/"free"/);
  });
});

describe('createAttendanceReader', () => {
  const read = createAttendanceReader();
  it.each([
    ['5', 'attended'],
    ['05', 'attended'],
    ['6', 'attended'],
    ['06', 'attended'],
    ['7', 'late-not-seen'],
    ['07', 'late-not-seen'],
    ['3', 'dna'],
    ['03', 'dna'],
    ['2', 'cancelled-family'],
    ['4', 'cancelled-provider'],
    ['0', 'booked'],
    ['00', 'booked'],
    ['attended', 'attended'],
    ['Attended', 'attended'],
    ['Seen', 'attended'],
    ['Attended on time', 'attended'],
    ['Arrived late but seen', 'attended'],
    ['Yes', 'attended'],
    ['Y', 'attended'],
    ['DNA', 'dna'],
    ['D.N.A.', 'dna'],
    ['Did Not Attend', 'dna'],
    ['Was Not Brought', 'dna'],
    ['WNB', 'dna'],
    ['No show', 'dna'],
    ['Cancelled by Patient', 'cancelled-family'],
    ['Patient Cancelled', 'cancelled-family'],
    ['Cancelled by Family', 'cancelled-family'],
    ['Parent cancelled', 'cancelled-family'],
    ['canceled by patient', 'cancelled-family'],
    ['cancelled-family', 'cancelled-family'],
    ['Cancelled by Provider', 'cancelled-provider'],
    ['Hospital Cancelled', 'cancelled-provider'],
    ['Provider cancelled', 'cancelled-provider'],
    ['Therapist cancelled', 'cancelled-provider'],
    ['Clinic cancelled', 'cancelled-provider'],
    ['cancelled_provider', 'cancelled-provider'],
    ['Booked', 'booked'],
    ['Scheduled', 'booked'],
    ['Planned', 'booked'],
    ['Arrived late not seen', 'late-not-seen'],
    ['Arrived late and could not be seen', 'late-not-seen'],
    ['Late - not seen', 'late-not-seen'],
    ['late-not-seen', 'late-not-seen'],
  ])('reads %j as %s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it.each(['1', '8', '9', '55', 'maybe', 'attended?!?x', 'Unknown'])('refuses %j and lists the accepted values and codes', (text) => {
    expect(read(text)).toMatchObject({ invalid: expect.stringMatching(/^not an attendance: expected attended, late-not-seen, dna, .*NHS CSDS code/) });
  });

  it.each(['-5', '+5', '5.5', '5.0', '-0', ' -3 ', '.5'])('refuses the signed or decimal number %j: CSDS codes are unsigned whole numbers', (text) => {
    expect(read(text)).toMatchObject({ invalid: expect.stringContaining('no sign and no decimals') });
  });

  it('reads a signed value that the mapping file names, as the mapping says', () => {
    expect(createAttendanceReader({ '-1': 'dna' })('-1')).toBe('dna');
  });

  it('does not guess who cancelled, or what "no" means', () => {
    expect(read('Cancelled')).toMatchObject({ invalid: expect.stringContaining('does not say who cancelled') });
    expect(read('N')).toMatchObject({ invalid: expect.stringContaining('did not attend or the appointment was cancelled') });
    expect(read('No')).toMatchObject({ invalid: expect.stringContaining('did not attend or the appointment was cancelled') });
  });

  it('lets the mapping file settle a value the built-ins refuse, and override a built-in', () => {
    const mapped = createAttendanceReader({ Cancelled: 'cancelled-provider', 'Patient Cancelled': 'cancelled-family', '5': 'late-not-seen', N: 'dna' });
    expect(mapped('cancelled')).toBe('cancelled-provider');
    expect(mapped('PATIENT CANCELLED')).toBe('cancelled-family');
    expect(mapped('05')).toBe('late-not-seen');
    expect(mapped('n')).toBe('dna');
  });

  it('throws a plain Error naming a mapping target that is not an attendance', () => {
    expect(() => createAttendanceReader({ 'Patient Cancelled': 'cancelled' })).toThrowError(/"cancelled"/);
  });

  it('gives the same answers on repeat (cached)', () => {
    for (let round = 0; round < 3; round += 1) {
      expect(read('5')).toBe('attended');
      expect(read('Hospital Cancelled')).toBe('cancelled-provider');
      expect(isInvalid(read('9'))).toBe(true);
    }
  });
});

describe('createContactTypeReader', () => {
  const read = createContactTypeReader();
  it.each([
    ['direct', 'direct'],
    ['Direct', 'direct'],
    ['face to face', 'direct'],
    ['Face-to-Face', 'direct'],
    ['F2F', 'direct'],
    ['in person', 'direct'],
    ['Video', 'direct'],
    ['indirect', 'indirect'],
    ['Report writing', 'indirect'],
    ['Liaison', 'indirect'],
    ['Programme set-up', 'indirect'],
    ['Admin', 'indirect'],
    ['Non-contact', 'indirect'],
  ])('reads %j as %s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it('leaves telephone to the mapping file', () => {
    expect(read('Telephone')).toMatchObject({ invalid: expect.stringMatching(/^not a contact type: expected direct .*indirect/) });
    expect(createContactTypeReader({ Telephone: 'indirect' })('telephone')).toBe('indirect');
  });
});
