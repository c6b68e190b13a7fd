// A zip archive written as it is made: each entry's text is compressed a piece at a time and the
// bytes handed on, so that a sheet of a million rows is never whole in memory. Only what a workbook
// needs: deflate, UTF-8 text entries, no ZIP64, one fixed time stamp (docs/xlsx.md).
//
// Sizes and checksums are known only after an entry's data, so each entry's local header leaves them
// at zero and a data descriptor after the data gives them (general-purpose flag bit 3), as the zip
// format (PKWARE APPNOTE 4.3.9) allows for streamed entries; the central directory repeats them.
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface ArchiveEntry {
  /** The entry's path inside the archive (ASCII). */
  readonly name: string;
  /** The entry's text, in pieces, encoded as UTF-8. */
  readonly pieces: Iterable<string>;
}

export interface ArchiveOptions {
  /** The date every entry carries (no time of day), so that the same content gives the same bytes. */
  readonly date: { readonly year: number; readonly month: number; readonly day: number };
  /** zlib's compression level, 1 (fastest) to 9 (smallest). */
  readonly level: number;
}

/**
 * Bytes gathered before they are compressed. Each block is compressed on its own and ends in a sync
 * flush, so that the blocks join into one deflate stream; a larger block loses less to the restart.
 */
const BLOCK_BYTES = 1 << 20;
/**
 * Characters joined before they are encoded into the block: short strings encode quickly, and one
 * encoding call per few rows costs less than one per row.
 */
const TEXT_CHARS = 1 << 14;
/** Past either, a field of the zip format overflows: the archive would need ZIP64. */
const MAX_ZIP32 = 0xffff_ffff;
const MAX_ENTRIES = 0xffff;

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** Version 2.0: deflate, data descriptors. */
const ZIP_VERSION = 20;
/** Bit 3: sizes and CRC-32 follow the data. */
const FLAGS = 0x0008;
const DEFLATE = 8;

interface WrittenEntry {
  readonly name: Buffer;
  readonly offset: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
}

/** The MS-DOS date of a zip header; dates before 1980 cannot be written and become 1980-01-01. */
function dosDate({ year, month, day }: ArchiveOptions['date']): number {
  if (year < 1980) return (1 << 5) | 1;
  return ((Math.min(year, 2107) - 1980) << 9) | (month << 5) | day;
}

function tooLarge(what: string): Error {
  return new Error(`the workbook is too large for a zip file without ZIP64 (${what}); write fewer rows to it`);
}

/** The archive's bytes, in order, made as they are read: each entry's pieces are read when its turn comes. */
export function* zipArchive(entries: Iterable<ArchiveEntry>, options: ArchiveOptions): Generator<Uint8Array> {
  const date = dosDate(options.date);
  const written: WrittenEntry[] = [];
  let offset = 0;
  for (const entry of entries) {
    if (written.length === MAX_ENTRIES) throw tooLarge('more than 65,535 parts');
    const name = Buffer.from(entry.name, 'utf8');
    const header = Buffer.alloc(30 + name.length);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    header.writeUInt16LE(ZIP_VERSION, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(DEFLATE, 8);
    header.writeUInt16LE(0, 10);
    header.writeUInt16LE(date, 12);
    // CRC-32 and both sizes (14–25) stay zero: they follow in the data descriptor. No extra field (28).
    header.writeUInt16LE(name.length, 26);
    name.copy(header, 30);
    yield header;

    let crc = 0;
    let size = 0;
    let compressedSize = 0;
    // A UTF-16 code unit takes at most 3 bytes of UTF-8: room for a block and the text that ends it.
    let block = Buffer.allocUnsafe(BLOCK_BYTES + TEXT_CHARS * 3);
    let used = 0;
    let pending = '';
    const compress = (isLast: boolean): Buffer => {
      const raw = block.subarray(0, used);
      crc = crc32(raw, crc);
      size += raw.length;
      const packed = deflateRawSync(raw, { level: options.level, finishFlush: isLast ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });
      compressedSize += packed.length;
      if (size > MAX_ZIP32 || compressedSize > MAX_ZIP32) throw tooLarge(`${entry.name} passes 4 GiB`);
      used = 0;
      return packed;
    };
    const encode = (text: string): void => {
      if (used + text.length * 3 > block.length) block = Buffer.concat([block.subarray(0, used), Buffer.allocUnsafe(text.length * 3)]);
      used += block.write(text, used, 'utf8');
    };
    for (const piece of entry.pieces) {
      pending += piece;
      if (pending.length >= TEXT_CHARS) {
        encode(pending);
        pending = '';
        if (used >= BLOCK_BYTES) yield compress(false);
      }
    }
    encode(pending);
    // The last block ends the deflate stream (Z_FINISH), even when it is empty.
    yield compress(true);

    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(compressedSize, 8);
    descriptor.writeUInt32LE(size, 12);
    yield descriptor;
    written.push({ name, offset, crc, compressedSize, size });
    offset += header.length + compressedSize + descriptor.length;
    if (offset > MAX_ZIP32) throw tooLarge('the archive passes 4 GiB');
  }

  const directory = Buffer.alloc(written.reduce((total, entry) => total + 46 + entry.name.length, 0) + 22);
  let at = 0;
  for (const entry of written) {
    directory.writeUInt32LE(CENTRAL_HEADER, at);
    directory.writeUInt16LE(ZIP_VERSION, at + 4);
    directory.writeUInt16LE(ZIP_VERSION, at + 6);
    directory.writeUInt16LE(FLAGS, at + 8);
    directory.writeUInt16LE(DEFLATE, at + 10);
    directory.writeUInt16LE(0, at + 12);
    directory.writeUInt16LE(date, at + 14);
    directory.writeUInt32LE(entry.crc, at + 16);
    directory.writeUInt32LE(entry.compressedSize, at + 20);
    directory.writeUInt32LE(entry.size, at + 24);
    directory.writeUInt16LE(entry.name.length, at + 28);
    // Extra field, comment, disk number, internal and external attributes (30–41) stay zero.
    directory.writeUInt32LE(entry.offset, at + 42);
    entry.name.copy(directory, at + 46);
    at += 46 + entry.name.length;
  }
  directory.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, at);
  directory.writeUInt16LE(written.length, at + 8);
  directory.writeUInt16LE(written.length, at + 10);
  directory.writeUInt32LE(at, at + 12);
  directory.writeUInt32LE(offset, at + 16);
  yield directory;
}
