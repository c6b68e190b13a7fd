// The zip container of an .xlsx file, read from its central directory with random access (so the
// order of the parts in the file does not matter) and inflated part by part as a stream. A zip is an
// attack surface: nothing here trusts a declared size. Each part is inflated with a running limit on
// its size and on its compression ratio, its length and CRC-32 are checked at the end, and only the
// parts the workbook reader asks for are ever inflated (so overlapping entries, the trick of the
// "better zip bomb", cost no more than the parts they stand for). Limits: docs/xlsx.md.
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createInflateRaw } from 'node:zlib';
import { MAX_CENTRAL_DIRECTORY_BYTES, MAX_COMPRESSION_RATIO, MAX_ZIP_ENTRIES, RATIO_GRACE_BYTES, WorkbookInputError } from './workbookProblems.js';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const END_RECORD_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;
const ZIP64_EXTRA_FIELD = 0x0001;
const FLAG_ENCRYPTED = 0x0001;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
const READ_CHUNK_BYTES = 256 * 1024;
const INFLATED_CHUNK_BYTES = 128 * 1024;

export interface ZipEntry {
  /** The name as stored, e.g. "xl/worksheets/sheet1.xml". */
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  /** As declared: checked against what the part really inflates to, never trusted to allocate. */
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

export interface InflateLimits {
  /** The most bytes this part may inflate to. */
  readonly maxBytes: number;
  /** Called with the file offset the compressed read has reached, for progress. */
  readonly onCompressedRead?: ((fileOffset: number) => void) | undefined;
}

export class ZipArchive {
  /** Lower-cased name → entry: part names in a package are case-insensitive. */
  private readonly entries: ReadonlyMap<string, ZipEntry>;

  private constructor(
    private readonly handle: FileHandle,
    private readonly source: string,
    entries: ReadonlyMap<string, ZipEntry>,
    /** Where the central directory starts: no entry's data may run past it. */
    private readonly dataEnd: number,
  ) {
    this.entries = entries;
  }

