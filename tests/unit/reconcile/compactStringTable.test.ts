import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactStringTable } from '../../../src/reconcile/compactStringTable.js';
import { fnv1a } from '../../../src/schema/values/byteHash.js';

describe('compact string table', () => {
  it('gives each distinct ID one dense slot, exactly as a Map would, through growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 14 }), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.constantFrom('A1', 'a1', 'A1 ', '')), {
          maxLength: 400,
        }),
        (ids) => {
          const store = new CompactStringTable();
          const reference = new Map<string, number>();
          for (const id of ids) {
            const expected = reference.get(id) ?? reference.size;
            reference.set(id, expected);
            expect(store.slotOf(id)).toBe(expected);
          }
          expect(store.size).toBe(reference.size);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('answers the same when made to size, or given room part way through', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 14 }), fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 3000 }),
        fc.nat({ max: 5000 }),
        fc.nat({ max: 3000 }),
        fc.nat({ max: 40_000 }),
        (ids, expected, reserveAt, bytes) => {
          const sized = new CompactStringTable(expected, bytes);
          const reserved = new CompactStringTable();
          const reference = new Map<string, number>();
          ids.forEach((id, index) => {
            if (index === reserveAt) reserved.reserve(expected, bytes);
            const slot = reference.get(id) ?? reference.size;
            reference.set(id, slot);
            expect(sized.slotOf(id)).toBe(slot);
            expect(reserved.slotOf(id)).toBe(slot);
          });
          for (const [id, slot] of reference) expect([sized.find(id), reserved.find(id)]).toEqual([slot, slot]);
          expect(sized.find('\u0000absent')).toBe(-1);
        },
      ),
      { seed: 7, numRuns: 60 },
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

  it('finds an ID from its UTF-8 bytes anywhere in a buffer, as from its text', () => {
    const table = new CompactStringTable();
    for (const id of ['C0001001', 'Zoë', 'C1', '']) table.slotOf(id);
    const line = Buffer.from('x,C0001001,Zoë,C1,,C10\n', 'utf8');
    const field = (text: string) => {
      const start = line.indexOf(text === '' ? ',,' : `,${text},`) + 1;
      return [start, start + Buffer.byteLength(text)] as const;
    };
    expect(table.findBytes(line, ...field('C0001001'))).toBe(0);
    expect(table.findBytes(line, ...field('Zoë'))).toBe(1);
    expect(table.findBytes(line, ...field('C1'))).toBe(2);
    expect(table.findBytes(line, ...field(''))).toBe(3);
    expect(table.findBytes(line, 18, 21)).toBe(-1); // "C10"
    expect(fnv1a(line, ...field('C1'))).toBe(fnv1a(Buffer.from('C1'), 0, 2));
  });
});
