// A worksheet part (xl/worksheets/sheetN.xml) as rows of cell text, delivered one by one as the part
// streams past: <sheetData><row r="14"><c r="C14" s="3" t="s"><v>7</v></c>…</row>…</sheetData>. A
// cell's text depends on its type (t) and, for numbers, on its style's number format (s); a formula
// cell gives its cached value (<v>), never its formula (<f>). The <dimension> a sheet claims is never
// used: memory follows the cells that are there. docs/xlsx.md.
import { cellReference, columnIndexOf, rowNumberOf } from './cellReference.js';
import type { CellFormats } from './cellStyles.js';
import { numberText, serialText, storedDateText, unescapeStoredText } from './cellText.js';
import { RichText } from './richText.js';
import type { SharedStringTable } from './sharedStrings.js';
import {
  BLANK_CELL_ALLOWANCE,
  MAX_CELL_CHARS,
  MAX_COLUMNS,
  MAX_ROW_CHARS,
  MAX_ROWS,
  MAX_SHARED_STRING_BYTES,
  MAX_TEXT_PER_XML_BYTE,
  WorkbookInputError,
} from './workbookProblems.js';
import type { XmlAttributes, XmlSink } from './xmlTokenizer.js';

/** Merged cells, e.g. C1:E1 as rows 1–1 and column indexes 2–4; the value sits in the top-left cell. */
export interface MergedRange {
  readonly firstRow: number;
  readonly lastRow: number;
  /** 0 for column A, as `cells` is indexed. */
  readonly firstColumn: number;
  readonly lastColumn: number;
}

export interface WorkbookRowSink {
  /**
   * Each row that has a non-empty cell, in order, with its row number as Excel shows it. `cells[0]`
   * is column A; a blank cell before the last non-empty one is "" (a merged cell's other cells are
   * blank). The array is the sink's to keep.
   */
  row(cells: string[], rowNumber: number): void;
}

export interface SheetContext {
  readonly source: string;
  readonly sheet: string;
  readonly sharedStrings: SharedStringTable | undefined;
  readonly formats: CellFormats;
  readonly isDate1904: boolean;
}

/** Merged ranges kept for the summary; a sheet with more is odd, and its first ones are what matter. */
const MAX_MERGED_RANGES = 10_000;
/** Below this, V8 copies a substring; from it on, a substring would keep the whole chunk it came from. */
const SLICED_STRING_MIN = 13;

export class SheetRowsReader implements XmlSink {
  rows = 0;
  /** Bytes of the sheet's XML handed to the tokenizer so far, set by the caller (see BLANK_CELL_ALLOWANCE). */
  xmlBytes = 0;
  /** Cells delivered so far, blanks included, and their characters. */
  private deliveredCells = 0;
  private deliveredChars = 0;
  readonly mergedRanges: MergedRange[] = [];
  private isInSheetData = false;
  private isInRow = false;
  private rowNumber = 0;
  private rowDigits = '';
  private cells: string[] = [];
  private rowChars = 0;
  private lastColumn = -1;
  private isInCell = false;
  private column = 0;
  private cellType: string | undefined;
  private cellStyle: string | undefined;
  private isInValue = false;
  private value = '';
  private isInInline = false;
  private hasInline = false;
  private readonly inline = new RichText();

  constructor(
    private readonly context: SheetContext,
    private readonly sink: WorkbookRowSink,
  ) {}

  open(name: string, attributes: XmlAttributes): void {
    if (this.isInCell) {
      if (name === 'v') {
        this.isInValue = true;
      } else if (name === 'is') {
        this.isInInline = true;
        this.hasInline = true;
        this.inline.reset();
      } else if (this.isInInline) {
        this.inline.open(name);
      }
      return;
    }
    if (this.isInSheetData) {
      if (name === 'c') this.openCell(attributes);
      else if (name === 'row') this.openRow(attributes);
    } else if (name === 'sheetData') {
      this.isInSheetData = true;
    } else if (name === 'mergeCell') {
      this.addMergedRange(attributes.get('ref'));
    }
  }

  close(name: string): void {
    if (this.isInCell) {
      if (name === 'c') this.closeCell();
      else if (name === 'v') this.isInValue = false;
      else if (name === 'is') this.isInInline = false;
      else if (this.isInInline) this.inline.close(name);
      return;
    }
    if (name === 'row' && this.isInRow) this.closeRow();
    else if (name === 'sheetData') this.isInSheetData = false;
  }

  text(text: string): void {
    let length = 0;
    if (this.isInValue) {
      this.value += text;
      length = this.value.length;
    } else if (this.isInInline) {
      length = this.inline.append(text);
    }
    if (length > MAX_CELL_CHARS) throw this.cellTooLong();
  }

  private openRow(attributes: XmlAttributes): void {
    const { source, sheet } = this.context;
    const r = attributes.get('r');
    // "r" may be left out; the row is then the one after the last.
    const rowNumber = r === undefined ? this.rowNumber + 1 : Number(r);
    if (!Number.isInteger(rowNumber) || rowNumber < 1) throw this.damaged('a row number that is not a whole number');
    if (rowNumber > MAX_ROWS) throw new WorkbookInputError({ code: 'cell-beyond-grid', source, sheet, rowNumber });
    if (rowNumber <= this.rowNumber) throw new WorkbookInputError({ code: 'rows-out-of-order', source, sheet, rowNumber });
    this.rowNumber = rowNumber;
    this.rowDigits = String(rowNumber);
    this.isInRow = true;
    this.cells = [];
    this.rowChars = 0;
    this.lastColumn = -1;
  }

