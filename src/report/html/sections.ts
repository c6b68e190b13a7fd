// The sections of report.html, each from the one result object every reporter renders.
import { compareCodePoints } from '../../exact/codePointOrder.js';
import type { ExceptionList } from '../../reconcile/exceptionSink.js';
import { CONTACT_BUCKETS, EXCEPTION_BUCKETS, PLAN_BUCKETS, type Status } from '../../schema/vocabulary.js';
import { breakdownShape, formatNumber, headlineSentences, toleranceOf } from '../headlineText.js';
import type { ReconciliationResult } from '../../result/reconciliationResult.js';
import { hoursOf, UNKNOWN_KEY, type BreakdownRow } from '../../result/summary.js';
import { drawBarChart, drawColumnChart, NARROW, WIDE, type Bar, type BarChart, type ColumnChart, type ColumnGroup } from './charts.js';
import { html, type HtmlPart, type SafeHtml } from './escape.js';
import { formatHours, formatLongDate, formatPercent, roundHours, shareOf } from './format.js';
import { renderTable } from './tables.js';

/** Rows of the worklist on the page: the board sees the top; the full list is in worklist.csv. */
export const WORKLIST_ROWS = 25;
/** Bars per breakdown chart; the rest are summed into one bar and listed in the data table. */
const MAX_BARS = 12;
/** Exception line numbers listed per kind; exceptions.csv has them all. */
const MAX_LINES = 12;

interface ChartSection {
  readonly id: string;
  readonly heading: string;
  readonly note?: HtmlPart;
  /** The chart, wide and narrow (columnCharts, barCharts): the style sheet shows the one the screen suits. */
  readonly svg: SafeHtml;
  readonly table: SafeHtml;
  readonly after?: SafeHtml;
}

function chartSection(section: ChartSection): SafeHtml {
  const note = section.note === undefined ? null : html`<p class="note">${section.note}</p>`;
  return html`
<section class="chart" id="${section.id}" aria-labelledby="${section.id}-heading">
<div class="chart-body">
<h2 id="${section.id}-heading">${section.heading}</h2>
${note}<figure>${section.svg}</figure>
</div>
<details><summary>Data table: ${section.heading.toLowerCase()}</summary>
${section.table}
</details>${section.after ?? null}
</section>`;
}

function columnCharts(chart: ColumnChart): SafeHtml {
  return html`${drawColumnChart(chart, WIDE)}${drawColumnChart(chart, NARROW)}`;
}

function barCharts(chart: BarChart): SafeHtml {
  return html`${drawBarChart(chart, WIDE)}${drawBarChart(chart, NARROW)}`;
}

/** What the counts of a result count: children, or child and discipline pairs when it has more than one discipline. */
function countedIn(result: ReconciliationResult): { readonly plural: string; readonly capitalised: string } {
  return Object.keys(result.headlineByDiscipline).length > 1
    ? { plural: 'child and discipline pairs', capitalised: 'Child and discipline pairs' }
    : { plural: 'children', capitalised: 'Children' };
}

/** Chart labels round to whole hours once the bars are long; the tables keep two decimals. */
function chartHours(value: number, max: number): string {
  return formatNumber(value, max >= 100 ? 0 : 1);
}

/** Whether the run has run-health warnings. */
export function hasWarnings(result: ReconciliationResult): boolean {
  return result.warnings.length > 0;
}

/**
 * The run-health banner, above the headline: a board paper must not quote figures the data cannot
 * support without saying so. Nothing at all on a clean run.
 */
export function warningsSection(result: ReconciliationResult): SafeHtml | null {
  const warnings = result.warnings;
  if (warnings.length === 0) return null;
  const heading =
    warnings.length === 1
      ? 'Check before use: a warning about these figures'
      : `Check before use: ${formatNumber(warnings.length)} warnings about these figures`;
  return html`
<section class="warnings" id="warnings" aria-labelledby="warnings-heading">
<h2 id="warnings-heading">${heading}</h2>
<p>ehcp-recon found something in the data or the options that may make the figures below wrong. Check each point before the figures are used.</p>
<ul>
${warnings.map(
  (warning) => html`<li>${warning.message} <code>${warning.code}</code></li>
`,
)}</ul>
</section>`;
}

