// Pseudonymised sharing: every child ID in a result becomes a keyed pseudonym before any reporter
// sees it, so that no renderer can leak a raw ID by forgetting to hash one. The key is the caller's
// (the command line reads it from the environment, never from an option, where it would land in shell
// history and process lists). See docs/operations.md#pseudonymisation.
import { createHash, createHmac } from 'node:crypto';
import { memoise } from '../memo.js';
import type { ExceptionRecord } from '../reconcile/accounting.js';
import { mapChildYears, type ChildYear } from '../reconcile/childYear.js';
import { mapExceptions } from '../reconcile/exceptionSink.js';
import type { ReconciliationResult } from '../result/reconciliationResult.js';

export type PseudonymOf = (childId: string) => string;

/**
 * 16 hex digits = 64 bits of HMAC-SHA256. Among two million IDs (three national cohorts of children
 * with plans) the chance that any two share a pseudonym is about n² / 2⁶⁵ ≈ 1 in 9 million.
 */
export const PSEUDONYM_HEX_DIGITS = 16;
const PREFIX = 'P';

export interface Pseudonymisation {
  readonly pseudonymOf: PseudonymOf;
  /** Identifies the key without revealing it, so that diff can refuse files made with different keys. */
  readonly keyFingerprint: string;
}

/** The pseudonyms of a key (checked long enough by the options). */
export function pseudonymisationOf(key: string): Pseudonymisation {
  return {
    pseudonymOf: memoise((childId: string) => PREFIX + createHmac('sha256', key).update(childId, 'utf8').digest('hex').slice(0, PSEUDONYM_HEX_DIGITS)),
    keyFingerprint: createHash('sha256').update(`ehcp-recon key fingerprint\u0000${key}`, 'utf8').digest('hex').slice(0, 16),
  };
}

export function pseudonymiseException(record: ExceptionRecord, pseudonymOf: PseudonymOf): ExceptionRecord {
  const childId = record.childId === null ? null : pseudonymOf(record.childId);
  // A child_id problem quotes the raw value: it is the ID, so it is replaced as well.
  const value = record.field === 'child_id' && record.value !== '' ? pseudonymOf(record.value) : record.value;
  return { ...record, childId, value };
}

export function pseudonymiseChildYear(childYear: ChildYear, pseudonymOf: PseudonymOf): ChildYear {
  return { ...childYear, childId: pseudonymOf(childYear.childId) };
}

export function pseudonymiseResult(result: ReconciliationResult, pseudonymisation: Pseudonymisation): ReconciliationResult {
  const { pseudonymOf, keyFingerprint } = pseudonymisation;
  return {
    ...result,
    pseudonymisation: { keyFingerprint },
    childYears: mapChildYears(result.childYears, (childYear) => pseudonymiseChildYear(childYear, pseudonymOf)),
    worklist: result.worklist.map((row) => ({ ...row, childId: pseudonymOf(row.childId) })),
    exceptions: mapExceptions(result.exceptions, (record) => pseudonymiseException(record, pseudonymOf)),
  };
}
