// Places each canonical field at a column of the file, once per file, before any row is read.
import { InputError } from '../errors.js';
import {
  CONTACT_FIELDS,
  FALLBACK_ALIASES,
  FIELD_ALIASES,
  normaliseHeader,
  PLAN_FIELDS,
  REQUIRED_FIELDS,
  REQUIRED_STAND_INS,
  type ContactField,
  type PlanField,
} from './fields.js';
import type { FileColumnsMapping, MappedHeader, Mapping } from './mapping.js';
import type { InputFile } from './vocabulary.js';
import { visible } from './visibleText.js';

/** Column index of each field (-1 when absent). */
export type ColumnPlan<F extends string> = { readonly [K in F]: number };

/**
 * The columns of a contacts file. `contactKey`: the columns whose values together make a contact's
 * key, in order — one for a plain contact ID, several for a composite key (a CSDS care contact is
 * its service request and its care contact identifier), none without one. Left out, the key is
 * the contact_id column alone.
 */
export type ContactColumnPlan = ColumnPlan<ContactField> & { readonly contactKey?: readonly number[] };

export type ColumnResolution<F extends string> =
  | { readonly ok: true; readonly columns: ColumnPlan<F>; readonly keys: Readonly<Partial<Record<F, readonly number[]>>> }
  | { readonly ok: false; readonly problem: string };

/**
 * A header as a message shows it: quoted, JSON-escaped so that a control character (an escape
 * sequence that would recolour or clear the terminal) shows as \u001b instead of acting, and cut
 * short when it is long enough to be a whole file that never had a line break.
 */
function showHeader(header: string): string {
  const shown = JSON.stringify(header.length > 80 ? `${header.slice(0, 80)}…` : header);
  // JSON escapes C0 controls only; DEL, C1 controls and invisible format characters (a zero-width
  // space pasted from a web page) would still hide in the message, so they are spelled out too.
  return visible(shown);
}

/**
 * The matching key of a header: as fields.ts normalises it, less invisible format characters (zero-
 * width spaces and joiners, direction marks, a stray BOM), which Excel shows as nothing at all and a
 * reader could never see to remove.
 */
export function headerKey(header: string): string {
  return normaliseHeader(header.replace(FORMAT_CHARACTERS, ''));
}

const FORMAT_CHARACTERS = /\p{Cf}/gu;

export interface ColumnMessageOptions {
  /**
   * Quote no cell of the first row (--pseudonymise): a file without a header row has a row of data
   * there, child IDs and all, and a message goes to a terminal or a job's log. Columns are named by
   * their number instead.
   */
  readonly withholdsCells?: boolean | undefined;
}

/** "headers found: …", or under withholdsCells how many cells the first row has. */
function headersFound(headers: readonly string[], options: ColumnMessageOptions): string {
  if (options.withholdsCells === true) {
    return `the first row has ${headers.length} ${headers.length === 1 ? 'cell' : 'cells'}, not quoted under --pseudonymise (it may be a row of data)`;
  }
  const shown = headers.slice(0, 40).map(showHeader);
  return `headers found: ${shown.join(', ')}${headers.length > 40 ? `, … (${headers.length} in all)` : ''}`;
}

function listColumns(headers: readonly string[], indexes: readonly number[], options: ColumnMessageOptions): string {
  if (options.withholdsCells === true) return `columns ${indexes.map((index) => index + 1).join(' and ')}`;
  return indexes.map((index) => `${showHeader(headers[index] ?? '')} (column ${index + 1})`).join(' and ');
}

/** A header as written, less a stray byte-order mark and surrounding spaces: what a mapping names first. */
function plainHeader(header: string): string {
  return header.replace(/^\uFEFF/, '').trim();
}

/** Where a mapped header is: its columns, or the problem to report. */
type Found = { readonly indexes: readonly number[] } | { readonly problem: string };

/**
 * The columns of a header a mapping names: exactly as the mapping writes it first, so that a mapping
 * can choose between "Child ID" and "child_id", which read alike; then forgivingly, as the built-in
 * names are. One column each, or no columns when the file has no such header.
 */
function columnsNamed(headers: readonly string[], normalised: readonly string[], wanted: string): number[] {
  const plain = plainHeader(wanted);
  const exact = headers.flatMap((header, index) => (plainHeader(header) === plain ? [index] : []));
  return exact.length > 0 ? exact : normalised.flatMap((header, index) => (header === headerKey(wanted) ? [index] : []));
}

