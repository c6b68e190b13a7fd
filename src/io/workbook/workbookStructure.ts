// The package around the cells: what kind of file the zip is ([Content_Types].xml), where the workbook
// part is (_rels/.rels), its sheets in workbook order, its date system (xl/workbook.xml), and where
// each sheet, the styles and the shared strings are (xl/_rels/workbook.xml.rels). Macro-enabled and
// binary workbooks are refused here, before any cell is read. docs/xlsx.md.
import { MAX_METADATA_PART_BYTES, WorkbookInputError } from './workbookProblems.js';
import { scanXmlPart, type XmlAttributes, type XmlSink } from './xmlTokenizer.js';
import type { ZipArchive } from './zipArchive.js';

export type SheetKind = 'worksheet' | 'chartsheet' | 'other';

export interface SheetEntry {
  readonly name: string;
  /** "hidden" or "veryHidden" in the workbook: not shown as a tab. */
  readonly isHidden: boolean;
  readonly kind: SheetKind;
  /** Zip entry name of the sheet part, when its relationship names one. */
  readonly part: string | undefined;
}

export interface WorkbookStructure {
  /** In workbook order: the order of the tabs. */
  readonly sheets: readonly SheetEntry[];
  /** The 1904 date system (workbookPr date1904), used by workbooks from old Mac Excel. */
  readonly isDate1904: boolean;
  readonly stylesPart: string | undefined;
  readonly sharedStringsPart: string | undefined;
}

const SPREADSHEET_MAIN = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
const TEMPLATE_MAIN = 'application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml';
const BINARY_MAIN = 'application/vnd.ms-excel.sheet.binary.macroenabled.main';
/** Content types of macros: VBA projects, Excel 4.0 macro sheets, and macro-enabled main parts. */
const MACRO_CONTENT = /vbaproject|macrosheet|macroenabled/i;

interface Relationship {
  readonly type: string;
  readonly target: string;
}

export async function readWorkbookStructure(archive: ZipArchive, source: string): Promise<WorkbookStructure> {
  const workbookPart = await findWorkbookPart(archive, source);
  const workbook = new WorkbookPartReader();
  await scanSmallPart(archive, workbookPart, workbook, source);
  const relationships = await readRelationships(archive, workbookPart, source);
  const sheets = workbook.sheets.map(({ name, state, relationshipId }): SheetEntry => {
    const relationship = relationshipId === undefined ? undefined : relationships.get(relationshipId);
    const type = relationship === undefined ? '' : relationshipKind(relationship.type);
    const kind: SheetKind = type === 'worksheet' ? 'worksheet' : type === 'chartsheet' ? 'chartsheet' : 'other';
    return {
      name,
      isHidden: state === 'hidden' || state === 'veryHidden',
      kind,
      part: relationship === undefined ? undefined : resolvePart(workbookPart, relationship.target),
    };
  });
  const partOfType = (kind: string) => {
    for (const relationship of relationships.values()) if (relationshipKind(relationship.type) === kind) return resolvePart(workbookPart, relationship.target);
    return undefined;
  };
  return { sheets, isDate1904: workbook.isDate1904, stylesPart: partOfType('styles'), sharedStringsPart: partOfType('sharedStrings') };
}

/** Reads a part that is held whole (it is small in any real workbook), through the tokenizer. */
export async function scanSmallPart(archive: ZipArchive, part: string, sink: XmlSink, source: string): Promise<void> {
  const entry = archive.entry(part);
  if (entry === undefined) throw new WorkbookInputError({ code: 'damaged', source, detail: `its part ${part} is missing` });
  await scanXmlPart(archive.inflate(entry, { maxBytes: MAX_METADATA_PART_BYTES }), sink, source, entry.name);
}

