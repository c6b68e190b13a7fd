// report.html as text: escaping, determinism, self-containment and the accessibility contract of
// every chart. The browser test (tests/browser) checks that it draws and prints.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../../src/calendar/terms.js';
import { rational } from '../../../src/exact/rational.js';
import type { Accounting, ExceptionRecord } from '../../../src/reconcile/accounting.js';
import { deliveredPercentOf, sessionsOwedFor, statusOf, type ChildYear } from '../../../src/reconcile/childYear.js';
import { buildWorklist, type RecoveryOptions } from '../../../src/recovery/worklist.js';
import { escapeHtml, renderHtmlReport } from '../../../src/report/html.js';
import { escapeMarkdownCell, renderMarkdown } from '../../../src/report/markdown.js';
import { describeWarning } from '../../../src/result/health.js';
import { html, SafeHtml } from '../../../src/report/html/escape.js';
import { niceScale } from '../../../src/report/html/charts.js';
import { SCHEMA_VERSION, type ReconciliationResult } from '../../../src/result/reconciliationResult.js';
import { computeHeadline, computeSummary } from '../../../src/result/summary.js';
import { DISCIPLINES, type Discipline } from '../../../src/schema/vocabulary.js';
import { day } from '../helpers.js';

const HOSTILE_CHILD = '<img src=x onerror=alert(1)>';
const HOSTILE_PROVIDER = '<script>alert("p")</script> & "Sons"';
const HOSTILE_LOCALITY = `'><svg onload=alert(2)>`;

interface ChildYearInput {
  readonly childId: string;
  readonly required: number;
  readonly delivered: number;
  readonly discipline?: Discipline;
  readonly provider?: string | null;
  readonly locality?: string | null;
  readonly planEnd?: string | null;
}

function childYear(input: ChildYearInput): ChildYear {
  const { required, delivered } = input;
  const status = statusOf(required, delivered, 0);
  const shortfall = Math.max(0, required - delivered);
  const autumn = Math.round(required * 0.55);
  const autumnDelivered = Math.min(delivered, autumn);
  return {
    childId: input.childId,
    discipline: input.discipline ?? 'OT',
    year: '2025/26',
    status,
    requiredMinutes: required,
    deliveredMinutes: delivered,
    shortfallMinutes: shortfall,
    surplusMinutes: Math.max(0, delivered - required),
    deliveredPercent: deliveredPercentOf(required, delivered),
    sessionsDelivered: Math.floor(delivered / 45),
    sessionsOwed: status === 'shortfall' || status === 'no-contact' ? sessionsOwedFor(shortfall, rational(45)) : 0,
    recoveryMinutes: 0,
    sessionMinutes: 45,
    planEnd: input.planEnd ?? null,
    provider: input.provider === undefined ? 'North Trust' : input.provider,
    locality: input.locality === undefined ? 'East' : input.locality,
    commissioner: 'LA',
    establishment: 'mainstream',
    requiredFullYearMinutes: required * 2,
    bookedMinutes: 0,
    projectedMinutes: delivered,
    atRisk: delivered < required,
    terms: [
      { term: 'Autumn', requiredMinutes: autumn, deliveredMinutes: autumnDelivered },
      { term: 'Spring', requiredMinutes: required - autumn, deliveredMinutes: delivered - autumnDelivered },
      { term: 'Summer', requiredMinutes: 0, deliveredMinutes: 0 },
    ],
  };
}

const ACCOUNTING: Accounting = {
  plans: { rowsRead: 40, buckets: { 'invalid-row': 1, duplicate: 1, 'other-year': 2, reconciled: 36 } },
  contacts: { rowsRead: 500, buckets: { 'unknown-child': 2, 'outside-plan-period': 1, dna: 20, 'cancelled-family': 7, counted: 470 } },
};

const RAW_ID_IN_EXCEPTION = 'RAW-NHS-9434765919';

