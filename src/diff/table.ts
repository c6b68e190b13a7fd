// --format table for a diff: the headline changes, the counts, then the top of each list, for a person at a
// terminal. Colour is decided by the caller. Every text from the two files (file names, dates, child IDs,
// statuses: a person may have edited them) is shown with its control characters spelled out.
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { compareCodePoints } from '../exact/codePointOrder.js';
import { CHANGE_KINDS, type ChangeKind, type ChildChange, type SummaryDiff } from './compare.js';
import { CHANGE_TITLES, CHILD_HEAD, childCells, countsLine, FIGURE_LABELS, formatFigure, formatFigureChange, REASON_WORDS, titleLine } from './words.js';
import { formatNumber } from '../report/headlineText.js';
import { visible } from '../schema/visibleText.js';

export interface DiffTableOptions {
  readonly color: boolean;
  /** Rows shown of each list, largest change first. */
  readonly rowsPerList?: number;
}

/**
 * Each list is cut to its largest changes. Not only for reading: cli-table3 takes about 2.5 ms a row, so
 * the 18,000 changes of a 20,000-child month took 50 seconds to draw. CSV and JSON carry every row.
 */
const DEFAULT_ROWS_PER_LIST = 20;

function byLargestChange(a: ChildChange, b: ChildChange): number {
  return Math.abs(b.change) - Math.abs(a.change) || compareCodePoints(a.childId, b.childId) || compareCodePoints(a.discipline, b.discipline);
}

function makeTable(head: string[], color: boolean): Table.Table {
  return new Table({ head, style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] } });
}

/** Red for children who got worse, green for better: the colour a reader scans for. */
function paintOf(kind: ChangeKind, chalk: ChalkInstance): (text: string) => string {
  return kind === 'entered' || kind === 'worsened' ? chalk.red : chalk.green;
}

export function renderDiffTable(diff: SummaryDiff, options: DiffTableOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [chalk.bold(visible(titleLine(diff))), ''];

  const headline = makeTable(['Headline', visible(`Old (${diff.old.asOf})`), visible(`New (${diff.new.asOf})`), 'Change'], options.color);
  for (const row of diff.headline) {
    headline.push([FIGURE_LABELS[row.figure], formatFigure(row.figure, row.old), formatFigure(row.figure, row.new), formatFigureChange(row.figure, row.change)]);
  }
  out.push(headline.toString(), '', countsLine(diff), '');

  for (const kind of CHANGE_KINDS) {
    const rows = diff[kind];
    out.push(chalk.bold(paintOf(kind, chalk)(`${CHANGE_TITLES[kind]} (${formatNumber(rows.length)})`)));
    if (rows.length === 0) {
      out.push('none', '');
      continue;
    }
    const isLeft = kind === 'left';
    const table = makeTable(isLeft ? [...CHILD_HEAD, 'Reason'] : [...CHILD_HEAD], options.color);
    const shown = [...rows].sort(byLargestChange).slice(0, options.rowsPerList ?? DEFAULT_ROWS_PER_LIST);
    for (const row of shown) {
      const cells = childCells(row).map(visible);
      table.push(isLeft ? [...cells, row.reason === null ? '' : REASON_WORDS[row.reason]] : cells);
    }
    out.push(table.toString());
    if (rows.length > shown.length) {
      out.push(`… and ${formatNumber(rows.length - shown.length)} more with smaller changes (--format csv or json lists them all)`);
    }
    out.push('');
  }
  return out.join('\n');
}
