// The files of --split-by under --out (docs/outputs.md#split-by-folders): by-<field>/<folder>/ for each
// group, with that group's shortfall.csv, worklist.csv and shortfall.xlsx, and by-<field>/index.csv
// listing the groups with their counts. Every file is made by the run's own renderers from the group's
// result (src/result/groups.ts), a piece at a time as it is written.
import { formatCsvRow } from '../../io/csvWriter.js';
import { SPLIT_FIELDS, splitResult, type ResultGroup, type SplitField } from '../../result/groups.js';
import { describeWarning, type HealthWarning } from '../../result/health.js';
import type { ReconciliationResult } from '../../result/reconciliationResult.js';
import { shortfallCsv, worklistCsv } from '../csvOutputs.js';
import { shortfallWorkbook, WORKBOOK_FILE_NAME, type WorkbookAbout } from '../workbook/shortfallWorkbook.js';
import { groupFolderNames } from './folderNames.js';

/** The folder under --out that holds a split's groups: by-commissioner, by-provider, by-locality. */
export function splitFolderOf(field: SplitField): string {
  return `by-${field}`;
}

/** Every folder a split can write, whichever field this run splits by (an earlier run may have split by another). */
export const SPLIT_FOLDERS: readonly string[] = SPLIT_FIELDS.map(splitFolderOf);

export const SPLIT_INDEX_NAME = 'index.csv';

/** The files a split writes in its folders: nothing else in them is the tool's. */
export const SPLIT_FILE_NAMES: readonly string[] = ['shortfall.csv', 'worklist.csv', WORKBOOK_FILE_NAME, SPLIT_INDEX_NAME];

/** A file of a split: its path under --out, with "/" between folders, and its content in pieces. */
export interface SplitFile {
  readonly name: string;
  readonly content: Iterable<string | Uint8Array>;
}

/** A group and the folder it is written to. */
export interface SplitGroupFolder {
  readonly group: ResultGroup;
  /** The folder's name inside by-<field>/ (folderNames.ts). */
  readonly folder: string;
}

/** The groups of `result` by `field`, each with its folder. */
export function splitGroups(result: ReconciliationResult, field: SplitField): SplitGroupFolder[] {
  const groups = splitResult(result, field);
  const folders = groupFolderNames(groups.map((group) => group.value));
  return groups.map((group, index) => ({ group, folder: folders[index]! }));
}

/**
 * The run's warnings as a group's workbook gives them. ids-do-not-join quotes examples of child IDs,
 * and many-invalid-rows the cell of one row, which may be another group's child's: a group is told
 * each warning without them.
 */
function groupWarnings(warnings: readonly HealthWarning[]): string[] {
  return warnings.map((warning) => {
    switch (warning.code) {
      case 'ids-do-not-join':
        return "Many contacts name a child the plans file does not have (ids-do-not-join), so the children they belong to may look as if they had no contact. The whole run's outputs give the figures, example IDs and what to check.";
      case 'many-invalid-rows': {
        const { message: _message, ...figures } = warning;
        return describeWarning({ ...figures, commonest: { ...figures.commonest, value: null } });
      }
      default:
        return warning.message;
    }
  });
}

const INDEX_COUNTS = [
  'folder',
  'child_years',
  'children',
  'shortfall',
  'no_contact',
  'worklist_rows',
  'at_risk',
  'required_hours',
  'delivered_hours',
  'owed_hours',
];

/**
 * Content made only when it is read. A split has a file or three per group, all listed before the first
 * is written: a renderer made at once sets up its writers (their caches) there and then, and hundreds
 * of groups' writers would all be held until the last file is written.
 */
function whenRead<T>(make: () => Iterable<T>): Iterable<T> {
  return { [Symbol.iterator]: () => make()[Symbol.iterator]() };
}

/** The index of a split: one row per group, in the groups' order, with the figures of its folder. */
function* indexCsv(field: SplitField, groups: readonly SplitGroupFolder[], bom: boolean): Generator<string> {
  if (bom) yield '\uFEFF';
  yield formatCsvRow([field, ...INDEX_COUNTS]);
  for (const { group, folder } of groups) {
    const { headline, summary, worklist } = group.result;
    yield formatCsvRow([
      group.value,
      folder,
      headline.childrenInScope,
      headline.distinctChildren,
      summary.statuses.shortfall,
      summary.statuses['no-contact'],
      worklist.length,
      headline.atRisk,
      headline.requiredHours.toFixed(2),
      headline.deliveredWithinPlanHours.toFixed(2),
      headline.hoursOwed.toFixed(2),
    ]);
  }
}

/**
 * Every file of a split of `result` by `field`: for each group, in order, its shortfall.csv,
 * worklist.csv and shortfall.xlsx; then the index; and how many groups there are. `about` is the
 * run's (its warnings are given again as a group may see them).
 */
export function splitOutputs(
  result: ReconciliationResult,
  field: SplitField,
  options: { readonly bom: boolean; readonly about: WorkbookAbout },
): { readonly files: SplitFile[]; readonly groupCount: number } {
  const folder = splitFolderOf(field);
  const groups = splitGroups(result, field);
  const about: WorkbookAbout = { ...options.about, warnings: groupWarnings(result.warnings) };
  const files = [
    ...groups.flatMap(({ group, folder: groupFolder }): SplitFile[] => {
      const path = `${folder}/${groupFolder}`;
      return [
        { name: `${path}/shortfall.csv`, content: whenRead(() => shortfallCsv(group.result, options.bom)) },
        { name: `${path}/worklist.csv`, content: whenRead(() => worklistCsv(group.result, options.bom)) },
        { name: `${path}/${WORKBOOK_FILE_NAME}`, content: whenRead(() => shortfallWorkbook(group.result, about, { group })) },
      ];
    }),
    { name: `${folder}/${SPLIT_INDEX_NAME}`, content: indexCsv(field, groups, options.bom) },
  ];
  return { files, groupCount: groups.length };
}
