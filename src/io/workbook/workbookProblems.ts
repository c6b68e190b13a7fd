// Run-stopping problems with a workbook, as data first and words last (as csvProblems.ts does for CSV):
// tests and callers look at `problem.code`; all wording lives in the one switch below. Every sentence
// names the file and says what to do, and none quotes a cell's contents (a cell may hold a child's ID).
// The limits are explained in docs/xlsx.md.
import { InputError } from '../../errors.js';

/** Largest number of entries a workbook's zip may list: real workbooks have tens, rarely hundreds. */
export const MAX_ZIP_ENTRIES = 10_000;
/** Largest central directory read into memory. */
export const MAX_CENTRAL_DIRECTORY_BYTES = 16 << 20;
/** The small parts (content types, relationships, workbook, styles) are read whole: this much, inflated. */
export const MAX_METADATA_PART_BYTES = 64 << 20;
/** A sheet streams, so its size bounds time, not memory: 4 GiB, the most a classic zip entry can declare. */
export const MAX_SHEET_PART_BYTES = 4 * 2 ** 30;
/** The shared-strings XML streams too; what it keeps is bounded by MAX_SHARED_STRING_BYTES. */
export const MAX_SHARED_STRINGS_PART_BYTES = 1 << 30;
/** Text of the shared-strings table, held in memory while the sheet is read (UTF-8 bytes plus 4 per entry). */
export const MAX_SHARED_STRING_BYTES = 64 << 20;
/** Inflated : compressed. Deflate tops out near 1,032 : 1; sheet XML comes out near 10 : 1 (docs/xlsx.md). */
export const MAX_COMPRESSION_RATIO = 200;
/** The ratio is judged once a part has inflated this far, so that a tiny, very regular part passes. */
export const RATIO_GRACE_BYTES = 4 << 20;
/** Excel's own grid: columns A to XFD, rows 1 to 1,048,576. */
export const MAX_COLUMNS = 16_384;
export const MAX_ROWS = 1_048_576;
/** Characters in one cell: Excel's own limit is 32,767; the CSV reader's is the same 1 MiB. */
export const MAX_CELL_CHARS = 1 << 20;
/** Characters in one row, all cells together, so that 16,384 long cells cannot fill memory. */
export const MAX_ROW_CHARS = 16 << 20;
/**
 * Blank cells a sheet may make beyond one per byte of its XML: one cell far to the right ("XFD7")
 * fills 16,384 places in a row from 40 bytes, so a sheet of such rows would take minutes to deliver.
 * A real sheet, blanks and all, stays well within a cell per byte; this leaves room for 256 rows of
 * Excel's full width besides.
 */
export const BLANK_CELL_ALLOWANCE = MAX_COLUMNS * 256;
/**
 * Characters a sheet may deliver per byte of its XML, beyond a shared-strings table's worth (MAX_SHARED_STRING_BYTES): a cell of 25 bytes can
 * name a shared string of a megabyte, so a small file could otherwise make terabytes of text. Real
 * sheets deliver a few characters per byte at most.
 */
export const MAX_TEXT_PER_XML_BYTE = 64;

