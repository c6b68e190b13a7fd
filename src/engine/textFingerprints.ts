// A set of texts kept as 64-bit fingerprints, not as strings: 8 bytes a text in an open-addressed
// table (11 with its spare room) where a Set of strings costs 60 or more. Pseudonymisation keeps every
// child ID the plan book does not know in one, and a contacts file mapped wrongly (a contact ID read as
// the child's) has millions of them. A fingerprint has 63 bits: two distinct texts share one with
// chance about n² / 2⁶⁴, one in half a million among six million texts, and then a text that is no
// child ID would be replaced by a pseudonym, never a child ID left standing.
import { mixBits } from '../schema/values/byteHash.js';

const MIN_CAPACITY = 1024;

export class TextFingerprints {
  /** Pairs of 32-bit words; (0, 0) is an empty slot, which no fingerprint is (see fingerprintOf). */
  private table = new Uint32Array(MIN_CAPACITY * 2);
  private capacity = MIN_CAPACITY;
  size = 0;

  add(text: string): void {
    fingerprintOf(text);
    const at = this.slotOf(scratch.high, scratch.low);
    if (this.table[at] !== 0) return;
    this.table[at] = scratch.high;
    this.table[at + 1] = scratch.low;
    this.size++;
    if (this.size * 4 > this.capacity * 3) this.grow();
  }

  has(text: string): boolean {
    fingerprintOf(text);
    return this.table[this.slotOf(scratch.high, scratch.low)] !== 0;
  }

  /** The slot holding this fingerprint, or the empty one where it would go (linear probing). */
  private slotOf(high: number, low: number): number {
    const table = this.table;
    const mask = this.capacity - 1;
    let index = low & mask;
    for (;;) {
      const at = index * 2;
      if (table[at] === 0 && table[at + 1] === 0) return at;
      if (table[at] === high && table[at + 1] === low) return at;
      index = (index + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.table;
    this.capacity *= 2;
    this.table = new Uint32Array(this.capacity * 2);
    for (let at = 0; at < old.length; at += 2) {
      if (old[at] === 0 && old[at + 1] === 0) continue;
      const slot = this.slotOf(old[at]!, old[at + 1]!);
      this.table[slot] = old[at]!;
      this.table[slot + 1] = old[at + 1]!;
    }
  }
}

/** The fingerprint last made, as two words: made often, so never as an object. */
const scratch = { high: 0, low: 0 };

/** Two independent 32-bit hashes of the text's UTF-16 code units, each well mixed. */
function fingerprintOf(text: string): void {
  let first = 0x811c9dc5 | 0;
  let second = 0x9747b28c | 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    first = Math.imul(first ^ code, 0x01000193);
    second = Math.imul(second ^ code, 0x5bd1e995);
    second ^= second >>> 15;
  }
  // Odd, so that no fingerprint is the empty slot (0, 0): 63 bits in all.
  scratch.high = (mixBits(first ^ text.length) | 1) >>> 0;
  scratch.low = mixBits(second) >>> 0;
}