export function headlineSection(result: ReconciliationResult): SafeHtml {
  const { headline } = result;
  const isMixed = Object.keys(result.headlineByDiscipline).length > 1;
  const figure = (key: string, label: string, value: string, sub?: SafeHtml | null) =>
    html`<div><dt>${label}</dt><dd data-figure="${key}">${value}</dd>${sub ?? null}</div>`;
  const part = (key: string, value: string) => html`<span data-figure="${key}">${value}</span>`;
  // Counts of children are distinct children; where a child has two disciplines, the pairs are given too.
  const pairsInScope = isMixed
    ? html`<dd class="sub">${part('childrenInScope', formatNumber(headline.childrenInScope))} child and discipline pairs</dd>`
    : null;
  const notReceiving = isMixed
    ? html`<dd class="sub">${part('notReceivingFullAllocation', formatNumber(headline.notReceivingFullAllocation))} pairs: ${part('notReceivingShare', formatPercent(headline.notReceivingShare))} of pairs in scope</dd>`
    : html`<dd class="sub">that is ${part('notReceivingShare', formatPercent(headline.notReceivingShare))} of children in scope</dd>`;
  const beyond =
    headline.deliveredBeyondPlanHours > 0
      ? html`<dd class="sub">and ${part('deliveredBeyondPlanHours', formatHours(headline.deliveredBeyondPlanHours))} beyond plans, not counted</dd>`
      : null;
  const withinTolerance =
    headline.shortfallWithinToleranceHours > 0
      ? html`<dd class="sub">and ${part('shortfallWithinToleranceHours', formatHours(headline.shortfallWithinToleranceHours))} within the ${formatNumber(toleranceOf(result))}-minute tolerance, counted as met</dd>`
      : null;
  const toleranceTerm = headline.shortfallWithinToleranceHours > 0 ? ` + ${formatHours(headline.shortfallWithinToleranceHours)} within tolerance` : '';
  return html`
<section class="headline" id="headline" aria-labelledby="headline-heading">
<h2 id="headline-heading">Headline</h2>
${headlineParagraphs(result)}
${isMixed ? html`<h3>All disciplines together</h3>` : null}
<dl class="figures">
${figure('distinctChildren', 'Children in scope', formatNumber(headline.distinctChildren), pairsInScope)}
${figure('worklistChildren', isMixed ? 'Children not receiving their full allocation' : 'Did not receive their full allocation', formatNumber(headline.worklistChildren), notReceiving)}
${figure('noContact', isMixed ? 'Pairs with no contact at all' : 'Received no contact at all', formatNumber(headline.noContact))}
${figure('atRisk', isMixed ? 'Pairs at risk by the end of the year' : 'At risk by the end of the year', formatNumber(headline.atRisk))}
${figure('requiredHours', 'Hours required to date', formatHours(headline.requiredHours))}
${figure('deliveredWithinPlanHours', 'Hours delivered within plans', formatHours(headline.deliveredWithinPlanHours), beyond)}
${figure('deliveredShare', 'Share of required hours delivered', formatPercent(headline.deliveredShare))}
${figure('hoursOwed', 'Hours owed', formatHours(headline.hoursOwed), withinTolerance)}
</dl>
<p class="note">Delivered within plans + owed${toleranceTerm === '' ? '' : ' + within tolerance'} = required: ${formatHours(headline.deliveredWithinPlanHours)} + ${formatHours(headline.hoursOwed)}${toleranceTerm} = ${formatHours(headline.requiredHours)} hours. A child's hours beyond their plan make up no other child's shortfall, so they are left out of the delivered figure and its share.</p>
${headlineByDisciplineTable(result)}
</section>`;
}

/** headlineSentences gives one paragraph per discipline, separated by an empty string. */
function headlineParagraphs(result: ReconciliationResult): SafeHtml[] {
  const paragraphs: string[][] = [[]];
  for (const sentence of headlineSentences(result)) {
    if (sentence === '') paragraphs.push([]);
    else paragraphs[paragraphs.length - 1]!.push(sentence);
  }
  return paragraphs.filter((sentences) => sentences.length > 0).map((sentences) => html`<p class="words">${sentences.join(' ')}</p>`);
}

