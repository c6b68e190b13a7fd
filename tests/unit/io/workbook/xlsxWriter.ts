// A tiny .xlsx writer for tests: just enough zip (stored or deflated entries, optional ZIP64 fields,
// and knobs to lie about sizes or flags) and just enough SpreadsheetML to build each case by hand.
// It is not the reader's code run backwards: it writes the XML literally, as the cases state it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipPart {
  readonly name: string;
  readonly content: string | Uint8Array;
  readonly method?: 'stored' | 'deflate';
  /** Declare this uncompressed size instead of the true one (a lying header). */
  readonly declaredSize?: number;
  /** General-purpose flags, e.g. 1 for an encrypted entry. */
  readonly flags?: number;
  /** Store this compression method number instead (with the bytes deflated). */
  readonly methodNumber?: number;
  /** Corrupt the stored CRC-32. */
  readonly badCrc?: boolean;
}

export interface ZipOptions {
  /** Write sizes and offsets in ZIP64 extra fields and end records, as large-file writers do. */
  readonly zip64?: boolean;
}

export function zipBytes(parts: readonly ZipPart[], options: ZipOptions = {}): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const raw = typeof part.content === 'string' ? Buffer.from(part.content, 'utf8') : Buffer.from(part.content);
    const isStored = part.method === 'stored';
    const data = isStored ? raw : deflateRawSync(raw);
    const name = Buffer.from(part.name, 'utf8');
    const crc = (crc32(raw) ^ (part.badCrc === true ? 0xffff : 0)) >>> 0;
    const size = part.declaredSize ?? raw.length;
    const method = part.methodNumber ?? (isStored ? 0 : 8);
    const flags = (part.flags ?? 0) | 0x0800;
    const zip64 = options.zip64 === true;
    const extra = zip64 ? Buffer.alloc(4 + 24) : Buffer.alloc(0);
    if (zip64) {
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(data.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(zip64 ? 45 : 20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(zip64 ? 0xffffffff : data.length, 18);
    local.writeUInt32LE(zip64 ? 0xffffffff : size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(zip64 ? 45 : 20, 4);
    entry.writeUInt16LE(zip64 ? 45 : 20, 6);
    entry.writeUInt16LE(flags, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(zip64 ? 0xffffffff : data.length, 20);
    entry.writeUInt32LE(zip64 ? 0xffffffff : size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt16LE(extra.length, 30);
    entry.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
    central.push(entry, name, extra);
    chunks.push(local, name, extra, data);
    offset += local.length + name.length + extra.length + data.length;
  }
  const directory = Buffer.concat(central);
  const directoryOffset = offset;
  if (options.zip64 === true) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(parts.length), 24);
    record.writeBigUInt64LE(BigInt(parts.length), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(directoryOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(directoryOffset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(0xffff, 8);
    end.writeUInt16LE(0xffff, 10);
    end.writeUInt32LE(0xffffffff, 12);
    end.writeUInt32LE(0xffffffff, 16);
    return Buffer.concat([...chunks, directory, record, locator, end]);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return Buffer.concat([...chunks, directory, end]);
}

// ---- SpreadsheetML ----

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
export const SHEET_MAIN = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';

export interface SheetSpec {
  readonly name: string;
  /** The <sheetData> content (rows), or a whole worksheet part when it starts with "<?xml" or "<worksheet". */
  readonly rows: string;
  /** Written after </sheetData>, e.g. <mergeCells>. */
  readonly after?: string;
  /** Written before <sheetData>, e.g. <dimension>. */
  readonly before?: string;
  readonly state?: 'hidden' | 'veryHidden';
  readonly kind?: 'chartsheet';
}

export interface WorkbookSpec {
  readonly sheets: readonly SheetSpec[];
  /** The shared-strings table, as plain strings (escaped here) or raw <si> XML when starting with "<si". */
  readonly sharedStrings?: readonly string[];
  /** Custom number formats by id, and the numFmtId of each cell style (index = "s"). */
  readonly numberFormats?: Readonly<Record<number, string>>;
  readonly cellStyles?: readonly number[];
  readonly isDate1904?: boolean;
  /** Replace the main part's content type (macro-enabled, binary…). */
  readonly mainContentType?: string;
  /** Extra <Default>/<Override> entries in [Content_Types].xml. */
  readonly extraContentTypes?: string;
  /** Extra zip parts, and per-part replacements (same name). */
  readonly extraParts?: readonly ZipPart[];
  /** Change a part before zipping (knobs on a named part). */
  readonly partOptions?: Readonly<Record<string, Omit<ZipPart, 'name' | 'content'>>>;
  readonly zip?: ZipOptions;
}

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** <row r="N">cells</row> */
export function row(rowNumber: number | undefined, ...cells: string[]): string {
  return `<row${rowNumber === undefined ? '' : ` r="${rowNumber}"`}>${cells.join('')}</row>`;
}

/** A cell: <c r="A1" t="…" s="…"><v>value</v></c>; value undefined for no <v>. */
export function cell(reference: string | undefined, value: string | undefined, options: { t?: string; s?: number; formula?: string } = {}): string {
  const attributes = `${reference === undefined ? '' : ` r="${reference}"`}${options.s === undefined ? '' : ` s="${options.s}"`}${options.t === undefined ? '' : ` t="${options.t}"`}`;
  const formula = options.formula === undefined ? '' : `<f>${escapeXml(options.formula)}</f>`;
  const content = value === undefined ? '' : `<v>${escapeXml(value)}</v>`;
  return formula === '' && content === '' ? `<c${attributes}/>` : `<c${attributes}>${formula}${content}</c>`;
}

/** An inline-string cell: <c t="inlineStr"><is><t>text</t></is></c>, or raw <is> content when it starts with "<". */
export function inlineCell(reference: string, text: string): string {
  const content = text.startsWith('<') ? text : `<t xml:space="preserve">${escapeXml(text)}</t>`;
  return `<c r="${reference}" t="inlineStr"><is>${content}</is></c>`;
}

export function workbookParts(spec: WorkbookSpec): ZipPart[] {
  const sheetParts = spec.sheets.map((sheet, index) => {
    const isChart = sheet.kind === 'chartsheet';
    const folder = isChart ? 'chartsheets' : 'worksheets';
    return { sheet, index, path: `xl/${folder}/sheet${index + 1}.xml`, isChart };
  });
  const contentTypes =
    `${DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${spec.mainContentType ?? SHEET_MAIN}"/>` +
    sheetParts
      .map(
        ({ path, isChart }) =>
          `<Override PartName="/${path}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.${isChart ? 'chartsheet' : 'worksheet'}+xml"/>`,
      )
      .join('') +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    (spec.sharedStrings === undefined
      ? ''
      : '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>') +
    (spec.extraContentTypes ?? '') +
    '</Types>';
  const packageRelationships = `${DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const workbook =
    `${DECLARATION}<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}">` +
    `<workbookPr${spec.isDate1904 === true ? ' date1904="1"' : ''}/><sheets>` +
    sheetParts
      .map(
        ({ sheet, index }) =>
          `<sheet name="${escapeXml(sheet.name)}" sheetId="${index + 1}"${sheet.state === undefined ? '' : ` state="${sheet.state}"`} r:id="rIdSheet${index + 1}"/>`,
      )
      .join('') +
    '</sheets></workbook>';
  const workbookRelationships =
    `${DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    sheetParts
      .map(
        ({ index, path, isChart }) =>
          `<Relationship Id="rIdSheet${index + 1}" Type="${RELATIONSHIPS}/${isChart ? 'chartsheet' : 'worksheet'}" Target="${path.slice(3)}"/>`,
      )
      .join('') +
    `<Relationship Id="rIdStyles" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/>` +
    (spec.sharedStrings === undefined ? '' : `<Relationship Id="rIdStrings" Type="${RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>`) +
    '</Relationships>';
  const numberFormats = Object.entries(spec.numberFormats ?? {});
  const styles =
    `${DECLARATION}<styleSheet xmlns="${MAIN}">` +
    (numberFormats.length === 0
      ? ''
      : `<numFmts count="${numberFormats.length}">${numberFormats.map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`).join('')}</numFmts>`) +
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>' +
    '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs>${(spec.cellStyles ?? [0]).map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"${id === 0 ? '' : ' applyNumberFormat="1"'}/>`).join('')}</cellXfs>` +
    '</styleSheet>';
  const parts: ZipPart[] = [
    { name: '[Content_Types].xml', content: contentTypes },
    { name: '_rels/.rels', content: packageRelationships },
    { name: 'xl/workbook.xml', content: workbook },
    { name: 'xl/_rels/workbook.xml.rels', content: workbookRelationships },
    { name: 'xl/styles.xml', content: styles },
  ];
  if (spec.sharedStrings !== undefined) {
    const items = spec.sharedStrings.map((text) => (text.startsWith('<si') ? text : `<si><t xml:space="preserve">${escapeXml(text)}</t></si>`));
    parts.push({
      name: 'xl/sharedStrings.xml',
      content: `${DECLARATION}<sst xmlns="${MAIN}" count="${items.length}" uniqueCount="${items.length}">${items.join('')}</sst>`,
    });
  }
  for (const { sheet, path, isChart } of sheetParts) {
    const content = isChart
      ? `${DECLARATION}<chartsheet xmlns="${MAIN}"><sheetPr/></chartsheet>`
      : sheet.rows.startsWith('<?xml') || sheet.rows.startsWith('<worksheet')
        ? sheet.rows
        : `${DECLARATION}<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}">${sheet.before ?? ''}<sheetData>${sheet.rows}</sheetData>${sheet.after ?? ''}</worksheet>`;
    parts.push({ name: path, content });
  }
  const replaced = new Map((spec.extraParts ?? []).map((part) => [part.name, part]));
  const merged = parts.map((part) => replaced.get(part.name) ?? part);
  for (const part of spec.extraParts ?? []) if (!parts.some(({ name }) => name === part.name)) merged.push(part);
  return merged.map((part) => ({ ...part, ...spec.partOptions?.[part.name] }));
}

export function workbookBytes(spec: WorkbookSpec): Buffer {
  return zipBytes(workbookParts(spec), spec.zip);
}

/** Writes the workbook into `dir` and returns its path. */
export function writeWorkbook(dir: string, fileName: string, spec: WorkbookSpec | Uint8Array): string {
  const path = join(dir, fileName);
  writeFileSync(path, spec instanceof Uint8Array ? spec : workbookBytes(spec));
  return path;
}
