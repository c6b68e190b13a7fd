import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSummary, parseSummaryBytes } from '../../../src/diff/summaryFile.js';
import { jsonPieces } from '../../../src/report/chunks.js';
import { childYear, summary } from './builders.js';

// A parsed summary with only what a test is about (as in compare.test.ts).
function text(value: unknown): string {
  return JSON.stringify(value);
}

function problemOf(input: string): string {
  const parsed = parseSummary(input);
  if (!('problem' in parsed)) throw new Error('expected a problem');
  return parsed.problem;
}

const valid = { ...summary([childYear('C1', 'shortfall', 30)]), summary: {}, worklist: [], futureField: { anything: true } };

describe('parseSummary', () => {
  it('reads the parts diff uses and ignores the rest', () => {
    const parsed = parseSummary(text(valid));
    if (!('summary' in parsed)) throw new Error(parsed.problem);
    expect(parsed.summary.childYears).toEqual([{ childId: 'C1', discipline: 'OT', status: 'shortfall', shortfallMinutes: 30, planEnd: null }]);
    expect(parsed.summary).not.toHaveProperty('futureField');
  });

  it('treats a missing pseudonymisation field as raw IDs, and reads a key fingerprint', () => {
    const { pseudonymisation: _, ...withoutField } = valid;
    const raw = parseSummary(text(withoutField));
    expect('summary' in raw && raw.summary.pseudonymisation).toBeNull();
    const keyed = parseSummary(text({ ...valid, pseudonymisation: { keyFingerprint: '0f3a' } }));
    expect('summary' in keyed && keyed.summary.pseudonymisation).toEqual({ keyFingerprint: '0f3a' });
  });

  it('reads a headline figure missing from an older file as null, and a UTF-8 BOM as nothing', () => {
    const { atRisk: _, ...headline } = valid.headline;
    const parsed = parseSummary(`\uFEFF${text({ ...valid, headline })}`);
    expect('summary' in parsed && parsed.summary.headline.atRisk).toBeNull();
  });

  it('says what is wrong: not JSON, not a summary, a newer schema, a bad field, a repeated child-year', () => {
    expect(problemOf('{"schemaVersion": 1,')).toMatch(/^is not valid JSON/);
    expect(problemOf('[1, 2]')).toMatch(/not an ehcp-recon summary \(no "schemaVersion": 1\)/);
    expect(problemOf(text({ plans: {} }))).toMatch(/not an ehcp-recon summary/);
    expect(problemOf(text({ ...valid, schemaVersion: 2 }))).toMatch(/schemaVersion 2, written by a newer ehcp-recon/);
    expect(problemOf(text({ ...valid, childYears: [{ ...childYear('C1', 'met'), status: 'fine' }] }))).toMatch(/childYears\.0\.status/);
    expect(problemOf(text({ ...valid, asOf: '31/03/2026' }))).toMatch(/"asOf"/);
    expect(problemOf(text({ ...valid, childYears: [childYear('C1', 'met'), childYear('C1', 'shortfall', 5)] }))).toMatch(/child "C1" \(OT\) twice/);
  });
});

