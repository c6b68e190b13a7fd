// The headline in the words of a board paper (SPEC 5).
import type { ReconciliationResult } from './result.js';

export function formatNumber(value: number, decimals = 0): string {
  return value.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function children(count: number): string {
  return `${formatNumber(count)} ${count === 1 ? 'child' : 'children'}`;
}

export function headlineSentences(result: ReconciliationResult): string[] {
  const { headline } = result;
  const disciplines = headline.disciplines.length > 0 ? headline.disciplines.join(', ') : 'therapy';
  const sentences = [`${disciplines} ${result.year}, as of ${result.asOf}: ${children(headline.childrenInScope)} with ${disciplines} provision in scope.`];
  if (headline.childrenInScope === 0) return sentences;
  const share = headline.notReceivingShare === null ? '' : ` (${formatNumber(headline.notReceivingShare, 1)}%)`;
  sentences.push(
    `${children(headline.notReceivingFullAllocation)}${share} did not receive their full allocation; ${formatNumber(headline.noContact)} received no contact at all.`,
  );
  const delivered = headline.deliveredShare === null ? 'No hours were due yet' : `${formatNumber(headline.deliveredShare, 1)}% of required hours were delivered`;
  sentences.push(`${delivered}: ${formatNumber(headline.deliveredHours, 2)} of ${formatNumber(headline.requiredHours, 2)} hours; ${formatNumber(headline.hoursOwed, 2)} hours are owed.`);
  sentences.push(`${children(headline.atRisk)} ${headline.atRisk === 1 ? 'is' : 'are'} at risk of not receiving their full year's hours by the end of the year.`);
  return sentences;
}
