// --format md for a diff: the headline changes and the lists as Markdown, for a board paper or a ticket.
// Every value is escaped for where it stands: child IDs, file names and even statuses come from files a
// person may have edited. Each list is in the order of the terminal table: largest change first.
import { escapeMarkdownText, markdownTable } from '../report/markdown.js';
import { CHANGE_KINDS, type SummaryDiff } from './compare.js';
import {
  byLargestChange,
  CHANGE_TITLES,
  CHILD_HEAD,
  childCells,
  countsLine,
  FIGURE_LABELS,
  formatFigure,
  formatFigureChange,
  headlineRowsShown,
  REASON_WORDS,
  titleLine,
  warningLines,
  warningsHeading,
} from './words.js';
import { formatNumber } from '../report/headlineText.js';

export function renderDiffMarkdown(diff: SummaryDiff): string {
  const lines = [`# ${escapeMarkdownText(titleLine(diff))}`, ''];
  const warnings = warningLines(diff);
  if (warnings.length > 0) {
    lines.push(`> **${escapeMarkdownText(warningsHeading(diff))}**`, '>', ...warnings.map((line) => `> - ${escapeMarkdownText(line)}`), '');
  }
  lines.push('## Headline', '');
  lines.push(
    ...markdownTable(
      ['Figure', `Old (${diff.old.asOf})`, `New (${diff.new.asOf})`, 'Change'],
      headlineRowsShown(diff).map((row) => [
        FIGURE_LABELS[row.figure],
        formatFigure(row.figure, row.old),
        formatFigure(row.figure, row.new),
        formatFigureChange(row.figure, row.change),
      ]),
    ),
    '',
    escapeMarkdownText(countsLine(diff)),
    '',
  );
  for (const kind of CHANGE_KINDS) {
    const rows = [...diff[kind]].sort(byLargestChange);
    lines.push(`## ${CHANGE_TITLES[kind]} (${formatNumber(rows.length)})`, '');
    if (rows.length === 0) {
      lines.push('None.', '');
      continue;
    }
    const isLeft = kind === 'left';
    lines.push(
      ...markdownTable(
        isLeft ? [...CHILD_HEAD, 'Reason'] : CHILD_HEAD,
        rows.map((row) => (isLeft ? [...childCells(row), row.reason === null ? '' : REASON_WORDS[row.reason]] : childCells(row))),
      ),
      '',
    );
  }
  return lines.join('\n');
}