describe('parseSummaryBytes', () => {
  const example = readFileSync(join(import.meta.dirname, '../../../fixtures/example/expected/summary.json'));
  /** The layout reconcile writes: two-space indent, each element of a top-level array on a line of its own. */
  const laidOut = (value: Record<string, unknown>) => Buffer.from([...jsonPieces(value, { compactElements: true })].join(''), 'utf8');

  it('reads a file as reconcile writes it, a line at a time, to the same summary as a whole parse', () => {
    const byLines = parseSummaryBytes(example);
    expect(byLines).toEqual(parseSummary(example.toString('utf8')));
    expect('summary' in byLines && byLines.summary.childYears.length).toBeGreaterThan(100);
    const withBom = parseSummaryBytes(Buffer.concat([Buffer.from('\uFEFF', 'utf8'), laidOut(valid)]));
    expect(withBom).toEqual(parseSummary(text(valid)));
  });

  it('leaves unread the arrays diff does not use, and keeps of each child-year only the fields it compares', () => {
    const warnings = [
      { code: 'ids-do-not-join', message: 'most contacts name a child no plan has' },
      { code: 'as-of-from-clock', message: 'as-of was taken from the clock' },
    ];
    const bytes = laidOut({ ...valid, worklist: [{ rank: 1 }], warnings })
      .toString('utf8')
      .replace('{"rank":1}', '{"rank": not json');
    const parsed = parseSummaryBytes(Buffer.from(bytes, 'utf8'));
    if (!('summary' in parsed)) throw new Error(parsed.problem);
    expect(parsed.summary.childYears).toEqual([{ childId: 'C1', discipline: 'OT', status: 'shortfall', shortfallMinutes: 30, planEnd: null }]);
    expect(parsed.summary.warnings).toEqual(warnings);
  });

  it('parses any other layout whole, with the same answers and problems', () => {
    for (const other of [text(valid), JSON.stringify(valid, null, 2), JSON.stringify(valid, null, 2).replaceAll('\n', '\r\n')]) {
      expect(parseSummaryBytes(Buffer.from(other, 'utf8'))).toEqual(parseSummary(other));
    }
    const broken = laidOut(valid).toString('utf8').replace('"childId":"C1"', '"childId":C1');
    expect(parseSummaryBytes(Buffer.from(broken, 'utf8'))).toEqual({ problem: expect.stringMatching(/^is not valid JSON/) });
    const repeated = laidOut({ ...valid, childYears: [...valid.childYears, ...valid.childYears] });
    expect(parseSummaryBytes(repeated)).toEqual({ problem: 'lists child "C1" (OT) twice in childYears: was it edited by hand?' });
  });

  it('answers as a whole parse does for a file edited into something a line reader could misread', () => {
    const warnings = [{ code: 'ids-do-not-join', message: 'most contacts name a child no plan has' }];
    const two = { ...valid, childYears: [...valid.childYears, { ...valid.childYears[0]!, childId: 'C2' }], warnings };
    const lines = laidOut(two).toString('utf8').split('\n');
    const at = (prefix: string) => lines.findIndex((line) => line.startsWith(prefix));
    const edits: Record<string, (input: string[]) => string[]> = {
      // An array put back on one line: read with the rest, not taken for an empty one.
      'child-years on one line': (input) => {
        const open = input.indexOf('  "childYears": [');
        const close = input.indexOf('  ],', open);
        return [
          ...input.slice(0, open),
          `  "childYears": [${input
            .slice(open + 1, close)
            .join('')
            .replaceAll('    ', '')}],`,
          ...input.slice(close + 1),
        ];
      },
      'warnings on one line': (input) =>
        input
          .map((line) => line)
          .join('\n')
          .replace(/"warnings": \[\n {4}(.*)\n {2}\]/, '"warnings": [$1]')
          .split('\n'),
      'a key written with an escape': (input) => input.map((line) => line.replace('"childYears"', '"child\\u0059ears"')),
      'a key given twice': (input) => [
        ...input.slice(0, -1).map((line, index, all) => (index === all.length - 1 ? `${line},` : line)),
        '  "childYears": []',
        '}',
      ],
      'a comma missing between elements': (input) => input.map((line, index) => (index === at('    {"childId":"C1"') ? line.replace(/,$/, '') : line)),
      'a comma after the last element': (input) => input.map((line, index) => (index === at('    {"childId":"C2"') ? `${line},` : line)),
    };
    for (const [edit, apply] of Object.entries(edits)) {
      const edited = apply(lines).join('\n');
      expect(edited, edit).not.toBe(lines.join('\n'));
      expect(parseSummaryBytes(Buffer.from(edited, 'utf8')), edit).toEqual(parseSummary(edited));
    }
  });
});
