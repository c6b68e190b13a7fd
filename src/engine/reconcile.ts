// The engine's doors: reconcile, validate and explain over a run's inputs. Each reads the inputs once
// (run.ts) and returns a result object; rendering and writing are the caller's.
import { formatYear } from '../calendar/academicYear.js';
import { UsageError } from '../errors.js';
import type { Accounting } from '../reconcile/accounting.js';
import { computeChildYear, type ChildYear } from '../reconcile/childYear.js';
import { mapExceptions } from '../reconcile/exceptionSink.js';
import { explainChild, type ChildExplanation } from '../reconcile/explain.js';
import { nearestIds } from '../reconcile/nearestIds.js';
import { mapWarningIds } from '../result/health.js';
import { assembleResult, type ReconciliationResult, type ValidationResult } from '../result/reconciliationResult.js';
import { listWords } from '../schema/values/enumeration.js';
import { visible } from '../schema/visibleText.js';
import type { ReconcileOptions } from './options.js';
import { pseudonymiseInputs, pseudonymiserOf, pseudonymiseException, pseudonymiseExplanation, pseudonymiseResult, type Pseudonymiser } from './pseudonyms.js';
import { readRun, type InputSources, type ReadRun, type RunObserver } from './run.js';
import { runHealthWarnings } from './runHealth.js';

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
    exceptions: run.exceptions,
    recovery: resolved.recovery,
    inputs: run.inputs,
    warnings: runHealthWarnings(run),
  });
  const pseudonymiser = pseudonymiserOfRun(run);
  return pseudonymiser === undefined ? result : pseudonymiseResult(result, pseudonymiser);
}

/** Reads and checks the inputs only: the row accounting, the exceptions and the run-health warnings. */
export async function validate(sources: InputSources, options?: ReconcileOptions, observer?: RunObserver): Promise<ValidationResult> {
  const run = await readRun(sources, options, { observer });
  const accounting: Accounting = { plans: run.book.accounting, contacts: run.totals.accounting };
  const raw = run.exceptions;
  const pseudonymiser = pseudonymiserOfRun(run);
  const found = runHealthWarnings(run);
  if (pseudonymiser === undefined) return { accounting, exceptions: raw, warnings: found, inputs: run.inputs };
  const { pseudonymOf } = pseudonymiser.pseudonymisation;
  return {
    accounting,
    exceptions: mapExceptions(raw, (record) => pseudonymiseException(record, pseudonymiser)),
    warnings: found.map((warning) => mapWarningIds(warning, pseudonymOf, pseudonymiser.redact)),
    inputs: pseudonymiseInputs(run.inputs, pseudonymiser.redact),
  };
}

/** The audit trail of one child: each plan line and its arithmetic, each contact row and its bucket, the totals. */
export async function explain(sources: InputSources, childId: string, options?: ReconcileOptions): Promise<ChildExplanation> {
  const run = await readRun(sources, options, { watchChildId: childId });
  const pseudonymiser = pseudonymiserOfRun(run);
  const { book, totals, settings } = run;
  const rules = run.inputs.reading.ids;
  // The ID as the plans file compares it: under an identifier rule, "485 777 3457" is 4857773457.
  const watched = run.watchedIds ?? { plans: childId, contacts: childId };
  // With pseudonymisation the raw ID never reaches an output, a message included, nor do other children's.
  const similar = pseudonymiser === undefined && run.watchedPlanRows.length === 0 ? nearestIds(watched.plans, book.childIds()) : [];
  if (run.watchedPlanRows.length === 0 && totals.watched.length === 0) {
    const shownId = pseudonymiser === undefined ? watched.plans : pseudonymiser.pseudonymisation.pseudonymOf(watched.plans);
    const rule =
      rules.plans === rules.contacts ? `the identifier rule ${rules.plans}` : `the identifier rules ${rules.plans} (plans) and ${rules.contacts} (contacts)`;
    const suggestion = similar.length === 0 ? '' : `; did you mean ${listWords(similar.map(visible))}?`;
    throw new UsageError(
      `child "${visible(shownId)}" appears in neither the plans file nor the contacts file${suggestion} (IDs are compared exactly after ${rule}; --ids sets it)`,
    );
  }
  const childYears: ChildYear[] = [];
  for (let index = 0; index < book.childYears.length; index++) {
    if (book.childYears.childIdOf(index) === watched.plans) childYears.push(computeChildYear(book.childYears.at(index), index, totals, settings));
  }
  const explanation = explainChild({
    childId: watched.plans,
    // The ID as given, when the rule changed it (never under pseudonymisation: it is the raw ID).
    givenId: pseudonymiser === undefined && childId !== watched.plans ? childId : null,
    idRules: rules,
    similarPlanIds: similar,
    yearLabel: formatYear(settings.year.yearStart),
    settings,
    book,
    planRows: run.watchedPlanRows,
    contactRows: totals.watched,
    childYears,
  });
  return pseudonymiser === undefined ? explanation : pseudonymiseExplanation(explanation, pseudonymiser);
}
