// The plan book is built row by row, so the duplicate rule takes an earlier row back when a later row
// with its provision_id arrives. Whatever the order of events, the book must be the one that the rule
// gives when every row is known first.
import { describe, expect, it } from 'vitest';
import { buildPlanBook, PlanBookBuilder } from '../../../src/reconcile/planBook.js';
import type { PlanLine } from '../../../src/schema/records.js';
import { day, planLine, settings } from '../helpers.js';

const run = settings({ asOf: day('2025-03-31') });
const bookOf = (lines: PlanLine[]) =>
  buildPlanBook(
    lines.map((line) => ({ line: line.line, reading: { ok: true, record: line } })),
    run,
  );

describe('plan book duplicate rule, row by row', () => {
  it('names the row that finally stands in every earlier duplicate, and keeps only that row', () => {
    const first = planLine({ provisionId: 'P1', start: day('2024-09-01') });
    const second = planLine({ provisionId: 'P1', start: day('2024-10-01') });
    const last = planLine({ provisionId: 'P1', start: day('2024-11-01') });
    const book = bookOf([first, second, last]);
    expect(book.accounting.buckets).toEqual({ duplicate: 2, reconciled: 1 });
    expect([...book.exceptions].map((e) => [e.line, e.bucket, e.reason])).toEqual([
      [first.line, 'duplicate', `provision_id appears again on line ${last.line}; the later row stands`],
      [second.line, 'duplicate', `provision_id appears again on line ${last.line}; the later row stands`],
    ]);
    expect(book.childYears).toHaveLength(1);
    expect(book.childYears.at(0)).toEqual(bookOf([last]).childYears.at(0));
    expect(book.bucketOfLine.get(first.line)).toBe('duplicate');
    expect(book.bucketOfLine.get(last.line)).toBe('reconciled');
  });

  it('turns an earlier end-before-start exception into the duplicate one, not both', () => {
    const broken = planLine({ provisionId: 'P2', start: day('2024-10-01'), end: day('2024-09-01') });
    const fixed = planLine({ provisionId: 'P2', start: day('2024-09-01'), end: day('2025-07-01') });
    const book = bookOf([broken, fixed]);
    expect(book.accounting.buckets).toEqual({ duplicate: 1, reconciled: 1 });
    expect([...book.exceptions]).toEqual([
      expect.objectContaining({ line: broken.line, bucket: 'duplicate', field: 'provision_id', value: 'P2', childId: 'C1' }),
    ]);
  });

  it('takes back an excluded-funding line and its count, and the holding span it gave', () => {
    const budget = planLine({ provisionId: 'P3', childId: 'C7', funding: 'personal-budget' });
    const commissioned = planLine({ provisionId: 'P3', childId: 'C7' });
    const book = bookOf([budget, commissioned]);
    expect(book.excludedLines).toEqual({ 'personal-budget': 0 });
    const child = book.findChild('OT', 'C7');
    const { holdingSpans, spanStart } = book.children;
    expect(Array.from(holdingSpans.subarray(spanStart[child]!, spanStart[child + 1]!))).toEqual([commissioned.start, 0x7fffffff, 1]);
  });

  it('moves a provision re-stated for another child: the first child stays known, without a child-year', () => {
    const mistaken = planLine({ provisionId: 'P4', childId: 'C8' });
    const corrected = planLine({ provisionId: 'P4', childId: 'C9' });
    const book = bookOf([mistaken, corrected]);
    expect([...book.exceptions][0]).toMatchObject({ line: mistaken.line, bucket: 'duplicate', childId: 'C8' });
    expect(book.findChild('OT', 'C8')).toBeGreaterThanOrEqual(0);
    expect(book.children.childYear[book.findChild('OT', 'C8')]).toBe(-1);
    expect([...book.childYears].map((childYear) => childYear.childId)).toEqual(['C9']);
  });

  it('orders child-years by their first standing reconciled line', () => {
    const early = planLine({ provisionId: 'P5', childId: 'C10' });
    const other = planLine({ childId: 'C11' });
    const restated = planLine({ provisionId: 'P5', childId: 'C10' });
    expect([...bookOf([early, other, restated]).childYears].map((childYear) => childYear.childId)).toEqual(['C11', 'C10']);
  });

  it('is the same book whatever room it was told to make, and whenever', () => {
    const lines = Array.from({ length: 3000 }, (_, index) =>
      planLine({
        childId: `C${index % 1700}`,
        provisionId: index % 5 === 0 ? `P${index % 900}` : null,
        funding: index % 9 === 0 ? 'private' : 'commissioned',
        discipline: index % 4 === 0 ? 'SLT' : 'OT',
      }),
    );
    const plain = bookOf(lines);
    for (const [expected, at] of [
      [10, 0],
      [3000, 100],
      [100_000, 2999],
    ] as const) {
      const builder = new PlanBookBuilder(run);
      lines.forEach((line, index) => {
        if (index === at) builder.expectRows(expected);
        builder.add(line.line, { ok: true, record: line });
      });
      const book = builder.finish();
      expect(book.accounting).toEqual(plain.accounting);
      expect([...book.exceptions]).toEqual([...plain.exceptions]);
      expect([...book.childYears]).toEqual([...plain.childYears]);
      expect(book.children).toEqual(plain.children);
      expect(lines.map((line) => book.bucketOfLine.get(line.line))).toEqual(lines.map((line) => plain.bucketOfLine.get(line.line)));
    }
  });
});
