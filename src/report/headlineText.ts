// The headline in the words of a board paper (docs/rules.md#headline).
import type { ReconciliationResult } from '../result/reconciliationResult.js';
import type { BreakdownRow, Headline } from '../result/summary.js';

// toLocaleString builds a formatter per call (tens of microseconds); reports format thousands of cells.
const FORMATTERS = [0, 1, 2].map((decimals) => new Intl.NumberFormat('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }));

/** A number as a British reader writes it: thousands separated by commas, a fixed number of decimals. */
export function formatNumber(value: number, decimals = 0): string {
  const formatter = FORMATTERS[decimals] ?? new Intl.NumberFormat('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return formatter.format(value);
}

/** The columns every text reporter shows for a breakdown row (by provider, locality …), after its key. */
export const BREAKDOWN_HEADINGS = ['Children', 'Required h', 'Delivered h', 'Owed h', 'Shortfall', 'No contact'] as const;

export function breakdownCells(row: BreakdownRow): string[] {
  return [
    formatNumber(row.childYears),
    formatNumber(row.requiredHours, 2),
    formatNumber(row.deliveredHours, 2),
    formatNumber(row.owedHours, 2),
    formatNumber(row.statuses.shortfall),
    formatNumber(row.statuses['no-contact']),
  ];
}

function children(count: number): string {
  return `${formatNumber(count)} ${count === 1 ? 'child' : 'children'}`;
}

/** The board-paper sentences for one discipline's (or the whole run's) headline. */
function describe(headline: Headline, label: string, year: string, asOf: string): string[] {
  const sentences = [`${label} ${year}, as of ${asOf}: ${children(headline.childrenInScope)} with ${label} provision in scope.`];
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

/**
 * The headline in words: one paragraph when the run has one discipline, otherwise one per discipline
 * (a child with OT and SLT is counted in each), separated by blank lines.
 */
export function headlineSentences(result: ReconciliationResult): string[] {
  const disciplines = Object.entries(result.headlineByDiscipline);
  if (disciplines.length <= 1) {
    const label = disciplines[0]?.[0] ?? 'Therapy';
    return describe(result.headline, label, result.year, result.asOf);
  }
  return disciplines.flatMap(([discipline, headline], index) => [...(index === 0 ? [] : ['']), ...describe(headline, discipline, result.year, result.asOf)]);
}