/** A run reconciles each discipline on its own, so a board with OT and SLT sees each one's figures. */
function headlineByDisciplineTable(result: ReconciliationResult): SafeHtml | null {
  const rows = Object.entries(result.headlineByDiscipline);
  if (rows.length <= 1) return null;
  return renderTable({
    caption: 'By discipline (a child with two disciplines counts in each)',
    columns: [
      { label: 'Discipline' },
      { label: 'Children', isNumeric: true },
      { label: 'Not full allocation', isNumeric: true },
      { label: 'No contact', isNumeric: true },
      { label: 'Required h', isNumeric: true },
      { label: 'Delivered within plans h', isNumeric: true },
      { label: 'Delivered', isNumeric: true },
      { label: 'Owed h', isNumeric: true },
      { label: 'At risk', isNumeric: true },
    ],
    rows: rows.map(([discipline, headline]) => [
      discipline,
      formatNumber(headline.childrenInScope),
      `${formatNumber(headline.notReceivingFullAllocation)} (${formatPercent(headline.notReceivingShare)})`,
      formatNumber(headline.noContact),
      formatHours(headline.requiredHours),
      formatHours(headline.deliveredWithinPlanHours),
      formatPercent(headline.deliveredShare),
      formatHours(headline.hoursOwed),
      formatNumber(headline.atRisk),
    ]),
  });
}

export function termSection(result: ReconciliationResult): SafeHtml {
  const terms = result.summary.byTerm;
  const max = Math.max(0, ...terms.flatMap((term) => [term.requiredHours, term.deliveredWithinPlanHours]));
  const groups: ColumnGroup[] = terms.map((term) => ({
    category: term.term,
    columns: [
      { value: term.requiredHours, valueText: chartHours(term.requiredHours, max), fill: 'dark', series: 'required hours' },
      {
        value: term.deliveredWithinPlanHours,
        valueText: chartHours(term.deliveredWithinPlanHours, max),
        fill: 'hatch',
        series: 'delivered hours within plans',
      },
    ],
  }));
  const description =
    terms.length === 0
      ? 'No terms: no child is in scope.'
      : `${terms.map((term) => `${term.term}: ${formatHours(term.requiredHours)} hours required, ${formatHours(term.deliveredWithinPlanHours)} delivered within plans`).join('; ')}.`;
  return chartSection({
    id: 'by-term',
    heading: 'Required and delivered hours by term',
    note: `Required hours count each term only up to ${formatLongDate(result.asOf)}; a term that has not started yet shows none. Delivered hours count each child's hours up to what their plan required for the term, so that required = delivered + owed.`,
    svg: columnCharts({
      id: 'chart-term',
      title: 'Required and delivered hours by term',
      description,
      groups,
      legend: [
        { name: 'Required', fill: 'dark' },
        { name: 'Delivered within plans', fill: 'hatch' },
      ],
      xLabel: `Term of ${result.year}`,
      yLabel: 'Hours',
      isInteger: false,
    }),
    table: renderTable({
      columns: [
        { label: 'Term' },
        { label: 'Required h', isNumeric: true },
        { label: 'Delivered within plans h', isNumeric: true },
        { label: 'Owed h', isNumeric: true },
        { label: 'Delivered', isNumeric: true },
      ],
      rows: terms.map((term) => [
        term.term,
        formatHours(term.requiredHours),
        formatHours(term.deliveredWithinPlanHours),
        formatHours(term.owedHours),
        formatPercent(shareOf(term.deliveredWithinPlanHours, term.requiredHours)),
      ]),
    }),
  });
}

function sortByOwed(rows: readonly BreakdownRow[]): BreakdownRow[] {
  return [...rows].sort((a, b) => b.owedHours - a.owedHours || compareCodePoints(a.key, b.key));
}

function owedBars(rows: readonly BreakdownRow[]): Bar[] {
  const sorted = sortByOwed(rows);
  const shown = sorted.length > MAX_BARS ? sorted.slice(0, MAX_BARS - 1) : sorted;
  const rest = sorted.slice(shown.length);
  const entries = shown.map((row) => ({ label: row.key, value: row.owedHours }));
  if (rest.length > 0)
    entries.push({ label: `${formatNumber(rest.length)} others together`, value: roundHours(rest.reduce((sum, row) => sum + row.owedHours, 0)) });
  const max = Math.max(0, ...entries.map((entry) => entry.value));
  return entries.map((entry) => ({ ...entry, valueText: `${chartHours(entry.value, max)} h`, fill: 'mid' }));
}