/** A header (or the headers of a key) a mapping's `columns` names: each must be in the file, once. */
function findMapped(
  file: InputFile,
  field: string,
  mapped: MappedHeader,
  headers: readonly string[],
  normalised: readonly string[],
  options: ColumnMessageOptions,
): Found {
  const indexes: number[] = [];
  for (const name of typeof mapped === 'string' ? [mapped] : mapped) {
    const found = columnsNamed(headers, normalised, name);
    if (found.length === 0) {
      return {
        problem: `the mapping file names column ${showHeader(name)} for ${field}, but the ${file} file has no such header; ${headersFound(headers, options)}`,
      };
    }
    if (found.length > 1) {
      return {
        problem: `the mapping file names column ${showHeader(name)} for ${field}, but the ${file} file has ${found.length} columns of that name: ${listColumns(headers, found, options)}; rename the ones that are not ${field}`,
      };
    }
    indexes.push(found[0]!);
  }
  return { indexes };
}

/** The first of a mapping's aliases for a field that is in the file (every column of a composite one), or undefined. */
function findAlias(
  file: InputFile,
  field: string,
  aliases: readonly MappedHeader[],
  headers: readonly string[],
  normalised: readonly string[],
  options: ColumnMessageOptions,
): Found | undefined {
  for (const alias of aliases) {
    const names = typeof alias === 'string' ? [alias] : alias;
    const found = names.map((name) => normalised.flatMap((header, index) => (header === headerKey(name) ? [index] : [])));
    if (found.some((indexes) => indexes.length === 0)) continue;
    const repeated = found.findIndex((indexes) => indexes.length > 1);
    if (repeated >= 0) {
      return {
        problem: `the ${file} file has ${found[repeated]!.length} columns that read as ${showHeader(names[repeated]!)} (${field}): ${listColumns(headers, found[repeated]!, options)}; name the one to use in a mapping file (--mapping), or rename the others`,
      };
    }
    return { indexes: found.map((indexes) => indexes[0]!) };
  }
  return undefined;
}

/**
 * Places each field at a column: the mapping's `columns` first, then its `aliases` in order, then the
 * field's own name, its built-in aliases and, failing those, its fallback aliases. Two columns that
 * read alike for one field stop the run rather than one being picked by position.
 */
export function resolveColumns<F extends PlanField | ContactField>(
  file: InputFile,
  fields: readonly F[],
  headers: readonly string[],
  mapped: FileColumnsMapping<F>['columns'],
  mappedAliases?: FileColumnsMapping<F>['aliases'],
  options: ColumnMessageOptions = {},
): ColumnResolution<F> {
  const normalised = headers.map(headerKey);
  const aliases = FIELD_ALIASES[file] as Record<F, readonly string[]>;
  const fallbacks = FALLBACK_ALIASES[file] as Partial<Record<F, readonly string[]>>;
  const columns = {} as Record<F, number>;
  const keys: Partial<Record<F, readonly number[]>> = {};
  for (const field of fields) {
    const mappedHeader = mapped?.[field];
    const found =
      mappedHeader !== undefined
        ? findMapped(file, field, mappedHeader, headers, normalised, options)
        : findAlias(file, field, mappedAliases?.[field] ?? [], headers, normalised, options);
    if (found !== undefined) {
      if ('problem' in found) return { ok: false, problem: found.problem };
      columns[field] = found.indexes[0]!;
      if (found.indexes.length > 1) keys[field] = found.indexes;
      continue;
    }
    const placed =
      placeByAliases(file, field, [field, ...aliases[field]], headers, normalised, options) ??
      placeByAliases(file, field, fallbacks[field] ?? [], headers, normalised, options);
    if (placed !== undefined && typeof placed !== 'number') return { ok: false, problem: placed.problem };
    columns[field] = placed ?? -1;
  }
  const has = (field: string) => ((columns as Record<string, number>)[field] ?? -1) >= 0;
  const standIns = REQUIRED_STAND_INS[file];
  for (const field of REQUIRED_FIELDS[file] as readonly F[]) {
    const standIn = standIns[field];
    if (has(field) || standIn?.every(has) === true) continue;
    const instead = standIn === undefined ? '' : ` or ${standIn.join(' and ')}`;
    return {
      ok: false,
      problem: `the ${file} file has no ${field} column (read as "${field}" or ${aliases[field].map((alias) => `"${alias}"`).join(', ')}${instead}); ${headersFound(headers, options)}. Name the column in a mapping file (--mapping); "ehcp-recon inspect FILE" writes one to start from`,
    };
  }
  if (file === 'plans') {
    const quantified = (has('sessions') && has('session_minutes') && has('frequency')) || (has('hours') && has('frequency')) || has('provision');
    if (!quantified) {
      return {
        ok: false,
        problem: `the plans file has no quantity columns: it needs sessions, session_minutes and frequency, or hours and frequency, or a provision text column; ${headersFound(headers, options)}`,
      };
    }
  }
  return { ok: true, columns, keys };
}

/**
 * The column a field's own name or aliases (`candidates`, the own name first) read as; undefined when
 * none is in the file; a problem when two columns read as it.
 */
