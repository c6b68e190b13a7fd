// Pseudonymised sharing (--pseudonymise): every child ID in a result becomes its pseudonym before any
// reporter sees it, so no renderer can leak a raw ID by forgetting to hash one.
import type { ExceptionRecord } from '../reconcile/accounting.js';
import { mapChildYears, type ChildYear } from '../reconcile/childYear.js';
import type { ReconciliationResult } from '../reconcile/result.js';

export type PseudonymOf = (childId: string) => string;

export function pseudonymiseException(record: ExceptionRecord, pseudonymOf: PseudonymOf): ExceptionRecord {
  const childId = record.childId === null ? null : pseudonymOf(record.childId);
  // A child_id problem quotes the raw value: it is the ID, so it is replaced as well.
  const value = record.field === 'child_id' && record.value !== '' ? pseudonymOf(record.value) : record.value;
  return { ...record, childId, value };
}

export function pseudonymiseChildYear(childYear: ChildYear, pseudonymOf: PseudonymOf): ChildYear {
  return { ...childYear, childId: pseudonymOf(childYear.childId) };
}

export function pseudonymiseResult(result: ReconciliationResult, pseudonymOf: PseudonymOf, keyFingerprint: string): ReconciliationResult {
  return {
    ...result,
    pseudonymisation: { keyFingerprint },
    childYears: mapChildYears(result.childYears, (childYear) => pseudonymiseChildYear(childYear, pseudonymOf)),
    worklist: result.worklist.map((row) => ({ ...row, childId: pseudonymOf(row.childId) })),
    exceptions: result.exceptions.map((record) => pseudonymiseException(record, pseudonymOf)),
  };
}
