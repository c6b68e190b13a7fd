// What Section F lines typically specify, and how plan writers phrase it in free text.

import type { Frequency } from '../schema/vocabulary.js';
import { WeightedTable, type Random } from './random.js';
import { DEFAULT_TERM_WEEKS, type TermIndex } from './schoolCalendar.js';

export interface PlanQuantity {
  readonly sessions: number;
  readonly minutes: number;
  readonly frequency: Frequency;
}

const q = (sessions: number, minutes: number, frequency: Frequency): PlanQuantity => ({ sessions, minutes, frequency });

/** Weekly dominates; term blocks ("6 x 45 per term") and fortnightly are the next most common. */
export const QUANTITIES = new WeightedTable<PlanQuantity>([
  [q(1, 30, 'week'), 14],
  [q(1, 45, 'week'), 18],
  [q(1, 60, 'week'), 10],
  [q(2, 30, 'week'), 8],
  [q(2, 45, 'week'), 2],
  [q(1, 30, 'fortnight'), 2],
  [q(1, 45, 'fortnight'), 6],
  [q(1, 60, 'fortnight'), 5],
  [q(6, 45, 'term'), 6],
  [q(4, 60, 'term'), 3],
  [q(2, 30, 'term'), 1],
  [q(3, 60, 'term'), 2],
  [q(8, 45, 'term'), 2],
  [q(1, 60, 'half-term'), 2],
  [q(2, 45, 'half-term'), 3],
  [q(3, 30, 'half-term'), 1],
  [q(6, 45, 'half-term'), 2],
  [q(1, 60, 'month'), 4],
  [q(2, 45, 'month'), 3],
  [q(1, 45, 'month'), 2],
  [q(12, 60, 'year'), 2],
  [q(10, 60, 'year'), 1],
  [q(20, 60, 'year'), 1],
]);

/**
 * Sessions a line owes over a whole term under the default calendar (docs/rules.md#term-calendar), the target the
 * generated diary spreads over that term's school weeks.
 */
export function sessionsPerTerm(quantity: PlanQuantity, term: TermIndex): number {
  const weeks = DEFAULT_TERM_WEEKS[term];
  const s = quantity.sessions;
  switch (quantity.frequency) {
    case 'week':
      return s * weeks;
    case 'fortnight':
      return (s * weeks) / 2;
    case 'month':
      return (s * weeks * 12) / 52;
    case 'half-term':
      return s * 2;
    case 'term':
      return s;
    case 'year':
      return (s * weeks) / (DEFAULT_TERM_WEEKS[0] + DEFAULT_TERM_WEEKS[1] + DEFAULT_TERM_WEEKS[2]);
  }
}

function hoursText(hours: number): string {
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

/**
 * Free text as plans write it, in the forms the rules list (docs/rules.md#plans-file). Some contain commas, which the
 * writer must quote.
 */
export function describeQuantity(quantity: PlanQuantity, rng: Random): string {
  const { sessions: s, minutes: m } = quantity;
  const totalMinutes = s * m;
  const wholeHours = totalMinutes % 60 === 0 ? totalMinutes / 60 : undefined;
  const variant = rng.int(0, 2);
  switch (quantity.frequency) {
    case 'week':
      if (s === 1) {
        if (m === 60 && variant !== 2) return variant === 0 ? '1 hour weekly' : '1 hour per week';
        return variant === 0 ? `1 x ${m} minute session per week` : `${m} mins per week`;
      }
      return variant === 0 ? `${s} sessions per week, ${m} minutes per session, during term time` : `${s} x ${m} minute sessions per week`;
    case 'fortnight':
      if (s === 1 && m === 60 && variant === 0) return '1 hour per fortnight';
      return s === 1 && variant !== 2 ? `${m} mins per fortnight` : `${s} x ${m} minute sessions per fortnight`;
    case 'term':
      if (wholeHours !== undefined && variant === 0) return `${hoursText(wholeHours)} per term`;
      return variant === 1 ? `a block of ${s} x ${m}-minute sessions each term` : `${s} x ${m} min sessions per term`;
    case 'half-term':
      return s === 1 ? `1 x ${m} minute session per half term` : `${s} x ${m} minute sessions per half term`;
    case 'month':
      if (s === 1 && m === 60 && variant !== 2) return '1 hour per month';
      return s === 1 ? `1 x ${m} minute session per month` : `${s} x ${m} minute sessions per month`;
    case 'year':
      if (wholeHours !== undefined && variant !== 2) return `${hoursText(wholeHours)} per year`;
      return `${s} x ${m} minute sessions per year`;
  }
}

/** Section F wording with no quantity: the finding the rules surface as an invalid row (docs/rules.md#plans-file). */
const VAGUE_PROVISION: readonly (readonly [string, string, string])[] = [
  ['access to OT as required', 'access to speech and language therapy as required', 'access to physiotherapy as required'],
  ['regular input from an occupational therapist', 'regular input from a speech and language therapist', 'regular input from a physiotherapist'],
  ['OT advice as appropriate', 'SALT advice as appropriate', 'physiotherapy advice as appropriate'],
  ['occupational therapy support when needed', 'speech and language support when needed', 'physiotherapy review when needed'],
  ['opportunities for sensory breaks', 'opportunities for language groups', 'opportunities for movement breaks'],
];

export function vagueProvision(discipline: number, rng: Random): string {
  return rng.pick(VAGUE_PROVISION)[discipline] ?? 'access to therapy as required';
}
