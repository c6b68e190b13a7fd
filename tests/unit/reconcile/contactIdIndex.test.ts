// The duplicate rule's index (docs/rules.md#duplicates: "a later row that reads has the same contact_id: the last row
// stands") against a Map of ID → last row. The index keeps only hashes, so the callback that compares the
// IDs themselves is what keeps distinct IDs apart: these tests drive it with real hashes, with hashes
// that all collide, and through growth and reserve.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContactIdIndex, hashIdBytes, hashIdText } from '../../../src/reconcile/contactIdIndex.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);

/** IDs as exports write them, and the awkward ones: blank-ish, case and space variants, accents, emoji. */
const oddId = fc.constantFrom('', ' ', '  ', 'A1', 'a1', 'A1 ', ' A1', 'Zoë', 'Zoe\u0308', '£5', '中文', '😀', 'x\u0000y', '"q"', 'Total');
const anyId = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 2, arbitrary: oddId },
);

/** A sequence of rows' IDs: a pool drawn from, so that IDs repeat, sometimes many times. */
const idSequence = (maxPool: number, maxRows: number) =>
  fc
    .tuple(fc.uniqueArray(anyId, { minLength: 1, maxLength: maxPool }), fc.array(fc.nat(), { maxLength: maxRows }))
    .map(([pool, picks]) => picks.map((pick) => pool[pick % pool.length]!));

interface Run {
  readonly answers: number[];
  readonly expected: number[];
  readonly size: number;
  /** Rows the callback was asked about whose hash is not the hash being stood for. */
  readonly foreignAsks: number;
}

/**
 * Stands each row for its ID in turn, as the ledger does, and says what the index answered and what a
 * Map says it must answer. `hashOf` may be any function of the ID; `reserveAt` calls reserve mid-run.
 */
function runIndex(
  ids: readonly string[],
  options: { hashOf?: (id: string) => number; expectedIds?: number; reserveAt?: { row: number; count: number } } = {},
): Run {
  const hashOf = options.hashOf ?? hashIdText;
  const index = new ContactIdIndex(options.expectedIds ?? 0);
  const reference = new Map<string, number>();
  const hashes: number[] = [];
  const answers: number[] = [];
  const expected: number[] = [];
  let foreignAsks = 0;
  ids.forEach((id, row) => {
    if (options.reserveAt !== undefined && options.reserveAt.row === row) index.reserve(options.reserveAt.count);
    const hash = hashOf(id);
    hashes.push(hash);
    answers.push(
      index.stand(hash, row, (earlierRow) => {
        // Only an earlier row with the same hash may be asked about (counted, not expect()ed: this is the hot loop).
        if (!(earlierRow >= 0 && earlierRow < row) || hashes[earlierRow]! >>> 0 !== hash >>> 0) foreignAsks++;
        return ids[earlierRow] === id;
      }),
    );
    expected.push(reference.get(id) ?? -1);
    reference.set(id, row);
  });
  return { answers, expected, size: index.size, foreignAsks };
}

function distinctCount(ids: readonly string[]): number {
  return new Set(ids).size;
}

