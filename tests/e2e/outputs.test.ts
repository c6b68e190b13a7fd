// What people read, as they read it: every headline figure that the terminal, report.html, the
// Markdown and summary.json show adds up (delivered + owed = required; delivered ÷ required = the
// percent shown), parsed back from each output; the terminal output fits its width; and a scheduled
// job's --out --quiet leaves standard output empty. On the example and on generated data.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorkbookRows } from '../../src/io/workbook/workbookReader.js';
import { displayWidth } from '../../src/report/textLayout.js';
import { BIN, EXAMPLE_INPUTS, fixture, ROOT, temporaryDir } from './cli.js';
import { runInProcess } from './inProcess.js';

const example = EXAMPLE_INPUTS;

/** A figure as printed ("2,698.64", "77.1%") in whole hundredths, or tenths for a percent. */
function scaled(text: string, scale: number): number {
  return Math.round(Number(text.replace(/[,%]/g, '')) * scale);
}

/** The percent one decimal, half up, of two figures in hundredths: what a reader gets dividing them. */
function percentOf(part: number, whole: number): number {
  return Math.floor((2 * part * 1000 + whole) / (2 * whole));
}

interface ShownHours {
  readonly where: string;
  readonly share: string;
  readonly delivered: string;
  readonly required: string;
  readonly owed: string;
  readonly withinTolerance?: string | undefined;
}

// The hours sentence of the headline, in any output (line breaks and spaces made single first).
const HOURS_SENTENCE =
  /([\d.]+)% of required hours were delivered: ([\d,.]+) of ([\d,.]+) hours; ([\d,.]+) hours are owed(?:, and ([\d,.]+) hours of shortfall within the [\d,]+-minute tolerance count as met)?\./g;

function sentencesIn(where: string, text: string): ShownHours[] {
  const flat = text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  return [...flat.matchAll(HOURS_SENTENCE)].map((match) => ({
    where,
    share: match[1]!,
    delivered: match[2]!,
    required: match[3]!,
    owed: match[4]!,
    withinTolerance: match[5],
  }));
}

function expectAddsUp(shown: ShownHours): void {
  const delivered = scaled(shown.delivered, 100);
  const required = scaled(shown.required, 100);
  const owed = scaled(shown.owed, 100);
  const withinTolerance = shown.withinTolerance === undefined ? 0 : scaled(shown.withinTolerance, 100);
  expect({ ...shown, sum: delivered + owed + withinTolerance }).toEqual({ ...shown, sum: required });
  expect({ ...shown, percent: percentOf(delivered, required) }).toEqual({ ...shown, percent: scaled(shown.share, 10) });
}

interface Outputs {
  readonly terminal: string;
  readonly markdown: string;
  readonly html: string;
  /** The Headline sheet of shortfall.xlsx, read back by the workbook reader: label → the run's value. */
  readonly workbook: ReadonlyMap<string, string>;
  readonly summary: {
    headline: Record<string, number>;
    headlineByDiscipline: Record<string, Record<string, number>>;
  };
}

async function outputsOf(args: readonly string[]): Promise<Outputs> {
  const out = temporaryDir('ehcp-recon-outputs-');
  const terminal = await runInProcess(['reconcile', ...args, '--out', out]);
  expect(terminal.status).toBe(0);
  const markdown = await runInProcess(['reconcile', ...args, '--format', 'md', '--quiet']);
  expect(markdown.status).toBe(0);
  const workbook = new Map<string, string>();
  await readWorkbookRows(
    join(out, 'shortfall.xlsx'),
    { source: 'shortfall.xlsx', sheet: 'Headline' },
    { row: (cells) => workbook.set(cells[0] ?? '', cells[1] ?? '') },
  );
  return {
    terminal: terminal.stdout,
    markdown: markdown.stdout,
    html: readFileSync(join(out, 'report.html'), 'utf8'),
    workbook,
    summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Outputs['summary'],
  };
}