const EXCEPTIONS: ExceptionRecord[] = [
  {
    file: 'plans',
    line: 7,
    bucket: 'invalid-row',
    field: 'provision',
    value: 'access to OT as required',
    reason: 'not quantified',
    childId: RAW_ID_IN_EXCEPTION,
  },
  { file: 'plans', line: 12, bucket: 'duplicate', field: 'provision_id', value: 'P1', reason: 'a later row has the same provision_id', childId: 'C1' },
  {
    file: 'contacts',
    line: 1103,
    bucket: 'unknown-child',
    field: 'child_id',
    value: RAW_ID_IN_EXCEPTION,
    reason: 'no plan line',
    childId: RAW_ID_IN_EXCEPTION,
  },
  { file: 'contacts', line: 88, bucket: 'unknown-child', field: 'child_id', value: `${RAW_ID_IN_EXCEPTION}-2`, reason: 'no plan line', childId: null },
  { file: 'contacts', line: 40, bucket: 'outside-plan-period', field: 'date', value: '2025-08-01', reason: 'before the plan', childId: 'C2' },
];

/** The terms every child-year of a run has: the year's. */
function termNamesOf(childYears: readonly ChildYear[]): string[] {
  return childYears[0]?.terms.map((term) => term.term) ?? [];
}

function makeResult(
  childYears: readonly ChildYear[],
  overrides: { options?: Partial<RecoveryOptions>; runOptions?: ReconciliationResult['options'] } = {},
): ReconciliationResult {
  const { rows, ...worklistTotals } = buildWorklist(childYears, { calendar: DEFAULT_CALENDAR, asOf: day('2026-03-31'), ...overrides.options });
  return {
    schemaVersion: SCHEMA_VERSION,
    year: '2025/26',
    asOf: '2026-03-31',
    options: overrides.runOptions ?? {
      year: '2025/26',
      asOf: '2026-03-31',
      discipline: null,
      tolerance: 0,
      countIndirect: false,
      calendar: null,
      recoverBy: null,
      capacity: null,
      rate: null,
    },
    headline: computeHeadline(childYears),
    headlineByDiscipline: Object.fromEntries(
      DISCIPLINES.flatMap((discipline) => {
        const ofDiscipline = childYears.filter((childYear) => childYear.discipline === discipline);
        return ofDiscipline.length === 0 ? [] : [[discipline, computeHeadline(ofDiscipline)]];
      }),
    ),
    summary: computeSummary(childYears, ACCOUNTING, { 'personal-budget': 2 }, termNamesOf(childYears)),
    childYears,
    worklist: rows,
    worklistTotals,
    accounting: ACCOUNTING,
    exceptions: EXCEPTIONS,
    pseudonymisation: null,
    warnings: [],
    inputs: {
      plans: { path: 'plans.csv', bytes: 100, sha256: '0'.repeat(64), encoding: 'utf-8', delimiter: ',' },
      contacts: { path: 'contacts.csv', bytes: 1000, sha256: '1'.repeat(64), encoding: 'utf-8', delimiter: ',' },
      mapping: null,
      calendar: null,
      reading: { dateFormat: null, excelDates: false, ids: { plans: 'exact', contacts: 'exact' } },
    },
  };
}

/** 40 children: some with no contact, most short, some met, one with nothing due yet. */
function typicalChildYears(): ChildYear[] {
  return Array.from({ length: 40 }, (_, index) => {
    const required = 600 + index * 30;
    const delivered = index % 13 === 0 ? 0 : index % 5 === 0 ? required : Math.round(required * ((index % 10) / 10));
    return childYear({
      childId: `C${String(index).padStart(3, '0')}`,
      required: index === 39 ? 0 : required,
      delivered: index === 39 ? 0 : delivered,
      discipline: index % 3 === 0 ? 'SLT' : 'OT',
      provider: ['North Trust', 'South Trust', 'Brightpath Ltd', null][index % 4] ?? null,
      locality: ['East', 'West', 'Coastal'][index % 3] ?? null,
      planEnd: index % 7 === 0 ? '2026-05-01' : null,
    });
  });
}

