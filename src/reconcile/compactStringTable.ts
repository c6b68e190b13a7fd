// An exact string → dense slot table for the child IDs of the plan book, looked up once per contact
// row. A Map<string, …> of a hundred thousand children misses the cache on every lookup and needs a
// string to look up with; this table keeps each ID's UTF-8 bytes in one arena and hashes into an
// open-addressed table, so that a contact row's child ID can be looked up straight from the file's
// bytes, and equal hashes are always confirmed byte for byte. An ID's first 8 bytes and its length
// sit in its table entry too, so that a short ID (most are) is confirmed without a visit to the arena.

import { fnv1a } from '../schema/values/byteHash.js';

const EMPTY = 0;
/** Words an entry: slot + 1 (0 = empty), tag (length in the top byte, hash below), first 8 bytes. */
const WIDTH = 4;
/** The hash bits a tag keeps, which bound the table's size. */
const TAG_HASH_BITS = 24;
const MAX_CAPACITY = 1 << TAG_HASH_BITS;
const MIN_CAPACITY = 1024;
const MIN_ARENA_BYTES = 16 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Exact string → dense slot table in a byte arena; used for provision IDs and for child lookups. */
export class CompactStringTable {
  /** Open addressing with linear probing, kept under 75% full; an entry's words in one cache line. */
  private table: Int32Array;
  private mask: number;
  /** Arena offsets: slot s occupies arena[offsets[s] .. offsets[s + 1]). */
  private offsets: Uint32Array;
  private arena: Uint8Array;
  private used = 0;
  private freeIndex = 0;
  private lastTag = 0;
  private lastHead0 = 0;
  private lastHead1 = 0;
  size = 0;

  /**
   * Room for `expectedIds` IDs of about `expectedBytes` bytes in all, made at once: a table whose
   * size is known (the plan book's children) then never holds an outgrown copy beside the new one.
   */
  constructor(expectedIds = 0, expectedBytes = 0) {
    let capacity = MIN_CAPACITY;
    while (capacity * 3 < expectedIds * 4 + 4) capacity *= 2;
    if (capacity > MAX_CAPACITY) throw new RangeError(`more than ${(MAX_CAPACITY * 3) / 4} distinct IDs in one table`);
    this.table = new Int32Array(WIDTH * capacity);
    this.mask = capacity - 1;
    this.offsets = new Uint32Array(Math.max(MIN_CAPACITY, expectedIds + 2));
    this.arena = new Uint8Array(Math.max(MIN_ARENA_BYTES, expectedBytes));
  }

