// A holding line kept in columns reads back as the plan line it was made from.
import { describe, expect, it } from 'vitest';
import { HoldingLines } from '../../../src/reconcile/holdingLines.js';
import { day, planLine, sessions } from '../helpers.js';

describe('HoldingLines', () => {
  it('gives back each line as it came, through growth, with shared quantities and texts held once', () => {
    const holding = new HoldingLines();
    const weekly = sessions(1, 45, 'week');
    const lines = Array.from({ length: 2500 }, (_, index) =>
      planLine({
        childId: `C${index}`,
        quantity: index % 3 === 0 ? sessions(2, 30, 'term') : weekly,
        start: day('2024-09-01') + (index % 40),
        end: index % 2 === 0 ? null : day('2025-07-01'),
        provider: index % 5 === 0 ? null : `P${index % 4}`,
        establishment: `school ${index % 11}`,
        funding: index % 7 === 0 ? 'personal-budget' : 'commissioned',
      }),
    );
    lines.forEach((line, index) => {
      expect(holding.add(line, index * 2)).toBe(index);
    });
    expect(holding.count).toBe(2500);
    lines.forEach((line, index) => {
      const { start, end, quantity, provider, locality, commissioner, establishment } = line;
      expect(holding.lineAt(index)).toEqual({ start, end, quantity, provider, locality, commissioner, establishment });
      expect(holding.childOf(index)).toBe(index * 2);
      expect(holding.fundingOf(index)).toBe(line.funding);
      expect(holding.startOf(index)).toBe(start);
      expect(holding.endOf(index)).toBe(end);
      expect(holding.stands(index)).toBe(true);
    });
    expect(holding.lineAt(1).quantity).toBe(weekly);
  });

  it('stands a line down without touching the others', () => {
    const holding = new HoldingLines();
    holding.add(planLine(), 0);
    holding.add(planLine(), 1);
    holding.standDown(0);
    expect([holding.stands(0), holding.stands(1)]).toEqual([false, true]);
  });
});
