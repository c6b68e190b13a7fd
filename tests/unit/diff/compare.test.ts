import { describe, expect, it } from 'vitest';
import { compareSummaries, diffSummaries, findRefusals, type SummaryDiff } from '../../../src/diff/compare.js';
import { describeRefusals } from '../../../src/diff/refusals.js';
import { HEADLINE_FIGURES } from '../../../src/diff/summaryFile.js';
import { childYear, summary, side } from './builders.js';

// Builders: a parsed summary with only what a test is about.
const FEB = { asOf: '2026-02-28' };

function compare(oldRows: Parameters<typeof side>[1], newRows: Parameters<typeof side>[1], tolerance = 0): SummaryDiff {
  return compareSummaries(side('A', oldRows, FEB), side('B', newRows), tolerance);
}

const ids = (rows: readonly { childId: string; discipline: string }[]) => rows.map((row) => `${row.childId}/${row.discipline}`);

describe('entered', () => {
  it('lists child-years in shortfall now and not before, including those new in NEW', () => {
    const diff = compare(
      [childYear('met-then-short', 'met', 10), childYear('notdue-then-none', 'not-due'), childYear('short-both', 'shortfall', 100)],
      [
        childYear('met-then-short', 'shortfall', 200),
        childYear('notdue-then-none', 'no-contact', 300),
        childYear('short-both', 'shortfall', 100),
        childYear('brand-new', 'no-contact', 45),
      ],
    );
    expect(ids(diff.entered)).toEqual(['brand-new/OT', 'met-then-short/OT', 'notdue-then-none/OT']);
    expect(diff.entered[0]).toEqual({
      childId: 'brand-new',
      discipline: 'OT',
      oldStatus: null,
      newStatus: 'no-contact',
      oldShortfallMinutes: null,
      newShortfallMinutes: 45,
      change: 45,
      reason: null,
    });
    expect(diff.entered[1]).toMatchObject({ oldStatus: 'met', oldShortfallMinutes: 10, newShortfallMinutes: 200, change: 190 });
    expect(diff.left).toEqual([]);
  });

  it('matches on child and discipline together', () => {
    const diff = compare(
      [childYear('C1', 'shortfall', 60, { discipline: 'OT' })],
      [childYear('C1', 'shortfall', 60, { discipline: 'OT' }), childYear('C1', 'shortfall', 60, { discipline: 'SLT' })],
    );
    expect(ids(diff.entered)).toEqual(['C1/SLT']);
  });
});

describe('left', () => {
  it('puts it down to delivery when the child-year is now met or not due and its plan runs on', () => {
    const diff = compare(
      [childYear('open-plan', 'shortfall', 90), childYear('later-end', 'no-contact', 90), childYear('now-not-due', 'shortfall', 30)],
      [childYear('open-plan', 'met'), childYear('later-end', 'met', 0, { planEnd: '2026-04-01' }), childYear('now-not-due', 'not-due')],
    );
    expect(diff.left.map((row) => [row.childId, row.reason])).toEqual([
      ['later-end', 'delivered'],
      ['now-not-due', 'delivered'],
      ['open-plan', 'delivered'],
    ]);
    expect(diff.left[2]).toMatchObject({ oldStatus: 'shortfall', newStatus: 'met', oldShortfallMinutes: 90, newShortfallMinutes: 0, change: -90 });
  });

  it('puts it down to the plan ending when the child-year is gone or its plan ended on or before NEW as-of', () => {
    const diff = compare(
      [childYear('gone', 'shortfall', 90), childYear('ended-on-as-of', 'shortfall', 90), childYear('ended-before', 'no-contact', 120)],
      [childYear('ended-on-as-of', 'met', 0, { planEnd: '2026-03-31' }), childYear('ended-before', 'met', 0, { planEnd: '2026-03-01' })],
    );
    expect(diff.left.map((row) => [row.childId, row.reason])).toEqual([
      ['ended-before', 'plan-ended'],
      ['ended-on-as-of', 'plan-ended'],
      ['gone', 'plan-ended'],
    ]);
    expect(diff.left[2]).toEqual({
      childId: 'gone',
      discipline: 'OT',
      oldStatus: 'shortfall',
      newStatus: null,
      oldShortfallMinutes: 90,
      newShortfallMinutes: null,
      change: -90,
      reason: 'plan-ended',
    });
  });

  it('does not list a child-year that was never in shortfall and has gone', () => {
    const diff = compare([childYear('met-gone', 'met'), childYear('notdue-gone', 'not-due')], []);
    expect(diff.left).toEqual([]);
  });
});

describe('worsened and improved', () => {
  const pair = (change: number, tolerance: number) => compare([childYear('C', 'shortfall', 1000)], [childYear('C', 'shortfall', 1000 + change)], tolerance);

  it('needs a move of strictly more than the tolerance', () => {
    expect(pair(30, 30).worsened).toEqual([]);
    expect(pair(31, 30).worsened).toHaveLength(1);
    expect(pair(-30, 30).improved).toEqual([]);
    expect(pair(-31, 30).improved).toHaveLength(1);
    expect(pair(-31, 30).improved[0]).toMatchObject({ change: -31, reason: null });
  });

  it('with tolerance 0 lists any move and nothing for no move', () => {
    expect(pair(1, 0).worsened).toHaveLength(1);
    expect(pair(-1, 0).improved).toHaveLength(1);
    const still = pair(0, 0);
    expect([still.entered, still.left, still.worsened, still.improved]).toEqual([[], [], [], []]);
  });

  it('counts shortfall and no contact alike as in shortfall', () => {
    const diff = compare([childYear('C', 'no-contact', 100)], [childYear('C', 'shortfall', 40)]);
    expect(diff.improved).toHaveLength(1);
    expect(diff.improved[0]).toMatchObject({ oldStatus: 'no-contact', newStatus: 'shortfall', change: -60 });
    expect(diff.entered).toEqual([]);
  });
});

