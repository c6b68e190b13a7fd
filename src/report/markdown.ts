// --format md: the summary as Markdown, for a board paper or a ticket. Values are escaped for where
// they stand, and no more than that needs: a raw file should read as well as its rendering.
import { breakdownCells, breakdownHeadings, breakdownShape, counted, formatNumber, headlineSentences } from './headlineText.js';
import type { ReconciliationResult, ValidationResult } from '../result/reconciliationResult.js';
import type { HealthWarning } from '../result/health.js';
import type { BreakdownRow } from '../result/summary.js';
import { accountingLines } from './table.js';
import { firstExceptions } from '../reconcile/exceptionSink.js';
import { visible } from '../schema/visibleText.js';

/**
 * `<` and `&` start HTML, which Markdown passes through: a value such as `<img onerror=…>` shows as text.
 * Any control or invisible format character (an escape sequence, a bell, a right-to-left override that
 * would reverse what follows) is spelled out as \uXXXX, and a line break (which would end a table row or
 * a paragraph) becomes a space.
 */
function escapeHtmlStarts(text: string): string {
  return visible(text.replace(/\r\n|\r|\n/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;');
}

/**
 * A value in a Markdown table cell: a pipe would end the cell and a line break the row; `<` and `&`
 * would be read as HTML; square brackets would make a link or an image (`![x](https://…)` fetched
 * when the table is shown), and a backquote code. Signs, full stops and parentheses stay as they are.
 */
export function escapeMarkdownCell(text: string): string {
  return escapeHtmlStarts(text).replace(/[\\`[\]|]/g, '\\$&');
}

/**
 * Text in a paragraph or heading: HTML starts, line breaks, and the characters that would turn part of
 * it into emphasis, code or a link (a file name such as `runs/_old_/summary.json`).
 */
export function escapeMarkdownText(text: string): string {
  return escapeHtmlStarts(text).replace(/[\\`*_[\]]/g, '\\$&');
}

/** A Markdown table; every cell is escaped here, so callers pass plain text. */
export function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMarkdownCell).join(' | ')} |`;
  return [line(head), `| ${head.map(() => '---').join(' | ')} |`, ...rows.map(line)];
}

function breakdown(result: ReconciliationResult, title: string, rows: readonly BreakdownRow[]): string[] {
  const shape = breakdownShape(result, rows);
  return [
    `### By ${title.toLowerCase()}`,
    '',
    ...markdownTable(
      [title, ...breakdownHeadings(shape)],
      rows.map((row) => [row.key, ...breakdownCells(row, shape)]),
    ),
    '',
  ];
}

/** The headline's sentences, a paragraph per discipline (an empty string separates them in headlineSentences). */
function headlineParagraphs(result: ReconciliationResult): string[] {
  return headlineSentences(result).map((sentence) => (sentence === '' ? '' : escapeMarkdownText(sentence)));
}

/**
 * The run-health banner, first after the title: a quoted block a mail or a ticket shows apart. Nothing
 * on a clean run.
 */
function warningLines(warnings: readonly HealthWarning[]): string[] {
  if (warnings.length === 0) return [];
  const heading =
    warnings.length === 1
      ? 'Check before use: a warning about these figures.'
      : `Check before use: ${formatNumber(warnings.length)} warnings about these figures.`;
  return [`> **${heading}**`, '>', ...warnings.map((warning) => `> - ${escapeMarkdownText(warning.message)} (\`${warning.code}\`)`), ''];
}

export function renderMarkdown(result: ReconciliationResult): string {
  const { summary } = result;
  const lines = [`# Therapy provision reconciliation ${result.year}`, '', ...warningLines(result.warnings), ...headlineParagraphs(result), ''];
  lines.push('## Summary', '');
  lines.push(...breakdown(result, 'Provider', summary.byProvider));
  lines.push(...breakdown(result, 'Locality', summary.byLocality));
  lines.push(...breakdown(result, 'Commissioner', summary.byCommissioner));
  lines.push(...breakdown(result, 'Establishment', summary.byEstablishment));
  lines.push('### By term', '');
  lines.push(
    ...markdownTable(
      ['Term', 'Required h', 'Delivered h', 'Owed h'],
      summary.byTerm.map((term) => [
        term.term,
        formatNumber(term.requiredHours, 2),
        formatNumber(term.deliveredWithinPlanHours, 2),
        formatNumber(term.owedHours, 2),
      ]),
    ),
    '',
  );
  lines.push('### Appointments not delivered', '');
  lines.push(
    ...markdownTable(
      ['Did not attend', 'Cancelled by family', 'Cancelled by provider', 'Late, not seen', 'No outcome recorded'],
      [
        [
          summary.attendance.dna,
          summary.attendance.cancelledByFamily,
          summary.attendance.cancelledByProvider,
          summary.attendance.lateNotSeen,
          summary.attendance.noOutcome,
        ].map((n) => formatNumber(n)),
      ],
    ),
    '',
  );
  lines.push(
    `Excluded from reconciliation: ${formatNumber(summary.excluded.personalBudgetLines)} personal-budget and ${formatNumber(summary.excluded.privateLines)} private provision lines, ${formatNumber(summary.excluded.contacts)} contacts under them.`,
    '',
  );
  lines.push('## Row accounting', '', ...accountingLines(result.accounting).map((line) => `- ${line}`), '');
  return lines.join('\n');
}

/** Exception rows listed in Markdown; the CSV and --out list them all. */
const EXCEPTIONS_LISTED = 200;

/** validate as Markdown: the row accounting and the exception rows, for a ticket or an email. */
export function renderValidationMarkdown(validation: ValidationResult): string {
  const { exceptions } = validation;
  const lines = [
    '# Input check',
    '',
    ...warningLines(validation.warnings),
    '## Row accounting',
    '',
    ...accountingLines(validation.accounting).map((line) => `- ${line}`),
    '',
  ];
  lines.push('## Exceptions', '');
  if (exceptions.length === 0) {
    lines.push('No exceptions.', '');
    return lines.join('\n');
  }
  const listed = firstExceptions(exceptions, EXCEPTIONS_LISTED);
  lines.push(
    ...markdownTable(
      ['File', 'Line', 'Bucket', 'Field', 'Value', 'Reason'],
      listed.map((record) => [record.file, String(record.line), record.bucket, record.field, record.value, record.reason]),
    ),
    '',
  );
  if (exceptions.length > listed.length)
    lines.push(`… and ${counted(exceptions.length - listed.length, 'more row')} (--format csv or --out DIR lists them all).`, '');
  return lines.join('\n');
}