function hostileResult(): ReconciliationResult {
  return makeResult([
    childYear({ childId: HOSTILE_CHILD, required: 900, delivered: 0, provider: HOSTILE_PROVIDER, locality: HOSTILE_LOCALITY }),
    childYear({ childId: 'C2', required: 900, delivered: 450, provider: HOSTILE_PROVIDER, locality: HOSTILE_LOCALITY }),
  ]);
}

function tagsOf(page: string): string[] {
  return [...page.matchAll(/<([a-zA-Z][\w-]*)[\s>/]/g)].map((match) => match[1]!.toLowerCase());
}

function chartSections(page: string): string[] {
  return page
    .split('<section class="chart"')
    .slice(1)
    .map((rest) => rest.slice(0, rest.indexOf('</section>')));
}

describe('escapeHtml', () => {
  it('escapes the five characters that can open markup or close an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;');
  });

  it('escapes an ampersand again, so that an entity in the data shows as typed', () => {
    expect(escapeHtml('&amp; &lt;')).toBe('&amp;amp; &amp;lt;');
  });

  it('leaves other text, including non-ASCII and astral characters, as it is', () => {
    expect(escapeHtml('Zoë £12 — 😀 O’Neil')).toBe('Zoë £12 — 😀 O’Neil');
    expect(escapeHtml('')).toBe('');
  });

  it('the html tag escapes every value but SafeHtml, and drops null, undefined and false', () => {
    const value = '<b>';
    const out = html`<p title="${value}">${value}${new SafeHtml('<i>ok</i>')}${[value, 1]}${null}${undefined}${false}</p>`;
    expect(out.value).toBe('<p title="&lt;b&gt;">&lt;b&gt;<i>ok</i>&lt;b&gt;1</p>');
  });
});

