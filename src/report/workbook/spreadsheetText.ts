// Text as a cell of a workbook holds it: XML 1.0 element content, within Excel's limit on a cell's
// length, and safe from Excel's own `_xHHHH_` escape (docs/xlsx.md, "Writing shortfall.xlsx").

/** Excel keeps at most this many characters (UTF-16 code units) in a cell. */
export const MAX_CELL_CHARS = 32_767;

/**
 * What needs care in element content: the markup characters; a carriage return, which XML readers
 * would turn into a line feed; what XML 1.0 forbids outright (C0 controls other than tab, line feed
 * and carriage return, a surrogate without its pair, U+FFFE and U+FFFF); and an underscore that begins
 * `_xHHHH_`, which Excel reads as the escape of the character HHHH. With the `u` flag a well-formed
 * surrogate pair is one code point and does not match.
 */
const NEEDS_ESCAPE = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]|_(?=x[0-9A-Fa-f]{4}_)/u;
const NEEDS_ESCAPE_ALL = new RegExp(NEEDS_ESCAPE.source, 'gu');

/** Stands in for a character XML 1.0 cannot carry: visible, so that a reader sees something was there. */
export const REPLACEMENT_CHARACTER = '\uFFFD';

function escapeOf(match: string): string {
  switch (match) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    // A character reference survives the line-end normalisation that a literal carriage return does not.
    case '\r':
      return '&#13;';
    // Excel's escape of the underscore itself: `_x005F_x0041_` shows as `_x0041_`, not as "A".
    case '_':
      return '_x005F_';
    default:
      return REPLACEMENT_CHARACTER;
  }
}

/** `text` as the content of an XML element, every character of it shown as it is where XML allows. */
export function escapeSpreadsheetText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(NEEDS_ESCAPE_ALL, escapeOf) : text;
}

/** At most MAX_CELL_CHARS code units, never ending in half a surrogate pair. */
export function fitToCell(text: string): string {
  if (text.length <= MAX_CELL_CHARS) return text;
  const cut = text.slice(0, MAX_CELL_CHARS);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** Leading or trailing white space, which an XML element keeps only with xml:space="preserve". */
export function hasOuterWhiteSpace(text: string): boolean {
  return /^[\s]|[\s]$/.test(text);
}