function breakdownSection(result: ReconciliationResult, id: string, noun: string, plural: string, rows: readonly BreakdownRow[]): SafeHtml {
  const sorted = sortByOwed(rows);
  const shape = breakdownShape(result, rows);
  const heading = `Hours owed by ${noun}`;
  const top = sorted.slice(0, 3).map((row) => `${row.key} ${formatHours(row.owedHours)} hours`);
  const description =
    sorted.length === 0 ? 'No hours are owed.' : `Hours owed, largest first, across ${formatNumber(sorted.length)} ${plural}. Largest: ${top.join('; ')}.`;
  return chartSection({
    id,
    heading,
    note: `Owed hours count children in shortfall or with no contact; largest first.${sorted.length > MAX_BARS ? ` The chart shows the ${MAX_BARS - 1} largest; the table lists all ${formatNumber(sorted.length)}.` : ''}`,
    svg: barCharts({
      id: `chart-${id}`,
      title: heading,
      description,
      bars: owedBars(rows),
      categoryLabel: noun.charAt(0).toUpperCase() + noun.slice(1),
      valueLabel: 'Hours owed',
      isInteger: false,
    }),
    table: renderTable({
      columns: [
        { label: noun.charAt(0).toUpperCase() + noun.slice(1) },
        { label: shape.countsPairs ? 'Child and discipline pairs' : 'Children', isNumeric: true },
        { label: 'Required h', isNumeric: true },
        { label: 'Delivered within plans h', isNumeric: true },
        { label: 'Owed h', isNumeric: true },
        ...(shape.hasTolerance ? [{ label: 'Within tolerance h', isNumeric: true }] : []),
        { label: 'Shortfall', isNumeric: true },
        { label: 'No contact', isNumeric: true },
      ],
      rows: sorted.map((row) => [
        row.key,
        formatNumber(row.childYears),
        formatHours(row.requiredHours),
        formatHours(row.deliveredWithinPlanHours),
        formatHours(row.owedHours),
        ...(shape.hasTolerance ? [formatHours(row.shortfallWithinToleranceHours)] : []),
        formatNumber(row.statuses.shortfall),
        formatNumber(row.statuses['no-contact']),
      ]),
    }),
  });
}

export function providerSection(result: ReconciliationResult): SafeHtml {
  return breakdownSection(result, 'by-provider', 'provider', 'providers', result.summary.byProvider);
}

export function localitySection(result: ReconciliationResult): SafeHtml {
  return breakdownSection(result, 'by-locality', 'locality', 'localities', result.summary.byLocality);
}

interface Spread {
  /** Children per band: [0, 10), [10, 20) … [90, 100), then 100 and over. */
  readonly bands: readonly number[];
  readonly noContact: number;
  readonly notDue: number;
}

function spreadOf(result: ReconciliationResult): Spread {
  const bands = Array.from({ length: 11 }, () => 0);
  let noContact = 0;
  let notDue = 0;
  for (const childYear of result.childYears) {
    if (childYear.requiredMinutes === 0) {
      notDue++;
    } else if (childYear.deliveredMinutes === 0) {
      noContact++;
    } else {
      // Banded from the whole minutes, not the one-decimal percent: 99.96% is not "100 and over".
      const band = Math.min(10, Math.floor((childYear.deliveredMinutes * 10) / childYear.requiredMinutes));
      bands[band] = (bands[band] ?? 0) + 1;
    }
  }
  return { bands, noContact, notDue };
}

function bandLabel(band: number): string {
  return band === 10 ? '100+' : `${band * 10}–${band * 10 + 9}`;
}

