// report.html opened in a real Chromium from a file:// URL, as a commissioner opens it from a shared
// drive: it must draw, make no request, agree with summary.json and print.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { produceExampleReportFolder, type ReportFolder } from './reportFolder.js';

const CHROMIUM = process.env['EHCP_RECON_CHROMIUM'] ?? '/usr/bin/chromium';
const IS_CI = (process.env['CI'] ?? '') !== '' && process.env['CI'] !== 'false';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const CHART_COUNT = 5;
/** The headline figures the page shows, each marked with data-figure (the example has three disciplines). */
const HEADLINE_KEYS = [
  'distinctChildren',
  'childrenInScope',
  'worklistChildren',
  'notReceivingFullAllocation',
  'notReceivingShare',
  'noContact',
  'requiredHours',
  'deliveredWithinPlanHours',
  'deliveredBeyondPlanHours',
  'deliveredShare',
  'hoursOwed',
  'atRisk',
] as const;
/** A phone (an iPhone 12 to 15 is 390 CSS px wide) and a laptop. */
const VIEWPORTS = [390, 1280] as const;

if (!HAS_CHROMIUM && !IS_CI) {
  console.warn(
    `\n${'!'.repeat(78)}\n!! SKIPPED: the browser test of report.html. No Chromium at ${CHROMIUM}.\n` +
      `!! Install it (apt-get install chromium) or set EHCP_RECON_CHROMIUM. With CI set, this test fails instead.\n${'!'.repeat(78)}\n`,
  );
}

/** A number as the page prints it ("1,500.98", "78.1%"), or null for the page's dash. */
function numberOnPage(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '—') return null;
  return Number(trimmed.replace(/,/g, '').replace(/%$/, ''));
}

