// Reads one plans row (strings) into a PlanLine, or the first problem that stops it reading.
import { parseDecimal, type Rational } from '../exact/rational.js';
import type { ColumnPlan } from './columns.js';
import type { PlanField } from './fields.js';
import type { Mapping } from './mapping.js';
import type { PlanLine, Quantity, RowReading } from './records.js';
import { createDateReader } from './values/dates.js';
import { createDisciplineReader } from './values/discipline.js';
import { createFrequencyReader } from './values/frequency.js';
import { createFundingReader } from './values/funding.js';
import { isInvalid, type Invalid } from './values/invalid.js';
import { readProvisionText } from './values/provisionText.js';
import type { Day } from '../calendar/day.js';

export interface ValueOptions {
  readonly dateFormat?: string | undefined;
  readonly excelDates?: boolean | undefined;
  readonly mapping: Mapping;
}

export type PlanRowReader = (fields: readonly string[], line: number) => RowReading<PlanLine>;

function cellOf(fields: readonly string[], index: number): string {
  return index < 0 ? '' : (fields[index] ?? '').trim();
}

/** Many lines share a provider, a locality or a quantity: keep one copy of each. */
function createInterner<T>(): (key: string, make: () => T) => T {
  const seen = new Map<string, T>();
  return (key, make) => {
    let value = seen.get(key);
    if (value === undefined) {
      value = make();
      if (seen.size < 50_000) seen.set(key, value);
    }
    return value;
  };
}

export function createPlanRowReader(columns: ColumnPlan<PlanField>, options: ValueOptions): PlanRowReader {
  const values = options.mapping.plans?.values;
  const readDate = createDateReader({ dateFormat: options.dateFormat ?? options.mapping.dateFormat, excelDates: options.excelDates });
  const readDiscipline = createDisciplineReader(values?.discipline);
  const readFrequency = createFrequencyReader(values?.frequency);
  const readFunding = createFundingReader(values?.funding);
  const internQuantity = createInterner<Quantity | Invalid>();
  const internText = createInterner<string>();
  const text = (value: string): string | null => (value === '' ? null : internText(value, () => value));

  return (fields, line) => {
    const cell = (field: PlanField) => cellOf(fields, columns[field]);
    const childId = cell('child_id');
    const fail = (field: string, value: string, reason: string): RowReading<PlanLine> => ({
      ok: false,
      problem: { field, value, reason },
      childId: childId === '' ? null : childId,
    });
    if (childId === '') return fail('child_id', '', 'child_id is blank: a row that is not a provision line (a total or a note?)');

    const disciplineText = cell('discipline');
    const discipline = disciplineText === '' ? 'OT' : readDiscipline(disciplineText);
    if (isInvalid(discipline)) return fail('discipline', disciplineText, discipline.invalid);

    const quantity = readQuantity();
    if ('problem' in quantity) return fail(quantity.problem.field, quantity.problem.value, quantity.problem.reason);

    const startText = cell('start_date');
    if (startText === '') return fail('start_date', '', 'start_date is blank: a provision line needs the day it starts');
    const start = readDate(startText);
    if (isInvalid(start)) return fail('start_date', startText, start.invalid);
    const endText = cell('end_date');
    let end: Day | null = null;
    if (endText !== '') {
      const endDay = readDate(endText);
      if (isInvalid(endDay)) return fail('end_date', endText, endDay.invalid);
      end = endDay;
    }
    const fundingText = cell('funding');
    const funding = fundingText === '' ? 'commissioned' : readFunding(fundingText);
    if (isInvalid(funding)) return fail('funding', fundingText, funding.invalid);
    const sectionText = cell('section').toUpperCase();
    const section = sectionText === '' ? 'F' : sectionText;
    if (!['F', 'G', 'H'].includes(section)) return fail('section', cell('section'), 'not an EHCP section: expected F, G or H');

    const provisionId = cell('provision_id');
    return {
      ok: true,
      record: {
        line,
        childId,
        provisionId: provisionId === '' ? null : provisionId,
        discipline,
        quantity: quantity.quantity,
        start,
        end,
        provider: text(cell('provider')),
        locality: text(cell('locality')),
        commissioner: text(cell('commissioner')),
        funding,
        establishment: text(cell('establishment')),
        section,
      },
    };

    function readQuantity(): { quantity: Quantity } | { problem: { field: string; value: string; reason: string } } {
      const sessionsText = cell('sessions');
      const minutesText = cell('session_minutes');
      const hoursText = cell('hours');
      const frequencyText = cell('frequency');
      const provisionText = cell('provision');
      const hasNumbers = sessionsText !== '' || minutesText !== '' || hoursText !== '';
      if (!hasNumbers && frequencyText === '') {
        if (provisionText === '') {
          return { problem: { field: 'provision', value: '', reason: 'no quantity: give sessions, session_minutes and frequency, or hours and frequency, or a provision text such as "6 x 45 minute sessions per half term"' } };
        }
        const key = `t\u0000${provisionText}`;
        const read = internQuantity(key, () => readProvisionText(provisionText, values?.frequency));
        if (isInvalid(read)) return { problem: { field: 'provision', value: provisionText, reason: read.invalid } };
        return { quantity: read };
      }
      const frequency = readFrequency(frequencyText);
      if (frequencyText === '') return { problem: { field: 'frequency', value: '', reason: 'frequency is blank: expected week, fortnight, month, half-term, term or year' } };
      if (isInvalid(frequency)) return { problem: { field: 'frequency', value: frequencyText, reason: frequency.invalid } };
      const positive = (field: string, value: string): Rational | { field: string; value: string; reason: string } => {
        const number = parseDecimal(value);
        if (number === undefined || number.num <= 0n) return { field, value, reason: `${field} must be a positive number` };
        return number;
      };
      if (hoursText !== '' && sessionsText === '' && minutesText === '') {
        const hours = positive('hours', hoursText);
        if ('field' in hours) return { problem: hours };
        return { quantity: { form: 'hours', hours, frequency } };
      }
      if (sessionsText === '' || minutesText === '') {
        const missing = sessionsText === '' ? 'sessions' : 'session_minutes';
        return { problem: { field: missing, value: '', reason: `${missing} is blank: give both sessions and session_minutes, or hours alone` } };
      }
      const sessions = positive('sessions', sessionsText);
      if ('field' in sessions) return { problem: sessions };
      const sessionMinutes = positive('session_minutes', minutesText);
      if ('field' in sessionMinutes) return { problem: sessionMinutes };
      return { quantity: { form: 'sessions', sessions, sessionMinutes, frequency } };
    }
  };
}