/** The workbook part's name, once the content types say the zip is an .xlsx without macros. */
async function findWorkbookPart(archive: ZipArchive, source: string): Promise<string> {
  if (archive.entry('[Content_Types].xml') === undefined) {
    if (archive.entry('mimetype') !== undefined && archive.entry('content.xml') !== undefined)
      throw new WorkbookInputError({ code: 'not-a-workbook', source, looksLike: 'ods' });
    throw new WorkbookInputError({ code: 'not-a-workbook', source });
  }
  const contentTypes = new ContentTypesReader();
  await scanSmallPart(archive, '[Content_Types].xml', contentTypes, source);
  const main = contentTypes.types.find(({ contentType }) => contentType.endsWith('.main+xml') || contentType.toLowerCase().startsWith(BINARY_MAIN));
  const mainType = main?.contentType.toLowerCase() ?? '';
  if (mainType.startsWith(BINARY_MAIN)) throw new WorkbookInputError({ code: 'binary-workbook', source });
  // Macros are refused whether the content types own up to them or a VBA project merely sits in the zip.
  const hasMacros =
    contentTypes.types.some(({ contentType }) => MACRO_CONTENT.test(contentType)) || archive.names().some((name) => /vbaproject\.bin$/i.test(name));
  if (hasMacros) throw new WorkbookInputError({ code: 'macro-enabled', source });
  if (mainType.includes('wordprocessingml')) throw new WorkbookInputError({ code: 'not-a-workbook', source, looksLike: 'docx' });
  if (mainType.includes('presentationml')) throw new WorkbookInputError({ code: 'not-a-workbook', source, looksLike: 'pptx' });

  const packageRelationships = archive.entry('_rels/.rels') === undefined ? new Map<string, Relationship>() : await readRelationships(archive, '', source);
  for (const relationship of packageRelationships.values()) {
    if (relationshipKind(relationship.type) === 'officeDocument') return resolvePart('', relationship.target);
  }
  const declared = contentTypes.types.find(({ contentType }) => contentType === SPREADSHEET_MAIN || contentType === TEMPLATE_MAIN);
  if (declared?.partName !== undefined) return resolvePart('', declared.partName);
  throw new WorkbookInputError({ code: 'not-a-workbook', source });
}

/** The last segment of a relationship type: "worksheet", "styles", "officeDocument"… (Transitional and Strict alike). */
function relationshipKind(type: string): string {
  return type.slice(type.lastIndexOf('/') + 1);
}

/** The relationships of a part (its "_rels/NAME.rels" beside it; "" for the package's own), by Id. */
async function readRelationships(archive: ZipArchive, part: string, source: string): Promise<Map<string, Relationship>> {
  const slash = part.lastIndexOf('/');
  const relationshipsPart = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  const reader = new RelationshipsReader();
  if (archive.entry(relationshipsPart) === undefined) return reader.relationships;
  await scanSmallPart(archive, relationshipsPart, reader, source);
  return reader.relationships;
}

/**
 * A relationship target as a zip entry name: relative to the folder of the part that holds it, or
 * from the package root when it starts with "/"; "%20" and the like decoded.
 */
export function resolvePart(fromPart: string, target: string): string {
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // a target with a stray "%" is used as written
  }
  const segments = decoded.startsWith('/') ? [] : fromPart.split('/').slice(0, -1);
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}

class ContentTypesReader implements XmlSink {
  readonly types: { readonly contentType: string; readonly partName?: string }[] = [];

  open(name: string, attributes: XmlAttributes): void {
    const contentType = attributes.get('ContentType');
    if (contentType === undefined) return;
    if (name === 'Override') this.types.push({ contentType, partName: attributes.get('PartName') ?? '' });
    else if (name === 'Default') this.types.push({ contentType });
  }

  close(): void {}
  text(): void {}
}

class RelationshipsReader implements XmlSink {
  readonly relationships = new Map<string, Relationship>();

  open(name: string, attributes: XmlAttributes): void {
    if (name !== 'Relationship' || attributes.get('TargetMode') === 'External') return;
    const id = attributes.get('Id');
    const type = attributes.get('Type');
    const target = attributes.get('Target');
    if (id !== undefined && type !== undefined && target !== undefined) this.relationships.set(id, { type, target });
  }

  close(): void {}
  text(): void {}
}

class WorkbookPartReader implements XmlSink {
  readonly sheets: { name: string; state: string | undefined; relationshipId: string | undefined }[] = [];
  isDate1904 = false;
  private isInSheets = false;

  open(name: string, attributes: XmlAttributes): void {
    if (name === 'workbookPr') {
      const date1904 = attributes.get('date1904');
      this.isDate1904 = date1904 === '1' || date1904 === 'true';
    } else if (name === 'sheets') {
      this.isInSheets = true;
    } else if (name === 'sheet' && this.isInSheets) {
      this.sheets.push({ name: attributes.get('name') ?? '', state: attributes.get('state'), relationshipId: attributes.get('id') });
    }
  }

  close(name: string): void {
    if (name === 'sheets') this.isInSheets = false;
  }

  text(): void {}
}
