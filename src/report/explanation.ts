// explain as text: the audit trail of one child, line by line, for a person at a terminal.
import type { ChildExplanation } from '../reconcile/explain.js';
import { visible } from '../schema/visibleText.js';
import { counted, formatNumber } from './headlineText.js';
import { usableWidth, wrapText } from './textLayout.js';

/** Each line within `width` columns (100 when not given): a long one continues, indented, on the next. */
export function renderExplanation(explanation: ChildExplanation, options: { readonly width?: number | undefined } = {}): string {
  const { idRules } = explanation;
  const rules = idRules.plans === idRules.contacts ? `${idRules.plans} (both files)` : `${idRules.plans} (plans), ${idRules.contacts} (contacts)`;
  const out: string[] = [
    `Child ${explanation.childId}, ${explanation.year}, as of ${explanation.asOf}`,
    `Identifier rule: ${rules}${explanation.givenId === null ? '' : `; given as "${explanation.givenId}"`}`,
    '',
    'Provision lines (plans file):',
  ];
  if (explanation.planRows.length === 0) {
    const similar = explanation.similarPlanIds;
    out.push(similar.length === 0 ? '  none' : `  none; the nearest IDs in the plans file: ${similar.join(', ')}`);
  }
  for (const row of explanation.planRows) {
    if (row.quantity === null) {
      out.push(`  line ${row.line}: ${row.bucket} — ${quotedProblem(row)}`);
      continue;
    }
    out.push(`  line ${row.line}: ${row.discipline} ${row.quantity}, ${row.start} to ${row.end ?? 'open'}, ${row.funding} → ${row.bucket}`);
    if (row.period === null) {
      if (row.bucket === 'reconciled') out.push('    period: none inside the year up to as-of');
      continue;
    }
    out.push(`    period ${row.period.start} to ${row.period.end}`);
    for (const term of row.terms) {
      out.push(
        `    ${term.term.padEnd(8)} covered ${term.fraction} = ${term.fractionDecimal} → ${term.weeks} weeks, ${term.sessions} sessions, ${term.minutes} minutes`,
      );
    }
    out.push(`    total: W = ${row.coveredWeeks} weeks, T = ${row.coveredTerms} terms → ${row.sessions} sessions, ${row.minutes} minutes (unrounded)`);
  }
  out.push('', 'Contact rows (contacts file):');
  if (explanation.contactRows.length === 0) out.push('  none');
  for (const row of explanation.contactRows) {
    const what =
      row.date === null
        ? quotedProblem(row)
        : `${row.date} ${row.discipline} ${row.minutes} min ${row.attendance} ${row.contactType}${row.contactId === null ? '' : ` (${row.contactId})`}`;
    out.push(`  line ${row.line}: ${what} → ${row.bucket}${row.bucket === 'duplicate' && row.reason ? ` (${row.reason})` : ''}`);
  }
  out.push('', 'Totals:');
  if (explanation.childYears.length === 0) out.push('  no child-year: the child has no reconciled line in this year');
  for (const childYear of explanation.childYears) {
    out.push(
      `  ${childYear.discipline}: required ${formatNumber(childYear.requiredMinutes)} min, delivered ${formatNumber(childYear.deliveredMinutes)} min in ${counted(childYear.sessionsDelivered, 'session')}` +
        ` → ${childYear.status}, shortfall ${formatNumber(childYear.shortfallMinutes)} min, ${counted(childYear.sessionsOwed, 'session')} owed of ${childYear.sessionMinutes} min`,
    );
    for (const term of childYear.terms) out.push(`    ${term.term.padEnd(8)} required ${term.requiredMinutes} min, delivered ${term.deliveredMinutes} min`);
    out.push(
      `    forecast: full year ${formatNumber(childYear.requiredFullYearMinutes)} min, booked ${formatNumber(childYear.bookedMinutes)} min, projected ${formatNumber(childYear.projectedMinutes)} min${childYear.atRisk ? ' — at risk' : ''}`,
    );
    if (childYear.recoveryMinutes > 0) out.push(`    of the delivered minutes, ${childYear.recoveryMinutes} were recovery after the year ended`);
  }
  // Every value came from the inputs: nothing in it may act on the terminal.
  const width = usableWidth(options.width);
  return `${out.map((line) => wrapText(visible(line), width, '    ')).join('\n')}\n`;
}

/** A row that does not read, with the value that stopped it always quoted: `minutes "abc": …`. */
function quotedProblem(row: { readonly field: string | null; readonly value: string | null; readonly reason: string | null }): string {
  const reason = row.reason ?? '';
  return row.field === null ? reason : `${row.field} "${row.value ?? ''}": ${reason}`;
}