describe.skipIf(!HAS_CHROMIUM && !IS_CI)('report.html in Chromium', () => {
  let browser: Browser | undefined;
  let page: Page;
  let folder: ReportFolder;
  let reportUrl: string;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM)
      throw new Error(`Chromium is not at ${CHROMIUM} and CI is set: the browser test must run in CI (.ci/run installs chromium with apt-get)`);
    folder = await produceExampleReportFolder();
    reportUrl = pathToFileURL(folder.reportPath).href;
    const { chromium } = await import('playwright-core');
    // launch() gives every run a fresh, throw-away profile (user data dir).
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    context.on('request', (request) => requests.push(request.url()));
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(reportUrl, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('loads with no console error and requests nothing but its own file', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests.filter((url) => url !== reportUrl && !url.startsWith('data:'))).toEqual([]);
    expect(requests).toContain(reportUrl);
  });

  it('draws every chart with a non-zero box', async () => {
    expect(await page.locator('section.chart svg.chart-svg').all()).toHaveLength(2 * CHART_COUNT);
    // At 1280 px the wide drawings show and the narrow ones do not.
    expect(await page.locator('section.chart svg.chart-svg.narrow').evaluateAll((svgs) => svgs.every((svg) => svg.getBoundingClientRect().width === 0))).toBe(
      true,
    );
    const charts = await page.locator('section.chart svg.chart-svg.wide').all();
    expect(charts).toHaveLength(CHART_COUNT);
    for (const chart of charts) {
      const box = await chart.boundingBox();
      expect(box, (await chart.locator('title').first().textContent()) ?? 'chart').not.toBeNull();
      expect(box!.width).toBeGreaterThan(100);
      expect(box!.height).toBeGreaterThan(100);
    }
  });

  it("shows summary.json's headline numbers", async () => {
    const shown = new Map<string, number | null>();
    for (const element of await page.locator('[data-figure]').all()) {
      shown.set((await element.getAttribute('data-figure')) ?? '', numberOnPage((await element.textContent()) ?? ''));
    }
    const headline = folder.summary.headline;
    for (const key of HEADLINE_KEYS) expect({ key, value: shown.get(key) }).toEqual({ key, value: headline[key] });
    for (const [key, value] of shown) expect({ key, value }).toEqual({ key, value: headline[key as keyof typeof headline] });
    expect(headline.childrenInScope).toBeGreaterThan(0);
    expect(Math.round(headline.deliveredWithinPlanHours * 100) + Math.round(headline.hoursOwed * 100)).toBe(Math.round(headline.requiredHours * 100));
  });

  describe.each(VIEWPORTS)('at %i px wide', (width) => {
    let wide: Page;
    let withRoute: ReportFolder;

    beforeAll(async () => {
      // Capacity so small that most of the top 25 go independent: the worklist then has its widest form, route and cost.
      withRoute = await produceExampleReportFolder({ args: ['--capacity', '2', '--rate', '75'] });
      const context = await browser!.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
      wide = await context.newPage();
      await wide.goto(pathToFileURL(withRoute.reportPath).href, { waitUntil: 'load' });
    });

    it('never scrolls sideways: a wide table scrolls inside its own box', async () => {
      const page = await wide.evaluate<{ scrollWidth: number; innerWidth: number }>(
        `({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })`,
      );
      expect(page.scrollWidth).toBeLessThanOrEqual(page.innerWidth);
      // Run in the page (as text: this project's TypeScript knows no DOM globals).
      const outside = await wide.evaluate<string[]>(
        `[...document.querySelectorAll('main *')].filter((element) => element.closest('.scroll') === null && element.getBoundingClientRect().right > window.innerWidth + 0.5).map((element) => element.tagName)`,
      );
      expect(outside).toEqual([]);
    });

    it('keeps every tile figure inside its tile', async () => {
      const spilling = await wide
        .locator('.figures dd')
        .evaluateAll((figures) => figures.filter((figure) => figure.scrollWidth > figure.clientWidth + 1).map((figure) => figure.textContent));
      expect(spilling).toEqual([]);
    });

    it('draws one drawing of each chart, with text of 11 px or more', async () => {
      // Each text's size in the drawing, times the scale the page draws it at (as text: see above).
      const sizes = await wide.evaluate<number[]>(
        `[...document.querySelectorAll('section.chart svg.chart-svg')].filter((svg) => svg.getBoundingClientRect().width > 0).map((svg) => {
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return Math.min(...[...svg.querySelectorAll('text')].map((text) => Number.parseFloat(getComputedStyle(text).fontSize) * scale));
        })`,
      );
      expect(sizes).toHaveLength(CHART_COUNT);
      for (const size of sizes) expect(size).toBeGreaterThanOrEqual(11);
    });

    it('marks the plans that ended before as-of, and at 1280 px shows the whole worklist', async () => {
      const ended = withRoute.summary.worklist.slice(0, 25).filter((row) => row.planEnd !== null && row.planEnd < withRoute.summary.asOf).length;
      expect(ended).toBeGreaterThan(0);
      expect(await wide.locator('table.worklist .ended').count()).toBe(ended);
      expect(await wide.locator('table.worklist th', { hasText: 'Cost £' }).count()).toBe(1);
      const box = await wide.locator('table.worklist').evaluate((table) => ({ table: table.scrollWidth, box: table.parentElement!.clientWidth }));
      if (width >= 1280) expect(box.table).toBeLessThanOrEqual(box.box);
    });

    it('leaves a screenshot to look at', async () => {
      const path = join(withRoute.dir, `report-${width}.png`);
      await wide.screenshot({ path, fullPage: true });
      expect(readFileSync(path).length).toBeGreaterThan(10_000);
      console.info(`report.html at ${width} px: ${path}`);
    });
  });

  it('prints to an A4 PDF, and leaves a screenshot to look at', async () => {
    const screenshotPath = join(folder.dir, 'report.png');
    await page.screenshot({ path: screenshotPath, fullPage: true });
    copyFileSync(screenshotPath, '/tmp/report-screenshot.png');

    const pdfPath = join(folder.dir, 'report.pdf');
    const pdf = await page.pdf({ path: pdfPath, format: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    expect(readFileSync(pdfPath).equals(pdf)).toBe(true);
    console.info(`report.html, its screenshot and PDF: ${folder.dir}`);
  });
});