  /** Makes room for this many IDs of about this many bytes in all, at once. */
  reserve(expectedIds: number, expectedBytes: number): void {
    let capacity = this.mask + 1;
    while (capacity * 3 < expectedIds * 4 + 4 && capacity < MAX_CAPACITY) capacity *= 2;
    if (capacity > this.mask + 1) this.growTable(capacity);
    if (expectedIds + 2 > this.offsets.length) {
      const offsets = new Uint32Array(expectedIds + 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    if (expectedBytes > this.arena.length) this.growArena(expectedBytes);
  }

  slotOf(id: string): number {
    const slot = this.find(id);
    return slot >= 0 ? slot : this.insert(scratch.view, scratch.length);
  }

  /** The slot of this ID, or -1 when it has none (and nothing is added). */
  find(id: string): number {
    const bytes = encodeId(id);
    return this.findBytes(bytes.view, 0, bytes.length);
  }

  /** The slot of the ID whose UTF-8 bytes are bytes[start, end), or -1. */
  findBytes(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    const tag = (fnv1a(bytes, start, end) & (MAX_CAPACITY - 1)) | (Math.min(length, 255) << TAG_HASH_BITS);
    const head0 = packBytes(bytes, start, Math.min(end, start + 4));
    const head1 = packBytes(bytes, start + 4, Math.min(end, start + 8));
    const table = this.table;
    const mask = this.mask;
    let index = tag & mask;
    for (;;) {
      const at = index * WIDTH;
      const entry = table[at]!;
      if (entry === EMPTY) break;
      if (table[at + 1] === tag && table[at + 2] === head0 && table[at + 3] === head1 && (length <= 8 || this.tailEquals(entry - 1, bytes, start + 8, end)))
        return entry - 1;
      index = (index + 1) & mask;
    }
    // Remembered so that slotOf can insert without hashing and probing again.
    this.freeIndex = index;
    this.lastTag = tag;
    this.lastHead0 = head0;
    this.lastHead1 = head1;
    return -1;
  }

  /** Every ID in the table, in the order they were added (made as text one at a time: for rare uses, such as a suggestion). */
  *keys(): Generator<string> {
    for (let slot = 0; slot < this.size; slot++) yield decoder.decode(this.arena.subarray(this.offsets[slot]!, this.offsets[slot + 1]!));
  }

  /** The ID in this slot, as text. */
  textOf(slot: number): string {
    return decoder.decode(this.arena.subarray(this.offsets[slot]!, this.offsets[slot + 1]!));
  }

  /** Bytes 8 and on of an ID whose length and first 8 bytes already match. */
  private tailEquals(slot: number, bytes: Uint8Array, start: number, end: number): boolean {
    const at = this.offsets[slot]! + 8;
    if (this.offsets[slot + 1]! - at !== end - start) return false;
    const arena = this.arena;
    for (let i = start; i < end; i++) if (arena[at + i - start] !== bytes[i]) return false;
    return true;
  }

  private insert(view: Uint8Array, length: number): number {
    const slot = this.size;
    if (slot + 1 >= this.offsets.length) {
      // Arrays grow by half: doubling would briefly hold two copies of the largest arrays of the run.
      const offsets = new Uint32Array(Math.ceil(this.offsets.length * 1.5));
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    if (this.used + length > this.arena.length) this.growArena(this.used + length);
    // A plain loop: subarray() would allocate a view object for every new ID.
    const arena = this.arena;
    const at = this.used;
    for (let i = 0; i < length; i++) arena[at + i] = view[i]!;
    this.used += length;
    this.offsets[slot + 1] = this.used;
    const entryAt = this.freeIndex * WIDTH;
    this.table[entryAt] = slot + 1;
    this.table[entryAt + 1] = this.lastTag;
    this.table[entryAt + 2] = this.lastHead0;
    this.table[entryAt + 3] = this.lastHead1;
    this.size = slot + 1;
    if (this.size * 4 > (this.mask + 1) * 3) this.growTable();
    return slot;
  }

  private growArena(needed: number): void {
    let length = Math.ceil(this.arena.length * 1.5);
    while (length < needed) length = Math.ceil(length * 1.5);
    length = Math.max(needed, Math.min(length, needed * 1.5));
    const arena = new Uint8Array(length);
    arena.set(this.arena.subarray(0, this.used));
    this.arena = arena;
  }

  private growTable(capacity = (this.mask + 1) * 2): void {
    const old = this.table;
    if (capacity > MAX_CAPACITY) throw new RangeError(`more than ${(MAX_CAPACITY * 3) / 4} distinct IDs in one table`);
    const table = new Int32Array(WIDTH * capacity);
    const mask = capacity - 1;
    for (let at = 0; at < old.length; at += WIDTH) {
      if (old[at] === EMPTY) continue;
      let index = old[at + 1]! & mask;
      while (table[index * WIDTH] !== EMPTY) index = (index + 1) & mask;
      table.set(old.subarray(at, at + WIDTH), index * WIDTH);
    }
    this.table = table;
    this.mask = mask;
  }
}

/** A scratch buffer for the bytes of one ID: IDs are short, so it is reused rather than allocated. */
const scratch = { view: new Uint8Array(256), length: 0 };

/** The UTF-8 bytes of an ID: ASCII (nearly every ID) copied char by char, anything else through the encoder. */
function encodeId(id: string): { view: Uint8Array; length: number } {
  const length = id.length;
  if (length > scratch.view.length) scratch.view = new Uint8Array(length * 3);
  const view = scratch.view;
  for (let i = 0; i < length; i++) {
    const code = id.charCodeAt(i);
    if (code >= 0x80) {
      const encoded = encoder.encode(id);
      if (encoded.length > view.length) scratch.view = new Uint8Array(encoded.length * 2);
      scratch.view.set(encoded, 0);
      scratch.length = encoded.length;
      return scratch;
    }
    view[i] = code;
  }
  scratch.length = length;
  return scratch;
}

/** Up to 4 bytes as one little-endian word, zeros after the end. */
function packBytes(bytes: Uint8Array, start: number, end: number): number {
  let word = 0;
  for (let i = end - 1; i >= start; i--) word = (word << 8) | bytes[i]!;
  return word;
}
