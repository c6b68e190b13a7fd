// Cell references as Excel writes them: "Sheet1!C14", or "'My Sheet'!C14" when the sheet's name
// would not read as a name on its own. Exceptions name cells this way so that an analyst can go
// straight to the cell.

/** "A" for column index 0, "Z" for 25, "AA" for 26 … "XFD" for 16,383. */
export function columnLetters(columnIndex: number): string {
  let letters = '';
  for (let rest = columnIndex + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * "Sheet1!C14" for row 14 (as Excel numbers it) and column index 2 (0 for column A, as `cells` is
 * indexed). The sheet name is quoted, with any apostrophe doubled, unless it is a plain name: letters,
 * digits, "_" and ".", not starting with a digit or "." and not itself a cell reference ("A1", "R1C1").
 */
export function cellReference(sheet: string, rowNumber: number, columnIndex: number): string {
  return `${sheetPrefix(sheet)}${columnLetters(columnIndex)}${rowNumber}`;
}

/** "Sheet1!" or "'My Sheet'!". */
export function sheetPrefix(sheet: string): string {
  const isPlain =
    /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(sheet) && !/^[A-Za-z]{1,3}\d+$/.test(sheet) && !/^[Rr](\d*)[Cc]?(\d*)$/.test(sheet) && !/^[Cc]\d*$/.test(sheet);
  return isPlain ? `${sheet}!` : `'${sheet.replaceAll("'", "''")}'!`;
}

/**
 * Column index (0 for A) of the letters of a cell reference, e.g. 2 for "C14"; -1 when it does not
 * start with letters A–Z (either case); MAX_COLUMNS or more when the letters go beyond XFD.
 */
export function columnIndexOf(reference: string): number {
  let index = 0;
  let i = 0;
  for (; i < reference.length && i < 4; i++) {
    let code = reference.charCodeAt(i);
    if (code >= 97 && code <= 122) code -= 32;
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  if (i === 0) return -1;
  return index - 1;
}

/** The row number after the letters of a cell reference ("C14" → 14), or NaN. */
export function rowNumberOf(reference: string): number {
  let i = 0;
  while (i < reference.length && !isDigit(reference.charCodeAt(i))) i++;
  if (i === 0 || i === reference.length) return Number.NaN;
  for (let j = i; j < reference.length; j++) if (!isDigit(reference.charCodeAt(j))) return Number.NaN;
  return Number(reference.slice(i));
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
