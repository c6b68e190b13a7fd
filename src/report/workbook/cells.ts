// Typed cells: text is always a string cell (never a number, never a formula, whatever it looks like),
// numbers are numbers with a number format, dates are date serials with a date format. No cell is
// ever written as a formula: the writer has no way to write one.
import { parseIsoDay } from '../../calendar/day.js';
import { remembered, rememberedNumbers } from '../chunks.js';
import { escapeSpreadsheetText, fitToCell, hasOuterWhiteSpace } from './spreadsheetText.js';

/** How a cell is typed and shown. A closed set: each has one style in styles.xml (CELL_STYLES). */
export const CELL_FORMATS = ['text', 'heading', 'integer', 'count', 'twoDecimals', 'percent', 'money', 'date', 'general'] as const;
export type CellFormat = (typeof CELL_FORMATS)[number];

/** A cell's value: a string for text and for an ISO date (YYYY-MM-DD), a number otherwise; null is an empty cell. */
export type CellValue = string | number | null;

export interface TypedCell {
  readonly format: CellFormat;
  readonly value: CellValue;
}

/** The number format of each cell format; ids below 164 are Excel's built-in formats. */
interface CellStyle {
  readonly numberFormatId: number;
  /** A custom format's code; built-in formats have none. */
  readonly formatCode?: string;
  readonly isBold?: boolean;
}

/**
 * dd/mm/yyyy is how English readers write a date, and a fixed code shows it so whatever the reader's
 * locale (built-in format 14 follows the machine's short date: m/d/yyyy on a US machine).
 */
export const DATE_FORMAT_CODE = 'dd/mm/yyyy';
export const MONEY_FORMAT_CODE = '"£"#,##0.00';
export const PERCENT_FORMAT_CODE = '0.0';

const CELL_STYLES = {
  // Format 49 is "@", text: a value typed over the cell later stays text too.
  text: { numberFormatId: 49 },
  heading: { numberFormatId: 49, isBold: true },
  integer: { numberFormatId: 1 },
  count: { numberFormatId: 3 },
  twoDecimals: { numberFormatId: 2 },
  percent: { numberFormatId: 164, formatCode: PERCENT_FORMAT_CODE },
  money: { numberFormatId: 165, formatCode: MONEY_FORMAT_CODE },
  date: { numberFormatId: 166, formatCode: DATE_FORMAT_CODE },
  general: { numberFormatId: 0 },
} as const satisfies Record<CellFormat, CellStyle>;

/** The index of each format's style among cellXfs (index 0 is the default style). */
const STYLE_INDEX = Object.fromEntries(CELL_FORMATS.map((format, index) => [format, index + 1])) as Record<CellFormat, number>;

function escapeAttribute(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

/** xl/styles.xml: one font plain and one bold, and a cell style per cell format. */
export function stylesXml(): string {
  const styles = CELL_FORMATS.map((format) => CELL_STYLES[format] as CellStyle);
  const customFormats = styles.filter((style) => style.formatCode !== undefined);
  const numberFormats = customFormats
    .map((style) => `<numFmt numFmtId="${style.numberFormatId}" formatCode="${escapeAttribute(style.formatCode!)}"/>`)
    .join('');
  const cellStyles = styles
    .map(
      (style) =>
        `<xf numFmtId="${style.numberFormatId}" fontId="${style.isBold === true ? 1 : 0}" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"${style.isBold === true ? ' applyFont="1"' : ''}/>`,
    )
    .join('');
  const font = (bold: boolean) => `<font>${bold ? '<b/>' : ''}<sz val="11"/><name val="Calibri"/><family val="2"/></font>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<numFmts count="${customFormats.length}">${numberFormats}</numFmts>` +
    `<fonts count="2">${font(false)}${font(true)}</fonts>` +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${styles.length + 1}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>${cellStyles}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>'
  );
}

/** Day 0 of Excel's 1900 date system is 1899-12-30 (a serial counts the fictitious 1900-02-29), 25,569 days before 1970-01-01. */
const SERIAL_OF_1970 = 25_569;
/** 1900-03-01: from here on a serial and a calendar date agree. */
const FIRST_SERIAL_DAY = -25_508;

/** The date serial of an ISO date, or undefined when it is not one a workbook can show as a date. */
export function dateSerialOf(isoDate: string): number | undefined {
  const day = parseIsoDay(isoDate);
  return day === undefined || day < FIRST_SERIAL_DAY ? undefined : day + SERIAL_OF_1970;
}

