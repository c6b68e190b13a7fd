// An exact string → dense slot table for the child IDs of the plan book, looked up once per contact
// row. A Map<string, …> of a hundred thousand children misses the cache on every lookup and needs a
// string to look up with; this table keeps each ID's UTF-8 bytes in one arena and hashes into an
// open-addressed table, so that a contact row's child ID can be looked up straight from the file's
// bytes, and equal hashes are always confirmed byte for byte.

const EMPTY = 0;
const encoder = new TextEncoder();

/** Exact string → dense slot table in a byte arena; used for contact IDs and for child lookups. */
export class CompactStringTable {
  /**
   * Open addressing, two words an entry: slot + 1 (0 = empty) and the hash, side by side, so that a
   * probe reads one cache line and only a matching hash goes on to the arena. Kept under 75% full:
   * at national scale the table is the largest allocation, and linear probing copes at that load.
   */
  private table = new Int32Array(2 << 16);
  private mask = (1 << 16) - 1;
  /** Arena offsets: slot s occupies arena[offsets[s] .. offsets[s + 1]). */
  private offsets = new Uint32Array((1 << 15) + 1);
  private arena = new Uint8Array(1 << 20);
  private used = 0;
  private freeIndex = 0;
  private lastHash = 0;
  size = 0;

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
    const hash = hashBytes(bytes, start, end);
    const table = this.table;
    let index = hash & this.mask;
    for (;;) {
      const entry = table[2 * index]!;
      if (entry === EMPTY) break;
      if (table[2 * index + 1] === hash && this.equals(entry - 1, bytes, start, end)) return entry - 1;
      index = (index + 1) & this.mask;
    }
    // Remembered so that slotOf can insert without hashing and probing again.
    this.freeIndex = index;
    this.lastHash = hash;
    return -1;
  }

  private equals(slot: number, bytes: Uint8Array, start: number, end: number): boolean {
    const at = this.offsets[slot]!;
    const length = end - start;
    if (this.offsets[slot + 1]! - at !== length) return false;
    const arena = this.arena;
    for (let i = 0; i < length; i++) if (arena[at + i] !== bytes[start + i]) return false;
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
    this.table[2 * this.freeIndex] = slot + 1;
    this.table[2 * this.freeIndex + 1] = this.lastHash;
    this.size = slot + 1;
    if (this.size * 4 > (this.mask + 1) * 3) this.growTable();
    return slot;
  }

  private growArena(needed: number): void {
    let length = Math.ceil(this.arena.length * 1.5);
    while (length < needed) length = Math.ceil(length * 1.5);
    const arena = new Uint8Array(length);
    arena.set(this.arena.subarray(0, this.used));
    this.arena = arena;
  }

  private growTable(): void {
    const old = this.table;
    const capacity = (this.mask + 1) * 2;
    const table = new Int32Array(2 * capacity);
    const mask = capacity - 1;
    for (let i = 0; i < old.length; i += 2) {
      const entry = old[i]!;
      if (entry === EMPTY) continue;
      const hash = old[i + 1]!;
      let index = hash & mask;
      while (table[2 * index] !== EMPTY) index = (index + 1) & mask;
      table[2 * index] = entry;
      table[2 * index + 1] = hash;
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

/** FNV-1a over bytes[start, end), 32-bit. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) {
    hash ^= bytes[i]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash;
}