function placeByAliases(
  file: InputFile,
  field: string,
  candidates: readonly string[],
  headers: readonly string[],
  normalised: readonly string[],
  options: ColumnMessageOptions,
): number | { problem: string } | undefined {
  const keys = candidates.map(headerKey);
  const matches = normalised.flatMap((header, index) => (keys.includes(header) ? [index] : []));
  if (matches.length === 0) return undefined;
  // The field's own name wins over an alias when both are present.
  const exact = matches.filter((index) => normalised[index] === headerKey(field));
  if (exact.length > 1) {
    // Picking one would match on a column chosen by position, perhaps the wrong identifier or date.
    const isSameText = exact.every((index) => plainHeader(headers[index]!) === plainHeader(headers[exact[0]!]!));
    const advice = isSameText
      ? 'rename the ones that are not it (a mapping file cannot tell apart two columns of one name)'
      : 'name the one to use in a mapping file (--mapping), or rename the others';
    return { problem: `the ${file} file has more than one column headed as ${field}: ${listColumns(headers, exact, options)}; ${advice}` };
  }
  if (exact.length === 0 && matches.length > 1) {
    return {
      problem: `the ${file} file has more than one column that reads as ${field}: ${listColumns(headers, matches, options)}; name the one to use in a mapping file (--mapping)`,
    };
  }
  return exact[0] ?? matches[0];
}

/** How many of `headers` a mapping's columns or aliases name: how much a file looks like the export the mapping was written for. */
export function countMappedHeaders(headers: readonly string[], mapping: FileColumnsMapping<string>): number {
  const named = new Set<string>();
  const add = (name: MappedHeader) => {
    for (const each of typeof name === 'string' ? [name] : name) named.add(headerKey(each));
  };
  for (const mapped of Object.values(mapping.columns ?? {}) as MappedHeader[]) add(mapped);
  for (const aliases of Object.values(mapping.aliases ?? {}) as MappedHeader[][]) for (const alias of aliases) add(alias);
  return headers.filter((header) => named.has(headerKey(header))).length;
}

/**
 * How many of `headers` read as some field of the file, by the mapping or the built-in names: how
 * much a row looks like the header. A title line or a data row reads as none.
 */
export function countRecognisedHeaders(file: InputFile, headers: readonly string[], mapping: FileColumnsMapping<string>): number {
  const known = new Set<string>();
  const fields: readonly string[] = file === 'plans' ? PLAN_FIELDS : CONTACT_FIELDS;
  const add = (name: MappedHeader) => {
    for (const each of typeof name === 'string' ? [name] : name) known.add(headerKey(each));
  };
  for (const field of fields) {
    add(field);
    for (const alias of (FIELD_ALIASES[file] as Record<string, readonly string[]>)[field] ?? []) add(alias);
    for (const alias of (FALLBACK_ALIASES[file] as Record<string, readonly string[] | undefined>)[field] ?? []) add(alias);
    const mapped = (mapping.columns as Record<string, MappedHeader | undefined> | undefined)?.[field];
    if (mapped !== undefined) add(mapped);
    for (const alias of (mapping.aliases as Record<string, readonly MappedHeader[] | undefined> | undefined)?.[field] ?? []) add(alias);
  }
  return headers.filter((header) => header.trim() !== '' && known.has(headerKey(header))).length;
}

/** The columns of a contacts header, or an InputError naming what is missing. */
export function contactColumnsOf(header: readonly string[], source: string, mapping: Mapping, options: ColumnMessageOptions = {}): ContactColumnPlan {
  const resolution = resolveColumns('contacts', CONTACT_FIELDS, header, mapping.contacts?.columns, mapping.contacts?.aliases, options);
  if (!resolution.ok) throw new InputError(`${source}: ${resolution.problem}`);
  const { contact_id: contactId } = resolution.columns;
  return { ...resolution.columns, contactKey: resolution.keys.contact_id ?? (contactId >= 0 ? [contactId] : []) };
}

/** The columns of a plans header, or an InputError naming what is missing. */
export function planColumnsOf(header: readonly string[], source: string, mapping: Mapping, options: ColumnMessageOptions = {}): ColumnPlan<PlanField> {
  const resolution = resolveColumns('plans', PLAN_FIELDS, header, mapping.plans?.columns, mapping.plans?.aliases, options);
  if (!resolution.ok) throw new InputError(`${source}: ${resolution.problem}`);
  return resolution.columns;
}

/** Value readers refuse a mapping alias whose target is not a value the tool knows: an input error. */
export function withMappingErrors<T>(create: () => T): T {
  try {
    return create();
  } catch (error) {
    throw new InputError(`the mapping file does not validate: ${(error as Error).message}`);
  }
}
