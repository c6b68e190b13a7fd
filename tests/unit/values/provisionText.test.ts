import { describe, expect, it } from 'vitest';
import { rational } from '../../../src/exact/rational.js';
import type { Quantity } from '../../../src/schema/records.js';
import type { Frequency } from '../../../src/schema/vocabulary.js';
import { isInvalid } from '../../../src/schema/values/invalid.js';
import { createProvisionTextReader, readProvisionText } from '../../../src/schema/values/provisionText.js';

function sessions(count: number | readonly [number, number], minutes: number | readonly [number, number], frequency: Frequency): Quantity {
  const exact = (value: number | readonly [number, number]) =>
    typeof value === 'number' ? rational(BigInt(Math.round(value * 100)), 100n) : rational(value[0], value[1]);
  return { form: 'sessions', sessions: exact(count), sessionMinutes: exact(minutes), frequency };
}

function hours(amount: number, frequency: Frequency): Quantity {
  return { form: 'hours', hours: rational(BigInt(Math.round(amount * 100)), 100n), frequency };
}

const PHRASINGS: readonly (readonly [string, Quantity])[] = [
  ['6 x 45 minute sessions per half term', sessions(6, 45, 'half-term')],
  ['6 x 45-minute sessions per term', sessions(6, 45, 'term')],
  ['6x45min per term', sessions(6, 45, 'term')],
  ['6*45 mins per term', sessions(6, 45, 'term')],
  ['1½ hours per half term', hours(1.5, 'half-term')],
  ['6 × 45 minute sessions per half-term', sessions(6, 45, 'half-term')],
  ['2 sessions per week, 45 minutes per session, during term time', sessions(2, 45, 'week')],
  ['1 hour weekly', hours(1, 'week')],
  ['1 hr per week', hours(1, 'week')],
  ['45 mins per fortnight', sessions(1, 45, 'fortnight')],
  ['45 minutes fortnightly', sessions(1, 45, 'fortnight')],
  ['2 x 30 min sessions per term', sessions(2, 30, 'term')],
  ['a block of 6 x 30-minute sessions each term', sessions(6, 30, 'term')],
  ['3 hours per term', hours(3, 'term')],
  ['1.5 hours per half term', hours(1.5, 'half-term')],
  ['30 minutes weekly', sessions(1, 30, 'week')],
  ['one 45 minute session per week', sessions(1, 45, 'week')],
  ['two 30-minute sessions a week', sessions(2, 30, 'week')],
  ['weekly 45 minute session', sessions(1, 45, 'week')],
  ['6 sessions of 45 minutes per term', sessions(6, 45, 'term')],
  ['45 minutes of OT per week', sessions(1, 45, 'week')],
  ['1 x 60 min session every 2 weeks', sessions(1, 60, 'fortnight')],
  ['1 x 60 min session every two weeks', sessions(1, 60, 'fortnight')],
  ['monthly 1 hour session', sessions(1, 60, 'month')],
  ['10 hours per year', hours(10, 'year')],
  ['12 hours annually', hours(12, 'year')],
  ['20 x 45 min sessions per year', sessions(20, 45, 'year')],
  ['1 hour 30 minutes per week', sessions(1, 90, 'week')],
  ['twelve 30 minute sessions per year', sessions(12, 30, 'year')],
  ['Three 1-hour sessions per half term', sessions(3, 60, 'half-term')],
  ['Ten hours of OT per academic year', hours(10, 'year')],
  ['4 x 1 hour sessions termly', sessions(4, 60, 'term')],
  ['45 minutes per week delivered by a qualified OT in school', sessions(1, 45, 'week')],
  ['6 x 45 minute 1:1 sessions per term delivered by a qualified occupational therapist in class', sessions(6, 45, 'term')],
  ['One-to-one 30 minute sessions weekly, reviewed termly', sessions(1, 30, 'week')],
  ['6 x 45 minute sessions per term, to be reviewed at annual review', sessions(6, 45, 'term')],
  ['30 minutes twice weekly during term time', sessions(2, 30, 'week')],
  ['3 times a week for 20 minutes', sessions(3, 20, 'week')],
  ['Half an hour per week', sessions(1, 30, 'week')],
  ['an hour and a half per fortnight', sessions(1, 90, 'fortnight')],
  ['forty-five minutes per week', sessions(1, 45, 'week')],
  ['1h15 per week', sessions(1, 75, 'week')],
  ['30 mins p/w', sessions(1, 30, 'week')],
  ['2 x weekly 30 minute sessions', sessions(2, 30, 'week')],
  ['90 minutes per week, in 2 sessions', sessions(2, 45, 'week')],
  ['6 hours per term delivered as 45 minute sessions', sessions(8, 45, 'term')],
  ['1 x 45 minute session every 3 weeks', sessions([1, 3], 45, 'week')],
  ['45 minutes every other week', sessions(1, 45, 'fortnight')],
  ['12 sessions of 1 hour over the academic year', sessions(12, 60, 'year')],
  ['1.5 sessions per week of 40 minutes', sessions(1.5, 40, 'week')],
  ['2 x 30 minute sessions per month', sessions(2, 30, 'month')],
  ['60 minutes per calendar month', sessions(1, 60, 'month')],
  ['1 x 45 min session per week (Key Stage 2)', sessions(1, 45, 'week')],
  ['Direct OT: 6 x 45 minute sessions per half term from 01/09/2024, plus advice as required', sessions(6, 45, 'half-term')],
  ['20 minutes 5 times a week', sessions(5, 20, 'week')],
  ['OT: 6 sessions per term (45 mins each)', sessions(6, 45, 'term')],
  ['1 hour per week, delivered in 2 x 30 minute sessions', sessions(2, 30, 'week')],
  ['Occupational therapy – 6 x 45 minute sessions per half term', sessions(6, 45, 'half-term')],
  ['45 minute session once a week', sessions(1, 45, 'week')],
  ['A programme of 6 weekly 30-minute sessions per term', sessions(6, 30, 'term')],
  ['a block of 6 weekly sessions of 45 minutes each half term', sessions(6, 45, 'half-term')],
  ['30 minutes per week for 6 weeks each term', sessions(6, 30, 'term')],
  ['1 hour per week for 6 weeks each term', hours(6, 'term')],
  ['2 x 30 minute sessions per week for 6 weeks per half term', sessions(12, 30, 'half-term')],
  ['45 minutes fortnightly for 12 weeks each year', sessions(6, 45, 'year')],
];

