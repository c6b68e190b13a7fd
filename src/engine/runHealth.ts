// The run-health checks of a run that has been read: the facts the folds gathered, handed to the pure
// checks (src/result/health.ts). See docs/operations.md#when-the-numbers-look-wrong.
import { checkRunHealth, type HealthWarning } from '../result/health.js';
import { DISCIPLINES, type Discipline } from '../schema/vocabulary.js';
import type { ReadRun } from './run.js';

export function runHealthWarnings(run: ReadRun): HealthWarning[] {
  const { book, totals, options, planDisciplineColumn } = run;
  const plans = book.childYears;
  const byDiscipline = Object.fromEntries(DISCIPLINES.map((discipline) => [discipline, { due: 0, withDelivery: 0 }])) as Record<
    Discipline,
    { due: number; withDelivery: number }
  >;
  let due = 0;
  let withDelivery = 0;
  for (let index = 0; index < plans.length; index++) {
    if (plans.requiredMinutesOf(index) <= 0) continue;
    const own = byDiscipline[plans.disciplineOf(index)];
    due++;
    own.due++;
    if (totals.deliveredMinutes[index]! > 0) {
      withDelivery++;
      own.withDelivery++;
    }
  }
  return checkRunHealth({
    yearStart: options.yearStart,
    asOf: options.asOf,
    today: options.today,
    asOfFromClock: options.asOfFromClock,
    countIndirect: options.countIndirect,
    discipline: run.settings.discipline,
    withholdsCells: run.childIds !== undefined,
    plans: {
      accounting: book.accounting,
      disciplines: book.disciplines,
      childIds: () => book.childIds(),
      invalidRows: book.invalidRows,
      hasDisciplineColumn: planDisciplineColumn.present,
      disciplineColumn: planDisciplineColumn.found,
    },
    contacts: { accounting: totals.accounting, health: totals.health },
    childYears: { due, withDelivery, byDiscipline, dueBefore: (day) => plans.dueBefore(day), firstDueDay: plans.firstDueDay() },
  });
}
