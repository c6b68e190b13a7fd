// Reading an .xlsx workbook as an input table: the rows of one sheet, streamed to a sink with their
// row numbers as Excel shows them, each cell as the text the rest of the tool reads. The caller finds
// the header row. Hostile and unusable workbooks stop with a WorkbookInputError (an InputError, exit 3)
// in one sentence naming the file and what to do. The choice of a reader of our own, the rules for
// cell text and the limits: docs/xlsx.md.
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { describeFsError } from '../inputFiles.js';
import { CellFormats, StylesReader } from './cellStyles.js';
import { SharedStringsReader, SharedStringTable } from './sharedStrings.js';
import { SheetRowsReader, type MergedRange, type WorkbookRowSink } from './sheetRows.js';
import { MAX_SHARED_STRINGS_PART_BYTES, MAX_SHEET_PART_BYTES, WorkbookInputError } from './workbookProblems.js';
import { readWorkbookStructure, scanSmallPart, type SheetEntry, type WorkbookStructure } from './workbookStructure.js';
import { scanXmlPart } from './xmlTokenizer.js';
import { ZipArchive } from './zipArchive.js';

export { cellReference, columnLetters } from './cellReference.js';
export type { MergedRange, WorkbookRowSink } from './sheetRows.js';
export { WorkbookInputError, type WorkbookProblemCode } from './workbookProblems.js';

export interface WorkbookRow {
  readonly rowNumber: number;
  readonly cells: readonly string[];
}

export interface WorkbookReadOptions {
  /** Name shown in messages, e.g. the path as given. */
  readonly source: string;
  /** The sheet to read, by name, matched without regard to case; the first visible sheet when absent. */
  readonly sheet?: string | undefined;
  /** Called with the file offset the sheet's compressed data has been read to, every 256 KiB or so. */
  readonly onProgress?: ((bytesRead: number) => void) | undefined;
}

export interface WorkbookReadSummary {
  /** The name of the sheet read. */
  readonly sheet: string;
  /** Every sheet's name, in workbook order (for messages and the run manifest). */
  readonly sheets: readonly string[];
  /** Rows passed to the sink (rows with no non-empty cell are skipped). */
  readonly rows: number;
  /** The file's size and SHA-256, for the run manifest. */
  readonly bytes: number;
  readonly sha256: string;
  readonly isDate1904: boolean;
  /** The sheet's merged ranges (the first 10,000), known only once the sheet has been read. */
  readonly mergedRanges: readonly MergedRange[];
}

const HASH_CHUNK_BYTES = 1 << 20;
const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/**
 * What the first bytes of a file say it is: 'xlsx' for a zip (an .xlsx workbook, or another zip the
 * reader will name), 'xls-or-encrypted' for an OLE2 compound file (an old .xls, or an .xlsx saved
 * with a password, which Office encrypts into the same container), undefined for anything else.
 */
export function looksLikeWorkbook(firstBytes: Uint8Array): 'xlsx' | 'xls-or-encrypted' | undefined {
  const startsWith = (signature: readonly number[]) => signature.every((byte, i) => firstBytes[i] === byte);
  if (startsWith(ZIP_SIGNATURE)) return 'xlsx';
  if (startsWith(OLE2_SIGNATURE)) return 'xls-or-encrypted';
  return undefined;
}

/**
 * Streams the rows of one sheet of the workbook at `path` to `sink`, in order. Throws
 * WorkbookInputError for a file that is not a readable .xlsx workbook, is hostile, or has no such
 * sheet; an error thrown by the sink stops the read and comes out unchanged.
 */