describe('readProvisionText: quantified phrasings', () => {
  it('has at least 30 phrasings in its table', () => {
    expect(PHRASINGS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(PHRASINGS)('reads %j', (text, expected) => {
    expect(readProvisionText(text)).toEqual(expected);
  });

  it('reads the same through the caching reader, twice', () => {
    const read = createProvisionTextReader();
    for (let round = 0; round < 2; round += 1) {
      for (const [text, expected] of PHRASINGS) expect(read(text)).toEqual(expected);
    }
  });
});

describe('readProvisionText: text with no quantity', () => {
  it.each([
    ['access to OT as required', ['access to', 'as required']],
    ['Regular input', ['regular']],
    ['as appropriate', ['as appropriate']],
    ['OT when needed', ['when needed']],
    ['Opportunities for sensory breaks throughout the day', ['opportunities']],
    ['input from a therapist', ['input from']],
    ['Support from an OT as and when required', ['support from', 'as and when']],
  ])('says %j is not quantified and quotes the vague words', (text, words) => {
    const quote = words.map((word) => `"${word}"`).join(', ');
    expect(readProvisionText(text)).toEqual({
      invalid: `provision is not quantified (${quote}): Section F must state how many sessions, how long and how often, e.g. "6 x 45 minute sessions per half term"`,
    });
  });

  it('says so without quotes when there are no vague words', () => {
    expect(readProvisionText('OT programme')).toEqual({
      invalid: 'provision is not quantified: Section F must state how many sessions, how long and how often, e.g. "6 x 45 minute sessions per half term"',
    });
  });

  it('names the missing frequency when there is an amount', () => {
    const result = readProvisionText('6 x 45 minute sessions');
    expect(result).toMatchObject({ invalid: expect.stringContaining('but not how often') });
    expect(result).toMatchObject({ invalid: expect.stringContaining('6 x 45 minute') });
  });

  it('names the missing amount when there is a frequency', () => {
    expect(readProvisionText('weekly OT sessions')).toMatchObject({
      invalid: expect.stringContaining('it says how often ("weekly") but not how many sessions or how long'),
    });
    expect(readProvisionText('regular weekly input')).toMatchObject({
      invalid: expect.stringMatching(/^provision is not quantified \("regular"\): it says how often \("weekly"\)/),
    });
  });

  it('names the missing session length when only the number of sessions is given', () => {
    expect(readProvisionText('2 sessions per week')).toMatchObject({
      invalid: expect.stringContaining('it gives 2 sessions per week but not how long each is'),
    });
  });

  it.each([
    ['up to 6 x 45 minute sessions per term', /not specific \("up to"\)/],
    ['30-45 minutes per week', /range \("30-45 minutes"\)/],
    ['2 or 3 sessions of 30 minutes per week', /range/],
    ['biweekly 30 minutes', /"biweekly" can mean twice a week or every other one/],
    ['1,5 hours per week', /decimal comma/],
    ['30 minutes per week and 6 x 45 minutes per term', /more than one frequency \("per week", "per term"\)/],
    ['6 x 45 minute sessions per half-term (36 sessions per year)', /more than one frequency/],
    ['30 minutes per week for 6 weeks', /runs "for 6 weeks" but does not say how often that block recurs/],
    ['1 hour weekly in Autumn term only', /part of the year \("in autumn term"\).*start and end dates/],
    ['1 hour weekly during the Spring term', /part of the year \("during the spring term"\)/],
    ['45 minutes weekly until Christmas', /part of the year \("until christmas"\)/],
    ['1 hour weekly for one term', /part of the year/],
    ['30 mins weekly for the first half term', /part of the year \("for the first half term"\)/],
    ['6 x 45 minute sessions per term (Autumn and Spring only)', /part of the year \("autumn and spring only"\)/],
    ['1 hour per week, delivered in 3 x 30 minute sessions', /amounts do not agree/],
    ['2 x 30 minute sessions and 6 x 45 minute sessions per term', /more than one (amount|number of sessions)/],
    ['0 x 45 minute sessions per week', /zero/],
    ['0 minutes per week', /zero/],
    ['', /not quantified/],
  ])('refuses %j', (text, reason) => {
    const result = readProvisionText(text);
    expect(isInvalid(result)).toBe(true);
    expect(isInvalid(result) && result.invalid).toMatch(reason);
  });
});

describe('readProvisionText: mapping file frequency words', () => {
  it('reads them inside the text', () => {
    const aliases = { wkly: 'week', 'per school week': 'week', 'p.h.t.': 'half-term' };
    expect(readProvisionText('45 minutes wkly', aliases)).toEqual(sessions(1, 45, 'week'));
    expect(readProvisionText('2 x 30 min per school week', aliases)).toEqual(sessions(2, 30, 'week'));
    expect(readProvisionText('6 x 45 min p.h.t.', aliases)).toEqual(sessions(6, 45, 'half-term'));
    expect(createProvisionTextReader(aliases)('6 x 45 min p.h.t.')).toEqual(sessions(6, 45, 'half-term'));
  });

  it('throws a plain Error naming a target that is not a frequency', () => {
    expect(() => readProvisionText('45 minutes wkly', { wkly: 'weekly' })).toThrowError(/"weekly"/);
    expect(() => createProvisionTextReader({ wkly: 'daily' })).toThrowError(/"daily"/);
  });
});
