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

  it('with compact elements, is the same JSON value with one line per array element', () => {
    const value = { a: 1, rows: [{ b: [1, 2], c: 'x' }, { b: [], c: null }], nested: { d: [1] } };
    const text = [...jsonPieces(value, { compactElements: true })].join('');
    expect(JSON.parse(text)).toEqual(value);
    expect(text.split('\n')).toContain('    {"b":[1,2],"c":"x"},');
  });

  it('gathers pieces into chunks without losing or reordering any', () => {
    const pieces = Array.from({ length: 10_000 }, (_, i) => `${i},`);
    const chunks = [...inChunks(pieces)];
    expect(chunks.join('')).toBe(pieces.join(''));
    expect(chunks.length).toBeLessThan(10);
  });
});
