// Reads one plans row (strings) into a PlanLine, or the first problem that stops it reading.
import { compare, mul, parseDecimal, rational, type Rational } from '../exact/rational.js';
import type { ColumnPlan } from './columns.js';
import type { PlanField } from './fields.js';
import type { Mapping } from './mapping.js';
import type { PlanLine, Quantity, RowReading } from './records.js';
import { createDateReader } from './values/dates.js';
import { MAX_CONTACT_MINUTES } from './values/duration.js';
import { createDisciplineReader } from './values/discipline.js';
import { createFrequencyReader } from './values/frequency.js';
import { createFundingReader } from './values/funding.js';
import { isInvalid, type Invalid } from './values/invalid.js';
import { abbreviateValue, checkIdLength, describeTotalsId, describeTotalsRow, exceptionValue } from './values/identifier.js';
import { readProvisionText } from './values/provisionText.js';
import type { Day } from '../calendar/day.js';
import { DEFAULT_DISCIPLINE, type Frequency, type InputFile } from './vocabulary.js';
import { createChildIdNormaliser, DEFAULT_CHILD_ID_RULE, type ChildIdRule } from './values/childIdRules.js';

export interface ValueOptions {
  readonly dateFormat?: string | undefined;
  readonly excelDates?: boolean | undefined;
  readonly mapping: Mapping;
  /** The identifier rule of both files (--ids); it wins over the mapping's rule for either file. */
  readonly ids?: ChildIdRule | undefined;
}

/** The identifier rule a file's child IDs are read by: --ids, else the mapping's for the file, else exact. */
export function childIdRuleFor(options: ValueOptions, file: InputFile): ChildIdRule {
  return options.ids ?? options.mapping[file]?.ids ?? DEFAULT_CHILD_ID_RULE;
}

export type PlanRowReader = (fields: readonly string[], line: number) => RowReading<PlanLine>;

/**
 * The days one frequency unit can span at most. A line needing more minutes per unit than the unit
 * has is a slip (a number typed into the wrong column, minutes given as seconds), not provision
 * anyone can deliver; left in, "999999999 sessions" would also carry the entitlement arithmetic past
 * the range of a number. Half-term and term are generous because a council's calendar sets them.
 */
const MAX_DAYS_PER_UNIT: Readonly<Record<Frequency, number>> = { week: 7, fortnight: 14, month: 31, 'half-term': 183, term: 366, year: 366 };
const MINUTES_PER_DAY = 1440;
const UNIT_NAMES: Readonly<Record<Frequency, string>> = {
  week: 'a week',
  fortnight: 'a fortnight',
  month: 'a month',
  'half-term': 'a half-term',
  term: 'a term',
  year: 'a year',
};

/** Why a quantity cannot be provision (undefined when it can), naming the field to blame. */
function checkQuantity(quantity: Quantity): { field: 'sessions' | 'session_minutes' | 'hours'; reason: string } | undefined {
  let perUnit: Rational;
  if (quantity.form === 'sessions') {
    // A session is delivered as one contact, and a contact runs from 1 to 600 minutes (docs/rules.md#contacts-file).
    if (compare(quantity.sessionMinutes, rational(1n)) < 0) {
      return { field: 'session_minutes', reason: 'a session shorter than a minute is not a session: give session_minutes in minutes' };
    }
    if (compare(quantity.sessionMinutes, rational(BigInt(MAX_CONTACT_MINUTES))) > 0) {
      return {
        field: 'session_minutes',
        reason: `a session over ${MAX_CONTACT_MINUTES} minutes is longer than any one contact can be: check the value and its unit`,
      };
    }
    perUnit = mul(quantity.sessions, quantity.sessionMinutes);
  } else {
    perUnit = mul(quantity.hours, rational(60n));
  }
  const unitMinutes = MAX_DAYS_PER_UNIT[quantity.frequency] * MINUTES_PER_DAY;
  if (compare(perUnit, rational(BigInt(unitMinutes))) > 0) {
    return {
      field: quantity.form === 'sessions' ? 'sessions' : 'hours',
      reason: `the line asks for more time than ${UNIT_NAMES[quantity.frequency]} has: check the number and the frequency`,
    };
  }
  return undefined;
}