export async function readWorkbookRows(path: string, options: WorkbookReadOptions, sink: WorkbookRowSink): Promise<WorkbookReadSummary> {
  const { source } = options;
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new WorkbookInputError({ code: 'unreadable', source, reason: describeFsError(error) }, { cause: error });
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new WorkbookInputError({ code: 'unreadable', source, reason: 'it is a folder; give the path of an .xlsx file' });
    const { size } = info;
    if (size === 0) throw new WorkbookInputError({ code: 'empty', source });
    const head = Buffer.alloc(Math.min(size, OLE2_SIGNATURE.length));
    await handle.read(head, 0, head.length, 0);
    const kind = looksLikeWorkbook(head);
    if (kind === 'xls-or-encrypted') throw new WorkbookInputError({ code: 'xls-or-encrypted', source });
    if (kind === undefined) throw new WorkbookInputError({ code: 'not-a-zip', source });

    const sha256 = await hashFile(handle, size);
    const archive = await ZipArchive.open(handle, size, source);
    const structure = await readWorkbookStructure(archive, source);
    const sheet = chooseSheet(structure, options.sheet, source);
    const sheetEntry = sheet.part === undefined ? undefined : archive.entry(sheet.part);
    if (sheetEntry === undefined) throw new WorkbookInputError({ code: 'damaged', source, detail: `its sheet "${sheet.name}" is missing` });

    let formats = CellFormats.none;
    if (structure.stylesPart !== undefined && archive.entry(structure.stylesPart) !== undefined) {
      const styles = new StylesReader(source);
      await scanSmallPart(archive, structure.stylesPart, styles, source);
      formats = styles.formats();
    }
    let sharedStrings: SharedStringTable | undefined;
    const sharedStringsEntry = structure.sharedStringsPart === undefined ? undefined : archive.entry(structure.sharedStringsPart);
    if (sharedStringsEntry !== undefined) {
      sharedStrings = new SharedStringTable(source);
      const chunks = archive.inflate(sharedStringsEntry, { maxBytes: MAX_SHARED_STRINGS_PART_BYTES });
      await scanXmlPart(chunks, new SharedStringsReader(sharedStrings), source, sharedStringsEntry.name);
    }

    const rows = new SheetRowsReader({ source, sheet: sheet.name, sharedStrings, formats, isDate1904: structure.isDate1904 }, sink);
    const inflated = archive.inflate(sheetEntry, { maxBytes: MAX_SHEET_PART_BYTES, onCompressedRead: options.onProgress });
    await scanXmlPart(countedInto(inflated, rows), rows, source, sheetEntry.name);
    return {
      sheet: sheet.name,
      sheets: structure.sheets.map(({ name }) => name),
      rows: rows.rows,
      bytes: size,
      sha256,
      isDate1904: structure.isDate1904,
      mergedRanges: rows.mergedRanges,
    };
  } finally {
    await handle.close();
  }
}

/**
 * The sheet named (case-insensitively, as Excel compares sheet names), or else the first visible
 * worksheet in workbook order: the first tab a user sees, whatever the sheets are called.
 */
function chooseSheet(structure: WorkbookStructure, wanted: string | undefined, source: string): SheetEntry {
  const { sheets } = structure;
  if (wanted !== undefined) {
    const key = wanted.toLocaleLowerCase('en-GB');
    const found = sheets.find(({ name }) => name.toLocaleLowerCase('en-GB') === key);
    if (found === undefined) {
      if (sheets.length === 0) throw new WorkbookInputError({ code: 'no-sheets', source });
      throw new WorkbookInputError({ code: 'unknown-sheet', source, sheet: wanted, sheets: sheets.map(({ name }) => name) });
    }
    if (found.kind !== 'worksheet') throw new WorkbookInputError({ code: 'not-a-worksheet', source, sheet: found.name });
    return found;
  }
  const worksheets = sheets.filter(({ kind }) => kind === 'worksheet');
  const first = worksheets.find(({ isHidden }) => !isHidden) ?? worksheets[0];
  if (first === undefined) throw new WorkbookInputError({ code: 'no-sheets', source });
  return first;
}

/** Passes the chunks on, keeping the reader's count of the sheet's XML bytes up to date. */
async function* countedInto(chunks: AsyncIterable<Buffer>, reader: SheetRowsReader): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    reader.xmlBytes += chunk.length;
    yield chunk;
  }
}

async function hashFile(handle: FileHandle, size: number): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(Math.min(size, HASH_CHUNK_BYTES));
  for (let position = 0; position < size; ) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - position), position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  return hash.digest('hex');
}