describe('renderHtmlReport', () => {
  it('is byte-identical for the same result, also after a trip through summary.json', () => {
    const result = makeResult(typicalChildYears());
    const first = renderHtmlReport(result);
    expect(renderHtmlReport(result)).toBe(first);
    expect(renderHtmlReport(JSON.parse(JSON.stringify(result)) as ReconciliationResult)).toBe(first);
  });

  it('shows a hostile child ID, provider and locality as text, never as markup', () => {
    const page = renderHtmlReport(hostileResult());
    expect(page).toContain(escapeHtml(HOSTILE_CHILD));
    expect(page).toContain(escapeHtml(HOSTILE_PROVIDER));
    expect(page).toContain(escapeHtml(HOSTILE_LOCALITY));
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<svg onload');
    const allowed = new Set([
      'html',
      'head',
      'meta',
      'title',
      'style',
      'body',
      'main',
      'header',
      'h1',
      'h2',
      'h3',
      'p',
      'time',
      'section',
      'div',
      'dl',
      'dt',
      'dd',
      'span',
      'figure',
      'svg',
      'desc',
      'defs',
      'pattern',
      'rect',
      'line',
      'g',
      'text',
      'tspan',
      'details',
      'summary',
      'table',
      'caption',
      'thead',
      'tbody',
      'tfoot',
      'tr',
      'th',
      'td',
      'footer',
    ]);
    expect(tagsOf(page).filter((tag) => !allowed.has(tag))).toEqual([]);
    for (const tag of page.match(/<[a-zA-Z][^>]*>/g) ?? []) expect(tag).not.toMatch(/\son\w+\s*=/i);
  });

  it('is self-contained: no script, no external reference, and a policy that forbids fetching', () => {
    const page = renderHtmlReport(makeResult(typicalChildYears()));
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/\b(src|href|xlink:href)\s*=/i);
    expect(page).not.toMatch(/https?:\/\//i);
    expect(page).not.toMatch(/@import|@font-face/i);
    expect([...page.matchAll(/url\(([^)]*)\)/g)].map((match) => match[1]).filter((target) => !target!.startsWith('#'))).toEqual([]);
    expect(page).toContain(`http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;`);
  });

  it('gives every chart, wide and narrow, a title, a description, two axis labels and a data table behind <details>', () => {
    const page = renderHtmlReport(makeResult(typicalChildYears()));
    const sections = chartSections(page);
    expect(sections).toHaveLength(5);
    for (const section of sections) {
      expect(section).toMatch(/<h2 id="[\w-]+-heading">[^<]+<\/h2>/);
      expect(section).toMatch(/<svg class="chart-svg wide" viewBox="0 0 720 \d+(\.\d)?" role="img" aria-labelledby="[\w-]+-title [\w-]+-desc"/);
      expect(section).toMatch(/<svg class="chart-svg narrow" viewBox="0 0 340 \d+(\.\d)?" role="img" aria-labelledby="[\w-]+-narrow-title [\w-]+-narrow-desc"/);
      expect(section.match(/<title id="[\w-]+-title">[^<]+<\/title><desc id="[\w-]+-desc">[^<]+<\/desc>/g)).toHaveLength(2);
      expect(section.match(/class="axis-label"/g)).toHaveLength(4);
      expect(section).toMatch(/<details><summary>Data table: [^<]+<\/summary>\s*<div class="scroll"><table>/);
    }
    // Two drawings of one chart on one page: no id may be given twice.
    const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
    expect(ids.length).toBeGreaterThan(20);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws the narrow charts with text no smaller than 12 units, and labels that fit their drawing', () => {
    const page = renderHtmlReport(makeResult(typicalChildYears()));
    const narrow = [...page.matchAll(/<svg class="chart-svg narrow"[\s\S]*?<\/svg>/g)].map((match) => match[0]);
    expect(narrow).toHaveLength(5);
    for (const svg of narrow) {
      const sizes = [...svg.matchAll(/font-size="(\d+)"/g)].map((match) => Number(match[1]));
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
      for (const match of svg.matchAll(/<text[^>]*\sx="([\d.]+)"[^>]*text-anchor="middle"[^>]*>([^<]+)</g)) {
        // A centred label of n characters takes about 6.6 n units: it must stay inside the 340-unit drawing.
        const half = (Array.from(match[2]!).length * 6.6) / 2;
        expect(Number(match[1]) - half, match[2]).toBeGreaterThan(-1);
        expect(Number(match[1]) + half, match[2]).toBeLessThan(341);
      }
    }
  });

  it('prints the headline figures of the result, whose hours add up as shown', () => {
    const result = makeResult(typicalChildYears());
    const page = renderHtmlReport(result);
    const figure = (key: string) => new RegExp(`data-figure="${key}">([^<]*)<`).exec(page)?.[1];
    const hundredths = (key: string) => Math.round(Number(figure(key)!.replace(/,/g, '')) * 100);
    expect(figure('childrenInScope')).toBe(String(result.headline.childrenInScope));
    expect(figure('distinctChildren')).toBe(String(result.headline.distinctChildren));
    expect(figure('worklistChildren')).toBe(String(result.headline.worklistChildren));
    expect(hundredths('deliveredWithinPlanHours') + hundredths('hoursOwed')).toBe(hundredths('requiredHours'));
    expect(Number(figure('deliveredShare')!.replace('%', ''))).toBe(
      Math.round((hundredths('deliveredWithinPlanHours') * 1000) / hundredths('requiredHours')) / 10,
    );
    expect(figure('noContact')).toBe(String(result.headline.noContact));
    expect(figure('hoursOwed')).toBe(result.headline.hoursOwed.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
    expect(figure('deliveredShare')).toBe(`${result.headline.deliveredShare!.toFixed(1)}%`);
    expect(page).toContain('<title>OT, SLT 2025/26, as of 31 March 2026: EHCP therapy hours required and delivered</title>');
  });

  it('words the headline once per discipline, with a table by discipline, when the run has more than one', () => {
    const mixed = renderHtmlReport(makeResult(typicalChildYears()));
    expect(mixed.match(/<p class="words">OT 2025\/26, as of 2026-03-31: /g)).toHaveLength(1);
    expect(mixed.match(/<p class="words">SLT 2025\/26, as of 2026-03-31: /g)).toHaveLength(1);
    expect(mixed).toContain('<caption>By discipline (a child with two disciplines counts in each)</caption>');
    const single = renderHtmlReport(makeResult(typicalChildYears().filter((row) => row.discipline === 'OT')));
    expect(single.match(/<p class="words">/g)).toHaveLength(1);
    expect(single).not.toContain('By discipline');
  });

  it('shows the top 25 of the worklist only, and no identifier from an exception row', () => {
    const result = makeResult(typicalChildYears());
    const page = renderHtmlReport(result);
    expect(result.worklist.length).toBeGreaterThan(25);
    for (const row of result.worklist.slice(0, 25)) expect(page).toContain(`<td>${row.childId}</td>`);
    for (const row of result.worklist.slice(25)) expect(page).not.toContain(row.childId);
    // Exception values and child IDs stay in exceptions.csv: under --pseudonymise they could be raw IDs.
    expect(page).not.toContain(RAW_ID_IN_EXCEPTION);
    expect(page).not.toContain('access to OT as required');
    expect(page).toMatch(/<td>contacts<\/td><td>unknown-child<\/td><td class="num">2<\/td><td>child_id<\/td><td>88, 1103<\/td>/);
  });

  it('says whether child IDs are pseudonyms, and never prints the key', () => {
    const plain = renderHtmlReport(makeResult(typicalChildYears()));
    expect(plain).toContain('<td>Child IDs</td><td>as in the input files</td>');
    const pseudonymised = renderHtmlReport({ ...makeResult(typicalChildYears()), pseudonymisation: { keyFingerprint: '0123456789abcdef' } });
    expect(pseudonymised).toContain('<td>Child IDs</td><td>keyed pseudonyms (key fingerprint 0123456789abcdef)</td>');
    expect(pseudonymised).toContain('Child IDs are keyed pseudonyms');
  });

  it('adds route and cost columns only when the run has capacity or a rate', () => {
    const without = renderHtmlReport(makeResult(typicalChildYears()));
    expect(without).not.toContain('>Route<');
    const withBoth = renderHtmlReport(
      makeResult(typicalChildYears(), {
        options: { capacity: rational(2), rate: rational(75) },
        runOptions: {
          year: '2025/26',
          asOf: '2026-03-31',
          discipline: null,
          tolerance: 0,
          countIndirect: false,
          calendar: null,
          recoverBy: null,
          capacity: 2,
          rate: 75,
        },
      }),
    );
    expect(withBoth).toContain('>Route<');
    expect(withBoth).toContain('>Cost £<');
    expect(withBoth).toMatch(/Estimated cost of independent recovery for the whole worklist: £[\d,]+\.\d\d\./);
  });

  it('charts the 11 providers owed most and sums the rest into one bar; the table lists them all', () => {
    const longName = `Provider with a very long registered name ${'x'.repeat(80)}`;
    const childYears = Array.from({ length: 15 }, (_, index) =>
      childYear({
        childId: `C${index}`,
        required: 600 + index * 60,
        delivered: 300,
        provider: index === 14 ? longName : `Provider ${String(index).padStart(2, '0')}`,
      }),
    );
    const page = renderHtmlReport(makeResult(childYears));
    const providerSection = chartSections(page)[1]!;
    const chart = providerSection.slice(0, providerSection.indexOf('</svg>'));
    expect(chart).toContain('4 others together');
    expect(chart).toContain(`${longName.slice(0, 89)}…</text>`);
    expect(chart).toContain(`<title>${longName}: `);
    expect(chart).not.toContain('Provider 00</text>');
    const table = providerSection.slice(providerSection.indexOf('<details>'));
    for (const row of childYears) expect(table).toContain(`<td>${row.provider}</td>`);
  });

  it('renders a run with no child in scope without NaN, Infinity or stray nulls', () => {
    const page = renderHtmlReport(makeResult([]));
    expect(chartSections(page)).toHaveLength(5);
    expect(page).toContain('No child is owed hours');
    expect(page).not.toMatch(/NaN|Infinity|undefined|>null</);
  });

  it('renders the typical report without NaN, Infinity or undefined, and at a modest size', () => {
    const page = renderHtmlReport(makeResult(typicalChildYears()));
    expect(page).not.toMatch(/NaN|Infinity|undefined/);
    expect(page.length).toBeLessThan(120_000);
  });
});

