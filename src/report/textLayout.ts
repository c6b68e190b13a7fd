// Text for a terminal of a given width: tables that fit it (long names shortened with "…", the least
// needed columns left out when shortening is not enough) and prose wrapped at word boundaries. The
// width is given by the caller, never read from the process: a renderer stays a pure function.
import { Chalk } from 'chalk';
import Table from 'cli-table3';

/** The width when standard output is not a terminal: a file, a pipe, a mail from cron. */
export const DEFAULT_WIDTH = 100;

/** Narrower than this, a table cannot be laid out sensibly; lines may then be longer than the width. */
const MIN_WIDTH = 40;

const COLUMN_GAP = 2;

/** Combining marks, zero-width joiners and variation selectors take no column of their own. */
const ZERO_WIDTH = /^(?:\p{Mn}|\p{Me}|[\u200b-\u200f\u2060]|[\ufe00-\ufe0f])$/u;

/** East Asian wide and full-width characters, and emoji shown as pictures, take two columns. */
function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf && codePoint !== 0x303f) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1f64f) ||
    (codePoint >= 0x1f900 && codePoint <= 0x1f9ff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  );
}

function characterWidth(character: string): number {
  if (ZERO_WIDTH.test(character)) return 0;
  return isWide(character.codePointAt(0) ?? 0) ? 2 : 1;
}

/** The columns a text takes on a terminal (text without escape sequences: colour is added after layout). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += characterWidth(character);
  return width;
}

/** The text cut to `width` columns, ending in "…" when it was cut. */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let kept = '';
  let used = 0;
  for (const character of text) {
    const next = characterWidth(character);
    if (used + next > width - 1) break;
    kept += character;
    used += next;
  }
  return `${kept}…`;
}

/** The width to lay text out at: what the caller says, never less than a table can use. */
export function usableWidth(width: number | undefined): number {
  return Math.max(MIN_WIDTH, Math.floor(width ?? DEFAULT_WIDTH));
}

/** The longest start of `text` that fits `width` columns (at least one character, so that cutting always advances). */
function headOf(text: string, width: number): string {
  let head = '';
  let used = 0;
  for (const character of text) {
    const next = characterWidth(character);
    if (used + next > width && head !== '') break;
    head += character;
    used += next;
  }
  return head;
}

/**
 * One line of prose wrapped to `width` columns at spaces; continuation lines start with `indent`. A
 * line that fits is returned as it is; a word longer than a line is cut where the line ends.
 */
export function wrapLine(text: string, width: number, indent = ''): string[] {
  if (displayWidth(text) <= width) return [text];
  const leading = /^ */.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line = leading;
  let hasWord = false;
  for (const word of text.slice(leading.length).split(' ')) {
    const separator = hasWord ? ' ' : '';
    if (displayWidth(line) + separator.length + displayWidth(word) <= width) {
      line += separator + word;
      hasWord = true;
      continue;
    }
    if (hasWord) {
      lines.push(line);
      line = indent;
    }
    let rest = word;
    while (displayWidth(line) + displayWidth(rest) > width) {
      const head = headOf(rest, Math.max(1, width - displayWidth(line)));
      lines.push(line + head);
      line = indent;
      rest = rest.slice(head.length);
    }
    line += rest;
    hasWord = rest !== '';
  }
  if (hasWord || lines.length === 0) lines.push(line);
  return lines;
}

/** Each line of `text` wrapped to `width`; continuation lines keep the line's own indent plus `indent`. */
export function wrapText(text: string, width: number, indent = '  '): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const leading = /^ */.exec(line)?.[0] ?? '';
      return wrapLine(line, width, leading + indent);
    })
    .join('\n');
}

export interface TextColumn {
  readonly heading: string;
  readonly align?: 'left' | 'right';
  /** A column that may be shortened with "…" down to this many columns (names, not IDs or figures). */
  readonly minWidth?: number;
  /** A column that may be left out when shortening is not enough: lower numbers go first. */
  readonly dropOrder?: number;
}

/** A cell: its text, and optionally a colour applied once the text is laid out. */
export type TextCell = string | { readonly text: string; readonly paint: (text: string) => string };

