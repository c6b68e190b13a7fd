// Reads back what the workbook writer wrote, strictly enough to catch a broken archive: every entry's
// local header, data descriptor and central-directory record must agree, and its CRC-32 must match.
// The independent reader is LibreOffice (tests/e2e/workbook.test.ts); this one is for unit tests.
import { crc32, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly text: string;
  /** The MS-DOS date and time fields of its local header. */
  readonly dosDate: number;
  readonly dosTime: number;
}

export function unzip(bytes: Uint8Array): Map<string, ZipEntry> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = buffer.length - 22;
  if (buffer.readUInt32LE(end) !== 0x06054b50) throw new Error('no end-of-central-directory record where one without a comment ends');
  const count = buffer.readUInt16LE(end + 10);
  const directorySize = buffer.readUInt32LE(end + 12);
  const directoryOffset = buffer.readUInt32LE(end + 16);
  if (directoryOffset + directorySize !== end) throw new Error('the central directory does not end where the end record begins');
  const entries = new Map<string, ZipEntry>();
  let at = directoryOffset;
  let expectedOffset = 0;
  for (let index = 0; index < count; index++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error(`central record ${index} has no signature`);
    const crc = buffer.readUInt32LE(at + 16);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const size = buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    const offset = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);

    if (offset !== expectedOffset) throw new Error(`${name} does not start where the entry before it ends`);
    if (buffer.readUInt32LE(offset) !== 0x04034b50) throw new Error(`${name} has no local header`);
    if (buffer.toString('utf8', offset + 30, offset + 30 + buffer.readUInt16LE(offset + 26)) !== name)
      throw new Error(`${name}: the local header names another file`);
    const dataStart = offset + 30 + buffer.readUInt16LE(offset + 26) + buffer.readUInt16LE(offset + 28);
    const raw = inflateRawSync(buffer.subarray(dataStart, dataStart + compressedSize));
    const descriptor = dataStart + compressedSize;
    if (buffer.readUInt32LE(descriptor) !== 0x08074b50) throw new Error(`${name} has no data descriptor after its data`);
    if (
      buffer.readUInt32LE(descriptor + 4) !== crc ||
      buffer.readUInt32LE(descriptor + 8) !== compressedSize ||
      buffer.readUInt32LE(descriptor + 12) !== size
    ) {
      throw new Error(`${name}: the data descriptor and the central directory disagree`);
    }
    if (raw.length !== size) throw new Error(`${name} inflates to ${raw.length} bytes, not ${size}`);
    if (crc32(raw) !== crc) throw new Error(`${name} fails its CRC-32`);
    entries.set(name, { name, text: raw.toString('utf8'), dosTime: buffer.readUInt16LE(offset + 10), dosDate: buffer.readUInt16LE(offset + 12) });
    expectedOffset = descriptor + 16;
  }
  if (expectedOffset !== directoryOffset) throw new Error('bytes between the last entry and the central directory');
  return entries;
}

export interface ReadCell {
  readonly reference: string;
  /** The t attribute: inlineStr for our text, undefined for a number. */
  readonly type: string | undefined;
  readonly style: number;
  /** Text as a reader shows it (entities and _xHHHH_ decoded), or the number's text. */
  readonly value: string;
  readonly hasFormula: boolean;
}

export interface ReadSheet {
  readonly name: string;
  readonly xml: string;
  /** Rows by row number (1-based), each a map from column letters to the cell. */
  readonly rows: Map<number, Map<string, ReadCell>>;
}