export function spreadSection(result: ReconciliationResult): SafeHtml {
  const spread = spreadOf(result);
  const counted = countedIn(result);
  const groups: ColumnGroup[] = spread.bands.map((count, band) => ({
    category: bandLabel(band),
    columns: [{ value: count, valueText: formatNumber(count), fill: band === 10 ? 'light' : 'mid', series: counted.plural }],
  }));
  groups.push({
    category: 'No contact',
    isSeparate: true,
    columns: [{ value: spread.noContact, valueText: formatNumber(spread.noContact), fill: 'dark', series: counted.plural }],
  });
  const total = spread.bands.reduce((sum, count) => sum + count, 0) + spread.noContact;
  const description =
    `How many ${counted.plural} received each share of their required hours, in 10-point bands, ${formatNumber(total)} in all: ` +
    spread.bands.map((count, band) => `${bandLabel(band)}%: ${formatNumber(count)}`).join(', ') +
    `; no contact at all: ${formatNumber(spread.noContact)}.`;
  const notDue = spread.notDue > 0 ? ` ${formatNumber(spread.notDue)} with nothing due yet are left out.` : '';
  return chartSection({
    id: 'spread',
    heading: `Spread of delivered percent across ${counted.plural}`,
    note: `Delivered hours as a percent of required hours to date. A band runs from its first number up to the next band: 90–99 means at least 90% and under 100%. Children with no contact at all are shown apart.${notDue}`,
    svg: columnCharts({
      id: 'chart-spread',
      title: `Spread of delivered percent across ${counted.plural}`,
      description,
      groups,
      legend: [
        { name: 'Under 100% of required', fill: 'mid' },
        { name: '100% or more', fill: 'light' },
        { name: 'No contact', fill: 'dark' },
      ],
      xLabel: 'Delivered as a percent of required hours (10-point bands)',
      yLabel: counted.capitalised,
      isInteger: true,
    }),
    table: renderTable({
      columns: [{ label: 'Delivered percent' }, { label: counted.capitalised, isNumeric: true }],
      rows: [
        ...spread.bands.map((count, band) => [band === 10 ? '100% and over' : `${band * 10}% to under ${band * 10 + 10}%`, formatNumber(count)]),
        ['No contact at all', formatNumber(spread.noContact)],
        ...(spread.notDue > 0 ? [['Nothing due yet (not charted)', formatNumber(spread.notDue)]] : []),
      ],
    }),
  });
}

const STATUS_ORDER: readonly { status: Status; label: string }[] = [
  { status: 'no-contact', label: 'No contact' },
  { status: 'shortfall', label: 'Shortfall' },
  { status: 'met', label: 'Met' },
  { status: 'not-due', label: 'Nothing due yet' },
];

const STATUS_FILLS = { 'no-contact': 'dark', shortfall: 'mid', met: 'light', 'not-due': 'outline' } as const;

export function statusSection(result: ReconciliationResult): SafeHtml {
  const { statuses, attendance, excluded } = result.summary;
  const counted = countedIn(result);
  const total = STATUS_ORDER.reduce((sum, entry) => sum + statuses[entry.status], 0);
  const countText = (count: number) => `${formatNumber(count)} (${formatPercent(shareOf(count, total))})`;
  const appointments = renderTable({
    caption: 'Appointments not delivered (contact rows to date)',
    columns: [
      { label: 'Did not attend', isNumeric: true },
      { label: 'Cancelled by family', isNumeric: true },
      { label: 'Cancelled by provider', isNumeric: true },
      { label: 'Late, not seen', isNumeric: true },
      { label: 'No outcome recorded', isNumeric: true },
    ],
    rows: [
      [attendance.dna, attendance.cancelledByFamily, attendance.cancelledByProvider, attendance.lateNotSeen, attendance.noOutcome].map((count) =>
        formatNumber(count),
      ),
    ],
  });
  const excludedNote = html`<p class="note">Not the provider's to deliver, so excluded: ${formatNumber(excluded.personalBudgetLines)} personal-budget and ${formatNumber(excluded.privateLines)} private provision lines, and ${formatNumber(excluded.contacts)} contacts under them.</p>`;
  return chartSection({
    id: 'statuses',
    heading: `${counted.capitalised} by status`,
    note: `Status of each of the ${counted.plural}: no contact at all, short of the required hours, met, or nothing due yet.`,
    svg: barCharts({
      id: 'chart-statuses',
      title: `${counted.capitalised} by status`,
      description: `${STATUS_ORDER.map((entry) => `${entry.label}: ${countText(statuses[entry.status])}`).join('; ')}.`,
      bars: STATUS_ORDER.map((entry) => ({
        label: entry.label,
        value: statuses[entry.status],
        valueText: countText(statuses[entry.status]),
        fill: STATUS_FILLS[entry.status],
      })),
      categoryLabel: 'Status',
      valueLabel: counted.capitalised,
      isInteger: true,
    }),
    table: renderTable({
      columns: [{ label: 'Status' }, { label: counted.capitalised, isNumeric: true }, { label: 'Share', isNumeric: true }],
      rows: STATUS_ORDER.map((entry) => [entry.label, formatNumber(statuses[entry.status]), formatPercent(shareOf(statuses[entry.status], total))]),
      footer: ['All', formatNumber(total), total === 0 ? '—' : '100.0%'],
    }),
    after: html`${appointments}${excludedNote}`,
  });
}