  static async open(handle: FileHandle, size: number, source: string): Promise<ZipArchive> {
    const damaged = (detail: string) => new WorkbookInputError({ code: 'damaged', source, detail });
    const tailLength = Math.min(size, END_RECORD_BYTES + MAX_COMMENT_BYTES);
    const tail = await readExactly(handle, size - tailLength, tailLength, source);
    let end = -1;
    for (let at = tail.length - END_RECORD_BYTES; at >= 0; at--) {
      if (tail.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY && at + END_RECORD_BYTES + tail.readUInt16LE(at + 20) <= tail.length) {
        end = at;
        break;
      }
    }
    if (end < 0) throw damaged('the end of its zip directory is missing, so the file is cut short');
    const endOffset = size - tailLength + end;
    if (tail.readUInt16LE(end + 4) !== 0 || tail.readUInt16LE(end + 6) !== 0) throw damaged('it is one part of a split zip archive');
    let entryCount = tail.readUInt16LE(end + 10);
    let directorySize = tail.readUInt32LE(end + 12);
    let directoryOffset = tail.readUInt32LE(end + 16);
    let directoryLimit = endOffset;
    if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      // ZIP64: the real figures sit in a record the locator just before the end record points to.
      if (endOffset < 20) throw damaged('its ZIP64 directory locator is missing');
      const locator = await readExactly(handle, endOffset - 20, 20, source);
      if (locator.readUInt32LE(0) !== ZIP64_END_LOCATOR) throw damaged('its ZIP64 directory locator is missing');
      const recordOffset = readUInt64(locator, 8, damaged);
      if (recordOffset + 56 > endOffset - 20) throw damaged('its ZIP64 directory record lies outside the file');
      const record = await readExactly(handle, recordOffset, 56, source);
      if (record.readUInt32LE(0) !== ZIP64_END_OF_CENTRAL_DIRECTORY) throw damaged('its ZIP64 directory record is missing');
      entryCount = readUInt64(record, 32, damaged);
      directorySize = readUInt64(record, 40, damaged);
      directoryOffset = readUInt64(record, 48, damaged);
      directoryLimit = recordOffset;
    }
    if (entryCount > MAX_ZIP_ENTRIES) throw damaged(`its zip lists ${entryCount.toLocaleString('en-GB')} entries, more than any workbook has`);
    if (directorySize > MAX_CENTRAL_DIRECTORY_BYTES) throw damaged('its zip directory is larger than any workbook needs');
    if (directoryOffset + directorySize > directoryLimit) throw damaged('its zip directory lies outside the file');
    const directory = await readExactly(handle, directoryOffset, directorySize, source);
    const entries = new Map<string, ZipEntry>();
    let at = 0;
    for (let index = 0; index < entryCount; index++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY) throw damaged('its zip directory is cut short');
      const flags = directory.readUInt16LE(at + 8);
      const method = directory.readUInt16LE(at + 10);
      const entryCrc = directory.readUInt32LE(at + 16);
      let compressedSize = directory.readUInt32LE(at + 20);
      let uncompressedSize = directory.readUInt32LE(at + 24);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      let localHeaderOffset = directory.readUInt32LE(at + 42);
      const nameStart = at + 46;
      const extraStart = nameStart + nameLength;
      const next = extraStart + extraLength + commentLength;
      if (next > directory.length) throw damaged('its zip directory is cut short');
      const name = directory.toString('utf8', nameStart, extraStart);
      // A ZIP64 extra field holds, in this order, each of the three that is 0xFFFFFFFF above.
      for (let field = extraStart; field + 4 <= extraStart + extraLength; ) {
        const id = directory.readUInt16LE(field);
        const length = directory.readUInt16LE(field + 2);
        if (id === ZIP64_EXTRA_FIELD) {
          let value = field + 4;
          const take = () => {
            if (value + 8 > field + 4 + length) throw damaged(`the ZIP64 sizes of ${name} are cut short`);
            const read = readUInt64(directory, value, damaged);
            value += 8;
            return read;
          };
          if (uncompressedSize === 0xffffffff) uncompressedSize = take();
          if (compressedSize === 0xffffffff) compressedSize = take();
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
        }
        field += 4 + length;
      }
      const key = name.toLowerCase();
      if (entries.has(key)) throw damaged(`its zip holds two entries named ${name}`);
      entries.set(key, { name, flags, method, crc32: entryCrc, compressedSize, uncompressedSize, localHeaderOffset });
      at = next;
    }
    return new ZipArchive(handle, source, entries, directoryOffset);
  }

  /** The entry of this part name (no leading slash), matched case-insensitively as OPC names are. */
  entry(name: string): ZipEntry | undefined {
    return this.entries.get(name.toLowerCase());
  }

  names(): string[] {
    return [...this.entries.values()].map((entry) => entry.name);
  }

  /**
   * The inflated bytes of a part, in order. Throws a zip-bomb problem as soon as the part inflates
   * beyond `limits.maxBytes`, or beyond MAX_COMPRESSION_RATIO times the compressed bytes read so far
   * (once past RATIO_GRACE_BYTES); a damaged problem when it ends short, long, or with the wrong CRC.
   */
  async *inflate(entry: ZipEntry, limits: InflateLimits): AsyncGenerator<Buffer> {
    const { source } = this;
    const part = entry.name;
    const damaged = (detail: string) => new WorkbookInputError({ code: 'damaged', source, detail });
    const bomb = (reason: 'size' | 'ratio') =>
      new WorkbookInputError({ code: 'zip-bomb', source, part, reason, limit: reason === 'size' ? limits.maxBytes : MAX_COMPRESSION_RATIO });
    if ((entry.flags & FLAG_ENCRYPTED) !== 0) throw new WorkbookInputError({ code: 'zip-encrypted-entry', source, part });
    if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATED) {
      throw new WorkbookInputError({ code: 'unsupported-compression', source, part, method: entry.method });
    }
    // Declared figures that are already absurd are refused before a byte is inflated.
    if (entry.uncompressedSize > limits.maxBytes) throw bomb('size');
    if (entry.uncompressedSize > RATIO_GRACE_BYTES && entry.uncompressedSize > MAX_COMPRESSION_RATIO * entry.compressedSize) throw bomb('ratio');

    if (entry.localHeaderOffset + 30 > this.dataEnd) throw damaged(`the entry ${part} lies outside the file`);
    const header = await readExactly(this.handle, entry.localHeaderOffset, 30, source);
    if (header.readUInt32LE(0) !== LOCAL_FILE_HEADER) throw damaged(`the entry ${part} is not where the zip directory says`);
    const nameLength = header.readUInt16LE(26);
    const localName = await readExactly(this.handle, entry.localHeaderOffset + 30, nameLength, source);
    if (localName.toString('utf8') !== part) throw damaged(`the entry ${part} has another name in its local header`);
    const dataStart = entry.localHeaderOffset + 30 + nameLength + header.readUInt16LE(28);
    if (dataStart + entry.compressedSize > this.dataEnd) throw damaged(`the entry ${part} runs past the end of the file`);

    let compressedRead = 0;
    const handle = this.handle;
    const onCompressedRead = limits.onCompressedRead;
    async function* compressed(): AsyncGenerator<Buffer> {
      while (compressedRead < entry.compressedSize) {
        const length = Math.min(READ_CHUNK_BYTES, entry.compressedSize - compressedRead);
        const chunk = await readExactly(handle, dataStart + compressedRead, length, source);
        compressedRead += length;
        onCompressedRead?.(dataStart + compressedRead);
        yield chunk;
      }
    }

    let inflated = 0;
    let crc = 0;
    const check = (chunk: Buffer) => {
      inflated += chunk.length;
      if (inflated > limits.maxBytes) throw bomb('size');
      if (inflated > RATIO_GRACE_BYTES && inflated > MAX_COMPRESSION_RATIO * compressedRead) throw bomb('ratio');
      crc = crc32(chunk, crc);
    };

    if (entry.method === METHOD_STORED) {
      if (entry.compressedSize !== entry.uncompressedSize) throw damaged(`the stored entry ${part} has two different sizes`);
      for await (const chunk of compressed()) {
        check(chunk);
        yield chunk;
      }
    } else {
      const inflater = createInflateRaw({ chunkSize: INFLATED_CHUNK_BYTES });
      // The pipeline's own promise is only awaited for its error, which also destroys the inflater and
      // so ends the loop below; stopping early (a limit, an error in the caller) destroys both streams.
      const pumping = pipeline(Readable.from(compressed()), inflater).catch(() => undefined);
      try {
        for await (const chunk of inflater as AsyncIterable<Buffer>) {
          check(chunk);
          yield chunk;
        }
      } catch (error) {
        if (error instanceof WorkbookInputError) throw error;
        const code = (error as NodeJS.ErrnoException).code;
        if (typeof code === 'string' && code.startsWith('Z_')) throw damaged(`its part ${part} does not inflate`);
        throw error;
      } finally {
        inflater.destroy();
        await pumping;
      }
    }
    if (inflated !== entry.uncompressedSize) throw damaged(`its part ${part} inflates to another size than its zip directory says`);
    if (crc !== entry.crc32) throw damaged(`its part ${part} fails its CRC check`);
  }
}

async function readExactly(handle: FileHandle, position: number, length: number, source: string): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) throw new WorkbookInputError({ code: 'damaged', source, detail: 'the file ends before its zip directory says it does' });
    filled += bytesRead;
  }
  return buffer;
}

function readUInt64(buffer: Buffer, at: number, damaged: (detail: string) => Error): number {
  const value = buffer.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged('a ZIP64 size or offset is beyond any real file');
  return Number(value);
}