export type WorkbookProblem =
  | { readonly code: 'unreadable'; readonly source: string; readonly reason: string }
  | { readonly code: 'empty'; readonly source: string }
  /** An OLE2 compound file: an old .xls, or an .xlsx saved with a password (Office encrypts into OLE2). */
  | { readonly code: 'xls-or-encrypted'; readonly source: string }
  | { readonly code: 'not-a-zip'; readonly source: string }
  /** A zip that is cut short or damaged: `detail` says where, in words for a developer, never cell text. */
  | { readonly code: 'damaged'; readonly source: string; readonly detail: string }
  /** A zip that is not an Excel workbook (a Word file, an OpenDocument spreadsheet, any other zip). */
  | { readonly code: 'not-a-workbook'; readonly source: string; readonly looksLike?: 'ods' | 'docx' | 'pptx' }
  | { readonly code: 'binary-workbook'; readonly source: string }
  | { readonly code: 'macro-enabled'; readonly source: string }
  | { readonly code: 'zip-bomb'; readonly source: string; readonly part: string; readonly reason: 'size' | 'ratio'; readonly limit: number }
  | { readonly code: 'zip-encrypted-entry'; readonly source: string; readonly part: string }
  | { readonly code: 'unsupported-compression'; readonly source: string; readonly part: string; readonly method: number }
  | { readonly code: 'xml-declarations'; readonly source: string; readonly part: string }
  | { readonly code: 'xml-encoding'; readonly source: string; readonly part: string; readonly encoding: string }
  | { readonly code: 'shared-strings-too-large'; readonly source: string }
  | { readonly code: 'no-sheets'; readonly source: string }
  | { readonly code: 'unknown-sheet'; readonly source: string; readonly sheet: string; readonly sheets: readonly string[] }
  | { readonly code: 'not-a-worksheet'; readonly source: string; readonly sheet: string }
  | { readonly code: 'cell-beyond-grid'; readonly source: string; readonly sheet: string; readonly rowNumber: number }
  | { readonly code: 'rows-out-of-order'; readonly source: string; readonly sheet: string; readonly rowNumber: number }
  | { readonly code: 'cell-too-long'; readonly source: string; readonly cell: string }
  | { readonly code: 'row-too-long'; readonly source: string; readonly sheet: string; readonly rowNumber: number }
  | { readonly code: 'sparse-rows'; readonly source: string; readonly sheet: string; readonly rowNumber: number }
  | { readonly code: 'repeated-long-text'; readonly source: string; readonly sheet: string; readonly rowNumber: number };

export type WorkbookProblemCode = WorkbookProblem['code'];

const SAVE_AS_CSV = 'save the sheet from Excel as "CSV UTF-8 (Comma delimited)" and pass that file';