describe('niceScale', () => {
  it('rounds the axis up to 1, 2, 2.5 or 5 × 10^k steps', () => {
    expect(niceScale(663.07, false)).toEqual({ max: 800, ticks: [0, 200, 400, 600, 800], decimals: 0 });
    expect(niceScale(3404.2, false).max).toBe(4000);
    expect(niceScale(0.7, false)).toMatchObject({ max: 0.8, decimals: 1 });
    expect(niceScale(3, true).ticks).toEqual([0, 1, 2, 3]);
    expect(niceScale(0, true)).toEqual({ max: 1, ticks: [0, 1], decimals: 0 });
  });
});

describe('the run-health banner', () => {
  const figures = {
    code: 'ids-do-not-join' as const,
    year: '2025/26',
    unknownChildContacts: 30,
    inYearContacts: 40,
    unknownChildNotInPlans: 30,
    unknownChildOtherDiscipline: 0,
    unknownChildUnreadPlanLine: 0,
    contactIds: [HOSTILE_CHILD],
    planIds: ['C001'],
    suggestion: null,
  };
  const warned: ReconciliationResult = { ...makeResult(typicalChildYears()), warnings: [{ ...figures, message: describeWarning(figures) }] };

  it("is not on a clean run's page, nor is its style", () => {
    const page = renderHtmlReport(makeResult(typicalChildYears()));
    expect(page).not.toContain('id="warnings"');
    expect(page).not.toContain('.warnings {');
  });

  it('opens the page above the headline, each warning escaped, with its code', () => {
    const page = renderHtmlReport(warned);
    expect(page.indexOf('id="warnings"')).toBeGreaterThan(page.indexOf('</header>'));
    expect(page.indexOf('id="warnings"')).toBeLessThan(page.indexOf('id="headline"'));
    expect(page).toContain('Check before use: a warning about these figures');
    expect(page).toContain(`Child IDs in the contacts file: ${escapeHtml(HOSTILE_CHILD)}; in the plans file: C001.`);
    expect(page).toContain('<code>ids-do-not-join</code>');
    expect(page).not.toContain('<img');
    expect(page).toContain('.warnings {');
  });

  it('keeps a Markdown table cell a cell of text: no link, image, code or HTML opens in it', () => {
    expect(escapeMarkdownCell('![x](https://track.example/p.png)')).toBe('!\\[x\\](https://track.example/p.png)');
    expect(escapeMarkdownCell('[Pay](https://evil.example) | `x` <b>')).toBe('\\[Pay\\](https://evil.example) \\| \\`x\\` &lt;b>');
    // What means nothing in a cell stays as written.
    expect(escapeMarkdownCell('Zoë (2026-02-28) +5 C_001 3.5')).toBe('Zoë (2026-02-28) +5 C_001 3.5');
  });

  it('opens the Markdown too, escaped', () => {
    const markdown = renderMarkdown(warned).split('\n');
    expect(markdown.slice(0, 4)).toEqual(['# Therapy provision reconciliation 2025/26', '', '> **Check before use: a warning about these figures.**', '>']);
    expect(markdown[4]).toContain('(30 of 40)');
    // The ID an export put HTML in shows as text: no tag opens in the rendered Markdown.
    expect(markdown[4]).toContain('&lt;img src=x onerror=alert(1)>');
    expect(markdown[4]).not.toContain('<img');
    expect(markdown[4]).toMatch(/ \(`ids-do-not-join`\)$/);
  });
});
