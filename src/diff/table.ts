// --format table for a diff: the headline changes, the counts, then the top of each list, for a person at a
// terminal. Colour and width are decided by the caller; every line fits the width (src/report/textLayout.ts).
// Every text from the two files (file names, dates, child IDs, statuses: a person may have edited them) is
// shown with its control characters spelled out.
import { Chalk, type ChalkInstance } from 'chalk';
import type { ChangeKind, SummaryDiff } from './compare.js';
import { CHILD_HEAD, diffDocument } from './words.js';
import { formatNumber } from '../report/headlineText.js';
import { leftOutNote, renderTextTable, usableWidth, wrapText, type TextColumn } from '../report/textLayout.js';
import { visible } from '../schema/visibleText.js';

export interface DiffTableOptions {
  readonly color: boolean;
  /** Columns of the terminal (100 when not given). */
  readonly width?: number | undefined;
  /** Rows shown of each list, largest change first. */
  readonly rowsPerList?: number;
}

/**
 * Each list is cut to its largest changes. Not only for reading: a table library takes milliseconds a
 * row, and the 18,000 changes of a 20,000-child month took 50 seconds to draw. CSV and JSON carry every row.
 */
const DEFAULT_ROWS_PER_LIST = 20;

/** Red for children who got worse, green for better: the colour a reader scans for. */
function paintOf(kind: ChangeKind, chalk: ChalkInstance): (text: string) => string {
  return kind === 'entered' || kind === 'worsened' ? chalk.red : chalk.green;
}

/** The child columns: the ID is never shortened; the shortfall before and after go first when space runs out. */
const CHILD_COLUMNS: readonly TextColumn[] = CHILD_HEAD.map((heading, index): TextColumn => {
  if (index === 0) return { heading };
  if (heading === 'Old shortfall min') return { heading, align: 'right', dropOrder: 2 };
  if (heading === 'New shortfall min') return { heading, align: 'right', dropOrder: 3 };
  if (heading === 'Old status') return { heading, dropOrder: 1 };
  return index >= 4 ? { heading, align: 'right' } : { heading };
});

export function renderDiffTable(diff: SummaryDiff, options: DiffTableOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const width = usableWidth(options.width);
  const document = diffDocument(diff, options.rowsPerList ?? DEFAULT_ROWS_PER_LIST);
  const out: string[] = [chalk.bold(wrapText(visible(document.title), width)), ''];
  if (document.warnings.length > 0) {
    out.push(
      chalk.yellow.bold(wrapText(document.warningsHeading, width)),
      ...document.warnings.map((line) => chalk.yellow(wrapText(`- ${visible(line)}`, width, '  '))),
      '',
    );
  }

  const headline = renderTextTable(
    // The columns are headed by their as-of dates alone (the title line says which is old): the figures' names need the room.
    [
      { heading: 'Headline', minWidth: 16 },
      { heading: visible(diff.old.asOf), align: 'right' },
      { heading: visible(diff.new.asOf), align: 'right' },
      { heading: 'Change', align: 'right' },
    ],
    document.headlineRows,
    { width, color: options.color },
  );
  out.push(...headline.lines, '', wrapText(document.counts, width), '');

  for (const list of document.lists) {
    out.push(chalk.bold(paintOf(list.kind, chalk)(list.title)));
    if (list.total === 0) {
      out.push('none', '');
      continue;
    }
    const table = renderTextTable(
      list.kind === 'left' ? [...CHILD_COLUMNS, { heading: 'Reason' }] : CHILD_COLUMNS,
      list.rows.map((cells) => cells.map(visible)),
      { width, color: options.color },
    );
    out.push(...table.lines);
    const note = leftOutNote(table.left, '--format csv has every column');
    if (note !== null) out.push(wrapText(note, width));
    if (list.total > list.rows.length) {
      out.push(wrapText(`… and ${formatNumber(list.total - list.rows.length)} more with smaller changes (--format csv or json lists them all)`, width));
    }
    out.push('');
  }
  return out.join('\n');
}