export function worklistSection(result: ReconciliationResult): SafeHtml {
  const totals = result.worklistTotals;
  const shown = result.worklist.slice(0, WORKLIST_ROWS);
  // Route and cost only when a row shown has one: without --capacity and --rate they would be blank.
  const hasRoute = shown.some((row) => row.route !== null);
  const hasCost = shown.some((row) => row.estimatedCost !== null);
  const heading = html`<h2 id="worklist-heading">Recovery worklist: the first ${formatNumber(shown.length)}</h2>`;
  if (shown.length === 0) {
    return html`
<section class="worklist-section" id="worklist" aria-labelledby="worklist-heading">${heading}<p>No child is owed hours: the worklist is empty.</p></section>`;
  }
  // ISO dates compare as strings.
  const hasEnded = (planEnd: string | null) => planEnd !== null && planEnd < result.asOf;
  const columns = [
    { label: '#', isNumeric: true },
    { label: 'Child' },
    { label: 'Disc.' },
    { label: 'Status' },
    { label: 'Provider', className: 'wide' },
    { label: 'Locality' },
    { label: 'Delivered of required h', isNumeric: true },
    { label: 'Owed h', isNumeric: true },
    { label: 'Sessions owed', isNumeric: true },
    { label: 'Per week needed', isNumeric: true },
    { label: 'Plan ends' },
    ...(hasRoute ? [{ label: 'Route' }] : []),
    ...(hasCost ? [{ label: 'Cost £', isNumeric: true }] : []),
  ];
  const rows = shown.map((row) => [
    formatNumber(row.rank),
    row.childId,
    row.discipline,
    html`<span class="nowrap${row.status === 'no-contact' ? ' status-no-contact' : ''}">${row.status === 'no-contact' ? 'no contact' : row.status}</span>`,
    row.provider ?? UNKNOWN_KEY,
    row.locality ?? UNKNOWN_KEY,
    `${formatHours(hoursOf(row.deliveredMinutes))} of ${formatHours(hoursOf(row.requiredMinutes))}`,
    formatHours(hoursOf(row.shortfallMinutes)),
    `${formatNumber(row.sessionsOwed)} × ${formatNumber(row.sessionMinutes)} min`,
    row.sessionsPerWeek === null ? '—' : formatNumber(row.sessionsPerWeek, 2),
    hasEnded(row.planEnd)
      ? html`<span class="nowrap">${row.planEnd}</span> <span class="ended">ended</span>`
      : html`<span class="nowrap">${row.planEnd ?? 'open'}</span>`,
    ...(hasRoute ? [row.route ?? ''] : []),
    ...(hasCost ? [row.estimatedCost === null ? '' : formatNumber(row.estimatedCost, 2)] : []),
  ]);
  const count = result.worklist.length;
  const children = result.headline.worklistChildren;
  const who =
    children === count
      ? `${formatNumber(count)} ${count === 1 ? 'child is' : 'children are'}`
      : `${formatNumber(children)} ${children === 1 ? 'child' : 'children'} (${formatNumber(count)} child and discipline pairs) ${children === 1 ? 'is' : 'are'}`;
  const more = count > shown.length ? ` The other ${formatNumber(count - shown.length)} are in worklist.csv.` : '';
  const capacity =
    totals.capacityHours === null
      ? null
      : html` In-house recovery uses ${formatHours(totals.inHouseHours ?? 0)} of ${formatHours(totals.capacityHours)} capacity hours.`;
  const cost = totals.totalCost === null ? null : html` Estimated cost of independent recovery for the whole worklist: £${formatNumber(totals.totalCost, 2)}.`;
  const ended = shown.some((row) => hasEnded(row.planEnd))
    ? html` A plan marked <span class="ended">ended</span> ended before ${formatLongDate(result.asOf)}: the hours it owed are still owed.`
    : null;
  return html`
<section class="worklist-section" id="worklist" aria-labelledby="worklist-heading">
${heading}
<p>${who} on the recovery worklist, to be seen by ${formatLongDate(totals.deadline)} (${formatNumber(totals.weeksLeft, 2)} term-time weeks left).${more}${capacity}${cost}</p>
${(result.pseudonymisation ?? null) === null ? null : html`<p class="note">Child IDs are keyed pseudonyms (--pseudonymise): the key holder can match them to children; nobody else can.</p>`}
<p class="note">Order: no contact first, then plans that end before the deadline, then the largest shortfall as a share of required hours. Per week needed is sessions owed spread over the weeks left.${ended}</p>
${renderTable({ columns, rows, className: 'worklist' })}
</section>`;
}