  /** "C14" in row 14: letters, then exactly this row's number (checked without parsing it). */
  private isInThisRow(reference: string): boolean {
    const digits = this.rowDigits;
    const lettersEnd = reference.length - digits.length;
    if (lettersEnd < 1 || !reference.endsWith(digits)) return false;
    const lastLetter = reference.charCodeAt(lettersEnd - 1);
    return (lastLetter >= 65 && lastLetter <= 90) || (lastLetter >= 97 && lastLetter <= 122);
  }

  private closeRow(): void {
    this.isInRow = false;
    if (this.cells.length === 0) return; // a row of blank or merely formatted cells
    this.deliveredCells += this.cells.length;
    if (this.deliveredCells > this.xmlBytes + BLANK_CELL_ALLOWANCE) {
      throw new WorkbookInputError({ code: 'sparse-rows', source: this.context.source, sheet: this.context.sheet, rowNumber: this.rowNumber });
    }
    this.deliveredChars += this.rowChars;
    if (this.deliveredChars > MAX_TEXT_PER_XML_BYTE * this.xmlBytes + MAX_SHARED_STRING_BYTES) {
      throw new WorkbookInputError({ code: 'repeated-long-text', source: this.context.source, sheet: this.context.sheet, rowNumber: this.rowNumber });
    }
    this.rows++;
    this.sink.row(this.cells, this.rowNumber);
  }

  private openCell(attributes: XmlAttributes): void {
    const { source, sheet } = this.context;
    if (!this.isInRow) throw this.damaged('a cell outside any row');
    const reference = attributes.get('r');
    let column = this.lastColumn + 1;
    if (reference !== undefined) {
      column = columnIndexOf(reference);
      if (column < 0) throw this.damaged('a cell reference that is not one');
      if (column < MAX_COLUMNS && !this.isInThisRow(reference)) throw this.damaged('a cell whose reference is not in its row');
    }
    if (column >= MAX_COLUMNS) throw new WorkbookInputError({ code: 'cell-beyond-grid', source, sheet, rowNumber: this.rowNumber });
    if (column <= this.lastColumn) throw new WorkbookInputError({ code: 'rows-out-of-order', source, sheet, rowNumber: this.rowNumber });
    this.lastColumn = column;
    this.column = column;
    this.cellType = attributes.get('t');
    this.cellStyle = attributes.get('s');
    this.isInCell = true;
    this.isInValue = false;
    this.isInInline = false;
    this.hasInline = false;
    this.value = '';
  }

  private closeCell(): void {
    this.isInCell = false;
    const text = this.cellText();
    if (text.length === 0) return;
    if (text.length > MAX_CELL_CHARS) throw this.cellTooLong();
    this.rowChars += text.length;
    if (this.rowChars > MAX_ROW_CHARS) {
      throw new WorkbookInputError({ code: 'row-too-long', source: this.context.source, sheet: this.context.sheet, rowNumber: this.rowNumber });
    }
    const cells = this.cells;
    while (cells.length < this.column) cells.push('');
    cells.push(text);
  }

  private cellText(): string {
    const { value } = this;
    switch (this.cellType) {
      case undefined:
      case 'n': {
        if (value.length === 0) return '';
        const format = this.context.formats.formatOf(this.cellStyle);
        // numberText hands back the stored text itself when it is already plain (most numbers).
        return format === 'number' ? ownCopy(numberText(value)) : serialText(value, format, this.context.isDate1904);
      }
      case 's': {
        if (value.length === 0) return '';
        const text = this.context.sharedStrings?.get(Number(value));
        if (text === undefined) throw this.damaged('a cell that refers to a shared string that is not there');
        return text;
      }
      case 'inlineStr':
        return ownCopy(this.hasInline ? this.inline.text() : unescapeStoredText(value));
      case 'str': // a formula's text result
        return ownCopy(unescapeStoredText(value));
      case 'b':
        return value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : ownCopy(value);
      case 'd':
        return ownCopy(storedDateText(value));
      default: // an error ("#N/A", "#DIV/0!" …), a string, or a type still to come: as stored
        return ownCopy(value);
    }
  }

  private addMergedRange(ref: string | undefined): void {
    if (ref === undefined || this.mergedRanges.length >= MAX_MERGED_RANGES) return;
    const [from = '', to = from] = ref.split(':');
    const range = {
      firstRow: rowNumberOf(from),
      lastRow: rowNumberOf(to),
      firstColumn: columnIndexOf(from),
      lastColumn: columnIndexOf(to),
    };
    if (Object.values(range).every((value) => Number.isInteger(value) && value >= 0)) this.mergedRanges.push(range);
  }

  private cellTooLong(): WorkbookInputError {
    return new WorkbookInputError({ code: 'cell-too-long', source: this.context.source, cell: cellReference(this.context.sheet, this.rowNumber, this.column) });
  }

  private damaged(what: string): WorkbookInputError {
    return new WorkbookInputError({ code: 'damaged', source: this.context.source, detail: `sheet "${this.context.sheet}" has ${what}` });
  }
}

/**
 * Text cut from a chunk of the part is a V8 sliced string that keeps the whole chunk alive while the
 * sink keeps the cell: a copy of its own lets the chunk go.
 */
function ownCopy(text: string): string {
  return text.length < SLICED_STRING_MIN ? text : ` ${text}`.slice(1);
}
