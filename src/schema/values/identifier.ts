// Checks on identifier cells, and how much of a cell an exception repeats. A child_id far too long to
// be an identifier, or the label of a totals line, means the row is not a record at all.

/** Longer than any identifier a council or NHS system issues (a keyed SHA-256 in hex is 64): such a cell is a shifted or wrongly mapped column. */
export const MAX_ID_CHARS = 255;

/** The reason an identifier (child_id, contact_id, provision_id) is too long to be one, or undefined. */
export function checkIdLength(field: string, id: string): string | undefined {
  if (id.length <= MAX_ID_CHARS) return undefined;
  return `${field} is ${id.length.toLocaleString('en-GB')} characters long, more than any identifier (at most ${MAX_ID_CHARS}): is another column mapped as ${field}, or a quote missing?`;
}

/** "Total", "Grand total:", "Subtotals"…: the label of a line a spreadsheet adds for people, which no record carries as an ID. */
const TOTALS_LABEL = /^(?:grand\s*|sub\s*)?totals?\s*:?$/i;

export function isTotalsLabel(childId: string): boolean {
  // The contacts reader asks this of every row: rule out nearly every real ID by its first letter.
  const first = childId.charCodeAt(0) | 0x20;
  return (first === 0x74 || first === 0x67 || first === 0x73) && childId.length <= 14 && TOTALS_LABEL.test(childId);
}

/** The separator of a composite key's parts, as keys are shown ("SR123/CC45"). */
export const KEY_SEPARATOR = '/';

/**
 * A key of several columns as one text: the parts joined by "/", and a slash or backslash inside a
 * part escaped with a backslash, so that two different keys never join to the same text (parts "A/B"
 * and "C" join as A\/B/C, parts "A" and "B/C" as A/B\/C).
 */
export function joinContactKey(parts: readonly string[]): string {
  return parts.map((part) => (part.includes('/') || part.includes('\\') ? part.replace(/[\\/]/g, '\\$&') : part)).join(KEY_SEPARATOR);
}

/** A cell that labels a totals line anywhere in it: "Total", "Totals:", "Grand total", "Total hours". */
const TOTALS_CELL = /^(?:grand\s*|sub\s*)?totals?\b/i;
/** The first cell of a footer: "Rows: 245", "Record count 245", "End of report". */
const FOOTER_CELL = /^(?:(?:rows|records|record count|row count|count|number of (?:rows|records))\s*:?\s*\d|end of (?:report|file|data|extract)\b)/i;
/** A count or a sum: 195, 1,234, 12.5, £1,234.50, 98%. */
const COUNT_CELL = /^[£$]?\s*-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*%?$/;

const TOTALS_ROW = 'a totals row';
const FOOTER_ROW = 'a footer row';

/**
 * Why a child_id is the label of a totals or footer line rather than an ID, or undefined. "Total",
 * "Grand total:" as isTotalsLabel knows them; and, in a child_id with a space in it (which the bytes
 * reader never takes, so both readers agree), a label such as "Total: 245" or a footer such as
 * "Rows: 245". `record`: what a row of the file is ("contact").
 */
export function describeTotalsId(childId: string, record: string): string | undefined {
  if (isTotalsLabel(childId)) return `${TOTALS_ROW}, not a ${record}`;
  if (!childId.includes(' ')) return undefined;
  if (TOTALS_CELL.test(childId)) return `${TOTALS_ROW}, not a ${record}: child_id reads "${abbreviateValue(childId, 40)}"`;
  if (FOOTER_CELL.test(childId)) return `${FOOTER_ROW}, not a ${record}: child_id reads "${abbreviateValue(childId, 40)}"`;
  return undefined;
}

/**
 * Why a row with a blank child_id is a totals or footer line a report adds below its records, or
 * undefined when it looks like neither (then it is some other row that is not a record). `cells`
 * trimmed. Such a row is never read as a child; it stays an exception, so that nothing is lost.
 */
export function describeTotalsRow(cells: readonly string[], record: string): string | undefined {
  const filled = cells.filter((cell) => cell !== '');
  if (filled.length === 0) return undefined;
  const label = filled.find((cell) => TOTALS_CELL.test(cell));
  if (label !== undefined) return `${TOTALS_ROW}, not a ${record}: child_id is blank and the row is labelled "${abbreviateValue(label, 40)}"`;
  if (FOOTER_CELL.test(filled[0]!)) return `${FOOTER_ROW}, not a ${record}: child_id is blank and the row reads "${abbreviateValue(filled[0]!, 40)}"`;
  if (filled.every((cell) => COUNT_CELL.test(cell))) return `${TOTALS_ROW}, not a ${record}: child_id is blank and the row holds only numbers`;
  return undefined;
}

/** Whether an exception's reason is one of the above: a totals or footer row. */
export function isTotalsRowReason(reason: string): boolean {
  return reason.startsWith(TOTALS_ROW) || reason.startsWith(FOOTER_ROW);
}

/** An over-long cell shown in an exception: its start and its length, so that a report stays readable. */
export function abbreviateValue(value: string, limit = MAX_ID_CHARS): string {
  return value.length <= limit ? value : `${value.slice(0, 60)}… (${value.length.toLocaleString('en-GB')} characters)`;
}

/**
 * The most of a cell an exception repeats: a whole provision text (2,000 characters at most) stays
 * readable, while a runaway cell (up to 1 MB) would break the exceptions.csv row in Excel, which cuts a
 * cell at 32,767 characters. The file and line still lead to the whole cell.
 */
export const MAX_EXCEPTION_VALUE_CHARS = 2000;

export function exceptionValue(value: string): string {
  return abbreviateValue(value, MAX_EXCEPTION_VALUE_CHARS);
}
