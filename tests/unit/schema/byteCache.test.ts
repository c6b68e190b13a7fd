import { describe, expect, it } from 'vitest';
import { ByteKeyedMemo } from '../../../src/schema/values/byteCache.js';

describe('byte-keyed memo', () => {
  it('answers each distinct cell from its own text, also when two cells share a hash', () => {
    // "k4uzx" and "kf2ad" have the same 32-bit FNV-1a hash, so only comparing their bytes keeps them apart.
    const reads: string[] = [];
    const memo = new ByteKeyedMemo((text) => {
      reads.push(text);
      return text.toUpperCase();
    });
    const line = Buffer.from('k4uzx,kf2ad,k4uzx,kf2ad', 'utf8');
    const answers = [0, 6, 12, 18].map((start) => memo.get(line, start, start + 5));
    expect(answers).toEqual(['K4UZX', 'KF2AD', 'K4UZX', 'KF2AD']);
    expect(reads).toEqual(['k4uzx', 'kf2ad']);
  });

  it('decodes a cell as UTF-8, and starts again rather than grow past its limit', () => {
    const reads: string[] = [];
    const memo = new ByteKeyedMemo((text) => {
      reads.push(text);
      return text.length;
    }, 2);
    const line = Buffer.from('Zoë,a,b,Zoë', 'utf8');
    expect(memo.get(line, 0, 4)).toBe(3);
    expect(memo.get(line, 5, 6)).toBe(1);
    expect(memo.get(line, 7, 8)).toBe(1);
    expect(memo.get(line, 9, 13)).toBe(3);
    expect(reads).toEqual(['Zoë', 'a', 'b', 'Zoë']);
  });
});
