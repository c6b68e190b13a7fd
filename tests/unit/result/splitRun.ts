// A small run split by the tests of --split-by: child-years of three commissioners (one with none),
// with the worklist the real rules make of them.
import { DEFAULT_CALENDAR } from '../../../src/calendar/terms.js';
import { rational } from '../../../src/exact/rational.js';
import type { ChildYear } from '../../../src/reconcile/childYear.js';
import { buildWorklist } from '../../../src/recovery/worklist.js';
import type { ReconciliationResult } from '../../../src/result/reconciliationResult.js';
import { childYear, exception, resultOf } from '../report/workbook/results.js';
import { day } from '../helpers.js';

function owing(id: string, commissioner: string | null, required: number, delivered: number, overrides: Partial<ChildYear> = {}): ChildYear {
  const shortfall = required - delivered;
  return childYear({
    childId: id,
    commissioner,
    status: delivered === 0 ? 'no-contact' : 'shortfall',
    requiredMinutes: required,
    deliveredMinutes: delivered,
    shortfallMinutes: shortfall,
    deliveredPercent: Math.round((delivered * 1000) / required) / 10,
    sessionsOwed: Math.ceil(shortfall / 45),
    ...overrides,
  });
}

function met(id: string, commissioner: string | null, overrides: Partial<ChildYear> = {}): ChildYear {
  return childYear({
    childId: id,
    commissioner,
    status: 'met',
    deliveredMinutes: 800,
    shortfallMinutes: 0,
    surplusMinutes: 80,
    deliveredPercent: 111.1,
    ...overrides,
  });
}

/**
 * A run of these child-years (in child order, as a run has them) with its real worklist: an in-house
 * hour a week (13 weeks to the deadline, 780 minutes) and £60 an hour, £1 a minute.
 */
function runOf(childYears: ChildYear[]): ReconciliationResult {
  const worklist = buildWorklist(childYears, { calendar: DEFAULT_CALENDAR, asOf: day('2026-03-31'), capacity: rational(1), rate: rational(60) });
  const { rows, ...totals } = worklist;
  return { ...resultOf({ childYears, worklist: rows, exceptions: [exception()] }), worklistTotals: totals };
}

export const SPLIT_RUN = runOf([
  owing('C01', 'LA', 720, 560),
  owing('C02', 'ICB', 600, 0, { provider: 'Kestrel', locality: 'Coastal' }),
  met('C03', 'LA'),
  owing('C04', null, 900, 300),
  owing('C05', 'LA', 450, 400, { discipline: 'OT' }),
  owing('C05', 'ICB', 450, 100, { discipline: 'SLT', provider: 'Kestrel' }),
  childYear({ childId: 'C06', commissioner: 'ICB', status: 'not-due', requiredMinutes: 0, deliveredMinutes: 0, shortfallMinutes: 0, deliveredPercent: null }),
  owing('C07', 'LA', 1200, 1000),
]);