function checkHeadlines(outputs: Outputs): void {
  const { summary } = outputs;
  const headlines = [summary.headline, ...Object.values(summary.headlineByDiscipline)];
  const disciplines = Object.keys(summary.headlineByDiscipline).length;
  // One sentence per discipline, and one for all of them when there are more than one.
  const expected = disciplines > 1 ? disciplines + 1 : 1;
  const sentences = [...sentencesIn('terminal', outputs.terminal), ...sentencesIn('markdown', outputs.markdown), ...sentencesIn('html', outputs.html)];
  expect(sentences.filter((sentence) => sentence.where === 'terminal')).toHaveLength(expected);
  expect(sentences.filter((sentence) => sentence.where === 'markdown')).toHaveLength(expected);
  expect(sentences.filter((sentence) => sentence.where === 'html')).toHaveLength(expected);
  for (const sentence of sentences) expectAddsUp(sentence);

  // summary.json: the same sums over its own numbers.
  for (const headline of headlines) {
    const figures = {
      where: 'json',
      share: String(headline['deliveredShare']),
      delivered: String(headline['deliveredWithinPlanHours']),
      required: String(headline['requiredHours']),
      owed: String(headline['hoursOwed']),
      withinTolerance: String(headline['shortfallWithinToleranceHours']),
    };
    expectAddsUp(figures);
    // And the terminal prints exactly these figures.
    const printed = sentencesIn('terminal', outputs.terminal).some(
      (sentence) => scaled(sentence.delivered, 100) === scaled(figures.delivered, 100) && scaled(sentence.required, 100) === scaled(figures.required, 100),
    );
    expect(printed).toBe(true);
  }

  // shortfall.xlsx's Headline sheet: the same sums over its cells, and the same figures as the JSON.
  const cell = (label: string) => outputs.workbook.get(label) ?? '';
  expectAddsUp({
    where: 'workbook',
    share: cell('Required hours delivered (%)'),
    delivered: cell('Required hours delivered'),
    required: cell('Required hours'),
    owed: cell('Hours owed'),
    withinTolerance: cell('Shortfall within tolerance, counted as met'),
  });
  expect(scaled(cell('Required hours delivered'), 100)).toBe(scaled(String(summary.headline['deliveredWithinPlanHours']), 100));

  // report.html's tiles: the same figures, and the note's sum.
  const tile = (key: string) => new RegExp(`data-figure="${key}">([^<]*)<`).exec(outputs.html)?.[1] ?? '';
  const withinTolerance = tile('shortfallWithinToleranceHours');
  expectAddsUp({
    where: 'html tiles',
    share: tile('deliveredShare'),
    delivered: tile('deliveredWithinPlanHours'),
    required: tile('requiredHours'),
    owed: tile('hoursOwed'),
    withinTolerance: withinTolerance === '' ? undefined : withinTolerance,
  });
  expect(scaled(tile('requiredHours'), 100)).toBe(scaled(String(summary.headline['requiredHours']), 100));
  const note =
    /Delivered within plans \+ owed (?:\+ within tolerance )?= required: ([\d,.]+) \+ ([\d,.]+)(?: \+ ([\d,.]+) within tolerance)? = ([\d,.]+) hours/.exec(
      outputs.html,
    );
  expect(note).not.toBeNull();
  expect(scaled(note![1]!, 100) + scaled(note![2]!, 100) + (note![3] === undefined ? 0 : scaled(note![3], 100))).toBe(scaled(note![4]!, 100));

  // Counts say what they count: distinct children, and the pairs where they differ.
  expect(tile('distinctChildren')).toBe(summary.headline['distinctChildren']!.toLocaleString('en-GB'));
  if (disciplines > 1) {
    const all = `${summary.headline['distinctChildren']!.toLocaleString('en-GB')} children in scope: ${summary.headline['childrenInScope']!.toLocaleString('en-GB')} child and discipline pairs.`;
    expect(outputs.terminal.replace(/\s+/g, ' ')).toContain(all);
    expect(outputs.markdown.replace(/\s+/g, ' ')).toContain(all);
    expect(outputs.html.replace(/\s+/g, ' ')).toContain(all);
  }
}

describe('the headline adds up in every output', () => {
  it('on the example', async () => {
    const outputs = await outputsOf(example);
    checkHeadlines(outputs);
    // The figures the issue was about: OT's 2,698.64 + 802.48 = 3,501.12, at 77.1%; 374 children, 448 pairs.
    expect(outputs.terminal).toContain('77.1% of required hours were delivered: 2,698.64 of 3,501.12 hours; 802.48 hours are owed.');
    expect(outputs.summary.headline).toMatchObject({ distinctChildren: 374, childrenInScope: 448, worklistChildren: 309, notReceivingFullAllocation: 350 });
  });

  it('on the example with a tolerance, which counts some shortfall as met and says how much', async () => {
    const outputs = await outputsOf([...example, '--tolerance', '30']);
    checkHeadlines(outputs);
    expect(outputs.summary.headline['shortfallWithinToleranceHours']).toBeGreaterThan(0);
    expect(sentencesIn('terminal', outputs.terminal).every((sentence) => sentence.withinTolerance !== undefined)).toBe(true);
  });

  it('on generated data (2,000 children, seed 3)', async () => {
    const data = temporaryDir('ehcp-recon-generated-');
    const generated = await runInProcess(['generate', '--children', '2000', '--seed', '3', '--out', data, '--quiet']);
    expect(generated.status).toBe(0);
    const outputs = await outputsOf(['--plans', join(data, 'plans.csv'), '--contacts', join(data, 'contacts.csv'), '--as-of', '2026-03-31']);
    checkHeadlines(outputs);
    expect(outputs.summary.headline['distinctChildren']).toBeGreaterThan(1000);
  });
});

