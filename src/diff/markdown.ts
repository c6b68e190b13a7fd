// --format md for a diff: the headline changes and the lists as Markdown, for a board paper or a ticket.
// Every value is escaped for where it stands: child IDs, file names and even statuses come from files a
// person may have edited. Each list is in the order of the terminal table: largest change first.
import { escapeMarkdownText, markdownTable } from '../report/markdown.js';
import type { SummaryDiff } from './compare.js';
import { diffDocument } from './words.js';

export function renderDiffMarkdown(diff: SummaryDiff): string {
  const document = diffDocument(diff);
  const lines = [`# ${escapeMarkdownText(document.title)}`, ''];
  if (document.warnings.length > 0) {
    lines.push(`> **${escapeMarkdownText(document.warningsHeading)}**`, '>', ...document.warnings.map((line) => `> - ${escapeMarkdownText(line)}`), '');
  }
  lines.push('## Headline', '');
  lines.push(
    ...markdownTable(['Figure', `Old (${diff.old.asOf})`, `New (${diff.new.asOf})`, 'Change'], document.headlineRows),
    '',
    escapeMarkdownText(document.counts),
    '',
  );
  for (const list of document.lists) {
    lines.push(`## ${list.title}`, '');
    lines.push(...(list.rows.length === 0 ? ['None.'] : markdownTable(list.head, list.rows)), '');
  }
  return lines.join('\n');
}
