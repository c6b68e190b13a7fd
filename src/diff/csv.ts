// --format csv for a diff: one row per child-year that changed, the list it is in under `change`.
import { formatCsv, type CsvCell } from '../io/csvWriter.js';
import { allChanges, type SummaryDiff } from './compare.js';

export const DIFF_CSV_HEADER = [
  'change',
  'childId',
  'discipline',
  'oldStatus',
  'newStatus',
  'oldShortfallMinutes',
  'newShortfallMinutes',
  'shortfallChangeMinutes',
  'reason',
] as const;

/**
 * Standard output never has a BOM (README.md#outputs). shortfallChangeMinutes is the one signed number in our CSVs:
 * a plain numeric cell such as -45 is read by a spreadsheet as a number, not a formula, so it needs no
 * defusing; the text cells still go through the writer's injection guard.
 */
export function renderDiffCsv(diff: SummaryDiff): string {
  const rows = allChanges(diff).map(({ kind, row }): CsvCell[] => [
    kind,
    row.childId,
    row.discipline,
    row.oldStatus,
    row.newStatus,
    row.oldShortfallMinutes,
    row.newShortfallMinutes,
    row.change,
    row.reason,
  ]);
  return formatCsv(DIFF_CSV_HEADER, rows, { bom: false });
}
