// --format md for a diff: the headline changes and the lists as Markdown, for a board paper or a ticket.
// Every value is escaped: child IDs, file names and even statuses come from files a person may have edited.
import { escapeMarkdown } from '../report/markdown.js';
import { CHANGE_KINDS, type SummaryDiff } from './compare.js';
import { CHANGE_TITLES, CHILD_HEAD, childCells, countsLine, FIGURE_LABELS, formatFigure, formatFigureChange, REASON_WORDS, titleLine } from './words.js';
import { formatNumber } from '../report/headlineText.js';

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [line(head), `| ${head.map(() => '---').join(' | ')} |`, ...rows.map(line)];
}

export function renderDiffMarkdown(diff: SummaryDiff): string {
  const lines = [`# ${escapeMarkdown(titleLine(diff))}`, '', '## Headline', ''];
  lines.push(
    ...table(
      ['Figure', `Old (${diff.old.asOf})`, `New (${diff.new.asOf})`, 'Change'],
      diff.headline.map((row) => [FIGURE_LABELS[row.figure], formatFigure(row.figure, row.old), formatFigure(row.figure, row.new), formatFigureChange(row.figure, row.change)]),
    ),
    '',
    escapeMarkdown(countsLine(diff)),
    '',
  );
  for (const kind of CHANGE_KINDS) {
    const rows = diff[kind];
    lines.push(`## ${CHANGE_TITLES[kind]} (${formatNumber(rows.length)})`, '');
    if (rows.length === 0) {
      lines.push('None.', '');
      continue;
    }
    const isLeft = kind === 'left';
    lines.push(
      ...table(
        isLeft ? [...CHILD_HEAD, 'Reason'] : CHILD_HEAD,
        rows.map((row) => (isLeft ? [...childCells(row), row.reason === null ? '' : REASON_WORDS[row.reason]] : childCells(row))),
      ),
      '',
    );
  }
  return lines.join('\n');
}
