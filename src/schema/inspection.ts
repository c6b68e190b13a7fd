// What `inspect` tells about a file: which row is its header, which fields its headers read as, the
// known export it looks like (a preset's), and a mapping file to start from (docs/exports.md#inspect).
import { countMappedHeaders, countRecognisedHeaders, headerKey, resolveColumns } from './columns.js';
import { CONTACT_FIELDS, FALLBACK_ALIASES, FIELD_ALIASES, PLAN_FIELDS, REQUIRED_FIELDS, REQUIRED_STAND_INS } from './fields.js';
import { columnPlaceholder, type FileColumnsMapping, type MappedHeader, type Mapping } from './mapping.js';
import type { InputFile } from './vocabulary.js';

/** An export the tool knows by name (a preset), as inspection sees it: its name and its mapping. */
export interface KnownExport {
  readonly name: string;
  readonly mapping: Mapping;
}

export interface FileInspection {
  readonly headers: readonly string[];
  /** Which input the file is: as named (--plans, --contacts), else the one its headers look like. */
  readonly kind: InputFile;
  /** The input its headers look like (judgeFileKind), whatever it was named as; undefined when they do not say. */
  readonly looksLike: InputFile | undefined;
  /** The known export the headers look like, if any. */
  readonly knownExport: KnownExport | undefined;
  /** Each field placed, and the header (or headers, for a key of several columns) it reads from. */
  readonly placed: Readonly<Record<string, MappedHeader>>;
  readonly unplacedHeaders: readonly string[];
  /** Required fields with no column and nothing to stand in for them. */
  readonly missingRequired: readonly string[];
  /** Why reconcile would stop on this header with no mapping file (with the known export's, when there is one). */
  readonly problem: string | undefined;
}

function fieldsOf(file: InputFile): readonly string[] {
  return file === 'plans' ? PLAN_FIELDS : CONTACT_FIELDS;
}

/** A file's section of a mapping, as column resolution reads it. */
function sectionOf(mapping: Mapping | undefined, file: InputFile): FileColumnsMapping<string> {
  const section = mapping?.[file];
  return { columns: section?.columns, aliases: section?.aliases };
}

/**
 * The export a file's headers look like: the one whose names place every column the file needs and
 * name the most of its headers (at least three, so that a plain file with a "Status" column is not
 * taken for a system's export).
 */
export function recogniseExport<E extends KnownExport>(
  file: InputFile,
  headers: readonly string[],
  exports: readonly E[],
): { readonly known: E; readonly headersNamed: number } | undefined {
  let best: { readonly known: E; readonly headersNamed: number } | undefined;
  for (const known of exports) {
    if (known.mapping[file] === undefined) continue;
    const section = sectionOf(known.mapping, file);
    if (!resolveColumns(file, fieldsOf(file) as readonly (typeof PLAN_FIELDS)[number][], headers, section.columns, section.aliases).ok) continue;
    const headersNamed = countMappedHeaders(headers, section);
    if (headersNamed >= 3 && (best === undefined || headersNamed > best.headersNamed)) best = { known, headersNamed };
  }
  return best;
}

/**
 * Which of a file's first rows is its header: the first that places every column the file needs, as
 * a run would take it (or as a known export would); failing that, the one with the most headers that
 * read as fields (the first on a tie), so that a header short of a column is still shown.
 */
export function chooseHeaderRow(rows: readonly (readonly string[])[], kind: InputFile | undefined, exports: readonly KnownExport[]): number {
  const kinds: readonly InputFile[] = kind === undefined ? ['plans', 'contacts'] : [kind];
  const resolves = (row: readonly string[]) =>
    kinds.some(
      (file) =>
        resolveColumns(file, fieldsOf(file) as readonly (typeof PLAN_FIELDS)[number][], row, undefined).ok || recogniseExport(file, row, exports) !== undefined,
    );
  const first = rows.findIndex(resolves);
  if (first >= 0) return first;
  let best = 0;
  let bestCount = -1;
  rows.forEach((row, index) => {
    const count = Math.max(
      ...kinds.flatMap((file) => [countRecognisedHeaders(file, row, {}), ...exports.map((known) => countMappedHeaders(row, sectionOf(known.mapping, file)))]),
    );
    if (count > bestCount) {
      best = index;
      bestCount = count;
    }
  });
  return best;
}

/** Places each field at a header, as resolution would, but going on past problems: for showing, not for reading. */
function place(file: InputFile, headers: readonly string[], section: FileColumnsMapping<string>): Record<string, MappedHeader> {
  const keys = headers.map(headerKey);
  const taken = new Set<number>();
  const placed: Record<string, MappedHeader> = {};
  const free = (name: string) => keys.findIndex((key, index) => !taken.has(index) && key === headerKey(name));
  const take = (names: readonly string[]): MappedHeader | undefined => {
    const indexes = names.map(free);
    if (indexes.some((index) => index < 0)) return undefined;
    for (const index of indexes) taken.add(index);
    const found = indexes.map((index) => headers[index]!);
    return found.length === 1 ? found[0]! : found;
  };
  const builtIn = FIELD_ALIASES[file] as Record<string, readonly string[]>;
  const fallback = FALLBACK_ALIASES[file] as Record<string, readonly string[] | undefined>;
  for (const field of fieldsOf(file)) {
    const candidates: MappedHeader[] = [];
    const mapped = (section.columns as Record<string, MappedHeader | undefined> | undefined)?.[field];
    if (mapped !== undefined) candidates.push(mapped);
    candidates.push(...((section.aliases as Record<string, readonly MappedHeader[] | undefined> | undefined)?.[field] ?? []));
    candidates.push(field, ...(builtIn[field] ?? []), ...(fallback[field] ?? []));
    for (const candidate of candidates) {
      const found = take(typeof candidate === 'string' ? [candidate] : candidate);
      if (found !== undefined) {
        placed[field] = found;
        break;
      }
    }
  }
  return placed;
}