function widest(text: string): number {
  return Math.max(...text.split('\n').map(displayWidth));
}

describe('the terminal output fits its width', () => {
  it('at 80 and 120 columns (COLUMNS), and at 100 in a pipe', async () => {
    for (const [columns, width] of [
      ['80', 80],
      ['120', 120],
      [undefined, 100],
    ] as const) {
      const env: Record<string, string> = columns === undefined ? {} : { COLUMNS: columns };
      for (const extra of [[], ['--capacity', '2', '--rate', '75']]) {
        const run = await runInProcess(['reconcile', ...example, ...extra], { env });
        expect(run.status).toBe(0);
        expect(widest(run.stdout), `${columns} ${extra.join(' ')}`).toBeLessThanOrEqual(width);
        // The worklist keeps its plan-end column and marks plans that ended before as-of.
        expect(run.stdout).toContain('Plan end');
        expect(run.stdout).toMatch(/2026-01-19\*/);
        expect(run.stdout).toContain('* The plan ended before 2026-03-31');
      }
    }
  });

  it('shows no empty Route or Cost column, and one only when a row shown has a value for it', async () => {
    const plain = await runInProcess(['reconcile', ...example]);
    expect(plain.stdout).not.toMatch(/Route|Cost £/);
    const withRate = await runInProcess(['reconcile', ...example, '--capacity', '2', '--rate', '75'], { env: { COLUMNS: '160' } });
    expect(withRate.stdout).toMatch(/Route\s+Cost £/);
    expect(withRate.stdout).toMatch(/independent\s+1,000\.00/);
    // No rule between rows: the rule under the headings is the only one in a table.
    const worklist = plain.stdout.slice(plain.stdout.indexOf('Recovery worklist'));
    expect(worklist.split('\n').filter((line) => line.startsWith('─'))).toHaveLength(1);
  });

  // util-linux's script(1) runs a command on a pseudo-terminal: standard output is then a terminal.
  const SCRIPT = '/usr/bin/script';
  it.skipIf(!existsSync(SCRIPT) || !existsSync(BIN))('on a real terminal of 80 columns (a pseudo-terminal made by script)', () => {
    const command = `stty cols 80 2>/dev/null; NO_COLOR=1 node ${BIN} reconcile ${example.join(' ')} 2>/dev/null`;
    const run = spawnSync(SCRIPT, ['-qec', command, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, COLUMNS: '' } });
    expect(run.status).toBe(0);
    const screen = run.stdout.replace(/\r/g, '');
    expect(screen).toContain('Recovery worklist');
    expect(widest(screen)).toBeLessThanOrEqual(80);
  });
});

describe('--out with --quiet, as a scheduled job runs it', () => {
  it('prints nothing at all; --format json still prints when asked; without --quiet the table is printed', async () => {
    const out = temporaryDir('ehcp-recon-quiet-');
    const quiet = await runInProcess(['reconcile', ...example, '--out', out, '--quiet']);
    expect(quiet).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
    const json = await runInProcess(['reconcile', ...example, '--out', out, '--quiet', '--format', 'json']);
    expect(JSON.parse(json.stdout).headline.distinctChildren).toBe(374);
    const loud = await runInProcess(['reconcile', ...example, '--out', out]);
    expect(loud.stdout).toContain('Recovery worklist');
    expect(loud.stderr).toContain('Wrote reconciliation.csv');
  });
});

describe('reconciliation.csv keeps its columns whatever the run finds', () => {
  it("has the year's term columns even when no child-year is in scope", async () => {
    const argv = ['reconcile', '--plans', fixture('example', 'plans.csv'), '--contacts', fixture('example', 'contacts.csv')];
    const mapping = ['--mapping', fixture('example', 'mapping.json'), '--format', 'csv'];
    const inScope = await runInProcess([...argv, ...mapping, '--as-of', '2026-03-31']);
    const noneInScope = await runInProcess([...argv, ...mapping, '--as-of', '2019-03-31']);
    expect(noneInScope.status).toBe(0);
    const header = inScope.stdout.split('\n')[0]!;
    expect(header).toContain('autumn_required_minutes,autumn_delivered_minutes,spring_required_minutes');
    expect(noneInScope.stdout).toBe(`${header}\n`);
  });
});
