// The About sheet: what made the workbook, from which inputs (path, size, SHA-256), with which
// options, the run's warnings, and notes on the workbook itself (a table continued on a further sheet,
// a text cut to a cell's length).
import { formatNumber } from '../headlineText.js';
import type { ReconciliationResult } from '../../result/reconciliationResult.js';
import type { CellTally } from './cells.js';
import { groupFieldLabel, type WorkbookGroup } from './headlineSheet.js';
import { MAX_CELL_CHARS } from './spreadsheetText.js';
import { BLANK_ROW, documentSheet, heading, prose, text, type DocumentRow } from './documentSheet.js';
import type { SheetContinuation, WorkbookSheet } from './tableSheets.js';

/** An input file of the run, as manifest.json describes it. */
export interface WorkbookInput {
  /** What the file is: plans, contacts, mapping, calendar … */
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** What the workbook says about its run that the result does not hold. */
export interface WorkbookAbout {
  /** The tool and its version, such as "ehcp-recon 0.1.0". */
  readonly madeBy: string;
  /** The run's warnings, in words; may be empty. */
  readonly warnings: readonly string[];
  readonly inputs: readonly WorkbookInput[];
}

function optionRow(name: string, value: string | number | boolean | null): DocumentRow {
  if (typeof value === 'number') return { cells: [text(name), { format: 'general', value }] };
  return { cells: [text(name), text(value === null ? null : String(value))] };
}

export function continuationNote(continuation: SheetContinuation): string {
  const ranges = continuation.sheets.map((sheet) => `rows ${formatNumber(sheet.firstRecord)} to ${formatNumber(sheet.lastRecord)} on "${sheet.name}"`);
  return `The ${continuation.table} table has ${formatNumber(continuation.rowCount)} rows, more than one sheet holds: ${ranges.join(', ')}.`;
}

/** What the About sheet notes of the workbook itself; `group` for a workbook of one group of a split. */
interface WorkbookNotes {
  readonly continuations: readonly SheetContinuation[];
  readonly tally: CellTally;
  readonly group?: WorkbookGroup | undefined;
}

export function aboutRows(result: ReconciliationResult, about: WorkbookAbout, notes: WorkbookNotes): DocumentRow[] {
  const pseudonyms = result.pseudonymisation;
  const { group } = notes;
  const workbookNotes = notes.continuations.map(continuationNote);
  if (group !== undefined) {
    workbookNotes.unshift(
      `This workbook holds one ${group.field}'s child-years of a run split by ${group.field}. It has no Exceptions sheet: exceptions are rows of the input files, not of a group's children, and the whole run's exceptions.csv and shortfall.xlsx list them.`,
    );
  }
  if (notes.tally.truncatedTexts > 0) {
    workbookNotes.push(
      `${formatNumber(notes.tally.truncatedTexts)} text ${notes.tally.truncatedTexts === 1 ? 'cell was' : 'cells were'} longer than the ${formatNumber(MAX_CELL_CHARS)} characters a cell holds and ${notes.tally.truncatedTexts === 1 ? 'was' : 'were'} cut to that length; the CSV files hold them whole.`,
    );
  }
  return [
    { cells: [heading('About this workbook')] },
    { cells: [text('Made by'), text(about.madeBy)] },
    ...(group === undefined ? [] : [{ cells: [text(groupFieldLabel(group)), text(group.value ?? `(no ${group.field} given)`)] }]),
    { cells: [text('Academic year'), text(result.year)] },
    { cells: [text('As of'), { format: 'date', value: result.asOf }] },
    { cells: [text('Child IDs'), text(pseudonyms === null ? 'as in the inputs' : `pseudonymised (key fingerprint ${pseudonyms.keyFingerprint})`)] },
    BLANK_ROW,
    { cells: [heading('Options')] },
    ...Object.entries(result.options).map(([name, value]) => optionRow(name, value)),
    BLANK_ROW,
    { cells: [heading('Warnings')] },
    ...(about.warnings.length === 0 ? [prose('None.')] : about.warnings.map(prose)),
    BLANK_ROW,
    { cells: [heading('Inputs')] },
    { cells: [heading('Input'), heading('Path'), heading('Bytes'), heading('SHA-256')] },
    ...about.inputs.map((input) => ({ cells: [text(input.name), text(input.path), { format: 'count', value: input.bytes } as const, text(input.sha256)] })),
    BLANK_ROW,
    { cells: [heading('Notes')] },
    ...(workbookNotes.length === 0 ? [prose('None.')] : workbookNotes.map(prose)),
  ];
}

/** The About sheet, made last: its notes report on every sheet written before it. */
export function aboutSheet(result: ReconciliationResult, about: WorkbookAbout, notes: WorkbookNotes): WorkbookSheet {
  return documentSheet({ name: 'About', rows: () => aboutRows(result, about, notes), table: null, tally: notes.tally });
}