/** The fields only one of the two files has: what tells a plans header from a contacts header. */
function ownFieldsOf(file: InputFile): readonly string[] {
  const other = new Set<string>(fieldsOf(file === 'plans' ? 'contacts' : 'plans'));
  return fieldsOf(file).filter((field) => !other.has(field));
}

/**
 * Which input a header looks like, whatever it was given as: the one a known export reads; else the
 * one whose needed columns it places (by the mapping's names too) when it places only one's; else
 * the one it has more fields of its own of (a contact's date, minutes, attendance; a plan's start
 * date, quantities, funding). Undefined when nothing tells them apart. inspect takes a file for
 * this when it is not named, and a run that cannot read a header says so when it is the other file's.
 */
export function judgeFileKind(
  headers: readonly string[],
  options: { readonly exports?: readonly KnownExport[] | undefined; readonly mapping?: Mapping | undefined } = {},
): InputFile | undefined {
  const files: readonly InputFile[] = ['contacts', 'plans'];
  const exports = options.exports ?? [];
  const known = files.find((file) => recogniseExport(file, headers, exports) !== undefined);
  if (known !== undefined) return known;
  const resolving = files.filter((file) => {
    const section = sectionOf(options.mapping, file);
    return resolveColumns(file, fieldsOf(file) as readonly (typeof PLAN_FIELDS)[number][], headers, section.columns, section.aliases).ok;
  });
  if (resolving.length === 1) return resolving[0];
  const ownPlaced = (file: InputFile) => {
    const placed = place(file, headers, sectionOf(options.mapping, file));
    return ownFieldsOf(file).filter((field) => field in placed).length;
  };
  const plans = ownPlaced('plans');
  const contacts = ownPlaced('contacts');
  return plans === contacts ? undefined : plans > contacts ? 'plans' : 'contacts';
}

export function inspectHeaders(
  headers: readonly string[],
  options: { readonly kind?: InputFile | undefined; readonly exports?: readonly KnownExport[] | undefined } = {},
): FileInspection {
  const exports = options.exports ?? [];
  const recognised = (file: InputFile) => recogniseExport(file, headers, exports)?.known;
  const judged = judgeFileKind(headers, { exports });
  const kind = options.kind ?? judged ?? 'plans';
  const knownExport = recognised(kind);
  const section = sectionOf(knownExport?.mapping, kind);
  const placed = place(kind, headers, section);
  const used = new Set(Object.values(placed).flatMap((header) => (typeof header === 'string' ? [header] : header)));
  const standIns = REQUIRED_STAND_INS[kind];
  const resolution = resolveColumns(kind, fieldsOf(kind) as readonly (typeof PLAN_FIELDS)[number][], headers, section.columns, section.aliases);
  return {
    headers,
    kind,
    looksLike: judged,
    knownExport,
    placed,
    unplacedHeaders: headers.filter((header) => !used.has(header)),
    missingRequired: REQUIRED_FIELDS[kind].filter((field) => !(field in placed) && !(standIns[field]?.every((standIn) => standIn in placed) ?? false)),
    problem: resolution.ok ? undefined : resolution.problem,
  };
}

/** How inspect had to read a file, for its mapping to say: an encoding other than UTF-8, a sheet asked for. */
export interface FileReadingFound {
  readonly encoding?: string | undefined;
  readonly sheet?: string | undefined;
}

/**
 * One mapping file for the files inspected: each file's placed columns (a key of several columns as
 * a list), and, for a file that looks like a known export, that export's value spellings, encoding
 * and Excel switch, so that the mapping reads the file with or without the preset. `reading`: how
 * each file had to be read (an encoding other than UTF-8, the sheet of a workbook). A required field
 * with no column gets a placeholder in its place, which a run refuses until it is filled in: left
 * out, the mapping would only stop the run as the file did, with nothing there to say what to write.
 */
export function mappingOfInspections(inspections: readonly FileInspection[], reading: Readonly<Partial<Record<InputFile, FileReadingFound>>> = {}): Mapping {
  const mapping: Record<string, object> = {};
  for (const inspection of inspections) {
    const { kind, placed, knownExport } = inspection;
    const known = knownExport?.mapping[kind];
    const encoding = reading[kind]?.encoding ?? known?.encoding;
    const sheet = reading[kind]?.sheet;
    mapping[kind] = {
      ...(encoding === undefined ? {} : { encoding }),
      ...(known?.excelDates === undefined ? {} : { excelDates: known.excelDates }),
      ...(sheet === undefined ? {} : { sheet }),
      columns: Object.fromEntries(
        fieldsOf(kind).flatMap((field) => {
          if (field in placed) return [[field, placed[field]]];
          return inspection.missingRequired.includes(field) ? [[field, columnPlaceholder(kind, field)]] : [];
        }),
      ),
      ...(known?.values === undefined ? {} : { values: known.values }),
    };
  }
  return mapping as Mapping;
}