const KIND_OF_BUCKET: Readonly<Record<string, string>> = {
  'other-discipline': 'out of scope',
  'other-year': 'out of scope',
  'after-as-of': 'out of scope',
};

function bucketKind(bucket: string): string {
  if ((EXCEPTION_BUCKETS as readonly string[]).includes(bucket)) return 'exception';
  return KIND_OF_BUCKET[bucket] ?? 'outcome';
}

function accountingTable(title: string, order: readonly string[], file: { rowsRead: number; buckets: Readonly<Partial<Record<string, number>>> }): SafeHtml {
  const known = order.filter((bucket) => (file.buckets[bucket] ?? 0) > 0);
  // A bucket this version does not know still counts: rows read must always add up on the page.
  const unknown = Object.keys(file.buckets)
    .filter((bucket) => !order.includes(bucket) && (file.buckets[bucket] ?? 0) > 0)
    .sort(compareCodePoints);
  return renderTable({
    caption: title,
    columns: [{ label: 'Bucket' }, { label: 'Kind' }, { label: 'Rows', isNumeric: true }],
    rows: [...known, ...unknown].map((bucket) => [bucket, bucketKind(bucket), formatNumber(file.buckets[bucket] ?? 0)]),
    footer: ['Rows read', '', formatNumber(file.rowsRead)],
  });
}

/** `lines`: the first lines of a group, in order; `count`: the group's rows. */
function lineList(lines: readonly number[], count: number): string {
  // Plain digits: a line number is looked up in an editor, where 1,103 would not be found.
  const shown = lines.map(String).join(', ');
  return count > lines.length ? `${shown} … and ${formatNumber(count - lines.length)} more` : shown;
}

/** Keeps the MAX_LINES first lines of a group: a run can have millions of exceptions, read as they stream. */
function keepFirstLines(lines: number[], line: number): void {
  if (lines.length === MAX_LINES) {
    if (line >= lines[MAX_LINES - 1]!) return;
    lines.pop();
  }
  let at = lines.length;
  while (at > 0 && lines[at - 1]! > line) at--;
  lines.splice(at, 0, line);
}

function exceptionTable(exceptions: ExceptionList): SafeHtml {
  const groups = new Map<string, { file: string; bucket: string; fields: Set<string>; lines: number[]; count: number }>();
  for (const exception of exceptions) {
    const key = `${exception.file}\u0000${exception.bucket}`;
    let group = groups.get(key);
    if (!group) {
      group = { file: exception.file, bucket: exception.bucket, fields: new Set(), lines: [], count: 0 };
      groups.set(key, group);
    }
    if (exception.field !== '') group.fields.add(exception.field);
    group.count++;
    keepFirstLines(group.lines, exception.line);
  }
  const fileOrder = (file: string) => (file === 'plans' ? 0 : 1);
  const bucketOrder = (bucket: string) => EXCEPTION_BUCKETS.indexOf(bucket as (typeof EXCEPTION_BUCKETS)[number]);
  const sorted = [...groups.values()].sort(
    (a, b) => fileOrder(a.file) - fileOrder(b.file) || bucketOrder(a.bucket) - bucketOrder(b.bucket) || compareCodePoints(a.bucket, b.bucket),
  );
  return renderTable({
    caption: 'Where the exceptions are',
    columns: [{ label: 'File' }, { label: 'Exception' }, { label: 'Rows', isNumeric: true }, { label: 'Columns' }, { label: 'Lines' }],
    rows: sorted.map((group) => [
      group.file,
      group.bucket,
      formatNumber(group.count),
      [...group.fields].sort(compareCodePoints).join(', '),
      lineList(group.lines, group.count),
    ]),
  });
}