export interface TextTable {
  /** The table's lines, without a final line break. */
  readonly lines: string[];
  /** Headings of the columns left out to fit the width, in the table's order. */
  readonly left: string[];
}

function cellText(cell: TextCell | undefined): string {
  if (cell === undefined) return '';
  return typeof cell === 'string' ? cell : cell.text;
}

function totalWidth(widths: readonly number[]): number {
  return widths.reduce((sum, width) => sum + width, 0) + COLUMN_GAP * Math.max(0, widths.length - 1);
}

/** Which columns to keep and how wide each is, so that the table fits `width` when it can. */
function layOut(columns: readonly TextColumn[], rows: readonly (readonly TextCell[])[], width: number): { kept: number[]; widths: number[] } {
  const natural = columns.map((column, index) => Math.max(displayWidth(column.heading), ...rows.map((row) => displayWidth(cellText(row[index])))));
  const kept = columns.map((_, index) => index);
  for (;;) {
    const widths = kept.map((index) => natural[index]!);
    let excess = totalWidth(widths) - width;
    // Shorten the widest shortenable column by one, again and again: long names share the cut.
    while (excess > 0) {
      let widest = -1;
      for (let position = 0; position < kept.length; position++) {
        const column = columns[kept[position]!]!;
        if (column.minWidth === undefined || widths[position]! <= Math.min(column.minWidth, natural[kept[position]!]!)) continue;
        if (widest === -1 || widths[position]! > widths[widest]!) widest = position;
      }
      if (widest === -1) break;
      widths[widest]!--;
      excess--;
    }
    if (excess <= 0) return { kept, widths };
    const droppable = kept.filter((index) => columns[index]!.dropOrder !== undefined);
    if (droppable.length === 0) return { kept, widths };
    const first = droppable.reduce((a, b) => (columns[b]!.dropOrder! < columns[a]!.dropOrder! ? b : a));
    kept.splice(kept.indexOf(first), 1);
  }
}

const LIGHT_CHARS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  right: '',
  'right-mid': '',
  mid: '─',
  'mid-mid': '─'.repeat(COLUMN_GAP),
  middle: ' '.repeat(COLUMN_GAP),
};

/**
 * A table in a light style (a rule under the headings, none between rows, no borders) that fits
 * `width` columns: names are shortened, then columns left out in their drop order.
 */
export function renderTextTable(
  columns: readonly TextColumn[],
  rows: readonly (readonly TextCell[])[],
  options: { readonly width: number; readonly color: boolean },
): TextTable {
  const { kept, widths } = layOut(columns, rows, options.width);
  // Colour by chalk at the level the caller chose: cli-table3's own colours would ask the process.
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const cellAt = (cell: TextCell | undefined, position: number) => {
    const text = truncateToWidth(cellText(cell), widths[position]!);
    return cell !== undefined && typeof cell !== 'string' ? cell.paint(text) : text;
  };
  const table = new Table({
    head: kept.map((index, position) => chalk.cyan(truncateToWidth(columns[index]!.heading, widths[position]!))),
    colWidths: widths,
    colAligns: kept.map((index) => columns[index]!.align ?? 'left'),
    wordWrap: false,
    chars: LIGHT_CHARS,
    style: { compact: true, 'padding-left': 0, 'padding-right': 0, head: [], border: [] },
  });
  for (const row of rows) table.push(kept.map((index, position) => cellAt(row[index], position)));
  // cli-table3 pads every cell, the last one too; the padding is trailing space nobody needs.
  const lines = table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd());
  return { lines, left: columns.filter((_, index) => !kept.includes(index)).map((column) => column.heading) };
}

/** Says which columns a table left out to fit, and where they all are: `where` is a clause such as "--format csv has every column". */
export function leftOutNote(left: readonly string[], where: string): string | null {
  if (left.length === 0) return null;
  const names = left.length === 1 ? left[0]! : `${left.slice(0, -1).join(', ')} and ${left[left.length - 1]!}`;
  return `${names} left out to fit the width: ${where}.`;
}
