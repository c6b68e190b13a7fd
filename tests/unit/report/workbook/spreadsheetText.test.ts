import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeSpreadsheetText,
  fitToCell,
  hasOuterWhiteSpace,
  MAX_CELL_CHARS,
  REPLACEMENT_CHARACTER,
} from '../../../../src/report/workbook/spreadsheetText.js';

// FUZZ_RUNS=3000 npm run fuzz for a longer hunt.
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);

/** What an XML reader, then Excel's _xHHHH_ unescaping, makes of element content. */
function readBack(content: string): string {
  const entities = content.replace(/&(amp|lt|gt|#13);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', '#13': '\r' })[name]!);
  return entities.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** XML 1.0's Char production. */
const XML_CHARS = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

describe('text in a cell', () => {
  it('escapes the markup characters and keeps every other character as it is', () => {
    expect(escapeSpreadsheetText('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    for (const text of ['Zoë', '£1,000', 'Ève Therapies', '=SUM(1,2)', '-5', '@x', '000123', 'O\'Brien "Jo"', 'tab\there', 'line\nfeed', '😀']) {
      expect(escapeSpreadsheetText(text)).toBe(text);
    }
  });

  it('keeps a surrogate pair and replaces a lone surrogate, which XML 1.0 cannot carry', () => {
    expect(escapeSpreadsheetText('a😀b')).toBe('a😀b');
    expect(escapeSpreadsheetText('a\uD800b')).toBe(`a${REPLACEMENT_CHARACTER}b`);
    expect(escapeSpreadsheetText('\uDC00x\uD83D')).toBe(`${REPLACEMENT_CHARACTER}x${REPLACEMENT_CHARACTER}`);
  });

  it('replaces the control characters and non-characters XML 1.0 forbids', () => {
    expect(escapeSpreadsheetText('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\uFFFEh\uFFFF')).toBe(
      `a${'\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh\uFFFD'}`,
    );
  });

  it('writes a carriage return as a reference, which no reader turns into a line feed', () => {
    expect(escapeSpreadsheetText('a\r\nb')).toBe('a&#13;\nb');
  });

  it('escapes the underscore of a literal _xHHHH_, which Excel would read as its escape of a character', () => {
    expect(escapeSpreadsheetText('_x0041_')).toBe('_x005F_x0041_');
    expect(escapeSpreadsheetText('a_x00e9_b_x12_')).toBe('a_x005F_x00e9_b_x12_');
    expect(readBack(escapeSpreadsheetText('_x0041_ and _x005F_'))).toBe('_x0041_ and _x005F_');
  });

  it('gives valid XML that reads back as the text, with only forbidden characters replaced', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constantFrom('_x0041_', '_x_', '\r\n', '&amp;')), (text) => {
        const escaped = escapeSpreadsheetText(text);
        expect(escaped).toMatch(XML_CHARS);
        expect(escaped).not.toMatch(/[<>]|&(?!amp;|lt;|gt;|#13;)/);
        const expected = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu, REPLACEMENT_CHARACTER);
        expect(readBack(escaped)).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it("cuts a text longer than a cell's 32,767 characters, never between the halves of a surrogate pair", () => {
    expect(fitToCell('x'.repeat(MAX_CELL_CHARS))).toHaveLength(MAX_CELL_CHARS);
    expect(fitToCell('x'.repeat(MAX_CELL_CHARS + 5))).toHaveLength(MAX_CELL_CHARS);
    const straddling = `${'x'.repeat(MAX_CELL_CHARS - 1)}😀`;
    expect(fitToCell(straddling)).toBe('x'.repeat(MAX_CELL_CHARS - 1));
  });

  it('knows when white space at either end needs xml:space="preserve"', () => {
    expect(hasOuterWhiteSpace(' a')).toBe(true);
    expect(hasOuterWhiteSpace('a\n')).toBe(true);
    expect(hasOuterWhiteSpace('a b')).toBe(false);
    expect(hasOuterWhiteSpace('')).toBe(false);
  });
});
