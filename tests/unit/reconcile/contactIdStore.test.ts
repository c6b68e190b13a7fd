import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactStringTable } from '../../../src/reconcile/contactIdStore.js';

describe('compact contact ID store', () => {
  it('gives each distinct ID one dense slot, exactly as a Map would, through growth', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 14 }), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.constantFrom('A1', 'a1', 'A1 ', '')), { maxLength: 400 }), (ids) => {
        const store = new CompactStringTable();
        const reference = new Map<string, number>();
        for (const id of ids) {
          const expected = reference.get(id) ?? reference.size;
          reference.set(id, expected);
          expect(store.slotOf(id)).toBe(expected);
        }
        expect(store.size).toBe(reference.size);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('never merges IDs whose hashes collide or whose bytes differ only by encoding', () => {
    const store = new CompactStringTable();
    const ids = Array.from({ length: 300_000 }, (_, i) => `A${String(i).padStart(11, '0')}`);
    const countWrongSlots = () => ids.filter((id, slot) => store.slotOf(id) !== slot).length;
    expect(countWrongSlots()).toBe(0); // inserting
    expect(countWrongSlots()).toBe(0); // finding again
    expect(store.slotOf('Zoë')).toBe(300_000);
    expect(store.slotOf('Zo\u00eb')).toBe(300_000);
    expect(store.slotOf('Zoe\u0308')).toBe(300_001);
    expect(store.size).toBe(300_002);
  });
});
