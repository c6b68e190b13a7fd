import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { compareSummaries } from '../../../src/diff/compare.js';
import { DIFF_CSV_HEADER } from '../../../src/diff/csv.js';
import { renderDiff } from '../../../src/diff/render.js';
import { renderDiffTable } from '../../../src/diff/table.js';
import { childYear, side } from './builders.js';

// A parsed summary with only what a test is about (as in compare.test.ts).
const diff = compareSummaries(
  side(
    'old|dir/summary.json',
    [childYear('=HYPERLINK("x")', 'met'), childYear('A|<b>*1*', 'shortfall', 100), childYear('gone', 'no-contact', 60), childYear('W', 'shortfall', 100)],
    { asOf: '2026-02-28' },
  ),
  side('new/summary.json', [childYear('=HYPERLINK("x")', 'shortfall', 45), childYear('A|<b>*1*', 'shortfall', 10), childYear('W', 'shortfall', 160)]),
  0,
);

describe('diff renderers', () => {
  it('json is the diff object itself', () => {
    const json = JSON.parse(renderDiff(diff, 'json', { color: false }));
    expect(Object.keys(json)).toEqual(['old', 'new', 'tolerance', 'headline', 'entered', 'left', 'worsened', 'improved']);
    expect(json.left[0]).toMatchObject({ childId: 'gone', reason: 'plan-ended', newStatus: null });
  });

  it('csv has one row per child change, the list under `change`, text cells defused, signed minutes plain', () => {
    const csv = renderDiff(diff, 'csv', { color: false });
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...DIFF_CSV_HEADER]);
    expect(rows.map((row) => [row.change, row.childId, row.shortfallChangeMinutes, row.reason])).toEqual([
      ['entered', `'=HYPERLINK("x")`, '45', ''],
      ['left', 'gone', '-60', 'plan-ended'],
      ['worsened', 'W', '60', ''],
      ['improved', 'A|<b>*1*', '-90', ''],
    ]);
  });

  it('md escapes what Markdown needs and nothing more: a child ID cannot break a table or inject HTML', () => {
    const md = renderDiff(diff, 'md', { color: false });
    // In a cell: the pipe and HTML's < (and &); the asterisks mean nothing there and stay.
    expect(md).toContain('| A\\|&lt;b>*1* |');
    expect(md).not.toContain('<b>');
    const improvedRow = md.split('\n').find((line) => line.includes('A\\|'))!;
    expect(improvedRow.split(/(?<!\\)\|/).length - 2).toBe(7);
    // Dates in brackets, signs and hyphens are left alone.
    expect(md).toContain('# Shortfall changes 2025/26: as of 2026-02-28 (old|dir/summary.json) → as of 2026-03-31 (new/summary.json)');
    expect(md).toContain('| Children in scope | 4 | 3 | -1 |');
    expect(md).toContain('| W | OT | shortfall | shortfall | 100 | 160 | +60 |');
    expect(md).not.toMatch(/\\[()+.#!-]/);
    expect(md).toContain('## Left shortfall (1)');
    expect(md).toMatch(/\| gone \| OT \| no-contact \| — \| 60 \| — \| -60 \| plan ended \|/);
  });

  it('md escapes what would format a title, and a line break in a cell', () => {
    const edited = compareSummaries(side('runs/_old_/summary.json', [childYear('a\nb', 'met')]), side('new.json', [childYear('a\nb', 'shortfall', 5)]), 0);
    const md = renderDiff(edited, 'md', { color: false });
    expect(md).toContain('(runs/\\_old\\_/summary.json)');
    expect(md).toContain('| a b | OT | met | shortfall | 0 | 5 | +5 |');
  });

  it('md lists each list as the table does: largest change first, then by child', () => {
    const many = compareSummaries(
      side('a', [
        childYear('C1', 'shortfall', 10),
        childYear('C2', 'shortfall', 10),
        childYear('C3', 'shortfall', 10),
        childYear('C4', 'met'),
        childYear('C5', 'met'),
      ]),
      side('b', [
        childYear('C1', 'shortfall', 20),
        childYear('C2', 'shortfall', 90),
        childYear('C3', 'shortfall', 50),
        childYear('C4', 'shortfall', 30),
        childYear('C5', 'no-contact', 300),
      ]),
      0,
    );
    const md = renderDiff(many, 'md', { color: false });
    const order = (ids: string[]) => ids.map((id) => md.indexOf(`| ${id} |`));
    expect(order(['C2', 'C3', 'C1'])).toEqual([...order(['C2', 'C3', 'C1'])].sort((a, b) => a - b));
    expect(order(['C5', 'C4'])).toEqual([...order(['C5', 'C4'])].sort((a, b) => a - b));
    const table = renderDiffTable(many, { color: false });
    expect(table.indexOf('C5')).toBeLessThan(table.indexOf('C4'));
    expect(table.indexOf('C2')).toBeLessThan(table.indexOf('C3'));
  });

  it('table shows the headline, the counts and each list, coloured only when asked', () => {
    const plain = renderDiff(diff, 'table', { color: false });
    expect(plain).not.toMatch(/\u001b\[/);
    expect(plain).toContain('Hours owed');
    expect(plain.replace(/\n\s+/g, ' ')).toContain(
      '1 child-year entered shortfall; 1 left it (0 by delivery, 1 because the plan ended); 1 worsened and 1 improved.',
    );
    for (const width of [80, 100]) {
      for (const line of renderDiff(diff, 'table', { color: false, width }).split('\n')) expect(line.length, line).toBeLessThanOrEqual(width);
    }
    expect(plain).toMatch(/Worsened \(1\)/);
    expect(renderDiff(diff, 'table', { color: true })).toMatch(/\u001b\[/);
  });

  it('table shows the largest changes of a long list first and says how many more there are', () => {
    const many = compareSummaries(
      side('a', [childYear('C1', 'shortfall', 10), childYear('C2', 'shortfall', 10), childYear('C3', 'shortfall', 10)]),
      side('b', [childYear('C1', 'shortfall', 20), childYear('C2', 'shortfall', 90), childYear('C3', 'shortfall', 50)]),
      0,
    );
    const table = renderDiffTable(many, { color: false, rowsPerList: 2 });
    expect(table).toContain('Worsened (3)');
    expect(table.indexOf('C2')).toBeLessThan(table.indexOf('C3'));
    expect(table).not.toContain('C1');
    expect(table).toContain('… and 1 more with smaller changes (--format csv or json lists them all)');
  });
});