describe('ContactIdIndex: the last row stands', () => {
  it('answers as a Map of ID → last row does, for random IDs with repeats', () => {
    fc.assert(
      fc.property(idSequence(60, 300), (ids) => {
        const run = runIndex(ids);
        expect(run.answers).toEqual(run.expected);
        expect(run.size).toBe(distinctCount(ids));
        expect(run.foreignAsks).toBe(0);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('keeps answering as the Map does while it grows from its smallest size through thousands of IDs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 800, max: 5000 }),
        fc.array(fc.nat(), { minLength: 500, maxLength: 3000 }),
        fc.constantFrom('C', 'nhs-', 'Zoë-', ''),
        (distinct, repeats, prefix) => {
          // Every ID once (so the table must grow past its 1,024 starting slots), then repeats of earlier ones.
          const fresh = Array.from({ length: distinct }, (_, i) => `${prefix}${i}`);
          const ids = [...fresh, ...repeats.map((pick) => fresh[pick % distinct]!)];
          const run = runIndex(ids);
          expect(run.answers).toEqual(run.expected);
          expect(run.size).toBe(distinct);
          expect(run.foreignAsks).toBe(0);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('answers as the Map does after reserve, before any row and in the middle of a run', () => {
    fc.assert(
      fc.property(
        idSequence(3000, 6000),
        fc.nat(),
        fc.integer({ min: 0, max: 50_000 }),
        fc.integer({ min: 0, max: 4000 }),
        (ids, reserveRow, reserveCount, expectedIds) => {
          const run = runIndex(ids, { expectedIds, reserveAt: { row: ids.length === 0 ? 0 : reserveRow % ids.length, count: reserveCount } });
          expect(run.answers).toEqual(run.expected);
          expect(run.size).toBe(distinctCount(ids));
          expect(run.foreignAsks).toBe(0);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a reserve smaller than what it holds, or repeated, loses nothing', () => {
    const index = new ContactIdIndex();
    const ids = Array.from({ length: 3000 }, (_, i) => `ID${i}`);
    const stand = (id: string, row: number) => index.stand(hashIdText(id), row, (earlier) => ids[earlier % ids.length] === id);
    ids.forEach((id, row) => {
      expect(stand(id, row)).toBe(-1);
    });
    index.reserve(10);
    index.reserve(3000);
    index.reserve(20_000);
    index.reserve(20_000);
    ids.forEach((id, row) => {
      expect(stand(id, ids.length + row)).toBe(row);
    });
    expect(index.size).toBe(3000);
  });

  it('a 1,000-row run with a few IDs repeated many times, and a 30,000-ID run, answer as the Map does', () => {
    const hot = Array.from({ length: 1000 }, (_, i) => ['A', 'B', 'A ', 'b', 'Zoë'][i % 5]!);
    const hotRun = runIndex(hot);
    expect(hotRun.answers).toEqual(hotRun.expected);
    expect(hotRun.size).toBe(5);
    const many = Array.from({ length: 30_000 }, (_, i) => `CT${String((i * 7919) % 30_000).padStart(8, '0')}`);
    const twice = [...many, ...many.slice().reverse()];
    const run = runIndex(twice);
    expect(run.answers).toEqual(run.expected);
    expect(run.size).toBe(30_000);
  });
});

describe('ContactIdIndex: colliding hashes never merge distinct IDs', () => {
  it('with one hash for every ID, still answers as the Map does, through growth', () => {
    fc.assert(
      fc.property(
        idSequence(1200, 1500),
        // The probe starts at the last slot for 0xffffffff (and -1, the same 32 bits), so it wraps round.
        fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff, -1),
        (ids, hash) => {
          const run = runIndex(ids, { hashOf: () => hash });
          expect(run.answers).toEqual(run.expected);
          expect(run.size).toBe(distinctCount(ids));
          expect(run.foreignAsks).toBe(0);
        },
      ),
      { numRuns: RUNS / 2 },
    );
  });

  it('with only a handful of distinct hashes, still answers as the Map does', () => {
    fc.assert(
      fc.property(idSequence(400, 2000), fc.integer({ min: 1, max: 4 }), (ids, bits) => {
        const mask = (1 << bits) - 1;
        // The high bits pick the slot: collisions that land side by side, and clusters that run into each other.
        const run = runIndex(ids, { hashOf: (id) => ((hashIdText(id) & mask) * 0x10000000) >>> 0 });
        expect(run.answers).toEqual(run.expected);
        expect(run.size).toBe(distinctCount(ids));
        expect(run.foreignAsks).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('more than 1,024 distinct IDs on one hash, each then repeated', () => {
    const ids = Array.from({ length: 1500 }, (_, i) => `same-hash-${i}`);
    const run = runIndex([...ids, ...ids], { hashOf: () => 0xffffffff });
    expect(run.answers).toEqual(run.expected);
    expect(run.answers.slice(1500)).toEqual(ids.map((_, row) => row));
    expect(run.size).toBe(1500);
  });
});

describe('hashIdBytes and hashIdText', () => {
  const textHashCase = fc.record({
    id: fc.oneof(anyId, fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 80 })),
    before: fc.uint8Array({ maxLength: 12 }),
    after: fc.uint8Array({ maxLength: 12 }),
  });

  it('give the same hash for an ID as text and as its UTF-8 bytes anywhere in a buffer', () => {
    fc.assert(
      fc.property(textHashCase, ({ id, before, after }) => {
        const encoded = new TextEncoder().encode(id);
        const bytes = Buffer.concat([before, encoded, after]);
        const hash = hashIdText(id);
        expect(hashIdBytes(bytes, before.length, before.length + encoded.length)).toBe(hash);
        expect(hashIdBytes(encoded, 0, encoded.length)).toBe(hash);
        // The hash is an unsigned 32-bit number, whichever way it was reached.
        expect(Number.isInteger(hash) && hash >= 0 && hash <= 0xffffffff).toBe(true);
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it('agree on ASCII, non-ASCII, mixed and empty IDs, as the contacts reader cuts them from a line', () => {
    const line = Buffer.from('CT1,Zoë,£5,中文,😀,A é,,café-01,\u00a0x\n', 'utf8');
    const ids = line.toString('utf8').replace(/\n$/, '').split(',');
    let at = 0;
    for (const id of ids) {
      const length = Buffer.byteLength(id, 'utf8');
      expect(hashIdBytes(line, at, at + length), id).toBe(hashIdText(id));
      at += length + 1;
    }
  });

  it('tell apart IDs that differ only by normal form, case, or surrounding space', () => {
    const variants = ['Zoë', 'Zoe\u0308', 'zoë', 'Zoë ', ' Zoë', 'A1', 'a1', 'A1 ', ''];
    expect(new Set(variants.map(hashIdText)).size).toBe(variants.length);
  });
});
