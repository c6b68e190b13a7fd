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
