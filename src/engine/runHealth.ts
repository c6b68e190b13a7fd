// The run-health checks of a run that has been read: the facts the folds gathered, handed to the pure
// checks (src/result/health.ts). See docs/operations.md#when-the-numbers-look-wrong.
import { checkRunHealth, type HealthWarning } from '../result/health.js';
import type { ReadRun } from './run.js';

export function runHealthWarnings(run: ReadRun): HealthWarning[] {
  const { book, totals, options } = run;
  const plans = book.childYears;
  let due = 0;
  let withDelivery = 0;
  for (let index = 0; index < plans.length; index++) {
    if (plans.requiredMinutesOf(index) <= 0) continue;
    due++;
    if (totals.deliveredMinutes[index]! > 0) withDelivery++;
  }
  return checkRunHealth({
    yearStart: options.yearStart,
    asOf: options.asOf,
    today: options.today,
    asOfFromClock: options.asOfFromClock,
    countIndirect: options.countIndirect,
    plans: { accounting: book.accounting, disciplines: book.disciplines, childIds: () => book.childIds() },
    contacts: { accounting: totals.accounting, health: totals.health },
    childYears: { due, withDelivery },
  });
}
