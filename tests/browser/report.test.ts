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
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CHART_COUNT = 5;
const HEADLINE_KEYS = ['childrenInScope', 'notReceivingFullAllocation', 'notReceivingShare', 'noContact', 'requiredHours', 'deliveredHours', 'deliveredShare', 'hoursOwed', 'atRisk'] as const;

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
    if (!HAS_CHROMIUM) throw new Error(`Chromium is not at ${CHROMIUM} and CI is set: the browser test must run in CI (.ci/run installs chromium with apt-get)`);
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
    const charts = await page.locator('section.chart svg.chart-svg').all();
    expect(charts).toHaveLength(CHART_COUNT);
    for (const chart of charts) {
      const box = await chart.boundingBox();
      expect(box, await chart.locator('title').first().textContent() ?? 'chart').not.toBeNull();
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
    expect(headline.childrenInScope).toBeGreaterThan(0);
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
