// The CSV outputs' one writer (README.md#outputs): comma, RFC 4180 quoting, LF line ends, optional UTF-8 BOM,
// and text cells defused against spreadsheet formula injection. Hand-written: it is a few lines, and
// csv-stringify's own escaping would still need the injection rule added on top.

export type CsvCell = string | number | null;

/** First characters that make Excel, LibreOffice or Sheets treat a cell as a formula (OWASP CSV injection). */
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r', '\n']);
const NEEDS_QUOTES = /[",\r\n]/;

/** Prefixes a text cell that a spreadsheet would run as a formula with `'`, which shows as plain text. */
export function excelSafeCell(text: string): string {
  return text.length > 0 && FORMULA_STARTS.has(text[0]!) ? `'${text}` : text;
}

function formatCell(cell: CsvCell): string {
  if (cell === null) return '';
  return typeof cell === 'number' ? csvNumber(cell) : csvText(cell);
}

/** A number cell as formatCsvRow writes it. */
export function csvNumber(value: number): string {
  // A NaN or an infinity here is a bug upstream; writing it would put "NaN" in front of a board.
  if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} to a CSV cell`);
  return String(value);
}

/** A text cell as formatCsvRow writes it: defused, then quoted where it must be. */
export function csvText(text: string): string {
  const safe = excelSafeCell(text);
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * One CSV line, LF-terminated. Numbers are written plain (the caller rounds them) and are not defused:
 * they are never negative here, so none starts with "-". Strings go through excelSafeCell.
 */
export function formatCsvRow(cells: readonly CsvCell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ',';
    line += formatCell(cells[i] ?? null);
  }
  return `${line}\n`;
}

/** A whole CSV file: header row, then the rows; `bom` puts a UTF-8 byte-order mark first for Excel. */
export function formatCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>, options: { readonly bom: boolean }): string {
  const lines = [options.bom ? '\uFEFF' : '', formatCsvRow(header)];
  for (const row of rows) lines.push(formatCsvRow(row));
  return lines.join('');
}