function cellOf(fields: readonly string[], index: number): string {
  return index < 0 ? '' : (fields[index] ?? '').trim();
}

/** Distinct values remembered: beyond this a column is free text, not codes. */
const MAX_REMEMBERED = 50_000;

/** Many lines share a provider, a locality or a quantity: keep one copy of each. */
function createInterner<T>(): (key: string, make: () => T) => T {
  const seen = new Map<string, T>();
  return (key, make) => {
    let value = seen.get(key);
    if (value === undefined) {
      value = make();
      if (seen.size < MAX_REMEMBERED) seen.set(key, value);
    }
    return value;
  };
}

export function createPlanRowReader(columns: ColumnPlan<PlanField>, options: ValueOptions): PlanRowReader {
  const values = options.mapping.plans?.values;
  const readDate = createDateReader({
    dateFormat: options.dateFormat ?? options.mapping.dateFormat,
    excelDates: options.excelDates === true || options.mapping.plans?.excelDates === true,
  });
  const readDiscipline = createDisciplineReader(values?.discipline);
  const readFrequency = createFrequencyReader(values?.frequency);
  const readFunding = createFundingReader(values?.funding);
  const internQuantity = createInterner<Quantity | Invalid>();
  const quantityOfColumns = new Map<string, Quantity>();
  const rememberQuantity = (key: string, quantity: Quantity): Quantity => {
    if (quantityOfColumns.size < MAX_REMEMBERED) quantityOfColumns.set(key, quantity);
    return quantity;
  };
  // Shared quantities are checked once each.
  const checked = new WeakMap<Quantity, ReturnType<typeof checkQuantity> | null>();
  const checkShared = (quantity: Quantity) => {
    let check = checked.get(quantity);
    if (check === undefined) {
      check = checkQuantity(quantity) ?? null;
      checked.set(quantity, check);
    }
    return check ?? undefined;
  };
  const internText = createInterner<string>();
  const text = (value: string): string | null => (value === '' ? null : internText(value, () => value));

  const normaliseChildId = createChildIdNormaliser(childIdRuleFor(options, 'plans'));

  return (fields, line) => {
    const cell = (field: PlanField) => cellOf(fields, columns[field]);
    const writtenId = cell('child_id');
    if (writtenId === '') {
      const reason =
        describeTotalsRow(
          fields.map((field) => field.trim()),
          'provision line',
        ) ?? 'child_id is blank: a row that is not a provision line (a total or a note?)';
      return { ok: false, problem: { field: 'child_id', value: '', reason }, childId: null };
    }
    const tooLong = checkIdLength('child_id', writtenId);
    if (tooLong !== undefined) return { ok: false, problem: { field: 'child_id', value: abbreviateValue(writtenId), reason: tooLong }, childId: null };
    const totals = describeTotalsId(writtenId, 'provision line');
    if (totals !== undefined) return { ok: false, problem: { field: 'child_id', value: exceptionValue(writtenId), reason: totals }, childId: null };
    // The identifier rule (docs/operations.md#identifier-rules): after it, IDs are compared exactly.
    const childId = normaliseChildId(writtenId);
    if (isInvalid(childId)) return { ok: false, problem: { field: 'child_id', value: writtenId, reason: childId.invalid }, childId: writtenId };
    const fail = (field: string, value: string, reason: string): RowReading<PlanLine> => ({
      ok: false,
      problem: { field, value: exceptionValue(value), reason },
      childId,
    });

    const disciplineText = cell('discipline');
    const discipline = disciplineText === '' ? DEFAULT_DISCIPLINE : readDiscipline(disciplineText);
    if (isInvalid(discipline)) return fail('discipline', disciplineText, discipline.invalid);

    const quantity = readQuantity();
    if ('problem' in quantity) return fail(quantity.problem.field, quantity.problem.value, quantity.problem.reason);
    const impossible = checkShared(quantity.quantity);
    if (impossible !== undefined) {
      // Blame the column the user typed: the provision text when the quantity came from it.
      const field = quantity.fromText === true ? 'provision' : impossible.field;
      return fail(field, cell(field), impossible.reason);
    }

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
    const idTooLong = checkIdLength('provision_id', provisionId);
    if (idTooLong !== undefined) return { ok: false, problem: { field: 'provision_id', value: abbreviateValue(provisionId), reason: idTooLong }, childId };
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

    function readQuantity(): { quantity: Quantity; fromText?: true } | { problem: { field: string; value: string; reason: string } } {
      const sessionsText = cell('sessions');
      const minutesText = cell('session_minutes');
      const hoursText = cell('hours');
      const frequencyText = cell('frequency');
      const provisionText = cell('provision');
      const hasNumbers = sessionsText !== '' || minutesText !== '' || hoursText !== '';
      if (!hasNumbers && frequencyText === '') {
        if (provisionText === '') {
          return {
            problem: {
              field: 'provision',
              value: '',
              reason:
                'no quantity: give sessions, session_minutes and frequency, or hours and frequency, or a provision text such as "6 x 45 minute sessions per half term"',
            },
          };
        }
        const key = `t\u0000${provisionText}`;
        const read = internQuantity(key, () => readProvisionText(provisionText, values?.frequency));
        if (isInvalid(read)) return { problem: { field: 'provision', value: provisionText, reason: read.invalid } };
        return { quantity: read, fromText: true };
      }
      // Lines share a few quantities: one object each, read once, not a quantity and its BigInts per line.
      const key = `c\u0000${sessionsText}\u0000${minutesText}\u0000${hoursText}\u0000${frequencyText}`;
      const known = quantityOfColumns.get(key);
      if (known !== undefined) return { quantity: known };
      const frequency = readFrequency(frequencyText);
      if (frequencyText === '')
        return { problem: { field: 'frequency', value: '', reason: 'frequency is blank: expected week, fortnight, month, half-term, term or year' } };
      if (isInvalid(frequency)) return { problem: { field: 'frequency', value: frequencyText, reason: frequency.invalid } };
      const positive = (field: string, value: string): Rational | { field: string; value: string; reason: string } => {
        const number = parseDecimal(value);
        if (number === undefined || number.num <= 0n) {
          // "0,75" from a spreadsheet set to a decimal comma: say so, rather than only that it is no number.
          const hint = /^\s*\d+,\d+\s*$/.test(value) ? `: "${value.trim()}" has a decimal comma; write ${value.trim().replace(',', '.')}` : '';
          return { field, value, reason: `${field} must be a positive number${hint}` };
        }
        return number;
      };
      if (hoursText !== '' && sessionsText === '' && minutesText === '') {
        const hours = positive('hours', hoursText);
        if ('field' in hours) return { problem: hours };
        return { quantity: rememberQuantity(key, { form: 'hours', hours, frequency }) };
      }
      if (sessionsText === '' || minutesText === '') {
        const missing = sessionsText === '' ? 'sessions' : 'session_minutes';
        return { problem: { field: missing, value: '', reason: `${missing} is blank: give both sessions and session_minutes, or hours alone` } };
      }
      const sessions = positive('sessions', sessionsText);
      if ('field' in sessions) return { problem: sessions };
      const sessionMinutes = positive('session_minutes', minutesText);
      if ('field' in sessionMinutes) return { problem: sessionMinutes };
      return { quantity: rememberQuantity(key, { form: 'sessions', sessions, sessionMinutes, frequency }) };
    }
  };
}
