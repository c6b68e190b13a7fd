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

/** What a breakdown table needs columns for, the same in every text reporter. */
export interface BreakdownShape {
  /** Some group has shortfall counted as met under --tolerance: a column for it keeps each row adding up. */
  readonly hasTolerance: boolean;
  /** The run has more than one discipline, so a row counts child and discipline pairs, not children. */
  readonly countsPairs: boolean;
}

export function breakdownShape(result: ReconciliationResult, rows: readonly BreakdownRow[]): BreakdownShape {
  return { hasTolerance: rows.some((row) => row.shortfallWithinToleranceHours > 0), countsPairs: Object.keys(result.headlineByDiscipline).length > 1 };
}

/**
 * The columns every text reporter shows for a breakdown row (by provider, locality …), after its key.
 * Delivered hours are those within each child's plan, so that a row reads required = delivered + owed
 * (docs/rules.md#headline).
 */
export function breakdownHeadings(shape: BreakdownShape): string[] {
  return [
    shape.countsPairs ? 'Pairs' : 'Children',
    'Required h',
    'Delivered h',
    'Owed h',
    ...(shape.hasTolerance ? ['Within tolerance h'] : []),
    'Shortfall',
    'No contact',
  ];
}

export function breakdownCells(row: BreakdownRow, shape: BreakdownShape): string[] {
  return [
    formatNumber(row.childYears),
    formatNumber(row.requiredHours, 2),
    formatNumber(row.deliveredWithinPlanHours, 2),
    formatNumber(row.owedHours, 2),
    ...(shape.hasTolerance ? [formatNumber(row.shortfallWithinToleranceHours, 2)] : []),
    formatNumber(row.statuses.shortfall),
    formatNumber(row.statuses['no-contact']),
  ];
}

/** A count and its noun, the noun singular for one: "1 exception row", "2 exception rows", "0 children". */
export function counted(value: number, one: string, many = `${one}s`): string {
  return `${formatNumber(value)} ${value === 1 ? one : many}`;
}

function children(value: number): string {
  return counted(value, 'child', 'children');
}

function pairs(value: number): string {
  return counted(value, 'child and discipline pair');
}

/** Pairs once the paragraph has said what a pair is. */
function shortPairs(value: number): string {
  return counted(value, 'pair');
}

/** The tolerance in minutes a result was made with (0 when the options do not say). */
export function toleranceOf(result: ReconciliationResult): number {
  const tolerance = result.options['tolerance'];
  return typeof tolerance === 'number' ? tolerance : 0;
}

/**
 * The sentence on hours: the percent is of the two figures it prints, and delivered + owed (+ the
 * shortfall counted as met under a tolerance) is the required figure, to the hundredth.
 */
function hoursSentence(headline: Headline, tolerance: number): string {
  const delivered =
    headline.deliveredShare === null ? 'No hours were due yet' : `${formatNumber(headline.deliveredShare, 1)}% of required hours were delivered`;
  const owed = `${formatNumber(headline.hoursOwed, 2)} hours are owed`;
  const withinTolerance =
    headline.shortfallWithinToleranceHours > 0
      ? `, and ${formatNumber(headline.shortfallWithinToleranceHours, 2)} hours of shortfall within the ${formatNumber(tolerance)}-minute tolerance count as met`
      : '';
  return `${delivered}: ${formatNumber(headline.deliveredWithinPlanHours, 2)} of ${formatNumber(headline.requiredHours, 2)} hours; ${owed}${withinTolerance}.`;
}

function atRiskSentence(subject: string, atRisk: number): string {
  return `${subject} ${atRisk === 1 ? 'is' : 'are'} at risk of not receiving their full year's hours by the end of the year.`;
}

/** The board-paper sentences for one discipline: each child has one child-year in it, so counts are children. */
function describeDiscipline(headline: Headline, label: string, year: string, asOf: string, tolerance: number): string[] {
  const sentences = [`${label} ${year}, as of ${asOf}: ${children(headline.childrenInScope)} with ${label} provision in scope.`];
  if (headline.childrenInScope === 0) return sentences;
  const share = headline.notReceivingShare === null ? '' : ` (${formatNumber(headline.notReceivingShare, 1)}%)`;
  sentences.push(
    `${children(headline.notReceivingFullAllocation)}${share} did not receive their full allocation; ${formatNumber(headline.noContact)} received no contact at all.`,
    hoursSentence(headline, tolerance),
    atRiskSentence(children(headline.atRisk), headline.atRisk),
  );
  return sentences;
}

/** The whole run when it has more than one discipline: children counted once, and the pairs the per-discipline counts add up to. */
function describeAllDisciplines(headline: Headline, year: string, asOf: string, tolerance: number): string[] {
  const sentences = [`All disciplines ${year}, as of ${asOf}: ${children(headline.distinctChildren)} in scope: ${pairs(headline.childrenInScope)}.`];
  if (headline.childrenInScope === 0) return sentences;
  const share = headline.notReceivingShare === null ? '' : `, ${formatNumber(headline.notReceivingShare, 1)}% of pairs`;
  sentences.push(
    `${children(headline.worklistChildren)} did not receive their full allocation in at least one discipline ` +
      `(${shortPairs(headline.notReceivingFullAllocation)}${share}); ${shortPairs(headline.noContact)} received no contact at all.`,
    hoursSentence(headline, tolerance),
    atRiskSentence(shortPairs(headline.atRisk), headline.atRisk),
  );
  return sentences;
}

/** Said once: why the delivered figure is less than every hour delivered. */
function beyondPlanSentence(headline: Headline): string[] {
  if (!(headline.deliveredBeyondPlanHours > 0)) return [];
  return [
    `A further ${formatNumber(headline.deliveredBeyondPlanHours, 2)} hours were delivered beyond children's plans; they are not counted above, because one child's extra hours do not make up another child's shortfall.`,
  ];
}

/**
 * The headline in words: one paragraph when the run has one discipline; otherwise one per discipline
 * (each counting children) and one for all disciplines together (children once, and child and
 * discipline pairs), separated by empty strings.
 */
export function headlineSentences(result: ReconciliationResult): string[] {
  const tolerance = toleranceOf(result);
  const disciplines = Object.entries(result.headlineByDiscipline);
  if (disciplines.length <= 1) {
    // A run with nothing in scope has no discipline of its own: the one --discipline asked for, if any.
    const asked = result.options['discipline'];
    const label = disciplines[0]?.[0] ?? (typeof asked === 'string' ? asked : 'Therapy');
    return [...describeDiscipline(result.headline, label, result.year, result.asOf, tolerance), ...beyondPlanSentence(result.headline)];
  }
  return [
    ...disciplines.flatMap(([discipline, headline]) => [...describeDiscipline(headline, discipline, result.year, result.asOf, tolerance), '']),
    ...describeAllDisciplines(result.headline, result.year, result.asOf, tolerance),
    ...beyondPlanSentence(result.headline),
  ];
}
