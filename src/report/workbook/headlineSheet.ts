// The Headline sheet: the headline figures as label/value rows (numbers as numbers), one value column
// per discipline beside the run's when it has several, then the headline in the words of a board paper.
import { headlineSentences } from '../headlineText.js';
import type { ResultGroup } from '../../result/groups.js';
import type { ReconciliationResult } from '../../result/reconciliationResult.js';
import type { Headline } from '../../result/summary.js';
import type { CellFormat, CellTally, CellValue } from './cells.js';
import { BLANK_ROW, documentSheet, heading, prose, text, type DocumentRow } from './documentSheet.js';
import type { WorkbookSheet } from './tableSheets.js';

interface HeadlineFigure {
  readonly label: string;
  readonly format: CellFormat;
  readonly valueOf: (headline: Headline) => CellValue;
}

const HEADLINE_FIGURES: readonly HeadlineFigure[] = [
  { label: 'Children in scope', format: 'count', valueOf: (headline) => headline.distinctChildren },
  { label: 'Child and discipline pairs in scope', format: 'count', valueOf: (headline) => headline.childrenInScope },
  { label: 'Children who did not receive their full allocation', format: 'count', valueOf: (headline) => headline.worklistChildren },
  { label: 'Pairs that did not receive their full allocation', format: 'count', valueOf: (headline) => headline.notReceivingFullAllocation },
  { label: 'Did not receive their full allocation (%)', format: 'percent', valueOf: (headline) => headline.notReceivingShare },
  { label: 'Received no contact', format: 'count', valueOf: (headline) => headline.noContact },
  { label: 'Required hours', format: 'twoDecimals', valueOf: (headline) => headline.requiredHours },
  // Delivered within each child's plan: with the hours owed (and any shortfall within tolerance) it makes up the required hours.
  { label: 'Required hours delivered', format: 'twoDecimals', valueOf: (headline) => headline.deliveredWithinPlanHours },
  { label: 'Required hours delivered (%)', format: 'percent', valueOf: (headline) => headline.deliveredShare },
  { label: 'Hours owed', format: 'twoDecimals', valueOf: (headline) => headline.hoursOwed },
  { label: 'Shortfall within tolerance, counted as met', format: 'twoDecimals', valueOf: (headline) => headline.shortfallWithinToleranceHours },
  { label: 'Hours delivered beyond plans (not offsetting shortfall)', format: 'twoDecimals', valueOf: (headline) => headline.deliveredBeyondPlanHours },
  { label: 'At risk by the end of the year', format: 'count', valueOf: (headline) => headline.atRisk },
];

/** A row of one figure for the whole run, the other value columns left empty. */
function runFigure(label: string, format: CellFormat, value: CellValue): DocumentRow {
  return { cells: [text(label), { format, value }] };
}

/** The group a workbook of a split holds (--split-by), as its sheets name it. */
export type WorkbookGroup = Pick<ResultGroup, 'field' | 'value'>;

/** "Commissioner", "Provider", "Locality". */
export function groupFieldLabel(group: WorkbookGroup): string {
  return group.field.charAt(0).toUpperCase() + group.field.slice(1);
}

/** Whose figures a group's workbook holds, said once above the headline. */
export function groupSentence(group: WorkbookGroup): string {
  const whose = group.value === null ? `whose plans name no ${group.field}` : `whose ${group.field} is "${group.value}"`;
  return `These figures are of the child-years ${whose}, and no others: the run split its outputs by ${group.field}.`;
}

/**
 * The rows of the Headline sheet. The run-health warnings, when there are any, come first, above the
 * figures they put in doubt (docs/operations.md#when-the-numbers-look-wrong). A group's (--split-by)
 * are its own figures, with the group named first; the in-house hours available are the run's budget,
 * which every group shares, and say so.
 */
export function headlineRows(
  result: ReconciliationResult,
  warnings: readonly string[],
  group?: WorkbookGroup,
): { readonly rows: DocumentRow[]; readonly columnCount: number; readonly tableRows: number; readonly firstTableRow: number } {
  const disciplines = Object.entries(result.headlineByDiscipline);
  const isSplit = disciplines.length > 1;
  // With several disciplines the run's counts are of child-and-discipline pairs, not children.
  const header = [
    heading('Figure'),
    heading(isSplit ? 'All disciplines (child-discipline pairs)' : (disciplines[0]?.[0] ?? 'Value')),
    ...(isSplit ? disciplines.map(([name]) => heading(name)) : []),
  ];
  const totals = result.worklistTotals;
  const table: DocumentRow[] = [
    { cells: header },
    ...(group === undefined ? [] : [runFigure(groupFieldLabel(group), 'text', group.value ?? `(no ${group.field} given)`)]),
    runFigure('Academic year', 'text', result.year),
    runFigure('As of', 'date', result.asOf),
    ...HEADLINE_FIGURES.map((figure) => ({
      cells: [
        text(figure.label),
        { format: figure.format, value: figure.valueOf(result.headline) },
        ...(isSplit ? disciplines.map(([, headline]) => ({ format: figure.format, value: figure.valueOf(headline) })) : []),
      ],
    })),
    runFigure('Recovery deadline', 'date', totals.deadline),
    runFigure('Term-time weeks left', 'twoDecimals', totals.weeksLeft),
    ...(totals.totalCost === null ? [] : [runFigure('Estimated cost of independent provision', 'money', totals.totalCost)]),
    ...(totals.inHouseHours === null ? [] : [runFigure('In-house hours given', 'twoDecimals', totals.inHouseHours)]),
    ...(totals.capacityHours === null
      ? []
      : [runFigure(group === undefined ? 'In-house hours available' : 'In-house hours available to the whole run', 'twoDecimals', totals.capacityHours)]),
  ];
  const sentences = [...(group === undefined ? [] : [groupSentence(group), '']), ...headlineSentences(result)].map((sentence) =>
    sentence === '' ? BLANK_ROW : prose(sentence),
  );
  const banner =
    warnings.length === 0
      ? []
      : [
          { cells: [heading(`Check before use: ${warnings.length === 1 ? 'a run-health warning' : `${warnings.length} run-health warnings`}`)] },
          ...warnings.map(prose),
          BLANK_ROW,
        ];
  return {
    rows: [...banner, ...table, BLANK_ROW, ...sentences],
    columnCount: header.length,
    tableRows: table.length,
    firstTableRow: banner.length + 1,
  };
}

export function headlineSheet(result: ReconciliationResult, warnings: readonly string[], tally: CellTally, group?: WorkbookGroup): WorkbookSheet {
  const { rows, columnCount, tableRows, firstTableRow } = headlineRows(result, warnings, group);
  return documentSheet({ name: 'Headline', rows: () => rows, table: { columnCount, tableRows, firstRow: firstTableRow }, tally, isSelected: true });
}