export function accountingSection(result: ReconciliationResult): SafeHtml {
  const count = result.exceptions.length;
  // Values and reasons stay in exceptions.csv: a value can be a child's identifier, which the board
  // paper must not carry when the run is pseudonymised.
  const exceptions =
    count === 0
      ? html`<p>No exception rows: every row read as expected.</p>`
      : html`<p>${formatNumber(count)} ${count === 1 ? 'row needs' : 'rows need'} a person to look at ${count === 1 ? 'it' : 'them'}. exceptions.csv gives each row's file, line, column, value and reason; the lines are numbered as an editor shows them, the header being line 1.</p>${exceptionTable(result.exceptions)}`;
  return html`
<section class="accounting" id="accounting" aria-labelledby="accounting-heading">
<h2 id="accounting-heading">Row accounting and exceptions</h2>
<p>Every row of each input file ends in exactly one bucket, so nothing is lost: the buckets add up to the rows read.</p>
<div class="columns">
${accountingTable('Plans file', PLAN_BUCKETS, result.accounting.plans)}
${accountingTable('Contacts file', CONTACT_BUCKETS, result.accounting.contacts)}
</div>
${exceptions}
</section>`;
}

const OPTION_LABELS: Readonly<Record<string, { label: string; whenUnset: string }>> = {
  year: { label: 'Academic year', whenUnset: 'not set' },
  asOf: { label: 'Position as of', whenUnset: 'not set' },
  discipline: { label: 'Discipline', whenUnset: 'all' },
  tolerance: { label: 'Tolerance (minutes)', whenUnset: '0' },
  countIndirect: { label: 'Indirect contacts count', whenUnset: 'no' },
  calendar: { label: 'Term calendar', whenUnset: 'default: Autumn 14, Spring 12, Summer 13 weeks' },
  recoverBy: { label: 'Recover by', whenUnset: 'default: the end of the first term that starts after the as-of date' },
  capacity: { label: 'In-house capacity (hours per week)', whenUnset: 'not set' },
  rate: { label: 'Independent rate (£ per hour)', whenUnset: 'not set' },
  idsPlans: { label: 'Child IDs compared (plans)', whenUnset: 'exact' },
  idsContacts: { label: 'Child IDs compared (contacts)', whenUnset: 'exact' },
  preset: { label: 'Export preset', whenUnset: 'none' },
  dateFormat: { label: 'Date format', whenUnset: 'detected from the files' },
  excelDates: { label: 'Excel serial dates read', whenUnset: 'no' },
};

function optionValue(value: string | number | boolean | null, whenUnset: string): string {
  if (value === null) return whenUnset;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return typeof value === 'number' ? String(value) : value;
}

function childIdsInWords(result: ReconciliationResult): string {
  // A summary.json from before --pseudonymise existed has no such field: its IDs are the inputs' own.
  const pseudonymisation = result.pseudonymisation ?? null;
  return pseudonymisation === null ? 'as in the input files' : `keyed pseudonyms (key fingerprint ${pseudonymisation.keyFingerprint})`;
}

export function optionsSection(result: ReconciliationResult): SafeHtml {
  const options = Object.entries(result.options).filter(([key]) => key !== 'pseudonymise');
  const rows = options.map(([key, value]) => {
    const known = OPTION_LABELS[key];
    const shown = optionValue(value, known?.whenUnset ?? 'not set');
    // The default deadline is a rule; the board needs the date it gave.
    return [known?.label ?? key, key === 'recoverBy' && value === null ? `${formatLongDate(result.worklistTotals.deadline)} (${shown})` : shown];
  });
  rows.push(['Child IDs', childIdsInWords(result)]);
  return html`
<section class="options" id="options" aria-labelledby="options-heading">
<h2 id="options-heading">Options used</h2>
${renderTable({ columns: [{ label: 'Option' }, { label: 'Value' }], rows })}
</section>`;
}