export function describeWorkbookProblem(problem: WorkbookProblem): string {
  const { source } = problem;
  switch (problem.code) {
    case 'unreadable':
      return `cannot read ${source}: ${problem.reason}`;
    case 'empty':
      return `${source} is empty: expected an .xlsx workbook`;
    case 'xls-or-encrypted':
      return `${source} is an old .xls workbook or a password-protected one, which this tool cannot read: save it as .xlsx without a password, or as CSV UTF-8, and pass that file`;
    case 'not-a-zip':
      return `${source} is not an .xlsx workbook (an .xlsx file is a zip archive and this is not one): ${SAVE_AS_CSV}`;
    case 'damaged':
      return `${source} is a damaged or incomplete .xlsx workbook (${problem.detail}): open it in Excel and save it again, or ${SAVE_AS_CSV}`;
    case 'not-a-workbook':
      return problem.looksLike === 'ods'
        ? `${source} is an OpenDocument spreadsheet (.ods), not an .xlsx workbook: save it as .xlsx or as CSV UTF-8 and pass that file`
        : `${source} is a zip archive but not an Excel workbook${problem.looksLike === undefined ? '' : ` (it looks like a .${problem.looksLike} file)`}: pass the .xlsx workbook or a CSV export`;
    case 'binary-workbook':
      return `${source} is an Excel binary workbook (.xlsb), which this tool does not read: save it as .xlsx (Excel Workbook) or ${SAVE_AS_CSV}`;
    case 'macro-enabled':
      return `${source} is a macro-enabled workbook (.xlsm), which this tool does not open: save it as .xlsx (Excel Workbook, which drops the macros) or ${SAVE_AS_CSV}`;
    case 'zip-bomb':
      return problem.reason === 'size'
        ? `${source} is not safe to read: its part ${problem.part} expands to more than ${formatBytes(problem.limit)}, more than any workbook this tool reads; if the file came from a spreadsheet program, ${SAVE_AS_CSV}`
        : `${source} is not safe to read: its part ${problem.part} expands to more than ${problem.limit} times its compressed size, which no real workbook does (a "zip bomb"); if the file came from a spreadsheet program, ${SAVE_AS_CSV}`;
    case 'zip-encrypted-entry':
      return `${source} has an encrypted zip entry (${problem.part}), which Excel never writes: open it in Excel and save it again without a password, or ${SAVE_AS_CSV}`;
    case 'unsupported-compression':
      return `${source} stores ${problem.part} with zip compression method ${problem.method}, which Excel never writes: open it in Excel and save it again, or ${SAVE_AS_CSV}`;
    case 'xml-declarations':
      return `${source} is not safe to read: its part ${problem.part} declares a DOCTYPE or entities, which Excel never writes; if the file came from a spreadsheet program, ${SAVE_AS_CSV}`;
    case 'xml-encoding':
      return `${source}: its part ${problem.part} is encoded as ${problem.encoding}, not UTF-8 as Excel writes: open it in Excel and save it again, or ${SAVE_AS_CSV}`;
    case 'shared-strings-too-large':
      return `${source} holds more than ${formatBytes(MAX_SHARED_STRING_BYTES)} of text in its shared-strings table, more than this tool reads from a workbook: ${SAVE_AS_CSV}`;
    case 'no-sheets':
      return `${source} has no worksheet to read: pass a workbook with the table on its first sheet, or a CSV export`;
    case 'unknown-sheet':
      return `${source} has no sheet named "${problem.sheet}": its sheets are ${problem.sheets.map((name) => `"${name}"`).join(', ')}`;
    case 'not-a-worksheet':
      return `sheet "${problem.sheet}" of ${source} is a chart or dialog sheet, not a sheet of cells: name a worksheet`;
    case 'cell-beyond-grid':
      return `${source}: sheet "${problem.sheet}" has a cell beyond column XFD or row ${MAX_ROWS.toLocaleString('en-GB')} near row ${problem.rowNumber}, outside any Excel sheet: open it in Excel and save it again, or ${SAVE_AS_CSV}`;
    case 'rows-out-of-order':
      return `${source}: sheet "${problem.sheet}" lists its rows or cells out of order at row ${problem.rowNumber}, which Excel never writes: open it in Excel and save it again, or ${SAVE_AS_CSV}`;
    case 'cell-too-long':
      return `${source}: cell ${problem.cell} holds more than ${formatBytes(MAX_CELL_CHARS)} of text, far more than any cell of a plan or contact: check that it is the right workbook`;
    case 'row-too-long':
      return `${source}: row ${problem.rowNumber} of sheet "${problem.sheet}" holds more than ${formatBytes(MAX_ROW_CHARS)} of text: check that it is the right workbook, or ${SAVE_AS_CSV}`;
    case 'sparse-rows':
      return `${source}: sheet "${problem.sheet}" has rows of almost nothing but empty cells reaching far to the right (up to row ${problem.rowNumber} so far), which would take far longer to read than the file's size warrants: delete the empty columns to the right of the table, or ${SAVE_AS_CSV}`;
    case 'repeated-long-text':
      return `${source}: sheet "${problem.sheet}" repeats long texts from its shared-strings table in cell after cell (up to row ${problem.rowNumber} so far), far more text than any table of plans or contacts holds: check that it is the right workbook, or ${SAVE_AS_CSV}`;
    default:
      return unreachable(problem);
  }
}

function unreachable(problem: never): never {
  throw new Error(`unknown workbook problem ${JSON.stringify(problem)}`);
}

function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${bytes / 2 ** 30} GB` : `${bytes / 2 ** 20} MB`;
}

/** An unusable workbook (exit 3), carrying the problem as data. */
export class WorkbookInputError extends InputError {
  readonly problem: WorkbookProblem;

  constructor(problem: WorkbookProblem, options?: ErrorOptions) {
    super(describeWorkbookProblem(problem), options);
    this.problem = problem;
  }
}
