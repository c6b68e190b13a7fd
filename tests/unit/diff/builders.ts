// Builders shared by the diff tests: a parsed summary with only what a test is about.
import type { DiffSide } from '../../../src/diff/compare.js';
import type { ChildYearForDiff, SummaryForDiff } from '../../../src/diff/summaryFile.js';

export function childYear(
  childId: string,
  status: ChildYearForDiff['status'],
  shortfallMinutes = 0,
  overrides: Partial<ChildYearForDiff> = {},
): ChildYearForDiff {
  return { childId, discipline: 'OT', status, shortfallMinutes, planEnd: null, ...overrides };
}

export function summary(childYears: ChildYearForDiff[], overrides: Partial<SummaryForDiff> = {}): SummaryForDiff {
  return {
    schemaVersion: 1,
    year: '2025/26',
    asOf: '2026-03-31',
    options: { discipline: null },
    headline: {
      childrenInScope: childYears.length,
      notReceivingFullAllocation: 0,
      notReceivingShare: 0,
      noContact: 0,
      requiredHours: 0,
      deliveredHours: 0,
      deliveredShare: null,
      hoursOwed: 0,
      atRisk: 0,
      disciplines: [...new Set(childYears.map((row) => row.discipline))].sort(),
      distinctChildren: new Set(childYears.map((row) => row.childId)).size,
      worklistChildren: 0,
      deliveredWithinPlanHours: 0,
      deliveredBeyondPlanHours: 0,
      shortfallWithinToleranceHours: 0,
    },
    childYears,
    pseudonymisation: null,
    warnings: [],
    ...overrides,
  };
}

export function side(file: string, childYears: ChildYearForDiff[], overrides: Partial<SummaryForDiff> = {}): DiffSide {
  return { file, summary: summary(childYears, overrides) };
}
