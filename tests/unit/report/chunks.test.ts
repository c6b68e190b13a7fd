import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inChunks, jsonPieces } from '../../../src/report/chunks.js';

describe('streamed JSON', () => {
  it('is byte for byte JSON.stringify(value, null, 2)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue()), fc.array(fc.object()))), (object) => {
        expect([...jsonPieces(object)].join('')).toBe(JSON.stringify(object, null, 2));
      }),
      { seed: 3, numRuns: 300 },
    );
    expect([...jsonPieces({})].join('')).toBe('{}');
    expect([...jsonPieces({ a: [], b: [null], c: { d: [1, { e: 'x' }] } })].join('')).toBe(JSON.stringify({ a: [], b: [null], c: { d: [1, { e: 'x' }] } }, null, 2));
  });

  it('gathers pieces into chunks without losing or reordering any', () => {
    const pieces = Array.from({ length: 10_000 }, (_, i) => `${i},`);
    const chunks = [...inChunks(pieces)];
    expect(chunks.join('')).toBe(pieces.join(''));
    expect(chunks.length).toBeLessThan(10);
  });
});