/** Counts kept while cells are written, for the About sheet. */
export interface CellTally {
  /** Text cells longer than a workbook cell holds, cut to its length. */
  truncatedTexts: number;
}

/**
 * Writes the cells of one format: the `<c>` element of `value`, without its reference (see rowXml), or
 * '' for an empty cell, which is left out. Remembered per value: a national run repeats the same
 * provider, status or number on thousands of rows.
 */
export type CellWriter = (value: CellValue) => string;

/** Longer texts are written afresh each time: they are rarely repeated, and a cache of them could grow large. */
const REMEMBERED_TEXT_CHARS = 256;

function textCell(tally: CellTally, style: number): (text: string) => string {
  const make = (text: string): string => {
    const fitted = fitToCell(text);
    if (fitted !== text) tally.truncatedTexts++;
    const space = hasOuterWhiteSpace(fitted) ? ' xml:space="preserve"' : '';
    return `<c s="${style}" t="inlineStr"><is><t${space}>${escapeSpreadsheetText(fitted)}</t></is></c>`;
  };
  const short = remembered(make);
  return (text) => (text.length > REMEMBERED_TEXT_CHARS ? make(text) : short(text));
}

export function cellWriterFor(format: CellFormat, tally: CellTally): CellWriter {
  const style = STYLE_INDEX[format];
  const asText = textCell(tally, STYLE_INDEX.text);
  switch (format) {
    case 'text':
    case 'heading': {
      const text = textCell(tally, style);
      return (value) => (value === null ? '' : text(typeof value === 'string' ? value : String(value)));
    }
    case 'date': {
      const date = remembered((isoDate: string) => {
        const serial = dateSerialOf(isoDate);
        // Not a date a workbook can show (none of ours): kept as the text it is rather than lost.
        return serial === undefined ? asText(isoDate) : `<c s="${style}"><v>${serial}</v></c>`;
      });
      return (value) => (value === null ? '' : typeof value === 'string' ? date(value) : asText(String(value)));
    }
    case 'integer':
    case 'count':
    case 'twoDecimals':
    case 'percent':
    case 'money':
    case 'general': {
      const number = rememberedNumbers((value) => `<c s="${style}"><v>${String(value)}</v></c>`);
      return (value) => {
        if (value === null) return '';
        if (typeof value === 'string') return asText(value);
        // NaN and infinities are no number a cell can hold; none of ours are either.
        return Number.isFinite(value) ? number(value) : '';
      };
    }
    default:
      return unknownFormat(format);
  }
}

/**
 * A row of cells, given what each writer made of its value ('' for an empty cell); `cells` is reused
 * for the row's text. A cell's reference (r="B7") is optional (ECMA-376 part 1, 18.3.1.4): a cell
 * without one is in the column after the cell before it, and the row's first cell in column A. Only a
 * cell after an empty one names its column. The references were half the compressed size of a sheet
 * and most of the time spent compressing (docs/xlsx.md).
 */
export function rowXml(rowText: string, cells: string[], letters: readonly string[]): string {
  for (let index = 1; index < cells.length; index++) {
    const cell = cells[index]!;
    // '<c' then the rest of the element: the reference goes between.
    if (cell !== '' && cells[index - 1] === '') cells[index] = `<c r="${letters[index]}${rowText}"${cell.slice(2)}`;
  }
  return `<row r="${rowText}">${cells.join('')}</row>`;
}

function unknownFormat(format: never): never {
  throw new Error(`no cell writer for the cell format ${String(format)}`);
}

/** Thousands separators as the count and money formats show them. */
function groupedLength(integerDigits: number): number {
  return integerDigits + Math.floor((integerDigits - 1) / 3);
}

/** About how many characters wide a value shows in its format: for column widths. */
export function shownWidth(format: CellFormat, value: CellValue): number {
  if (value === null) return 0;
  if (typeof value === 'string') return format === 'date' && dateSerialOf(value) !== undefined ? DATE_FORMAT_CODE.length : value.length;
  switch (format) {
    case 'text':
    case 'heading':
    case 'integer':
    case 'general':
    case 'date':
      return String(value).length;
    case 'count':
      return groupedLength(String(Math.trunc(Math.abs(value))).length) + (value < 0 ? 1 : 0);
    case 'twoDecimals':
      return value.toFixed(2).length;
    case 'percent':
      return value.toFixed(1).length;
    case 'money':
      return 1 + groupedLength(String(Math.trunc(Math.abs(value))).length) + 3 + (value < 0 ? 1 : 0);
    default:
      return unknownFormat(format);
  }
}
