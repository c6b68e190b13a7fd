// The engine's doors: reconcile, validate and explain over a run's inputs. Each reads the inputs once
// (run.ts) and returns a result object; rendering and writing are the caller's.
import { formatYear } from '../calendar/academicYear.js';
import { UsageError } from '../errors.js';
import type { Accounting } from '../reconcile/accounting.js';
import { computeChildYear, type ChildYear } from '../reconcile/childYear.js';
import { concatExceptions, mapExceptions } from '../reconcile/exceptionSink.js';
import { explainChild, type ChildExplanation } from '../reconcile/explain.js';
import { assembleResult, type ReconciliationResult, type ValidationResult } from '../result/reconciliationResult.js';
import type { ReconcileOptions } from './options.js';
import { pseudonymiserOf, pseudonymiseException, pseudonymiseExplanation, pseudonymiseResult, type Pseudonymiser } from './pseudonyms.js';
import { readRun, type InputSources, type ReadRun, type RunObserver } from './run.js';

/** What pseudonymises a run's result, when it is asked for: every child ID it read is known by now. */
function pseudonymiserOfRun(run: ReadRun): Pseudonymiser | undefined {
  const key = run.options.pseudonymiseKey;
  return key === undefined || run.childIds === undefined ? undefined : pseudonymiserOf(key, run.childIds);
}

/** Reconciles plans against contacts: every child-year, the summary, the recovery worklist, the accounting. */
export async function reconcile(sources: InputSources, options?: ReconcileOptions, observer?: RunObserver): Promise<ReconciliationResult> {
  const run = await readRun(sources, options, { observer });
  const { settings, options: resolved } = run;
  const result = assembleResult({
    settings,
    run: { calendarPath: run.calendarPath, pseudonymised: resolved.pseudonymiseKey !== undefined },
    book: run.book,
    totals: run.totals,
    recovery: resolved.recovery,
    inputs: run.inputs,
  });
  const pseudonymiser = pseudonymiserOfRun(run);
  return pseudonymiser === undefined ? result : pseudonymiseResult(result, pseudonymiser);
}

/** Reads and checks the inputs only: the row accounting and the exceptions. */
export async function validate(sources: InputSources, options?: ReconcileOptions, observer?: RunObserver): Promise<ValidationResult> {
  const run = await readRun(sources, options, { observer });
  const accounting: Accounting = { plans: run.book.accounting, contacts: run.totals.accounting };
  const raw = concatExceptions(run.book.exceptions, run.totals.exceptions);
  const pseudonymiser = pseudonymiserOfRun(run);
  const exceptions = pseudonymiser === undefined ? raw : mapExceptions(raw, (record) => pseudonymiseException(record, pseudonymiser));
  return { accounting, exceptions, inputs: run.inputs };
}

/** The audit trail of one child: each plan line and its arithmetic, each contact row and its bucket, the totals. */
export async function explain(sources: InputSources, childId: string, options?: ReconcileOptions): Promise<ChildExplanation> {
  const run = await readRun(sources, options, { watchChildId: childId });
  const pseudonymiser = pseudonymiserOfRun(run);
  if (run.watchedPlanRows.length === 0 && run.totals.watched.length === 0) {
    // With pseudonymisation the raw ID never reaches an output, a message included.
    const shownId = pseudonymiser === undefined ? childId : pseudonymiser.pseudonymisation.pseudonymOf(childId);
    throw new UsageError(`child "${shownId}" appears in neither the plans file nor the contacts file; check the ID (IDs are matched exactly)`);
  }
  const childYears: ChildYear[] = [];
  const { book, totals, settings } = run;
  for (let index = 0; index < book.childYears.length; index++) {
    if (book.childYears.childIdOf(index) === childId) childYears.push(computeChildYear(book.childYears.at(index), index, totals, settings));
  }
  const explanation = explainChild({
    childId,
    yearLabel: formatYear(settings.year.yearStart),
    settings,
    book,
    planRows: run.watchedPlanRows,
    contactRows: totals.watched,
    childYears,
  });
  return pseudonymiser === undefined ? explanation : pseudonymiseExplanation(explanation, pseudonymiser);
}
