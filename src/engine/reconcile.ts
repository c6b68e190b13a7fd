// The engine's doors: reconcile, validate and explain over a run's inputs. Each reads the inputs once
// (run.ts) and returns a result object; rendering and writing are the caller's.
import { formatYear } from '../calendar/academicYear.js';
import { UsageError } from '../errors.js';
import { compareExceptions, type Accounting } from '../reconcile/accounting.js';
import { computeChildYear, type ChildYear } from '../reconcile/childYear.js';
import { explainChild, type ChildExplanation } from '../reconcile/explain.js';
import { assembleResult, type ReconciliationResult, type ValidationResult } from '../result/reconciliationResult.js';
import type { ReconcileOptions } from './options.js';
import { nearestIds } from '../reconcile/nearestIds.js';
import { listWords } from '../schema/values/enumeration.js';
import { visible } from '../schema/visibleText.js';
import { pseudonymisationOf, pseudonymiseChildYear, pseudonymiseException, pseudonymiseResult, type PseudonymOf } from './pseudonyms.js';
import { mapWarningIds } from '../result/health.js';
import { readRun, type InputSources, type RunObserver } from './run.js';
import { runHealthWarnings } from './runHealth.js';

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
    warnings: runHealthWarnings(run),
  });
  const key = resolved.pseudonymiseKey;
  return key === undefined ? result : pseudonymiseResult(result, pseudonymisationOf(key));
}

/** Reads and checks the inputs only: the row accounting and the exceptions. */
export async function validate(sources: InputSources, options?: ReconcileOptions, observer?: RunObserver): Promise<ValidationResult> {
  const run = await readRun(sources, options, { observer });
  const accounting: Accounting = { plans: run.book.accounting, contacts: run.totals.accounting };
  const raw = [...run.book.exceptions, ...run.totals.exceptions].sort(compareExceptions);
  const key = run.options.pseudonymiseKey;
  const pseudonymOf = key === undefined ? undefined : pseudonymisationOf(key).pseudonymOf;
  const exceptions = pseudonymOf === undefined ? raw : raw.map((record) => pseudonymiseException(record, pseudonymOf));
  const found = runHealthWarnings(run);
  const warnings = pseudonymOf === undefined ? found : found.map((warning) => mapWarningIds(warning, pseudonymOf));
  return { accounting, exceptions, warnings, inputs: run.inputs };
}

/** The audit trail of one child: each plan line and its arithmetic, each contact row and its bucket, the totals. */
export async function explain(sources: InputSources, childId: string, options?: ReconcileOptions): Promise<ChildExplanation> {
  const key = options?.pseudonymise?.key;
  const pseudonymOf = key === undefined ? undefined : pseudonymisationOf(key).pseudonymOf;
  const run = await readRun(sources, options, { watchChildId: childId });
  const { book, totals, settings } = run;
  const rules = run.inputs.reading.ids;
  // The ID as the plans file compares it: under an identifier rule, "485 777 3457" is 4857773457.
  const watched = run.watchedIds ?? { plans: childId, contacts: childId };
  // With pseudonymisation the raw ID never reaches an output, a message included, nor do other children's.
  const shownId = pseudonymOf === undefined ? watched.plans : pseudonymOf(watched.plans);
  const similar = pseudonymOf === undefined && run.watchedPlanRows.length === 0 ? nearestIds(watched.plans, book.childIds()) : [];
  if (run.watchedPlanRows.length === 0 && totals.watched.length === 0) {
    const rule = rules.plans === rules.contacts ? `the identifier rule ${rules.plans}` : `the identifier rules ${rules.plans} (plans) and ${rules.contacts} (contacts)`;
    const suggestion = similar.length === 0 ? '' : `; did you mean ${listWords(similar.map(visible))}?`;
    throw new UsageError(`child "${visible(shownId)}" appears in neither the plans file nor the contacts file${suggestion} (IDs are compared exactly after ${rule}; --ids sets it)`);
  }
  const childYears: ChildYear[] = [];
  for (let index = 0; index < book.childYears.length; index++) {
    if (book.childYears.childIdOf(index) === watched.plans) childYears.push(computeChildYear(book.childYears.at(index), index, totals, settings));
  }
  const explanation = explainChild({
    childId: shownId,
    // The ID as given, when the rule changed it (never under pseudonymisation: it is the raw ID).
    givenId: pseudonymOf === undefined && childId !== watched.plans ? childId : null,
    idRules: rules,
    similarPlanIds: similar,
    yearLabel: formatYear(settings.year.yearStart),
    settings,
    book,
    planRows: run.watchedPlanRows,
    contactRows: totals.watched,
    childYears: pseudonymOf === undefined ? childYears : childYears.map((childYear) => pseudonymiseChildYear(childYear, pseudonymOf)),
  });
  return pseudonymOf === undefined ? explanation : pseudonymiseExplanationValues(explanation, pseudonymOf);
}

/** A row refused for its child_id quotes the ID as written: it is replaced by its pseudonym, as in exceptions. */
function pseudonymiseExplanationValues(explanation: ChildExplanation, pseudonymOf: PseudonymOf): ChildExplanation {
  const hide = <T extends { readonly field: string | null; readonly value: string | null }>(row: T): T =>
    row.field === 'child_id' && row.value !== null && row.value !== '' ? { ...row, value: pseudonymOf(row.value) } : row;
  return { ...explanation, planRows: explanation.planRows.map(hide), contactRows: explanation.contactRows.map(hide) };
}
