import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces } from '../../../src/report/chunks.js';
import { childYearJsonWriter, resultJson, worklistRowJsonWriter } from '../../../src/report/json.js';
import type { ReconciliationResult } from '../../../src/result/reconciliationResult.js';
import { childYearArbitrary, worklistRowArbitrary } from './arbitraries.js';

// Numbers of every kind JSON writes, and the ones it writes as null.
const jsonNumber = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(-0, 22.5, 1e21, 1e-7));
const nullableJsonNumber = fc.oneof(fc.constant(null), jsonNumber, fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY));

const childYear = childYearArbitrary(jsonNumber, nullableJsonNumber);
const worklistRow = worklistRowArbitrary(jsonNumber, nullableJsonNumber);

describe('the hand-joined JSON of the large arrays', () => {
  it('is JSON.stringify of each child-year, byte for byte', () => {
    const write = childYearJsonWriter();
    fc.assert(
      fc.property(fc.array(childYear, { maxLength: 5 }), (childYears) => {
        for (const row of childYears) expect(write(row)).toBe(JSON.stringify(row));
      }),
      { seed: 21, numRuns: 400 },
    );
  });

  it('is JSON.stringify of each worklist row, byte for byte', () => {
    const write = worklistRowJsonWriter();
    fc.assert(
      fc.property(fc.array(worklistRow, { maxLength: 5 }), (rows) => {
        for (const row of rows) expect(write(row)).toBe(JSON.stringify(row));
      }),
      { seed: 22, numRuns: 400 },
    );
  });

  it('makes the whole result what the generic streamed JSON makes of it', () => {
    fc.assert(
      fc.property(fc.array(childYear, { maxLength: 4 }), fc.array(worklistRow, { maxLength: 4 }), (childYears, worklist) => {
        const result = {
          schemaVersion: 1,
          year: '2025/26',
          asOf: '2026-03-31',
          options: { tolerance: 0, discipline: null },
          childYears,
          worklist,
          exceptions: [{ file: 'plans', line: 2, bucket: 'invalid-row', field: 'provision', value: 'as "needed"', reason: 'not quantified', childId: null }],
          pseudonymisation: null,
        } as unknown as ReconciliationResult;
        const generic = `${[...jsonPieces(result as unknown as Record<string, unknown>, { compactElements: true })].join('')}\n`;
        expect([...resultJson(result)].join('')).toBe(generic);
        expect(JSON.parse(generic)).toEqual(JSON.parse(JSON.stringify(result)));
      }),
      { seed: 23, numRuns: 200 },
    );
  });
});