describe('headline', () => {
  it('gives every numeric figure old, new and change, without floating-point noise', () => {
    const older = side('A', [], { headline: { ...summary([]).headline, requiredHours: 5381.8, notReceivingShare: 81.5, deliveredShare: null, atRisk: 378 } });
    const newer = side('B', [], { headline: { ...summary([]).headline, requiredHours: 6424.1, notReceivingShare: 78.1, deliveredShare: 76.6, atRisk: 319 } });
    const diff = compareSummaries(older, newer, 0);
    expect(diff.headline.map((row) => row.figure)).toEqual(HEADLINE_FIGURES);
    const byFigure = Object.fromEntries(diff.headline.map((row) => [row.figure, row]));
    expect(byFigure.requiredHours).toEqual({ figure: 'requiredHours', old: 5381.8, new: 6424.1, change: 1042.3 });
    expect(byFigure.notReceivingShare?.change).toBe(-3.4);
    expect(byFigure.atRisk?.change).toBe(-59);
    expect(byFigure.deliveredShare).toEqual({ figure: 'deliveredShare', old: null, new: 76.6, change: null });
  });

  it('records both sides', () => {
    const diff = compare([], []);
    expect(diff.old).toEqual({ year: '2025/26', asOf: '2026-02-28', file: 'A', warnings: [] });
    expect(diff.new).toEqual({ year: '2025/26', asOf: '2026-03-31', file: 'B', warnings: [] });
    expect(diff.tolerance).toBe(0);
  });
});

describe('refusals', () => {
  const rows = [childYear('C', 'shortfall', 10)];

  it('refuses different years unless forced, naming both files and years', () => {
    const older = side('jan/summary.json', rows, { year: '2024/25' });
    const newer = side('feb/summary.json', rows);
    const outcome = diffSummaries(older, newer, { tolerance: 0, force: false });
    expect(outcome).toEqual({ kind: 'refused', refusals: [{ code: 'different-year', old: '2024/25', new: '2025/26' }] });
    if (outcome.kind !== 'refused') throw new Error('expected a refusal');
    const sentence = describeRefusals(outcome.refusals, older, newer);
    expect(sentence).toContain('"jan/summary.json"');
    expect(sentence).toContain('"feb/summary.json"');
    expect(sentence).toMatch(/2024\/25.*2025\/26/);
    expect(sentence).toContain('--force');
    expect(diffSummaries(older, newer, { tolerance: 0, force: true }).kind).toBe('compared');
  });

  it('refuses different disciplines unless forced: --discipline, else the headline set', () => {
    const all = summary(rows, { headline: { ...summary(rows).headline, disciplines: ['OT', 'PT', 'SLT'] } });
    const otOnly = summary(rows, { options: { discipline: 'OT' }, headline: { ...summary(rows).headline, disciplines: ['OT', 'PT', 'SLT'] } });
    expect(findRefusals(all, otOnly, false)).toEqual([{ code: 'different-disciplines', old: ['OT', 'PT', 'SLT'], new: ['OT'] }]);
    expect(findRefusals(otOnly, summary(rows), false)).toEqual([]);
    expect(findRefusals(all, otOnly, true)).toEqual([]);
  });

  it('lists every forceable difference in one sentence', () => {
    const older = side('a', rows, { year: '2024/25', options: { discipline: 'SLT' } });
    const newer = side('b', rows);
    const refusals = findRefusals(older.summary, newer.summary, false);
    expect(refusals.map((refusal) => refusal.code)).toEqual(['different-year', 'different-disciplines']);
    expect(describeRefusals(refusals, older, newer)).toMatch(/years .* and different disciplines \(SLT in "a", OT in "b"\)/);
  });

  it('refuses different pseudonymisation keys, and keyed against raw, even when forced', () => {
    const keyed = (keyFingerprint: string) => summary(rows, { pseudonymisation: { keyFingerprint } });
    expect(findRefusals(keyed('aa11'), keyed('bb22'), true)).toEqual([{ code: 'different-keys', old: 'aa11', new: 'bb22' }]);
    expect(findRefusals(summary(rows), keyed('bb22'), true)).toEqual([{ code: 'different-keys', old: null, new: 'bb22' }]);
    expect(findRefusals(keyed('aa11'), summary(rows), true)).toEqual([{ code: 'different-keys', old: 'aa11', new: null }]);
    expect(findRefusals(keyed('aa11'), keyed('aa11'), false)).toEqual([]);
  });

  it('says a key refusal cannot be forced, and names both files', () => {
    const older = side('x.json', rows, { pseudonymisation: { keyFingerprint: 'aa11' } });
    const newer = side('y.json', rows, { year: '2024/25' });
    const refusals = findRefusals(older.summary, newer.summary, false);
    expect(refusals).toEqual([{ code: 'different-keys', old: 'aa11', new: null }]);
    const sentence = describeRefusals(refusals, older, newer);
    expect(sentence).toContain('"x.json"');
    expect(sentence).toContain('"y.json"');
    expect(sentence).toContain('aa11');
    expect(sentence).toContain('raw child IDs');
    expect(sentence).toContain('--force does not override this');
  });

  it('rejects a negative or non-finite tolerance as a bug in the caller', () => {
    expect(() => diffSummaries(side('a', []), side('b', []), { tolerance: -1, force: false })).toThrow(RangeError);
    expect(() => diffSummaries(side('a', []), side('b', []), { tolerance: Number.NaN, force: false })).toThrow(RangeError);
  });
});
