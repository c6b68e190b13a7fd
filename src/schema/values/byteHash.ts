// One 32-bit hash for IDs and cells looked up by their bytes (the child table, the contact-ID index,
// the bytes memo): FNV-1a, a multiply and a xor a byte, which is all a short key needs.

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** FNV-1a over bytes[start, end), as a signed 32-bit integer. */
export function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) {
    hash ^= bytes[i]!;
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash;
}

/**
 * MurmurHash3's finaliser: every bit of `value` moves every bit of the result, so that keys that
 * differ in a few low bits (IDs counted up one by one) land far apart in a table.
 */
export function mixBits(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
