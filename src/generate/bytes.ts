// Contact rows are assembled as bytes, not strings. Concatenating ten small strings per row for
// millions of rows makes V8 build and flatten ropes, and the collector then works as hard as the
// generator. Instead the fixed parts of a row (dates, words, clinician tails) are encoded once and
// kept in the same ArrayBuffer as the output, so each part is one `copyWithin`, a native memmove
// that measured about thirty times faster than a JavaScript byte loop. Every piece is ASCII
// (checked here), so a chunk becomes a string through the cheap 'ascii' decoder.

import { CHUNK_CHARS } from './textSink.js';

/** Room past the threshold for the row being written, so a row never needs a bounds check. */
const SLACK = 64 * 1024;

/** Where each piece of one list lies in a RowBuffer: piece k is bytes [start[k], end[k]). */
export interface PieceTable {
  readonly start: Int32Array;
  readonly end: Int32Array;
}

export class RowBuffer {
  readonly bytes: Buffer;
  readonly tables: readonly PieceTable[];
  /** Bytes of the output area in use. */
  length = 0;

  constructor(pieceLists: readonly (readonly string[])[]) {
    const pieceBytes = pieceLists.reduce((sum, list) => sum + list.reduce((inner, piece) => inner + piece.length, 0), 0);
    this.bytes = Buffer.alloc(CHUNK_CHARS + SLACK + pieceBytes);
    let offset = CHUNK_CHARS + SLACK;
    this.tables = pieceLists.map((list) => {
      const start = new Int32Array(list.length);
      const end = new Int32Array(list.length);
      list.forEach((piece, index) => {
        start[index] = offset;
        for (let i = 0; i < piece.length; i++) {
          const code = piece.charCodeAt(i);
          if (code > 0x7f) throw new RangeError(`generated text must be ASCII: ${JSON.stringify(piece)}`);
          this.bytes[offset++] = code;
        }
        end[index] = offset;
      });
      return { start, end };
    });
  }

  get isFull(): boolean {
    return this.length >= CHUNK_CHARS;
  }

  /** Appends plain ASCII text (a header) to the output area. */
  appendText(text: string): void {
    this.length += this.bytes.write(text, this.length, 'ascii');
  }

  take(): string {
    const text = this.bytes.toString('ascii', 0, this.length);
    this.length = 0;
    return text;
  }
}

/** Copies piece `index` of `table` to `position`; returns the position after it. */
export function putPiece(bytes: Uint8Array, position: number, table: PieceTable, index: number): number {
  const start = table.start[index] as number;
  const end = table.end[index] as number;
  bytes.copyWithin(position, start, end);
  return position + (end - start);
}

/** Writes a small integer (below 2^31) as exactly `width` zero-padded decimal digits. */
export function putDigits(bytes: Uint8Array, position: number, value: number, width: number): number {
  let rest = value;
  for (let at = position + width - 1; at >= position; at--) {
    const next = (rest / 10) | 0;
    bytes[at] = 48 + rest - next * 10;
    rest = next;
  }
  return position + width;
}

/** Writes an integer below 10^11 as eleven digits, in two int32-sized halves to stay off float division. */
export function putDigits11(bytes: Uint8Array, position: number, value: number): number {
  const high = Math.floor(value / 1_000_000);
  putDigits(bytes, position, high, 5);
  return putDigits(bytes, position + 5, value - high * 1_000_000, 6);
}
