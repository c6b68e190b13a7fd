// shortfall.xlsx: the run's figures as a workbook whose cells are typed, so that a spreadsheet shows
// IDs, dates and names as they are (docs/xlsx.md, "Writing shortfall.xlsx"). Made as it is read: the
// child-years are read once, a row at a time, and the bytes come out a compressed piece at a time.
import { dateOfDay, parseIsoDay } from '../../calendar/day.js';
import type { ReconciliationResult } from '../../result/reconciliationResult.js';
import { aboutSheet, type WorkbookAbout } from './aboutSheet.js';
import { stylesXml, type CellTally } from './cells.js';
import { headlineSheet, type WorkbookGroup } from './headlineSheet.js';
import {
  appPropertiesXml,
  contentTypesXml,
  corePropertiesXml,
  packageRelationshipsXml,
  workbookRelationshipsXml,
  workbookXml,
  worksheetPath,
} from './packageParts.js';
import { SHEET_ROW_LIMIT, tableSheets, type SheetContinuation, type WorkbookSheet } from './tableSheets.js';
import { breakdownTable, BREAKDOWNS, exceptionsTable, shortfallTable, worklistTable } from './workbookTables.js';
import { zipArchive, type ArchiveEntry } from './zipArchive.js';

export type { WorkbookAbout } from './aboutSheet.js';

export interface WorkbookOptions {
  /** Rows a sheet holds, the header row included; a table with more goes on over further sheets. */
  readonly rowsPerSheet?: number;
  /** zlib's level, 1 to 9 (docs/xlsx.md says why the default). */
  readonly compressionLevel?: number;
  /**
   * The group of a split (--split-by) whose result this is: its Headline and About sheets name it, and
   * it has no Exceptions sheet (exceptions are input rows, not a group's children).
   */
  readonly group?: WorkbookGroup | undefined;
}

export const WORKBOOK_FILE_NAME = 'shortfall.xlsx';
const DEFAULT_COMPRESSION_LEVEL = 3;

/** The sheets in order: Headline, Shortfall, Worklist, By provider, By locality, By commissioner, Exceptions (not for a group), About. */
function workbookSheets(result: ReconciliationResult, about: WorkbookAbout, rowsPerSheet: number, group: WorkbookGroup | undefined): WorkbookSheet[] {
  const tally: CellTally = { truncatedTexts: 0 };
  const tables = [
    tableSheets(shortfallTable(result), { rowsPerSheet, tally }),
    tableSheets(worklistTable(result), { rowsPerSheet, tally }),
    ...BREAKDOWNS.map((breakdown) => tableSheets(breakdownTable(breakdown, result), { rowsPerSheet, tally })),
    ...(group === undefined ? [tableSheets(exceptionsTable(result), { rowsPerSheet, tally })] : []),
  ];
  const continuations = tables.map((table) => table.continuation).filter((continuation): continuation is SheetContinuation => continuation !== null);
  return [
    headlineSheet(result, about.warnings, tally, group),
    ...tables.flatMap((table) => table.sheets),
    aboutSheet(result, about, { continuations, tally, group }),
  ];
}

function* workbookEntries(result: ReconciliationResult, about: WorkbookAbout, options: WorkbookOptions): Generator<ArchiveEntry> {
  const sheets = workbookSheets(result, about, options.rowsPerSheet ?? SHEET_ROW_LIMIT, options.group);
  yield { name: '[Content_Types].xml', pieces: [contentTypesXml(sheets.length)] };
  yield { name: '_rels/.rels', pieces: [packageRelationshipsXml()] };
  yield {
    name: 'docProps/core.xml',
    pieces: [corePropertiesXml({ title: `EHCP therapy shortfall ${result.year}`, creator: about.madeBy, date: result.asOf })],
  };
  yield { name: 'docProps/app.xml', pieces: [appPropertiesXml('ehcp-recon')] };
  yield { name: 'xl/workbook.xml', pieces: [workbookXml(sheets)] };
  yield { name: 'xl/_rels/workbook.xml.rels', pieces: [workbookRelationshipsXml(sheets.length)] };
  yield { name: 'xl/styles.xml', pieces: [stylesXml()] };
  for (const [index, sheet] of sheets.entries()) yield { name: worksheetPath(index), pieces: sheet.pieces };
}

/**
 * The bytes of shortfall.xlsx, in order, made as they are read. Reading them walks the child-years
 * once; nothing larger than a piece of a sheet is held. The same result and `about` give the same
 * bytes: every time stamp in the file is the run's as-of date.
 */
export function shortfallWorkbook(result: ReconciliationResult, about: WorkbookAbout, options: WorkbookOptions = {}): Iterable<Uint8Array> {
  const asOf = parseIsoDay(result.asOf);
  const date = asOf === undefined ? { year: 1980, month: 1, day: 1 } : dateOfDay(asOf);
  return zipArchive(workbookEntries(result, about, options), {
    date,
    level: options.compressionLevel ?? DEFAULT_COMPRESSION_LEVEL,
  });
}
