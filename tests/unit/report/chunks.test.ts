import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inChunks, jsonPieces, remembered, rememberedNumbers } from '../../../src/report/chunks.js';

describe('streamed JSON', () => {
  it('is byte for byte JSON.stringify(value, null, 2)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue()), fc.array(fc.object()))), (object) => {
        expect([...jsonPieces(object)].join('')).toBe(JSON.stringify(object, null, 2));
      }),
      { seed: 3, numRuns: 300 },
    );
    expect([...jsonPieces({})].join('')).toBe('{}');
    expect([...jsonPieces({ a: [], b: [null], c: { d: [1, { e: 'x' }] } })].join('')).toBe(
      JSON.stringify({ a: [], b: [null], c: { d: [1, { e: 'x' }] } }, null, 2),
    );
  });

  it('with compact elements, is the same JSON value with one line per array element', () => {
    const value = {
      a: 1,
      rows: [
        { b: [1, 2], c: 'x' },
        { b: [], c: null },
      ],
      nested: { d: [1] },
    };
    const text = [...jsonPieces(value, { compactElements: true })].join('');
    expect(JSON.parse(text)).toEqual(value);
    expect(text.split('\n')).toContain('    {"b":[1,2],"c":"x"},');
  });

  it('takes a writer per top-level array for its compact elements', () => {
    const value = { rows: [{ a: 1 }, { a: 2 }], other: [{ a: 3 }] };
    const text = [...jsonPieces(value, { compactElements: true, elementJson: { rows: (row: { a: number }) => `<${row.a}>` } })].join('');
    expect(text).toBe('{\n  "rows": [\n    <1>,\n    <2>\n  ],\n  "other": [\n    {"a":3}\n  ]\n}');
  });

  it('gathers pieces into chunks without losing or reordering any', () => {
    const pieces = Array.from({ length: 10_000 }, (_, i) => `${i},`);
    const chunks = [...inChunks(pieces)];
    expect(chunks.join('')).toBe(pieces.join(''));
    expect(chunks.length).toBeLessThan(10);
  });
});

describe('remembered', () => {
  it('makes each distinct value once, and every value right past the number it keeps', () => {
    const made: number[] = [];
    const square = remembered((n: number) => {
      made.push(n);
      return n * n;
    });
    expect([3, 3, 4, 3].map(square)).toEqual([9, 9, 16, 9]);
    expect(made).toEqual([3, 4]);
    for (let n = 0; n < 20_000; n++) expect(square(n)).toBe(n * n);
    expect(square(19_999)).toBe(19_999 * 19_999);
  });
});

describe('rememberedNumbers', () => {
  it('makes each distinct value once, small whole numbers or not', () => {
    const made: number[] = [];
    const text = rememberedNumbers((value) => {
      made.push(value);
      return value.toFixed(2);
    });
    const values = [0, 45, 45, 16_383, 16_384, 16_384, 22.5, 22.5, -3, 1e21, Number.NaN, Number.NaN];
    expect(values.map(text)).toEqual(values.map((value) => value.toFixed(2)));
    expect(made).toEqual([0, 45, 16_383, 16_384, 22.5, -3, 1e21, Number.NaN]);
  });

  it('keeps what it made as larger numbers come', () => {
    const made: number[] = [];
    const text = rememberedNumbers((value) => {
      made.push(value);
      return `<${value}>`;
    });
    const values = [3, 63, 64, 3, 200, 63, 5_000, 64, 200, 3, 5_000];
    expect(values.map(text)).toEqual(values.map((value) => `<${value}>`));
    expect(made).toEqual([3, 63, 64, 200, 5_000]);
  });
});

describe('jsonPieces with a list that makes its elements as it is read', () => {
  it('writes it as the array it stands for', () => {
    const elements = [{ a: 1 }, { a: 2 }, { a: 3 }];
    const list = {
      length: elements.length,
      *[Symbol.iterator]() {
        yield* elements;
      },
    };
    expect([...jsonPieces({ rows: list, n: 1 })].join('')).toBe(JSON.stringify({ rows: elements, n: 1 }, null, 2));
    expect([...jsonPieces({ rows: list }, { compactElements: true })].join('')).toBe([...jsonPieces({ rows: elements }, { compactElements: true })].join(''));
  });
});
