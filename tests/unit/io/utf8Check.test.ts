// The UTF-8 check of the bytes the engine reads as they stand: any valid text, cut into chunks
// anywhere (inside a sequence too), passes; a byte that cannot be UTF-8 is found where it is, whatever
// the chunks; a sequence left unfinished at the end is caught.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8Stream } from '../../../src/io/utf8Check.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);

/** Text with 1- to 4-byte characters: ASCII, accents, the pound sign, CJK, emoji. */
const text = fc.array(fc.constantFrom('a', ',', '\n', 'é', '£', '’', '中', '😀', 'Zoë'), { maxLength: 80 }).map((parts) => parts.join(''));

/** Cuts bytes at the given points (any byte, inside a character too). */
function chunksOf(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}

/** Where the first sequence that cannot be UTF-8 begins, counted from the first byte; -1 if nowhere. */
function firstInvalidAcross(chunks: readonly Uint8Array[]): number {
  const stream = new Utf8Stream();
  let offset = 0;
  for (const chunk of chunks) {
    const at = stream.check(chunk);
    if (at !== undefined) return offset + at;
    offset += chunk.length;
  }
  return stream.isCut ? offset : -1;
}

describe('Utf8Stream', () => {
  it('passes any UTF-8 text, however it is cut', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 12 }), (value, cuts) => {
        expect(firstInvalidAcross(chunksOf(Buffer.from(value, 'utf8'), cuts))).toBe(-1);
      }),
      { numRuns: RUNS },
    );
  });

  it('finds a stray byte where it is, however the text is cut', () => {
    fc.assert(
      fc.property(text, text, fc.constantFrom(0xa3, 0xff, 0x80, 0xc0, 0xe9), fc.array(fc.nat(), { maxLength: 12 }), (before, after, stray, cuts) => {
        const head = Buffer.from(before, 'utf8');
        // A lead byte must be followed by something that cannot continue it.
        const bytes = Buffer.concat([head, Buffer.of(stray), Buffer.from(`,${after}`, 'utf8')]);
        expect(firstInvalidAcross(chunksOf(bytes, cuts))).toBe(head.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('catches a character cut off by the end of the input', () => {
    const bytes = Buffer.from('ab😀', 'utf8');
    for (let missing = 1; missing <= 3; missing++) {
      const stream = new Utf8Stream();
      expect(stream.check(bytes.subarray(0, bytes.length - missing))).toBeUndefined();
      expect(stream.isCut).toBe(true);
    }
  });

  it('refuses overlong forms and surrogates, as a strict decoder does', () => {
    for (const bad of [
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
    ]) {
      expect(new Utf8Stream().check(Uint8Array.from([0x61, ...bad, 0x62]))).toBe(1);
    }
  });
});
