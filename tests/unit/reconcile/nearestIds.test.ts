import { describe, expect, it } from 'vitest';
import { editDistanceWithin, nearestIds } from '../../../src/reconcile/nearestIds.js';

describe('the IDs nearest to one not found (explain)', () => {
  it('counts a changed, dropped or added character, or two swapped neighbours, as one slip', () => {
    expect(editDistanceWithin('C0001834', 'C0001834', 2)).toBe(0);
    expect(editDistanceWithin('C0001834', 'C0001835', 2)).toBe(1);
    expect(editDistanceWithin('C0001834', 'C001834', 2)).toBe(1);
    expect(editDistanceWithin('C0001834', 'C00018344', 2)).toBe(1);
    expect(editDistanceWithin('C0001834', 'C0001843', 2)).toBe(1);
    expect(editDistanceWithin('C0001834', 'C0009999', 2)).toBe(3);
  });

  it('suggests the nearest within the bound, nearest first, then in code-point order', () => {
    const plans = ['C0001843', 'C0009999', 'C0001834', 'C0001835', 'C0001935', 'X', 'C0001843'];
    expect(nearestIds('C0001834', plans)).toEqual(['C0001835', 'C0001843', 'C0001935']);
    expect(nearestIds('C0001834', plans, 1)).toEqual(['C0001835']);
    expect(nearestIds('Q9', plans)).toEqual([]);
  });
});
