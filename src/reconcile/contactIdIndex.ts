// The duplicate rule's memory: for every contact ID seen, which row stands for it now. A year of national
// contacts has tens of millions of IDs, so the index keeps no ID text at all: each entry is the ID's
// 32-bit hash and the standing row's number, 8 bytes. Equal hashes are never taken on trust: the
// caller reads the earlier row again and compares the IDs themselves, so no two distinct IDs are ever
// merged. With 32-bit hashes such a check on distinct IDs happens about once in a billion probes; a
// check on a true duplicate is the read the rule needs anyway, to take back what that row added.

import { FNV_OFFSET, FNV_PRIME, fnv1a, mixBits } from '../schema/values/byteHash.js';

const EMPTY = 0;
/** Entries per slot pair: the hash, then the row number + 1 (0 = empty). */
const WIDTH = 2;
const MIN_CAPACITY = 1024;

export class ContactIdIndex {
  /** Open addressing with linear probing, kept at most 3/4 full; both words of an entry in one cache line. */
  private table: Uint32Array;
  private capacity: number;
  size = 0;

  constructor(expectedIds = 0) {
    this.capacity = capacityFor(expectedIds);
    this.table = new Uint32Array(this.capacity * WIDTH);
  }

  /** Makes room for this many IDs at once: growing in steps would hold the old and new tables together more than once. */
  reserve(expectedIds: number): void {
    const capacity = capacityFor(expectedIds);
    if (capacity > this.capacity) this.rehash(capacity);
  }

  /**
   * Records `row` as the standing row of the ID with this hash and returns the row it replaces, or -1
   * when the ID is new. `isSameId(earlierRow)` decides, for each earlier row with the same hash, whether
   * it has the very same ID.
   */
  stand(hash: number, row: number, isSameId: (earlierRow: number) => boolean): number {
    const table = this.table;
    const capacity = this.capacity;
    const stored = hash >>> 0;
    let index = slotOf(stored, capacity);
    for (;;) {
      const at = index * WIDTH;
      const entry = table[at + 1]!;
      if (entry === EMPTY) {
        table[at] = stored;
        table[at + 1] = row + 1;
        this.size++;
        if (this.size * 4 > capacity * 3) this.rehash(Math.ceil(capacity * 1.5));
        return -1;
      }
      if (table[at] === stored && isSameId(entry - 1)) {
        table[at + 1] = row + 1;
        return entry - 1;
      }
      index = index + 1 === capacity ? 0 : index + 1;
    }
  }

  /**
   * Reads the slot of each of the first `count` hashes, so that the stands that follow find them in
   * the cache: these reads depend on nothing before them, and the processor makes many at once, where
   * each probe of a stand waits for its own (docs/performance.md#the-duplicate-rules-index).
   */
  touchSlots(hashes: Int32Array, count: number): number {
    const table = this.table;
    const capacity = this.capacity;
    let seen = 0;
    for (let key = 0; key < count; key++) seen |= table[slotOf(hashes[key]! >>> 0, capacity) * WIDTH + 1]!;
    return seen;
  }

  private rehash(capacity: number): void {
    const old = this.table;
    const table = new Uint32Array(capacity * WIDTH);
    for (let at = 0; at < old.length; at += WIDTH) {
      const entry = old[at + 1]!;
      if (entry === EMPTY) continue;
      const stored = old[at]!;
      let index = slotOf(stored, capacity);
      while (table[index * WIDTH + 1] !== EMPTY) index = index + 1 === capacity ? 0 : index + 1;
      table[index * WIDTH] = stored;
      table[index * WIDTH + 1] = entry;
    }
    this.table = table;
    this.capacity = capacity;
  }
}

/** Rows read before a file's size is turned into an estimate of its contact IDs, to make room for them at once. */
export const ROWS_BEFORE_ID_ESTIMATE = 1 << 14;

/** About how many contact IDs a file of `fileBytes` holds, when row number `rows` began at byte `offset`. */
export function estimatedContactIds(fileBytes: number, offset: number, rows: number): number {
  return Math.ceil((fileBytes / offset) * rows * 1.05);
}

function capacityFor(ids: number): number {
  return Math.max(MIN_CAPACITY, Math.ceil((ids * 4) / 3) + 1);
}

/**
 * A hash to a slot by multiplying rather than masking (Lemire's "fastrange"): any capacity works, so
 * the table grows by half rather than doubling. The product is rounded in floating point, which keeps
 * it a fixed function of the hash, and below the capacity.
 */
function slotOf(hash: number, capacity: number): number {
  return Math.floor((hash * capacity) / 4294967296);
}

/**
 * The hash of a contact ID from its UTF-8 bytes: FNV-1a, then a final mix, because the slot is taken
 * from the high bits and FNV-1a leaves the last bytes of sequential IDs mostly in the low ones.
 */
export function hashIdBytes(bytes: Uint8Array, start: number, end: number): number {
  return mixBits(fnv1a(bytes, start, end));
}

/**
 * The hash of a two-column key from its two byte ranges: the same as hashIdText of the text it stands
 * for, "first/second" (parts the bytes reader takes hold no "/" that joining would escape).
 */
export function hashKeyBytes(bytes: Uint8Array, start: number, end: number, tailStart: number, tailEnd: number): number {
  let hash = fnv1a(bytes, start, end);
  hash ^= KEY_SEPARATOR_CODE;
  hash = Math.imul(hash, FNV_PRIME);
  for (let i = tailStart; i < tailEnd; i++) {
    hash ^= bytes[i]!;
    hash = Math.imul(hash, FNV_PRIME);
  }
  return mixBits(hash);
}

const KEY_SEPARATOR_CODE = 0x2f;

const encoder = new TextEncoder();

/** The same hash from the ID's text. */
export function hashIdText(id: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    if (code >= 0x80) {
      const bytes = encoder.encode(id);
      return hashIdBytes(bytes, 0, bytes.length);
    }
    hash ^= code;
    hash = Math.imul(hash, FNV_PRIME);
  }
  return mixBits(hash);
}
