import { FREQUENCIES, type Frequency } from '../vocabulary.js';
import { createEnumerationReader, type EnumerationSpec } from './enumeration.js';
import type { Invalid } from './invalid.js';

const TWO_WAYS = 'can mean twice a week or every two weeks';

export const FREQUENCY_SPEC: EnumerationSpec<Frequency> = {
  noun: 'frequency',
  members: FREQUENCIES,
  expected: 'week, fortnight, month, half-term, term or year (or weekly, per week, fortnightly, monthly, per half term, termly, annually …)',
  aliases: {
    weekly: 'week',
    'per week': 'week',
    'a week': 'week',
    'each week': 'week',
    'every week': 'week',
    'p/w': 'week',
    pw: 'week',
    wk: 'week',
    wkly: 'week',
    'per wk': 'week',
    fortnightly: 'fortnight',
    'per fortnight': 'fortnight',
    'a fortnight': 'fortnight',
    'each fortnight': 'fortnight',
    'every fortnight': 'fortnight',
    'every two weeks': 'fortnight',
    'every 2 weeks': 'fortnight',
    'every other week': 'fortnight',
    monthly: 'month',
    'per month': 'month',
    'a month': 'month',
    'each month': 'month',
    'every month': 'month',
    'per calendar month': 'month',
    pcm: 'month',
    'p/m': 'month',
    'half termly': 'half-term',
    'per half term': 'half-term',
    'each half term': 'half-term',
    'every half term': 'half-term',
    'a half term': 'half-term',
    termly: 'term',
    'per term': 'term',
    'each term': 'term',
    'every term': 'term',
    'a term': 'term',
    yearly: 'year',
    annually: 'year',
    annual: 'year',
    'per year': 'year',
    'a year': 'year',
    'each year': 'year',
    'every year': 'year',
    'per academic year': 'year',
    'per annum': 'year',
    pa: 'year',
    'p/a': 'year',
    annum: 'year',
  },
  // "Weekly (term time only)": every frequency here is a term-time one already (docs/rules.md#frequency-table).
  prepare: (text) => text.replace(/[(,;-]?\s*\b(?:during\s+|in\s+)?term[\s-]*time(?:\s+only)?\b\s*\)?/gi, ' '),
  refusals: {
    biweekly: `"biweekly" ${TWO_WAYS}: write fortnight or week (with the number of sessions)`,
    'bi-weekly': `"bi-weekly" ${TWO_WAYS}: write fortnight or week (with the number of sessions)`,
    bimonthly: '"bimonthly" can mean twice a month or every two months: give the provision as sessions per month',
  },
};

export function createFrequencyReader(extraAliases?: Readonly<Record<string, string>>): (text: string) => Frequency | Invalid {
  return createEnumerationReader(FREQUENCY_SPEC, extraAliases);
}
