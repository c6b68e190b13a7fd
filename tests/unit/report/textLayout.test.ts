// Tables and prose for a terminal of a given width: every line fits, names are shortened with "…",
// the least needed columns go first, and nothing is dropped while there is room.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth, renderTextTable, truncateToWidth, wrapLine, type TextColumn } from '../../../src/report/textLayout.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);

describe('displayWidth and truncateToWidth', () => {
  it('counts wide characters twice and combining marks not at all', () => {
    expect(displayWidth('Zoë')).toBe(3);
    expect(displayWidth('Zoe\u0308')).toBe(3);
    expect(displayWidth('漢字')).toBe(4);
    expect(displayWidth('😀 ok')).toBe(5);
  });

  it('cuts to the width with an ellipsis, and leaves a text that fits as it is', () => {
    expect(truncateToWidth('Northvale Community Healthcare NHS Trust', 12)).toBe('Northvale C…');
    expect(truncateToWidth('漢字漢字', 5)).toBe('漢字…');
    expect(truncateToWidth('Short', 5)).toBe('Short');
  });
});

describe('wrapLine', () => {
  it('wraps at spaces, indents what follows, and cuts a word longer than a line', () => {
    expect(wrapLine('Plans: 533 rows read = duplicate 4 + end-before-start 3', 30, '  ')).toEqual([
      'Plans: 533 rows read =',
      '  duplicate 4 +',
      '  end-before-start 3',
    ]);
    expect(wrapLine('a /very/long/path/that/does/not/fit', 12, '  ')).toEqual(['a', '  /very/long', '  /path/that', '  /does/not/', '  fit']);
    expect(wrapLine('  keeps   its spacing when it fits', 80)).toEqual(['  keeps   its spacing when it fits']);
  });

  it('never makes a line wider than the width, and loses no word', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z漢]{1,14}$/), { minLength: 1, maxLength: 30 }), fc.integer({ min: 16, max: 100 }), (words, width) => {
        const lines = wrapLine(words.join(' '), width, '  ');
        for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
        expect(lines.join('').replace(/\s/g, '')).toBe(words.join(''));
      }),
      { numRuns: RUNS },
    );
  });
});

const COLUMNS: TextColumn[] = [
  { heading: '#', align: 'right' },
  { heading: 'Child' },
  { heading: 'Provider', minWidth: 10, dropOrder: 2 },
  { heading: 'Owed h', align: 'right' },
  { heading: 'Per week', align: 'right', dropOrder: 1 },
];
const ROWS = [
  ['1', 'C0001834', 'Brightpath Therapy Ltd', '26.00', '4.00'],
  ['10', 'C0003748', 'Northvale Community Healthcare NHS Trust', '11.17', '1.77'],
];

describe('renderTextTable', () => {
  it('draws a rule under the headings and none between rows, numbers to the right', () => {
    const table = renderTextTable(COLUMNS, ROWS, { width: 100, color: false });
    expect(table.lines).toEqual([
      ' #  Child     Provider                                  Owed h  Per week',
      '─'.repeat(72),
      ' 1  C0001834  Brightpath Therapy Ltd                     26.00      4.00',
      '10  C0003748  Northvale Community Healthcare NHS Trust   11.17      1.77',
    ]);
    expect(table.left).toEqual([]);
  });

  it('shortens names first, then leaves out columns in their drop order, and never cuts an ID', () => {
    const shortened = renderTextTable(COLUMNS, ROWS, { width: 50, color: false });
    expect(shortened.lines[3]).toBe('10  C0003748  Northvale Communi…   11.17      1.77');
    expect(shortened.left).toEqual([]);
    const dropped = renderTextTable(COLUMNS, ROWS, { width: 40, color: false });
    expect(dropped.left).toEqual(['Per week']);
    expect(dropped.lines[3]).toBe('10  C0003748  Northvale Communi…   11.17');
    const least = renderTextTable(COLUMNS, ROWS, { width: 20, color: false });
    expect(least.left).toEqual(['Provider', 'Per week']);
    expect(least.lines[3]).toContain('C0003748');
  });

  it('fits any width from 40 columns, whatever the cells hold', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.stringMatching(/^[A-Za-z漢 ]{0,40}$/),
      fc.constantFrom('😀😀😀 emoji', 'Zoë Brontë-Smith', 'e\u0301e\u0301'),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell), { maxLength: 8 }), fc.integer({ min: 40, max: 140 }), (rows, width) => {
        const columns: TextColumn[] = [
          { heading: 'Name', minWidth: 8 },
          { heading: 'Place', minWidth: 6, dropOrder: 1 },
          { heading: 'Note', minWidth: 6, dropOrder: 2 },
        ];
        const safe = rows.map((row) => row.map((text) => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?')));
        for (const line of renderTextTable(columns, safe, { width, color: false }).lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
      }),
      { numRuns: RUNS },
    );
  });

  it('colours headings and painted cells only when asked', () => {
    const cells = [[{ text: 'no-contact', paint: (text: string) => `\u001b[31m${text}\u001b[39m` }]];
    expect(renderTextTable([{ heading: 'Status' }], cells, { width: 80, color: true }).lines.join('\n')).toContain('\u001b[36mStatus');
    expect(renderTextTable([{ heading: 'Status' }], [['no-contact']], { width: 80, color: false }).lines.join('\n')).not.toContain('\u001b[');
  });
});
