// Whether a stream of bytes is UTF-8, chunk by chunk, at the speed of memory: node:buffer's isUtf8
// (native, vectorised) over each chunk, with a sequence cut by a chunk's end carried into the next.
// The CSV engine reads UTF-8 files as bytes and never decodes most cells, so without this a stray
// windows-1252 byte deep in a file would come out as U+FFFD ("Zo�") and the run would go on.
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

const MAX_SEQUENCE_BYTES = 4;

export class Utf8Stream {
  /** The start of a sequence cut by the last chunk's end. */
  private readonly carry = new Uint8Array(MAX_SEQUENCE_BYTES);
  private carried = 0;

  /**
   * Where in `bytes` the first sequence that is not UTF-8 begins (below 0 when it began in the chunk
   * before), or undefined when every byte can be UTF-8 (a sequence cut by the end is kept, to be
   * finished by the next chunk).
   */
  check(bytes: Uint8Array): number | undefined {
    let start = 0;
    if (this.carried > 0) {
      const begun = this.carried;
      const needed = sequenceLength(this.carry[0]!) - begun;
      const taken = Math.min(needed, bytes.length);
      for (let i = 0; i < taken; i++) {
        if ((bytes[i]! & 0xc0) !== 0x80) return -begun;
        this.carry[this.carried++] = bytes[i]!;
      }
      if (taken < needed) return undefined;
      if (!isUtf8(this.carry.subarray(0, this.carried))) return -begun;
      this.carried = 0;
      start = taken;
    }
    const end = bytes.length - cutSequenceLength(bytes, start);
    const body = bytes.subarray(start, end);
    if (!isUtf8(body)) return start + firstInvalidUtf8(body);
    for (let i = end; i < bytes.length; i++) this.carry[this.carried++] = bytes[i]!;
    return undefined;
  }

  /** At the end of the stream: whether its last sequence was left unfinished. */
  get isCut(): boolean {
    return this.carried > 0;
  }
}

/** The length a sequence with this lead byte has (1 for a byte that cannot lead one: isUtf8 judges it). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

/** How many bytes at the end of bytes[start, …) are a sequence begun but not finished there. */
function cutSequenceLength(bytes: Uint8Array, start: number): number {
  for (let back = 1; back < MAX_SEQUENCE_BYTES && bytes.length - back >= start; back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    return byte >= 0xc0 && sequenceLength(byte) > back ? back : 0;
  }
  return 0;
}

/**
 * Where the first sequence of bytes that are not UTF-8 begins (their length when all are, a sequence
 * cut by the end included). Only on the way to an error, so a bisection will do.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const isValidPrefix = (end: number) => {
    try {
      // Streaming: a prefix that cuts a sequence in two is not held against it.
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isValidPrefix(middle + 1)) low = middle + 1;
    else high = middle;
  }
  // bytes[low] is where decoding fails: a stray byte, or one that breaks a sequence begun before it.
  let lead = low - 1;
  while (lead >= 0 && low - lead < MAX_SEQUENCE_BYTES && (bytes[lead]! & 0xc0) === 0x80) lead--;
  return lead >= 0 && bytes[lead]! >= 0xc0 && lead + sequenceLength(bytes[lead]!) > low ? lead : low;
}