function decodeText(text: string): string {
  const entities = text.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_, name: string) => {
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name]!;
  });
  return entities.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function readSheet(name: string, xml: string): ReadSheet {
  const rows = new Map<number, Map<string, ReadCell>>();
  for (const row of xml.matchAll(/<row r="(\d+)">(.*?)<\/row>/gs)) {
    const cells = new Map<string, ReadCell>();
    // A cell without a reference is in the column after the cell before it (A for the first).
    let column = -1;
    for (const cell of row[2]!.matchAll(/<c(?: r="([A-Z]+)(\d+)")?((?: [a-z:]+="[^"]*")*)(?:\/>|>(.*?)<\/c>)/gs)) {
      if (cell[1] !== undefined) {
        if (cell[2] !== row[1]) throw new Error(`cell ${cell[1]}${cell[2]} in row ${row[1]}`);
        const named = columnIndex(cell[1]);
        if (named <= column) throw new Error(`cell ${cell[1]}${cell[2]} is not after the cell before it`);
        column = named;
      } else {
        column++;
      }
      const attributes = cell[3]!;
      const content = cell[4] ?? '';
      const type = /\bt="([^"]+)"/.exec(attributes)?.[1];
      const inline = /<t(?: xml:space="preserve")?>(.*?)<\/t>/s.exec(content)?.[1];
      const number = /<v>(.*?)<\/v>/s.exec(content)?.[1];
      const letters = lettersOf(column);
      cells.set(letters, {
        reference: `${letters}${row[1]}`,
        type,
        style: Number(/\bs="(\d+)"/.exec(attributes)?.[1] ?? 0),
        value: decodeText(inline ?? number ?? ''),
        hasFormula: content.includes('<f'),
      });
    }
    rows.set(Number(row[1]), cells);
  }
  return { name, xml, rows };
}

/** The workbook's sheets, in the order of its workbook.xml. */
export function readWorkbook(bytes: Uint8Array): { readonly files: Map<string, ZipEntry>; readonly sheets: ReadSheet[] } {
  const files = unzip(bytes);
  const workbook = files.get('xl/workbook.xml')?.text ?? '';
  const relationships = files.get('xl/_rels/workbook.xml.rels')?.text ?? '';
  const targets = new Map([...relationships.matchAll(/<Relationship Id="([^"]+)" Type="[^"]+" Target="([^"]+)"\/>/g)].map((match) => [match[1]!, match[2]!]));
  const sheets = [...workbook.matchAll(/<sheet name="([^"]+)" sheetId="\d+" r:id="([^"]+)"\/>/g)].map((match) => {
    const path = `xl/${targets.get(match[2]!)}`;
    const xml = files.get(path)?.text;
    if (xml === undefined) throw new Error(`sheet ${match[1]} has no part ${path}`);
    return readSheet(decodeText(match[1]!), xml);
  });
  return { files, sheets };
}

/** The values of a row, column A onwards, '' for an empty cell. */
export function rowValues(sheet: ReadSheet, rowNumber: number): string[] {
  const cells = sheet.rows.get(rowNumber);
  if (cells === undefined) return [];
  const letters = [...cells.keys()];
  const last = Math.max(...letters.map(columnIndex));
  return Array.from(
    { length: last + 1 },
    (_, index) => [...cells.values()].find((cell) => columnIndex(cell.reference.replace(/\d+$/, '')) === index)?.value ?? '',
  );
}

function lettersOf(index: number): string {
  let letters = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

export function columnIndex(letters: string): number {
  let index = 0;
  for (const letter of letters) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

/** The number format code of a style index, from styles.xml (built-in ids as their codes). */
export function numberFormatOf(styles: string, style: number): string {
  const builtIn: Record<number, string> = { 0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 49: '@' };
  const xfs = /<cellXfs[^>]*>(.*?)<\/cellXfs>/s.exec(styles)?.[1] ?? '';
  const xf = [...xfs.matchAll(/<xf [^>]*?numFmtId="(\d+)"[^>]*\/>/g)][style];
  if (xf === undefined) throw new Error(`no style ${style}`);
  const id = Number(xf[1]);
  if (id in builtIn) return builtIn[id]!;
  const custom = new RegExp(`<numFmt numFmtId="${id}" formatCode="([^"]+)"/>`).exec(styles)?.[1];
  if (custom === undefined) throw new Error(`no number format ${id}`);
  return decodeText(custom);
}
