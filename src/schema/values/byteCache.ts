// memoise for cells still in the file's bytes: the answer for each distinct cell is found by
// hashing its bytes, so that the few hundred dates, durations and codes of a contacts file are read
// once each and no string is made for the millions of cells that repeat them.
import { fnv1a } from './byteHash.js';
import { DEFAULT_MEMO_LIMIT } from '../../memo.js';

const EMPTY = 0;
const LAST_KEY_BYTES = 64;

export class ByteKeyedMemo<T> {
  /** Open addressing: entry + 1 (0 = empty) and the hash, side by side. */
  private table = new Int32Array(2 * 1024);
  private mask = 1023;
  /** Entry e's key is keys[keyOffsets[e] .. keyOffsets[e + 1]). */
  private keys = new Uint8Array(4096);
  private keyOffsets = [0];
  private answers: T[] = [];
  /** The last cell looked up and its answer: codes repeat row after row, and sorted exports repeat dates. */
  private readonly lastKey = new Uint8Array(LAST_KEY_BYTES);
  private lastLength = -1;
  private lastAnswer: T | undefined;

  /** `read` gets the cell's text, decoded as the text readers decode it. */
  constructor(
    private readonly read: (text: string) => T,
    private readonly limit: number = DEFAULT_MEMO_LIMIT,
  ) {}

  get(bytes: Buffer, start: number, end: number): T {
    const length = end - start;
    if (length === this.lastLength && this.isLastKey(bytes, start, length)) return this.lastAnswer as T;
    const answer = this.lookUp(bytes, start, end);
    if (length <= LAST_KEY_BYTES) {
      for (let i = 0; i < length; i++) this.lastKey[i] = bytes[start + i]!;
      this.lastLength = length;
      this.lastAnswer = answer;
    }
    return answer;
  }

  private isLastKey(bytes: Uint8Array, start: number, length: number): boolean {
    const lastKey = this.lastKey;
    for (let i = 0; i < length; i++) if (lastKey[i] !== bytes[start + i]) return false;
    return true;
  }

  private lookUp(bytes: Buffer, start: number, end: number): T {
    const hash = fnv1a(bytes, start, end);
    const table = this.table;
    let index = hash & this.mask;
    for (;;) {
      const entry = table[2 * index]!;
      if (entry === EMPTY) break;
      if (table[2 * index + 1] === hash && this.keyEquals(entry - 1, bytes, start, end)) return this.answers[entry - 1]!;
      index = (index + 1) & this.mask;
    }
    const answer = this.read(bytes.toString('utf8', start, end));
    this.remember(index, hash, bytes, start, end, answer);
    return answer;
  }

  private keyEquals(entry: number, bytes: Uint8Array, start: number, end: number): boolean {
    const at = this.keyOffsets[entry]!;
    if (this.keyOffsets[entry + 1]! - at !== end - start) return false;
    const keys = this.keys;
    for (let i = start; i < end; i++) if (keys[at + i - start] !== bytes[i]) return false;
    return true;
  }

  private remember(freeIndex: number, hash: number, bytes: Uint8Array, start: number, end: number, answer: T): void {
    let index = freeIndex;
    if (this.answers.length >= this.limit) {
      // A column of free text rather than codes: start again rather than grow without bound.
      this.table.fill(0);
      this.keyOffsets = [0];
      this.answers = [];
      index = hash & this.mask;
    }
    const entry = this.answers.length;
    const at = this.keyOffsets[entry]!;
    const length = end - start;
    if (at + length > this.keys.length) {
      const keys = new Uint8Array(Math.max(this.keys.length * 2, at + length));
      keys.set(this.keys);
      this.keys = keys;
    }
    this.keys.set(bytes.subarray(start, end), at);
    this.keyOffsets.push(at + length);
    this.answers.push(answer);
    this.table[2 * index] = entry + 1;
    this.table[2 * index + 1] = hash;
    if (this.answers.length * 2 > this.mask + 1) this.grow();
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    const table = new Int32Array(2 * capacity);
    const mask = capacity - 1;
    const old = this.table;
    for (let i = 0; i < old.length; i += 2) {
      const entry = old[i]!;
      if (entry === EMPTY) continue;
      let index = old[i + 1]! & mask;
      while (table[2 * index] !== EMPTY) index = (index + 1) & mask;
      table[2 * index] = entry;
      table[2 * index + 1] = old[i + 1]!;
    }
    this.table = table;
    this.mask = mask;
  }
}
