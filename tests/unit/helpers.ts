// Builders for typed records in rule tests: a test names only what it is about.
import { parseIsoDay, type Day } from '../../src/calendar/day.js';
import { DEFAULT_CALENDAR } from '../../src/calendar/terms.js';
import { parseDecimal, rational } from '../../src/exact/rational.js';
import type { RunSettings } from '../../src/reconcile/settings.js';
import type { Contact, PlanLine, Quantity } from '../../src/schema/records.js';
import type { Frequency } from '../../src/schema/vocabulary.js';

export function day(iso: string): Day {
  const parsed = parseIsoDay(iso);
  if (parsed === undefined) throw new Error(`bad test date ${iso}`);
  return parsed;
}

export function sessions(count: number | string, minutes: number | string, frequency: Frequency): Quantity {
  return { form: 'sessions', sessions: parseDecimal(String(count))!, sessionMinutes: parseDecimal(String(minutes))!, frequency };
}

export function hours(count: number | string, frequency: Frequency): Quantity {
  return { form: 'hours', hours: parseDecimal(String(count))!, frequency };
}

let nextLine = 2;

export function planLine(overrides: Partial<PlanLine> & { start?: Day } = {}): PlanLine {
  return {
    line: nextLine++,
    childId: 'C1',
    provisionId: null,
    discipline: 'OT',
    quantity: sessions(1, 45, 'week'),
    start: day('2024-09-01'),
    end: null,
    provider: 'North Trust',
    locality: 'East',
    commissioner: 'LA',
    funding: 'commissioned',
    establishment: 'mainstream',
    section: 'F',
    ...overrides,
  };
}

export function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    line: nextLine++,
    contactId: null,
    childId: 'C1',
    day: day('2024-10-01'),
    minutes: 45,
    discipline: 'OT',
    attendance: 'attended',
    isAttendanceBlank: false,
    contactType: 'direct',
    forYear: null,
    provider: null,
    staffId: null,
    team: null,
    ...overrides,
  };
}

export function settings(overrides: Partial<RunSettings> & { yearStart?: number } = {}): RunSettings {
  const { yearStart = 2024, ...rest } = overrides;
  return {
    calendar: DEFAULT_CALENDAR,
    year: DEFAULT_CALENDAR.yearTerms(yearStart),
    asOf: day('2025-08-31'),
    discipline: null,
    tolerance: 0,
    countIndirect: false,
    ...rest,
  };
}

export { rational };
