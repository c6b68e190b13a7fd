// --format md: the summary as Markdown, for a board paper or a ticket. Every value is escaped.
import { BREAKDOWN_HEADINGS, breakdownCells, formatNumber, headlineSentences } from './headlineText.js';
import type { ReconciliationResult, ValidationResult } from '../result/reconciliationResult.js';
import type { BreakdownRow } from '../result/summary.js';
import { accountingLines } from './table.js';
import { firstExceptions } from '../reconcile/exceptionSink.js';
import { visible } from '../schema/visibleText.js';

/**
 * Escapes text for a Markdown table cell: HTML and Markdown syntax show as text, a line break is a
 * space, and any other control or invisible format character (an escape sequence, a bell, a
 * right-to-left override that would reverse what follows) is spelled out as \uXXXX.
 */
export function escapeMarkdown(text: string): string {
  return visible(text.replace(/\r?\n|\r/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

function breakdown(title: string, rows: readonly BreakdownRow[]): string[] {
  return [
    `### By ${title.toLowerCase()}`,
    '',
    ...table(
      [title, ...BREAKDOWN_HEADINGS],
      rows.map((row) => [escapeMarkdown(row.key), ...breakdownCells(row)]),
    ),
    '',
  ];
}

export function renderMarkdown(result: ReconciliationResult): string {
  const { summary } = result;
  const lines = [`# Therapy provision reconciliation ${result.year}`, '', ...headlineSentences(result).map(escapeMarkdown), ''];
  lines.push('## Summary', '');
  lines.push(...breakdown('Provider', summary.byProvider));
  lines.push(...breakdown('Locality', summary.byLocality));
  lines.push(...breakdown('Commissioner', summary.byCommissioner));
  lines.push(...breakdown('Establishment', summary.byEstablishment));
  lines.push('### By term', '');
  lines.push(
    ...table(
      ['Term', 'Required h', 'Delivered h', 'Owed h'],
      summary.byTerm.map((term) => [escapeMarkdown(term.term), formatNumber(term.requiredHours, 2), formatNumber(term.deliveredHours, 2), formatNumber(term.owedHours, 2)]),
    ),
    '',
  );
  lines.push('### Appointments not delivered', '');
  lines.push(
    ...table(
      ['Did not attend', 'Cancelled by family', 'Cancelled by provider', 'Late, not seen', 'No outcome recorded'],
      [[summary.attendance.dna, summary.attendance.cancelledByFamily, summary.attendance.cancelledByProvider, summary.attendance.lateNotSeen, summary.attendance.noOutcome].map((n) => formatNumber(n))],
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
  const lines = ['# Input check', '', '## Row accounting', '', ...accountingLines(validation.accounting).map((line) => `- ${line}`), ''];
  lines.push('## Exceptions', '');
  if (exceptions.length === 0) {
    lines.push('No exceptions.', '');
    return lines.join('\n');
  }
  const listed = firstExceptions(exceptions, EXCEPTIONS_LISTED);
  lines.push(
    ...table(
      ['File', 'Line', 'Bucket', 'Field', 'Value', 'Reason'],
      listed.map((record) => [record.file, String(record.line), record.bucket, escapeMarkdown(record.field), escapeMarkdown(record.value), escapeMarkdown(record.reason)]),
    ),
    '',
  );
  if (exceptions.length > listed.length) lines.push(`… and ${formatNumber(exceptions.length - listed.length)} more rows (--format csv or --out DIR lists them all).`, '');
  return lines.join('\n');
}
