// Places each canonical field at a column of the file, once per file, before any row is read.
import { InputError } from '../errors.js';
import { CONTACT_FIELDS, FIELD_ALIASES, normaliseHeader, PLAN_FIELDS, REQUIRED_FIELDS, type ContactField, type PlanField } from './fields.js';
import type { Mapping } from './mapping.js';
import type { InputFile } from './vocabulary.js';
import { visible } from './visibleText.js';

/** Column index of each field (-1 when absent). */
export type ColumnPlan<F extends string> = { readonly [K in F]: number };

export type ColumnResolution<F extends string> =
  | { readonly ok: true; readonly columns: ColumnPlan<F> }
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
function headerKey(header: string): string {
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

export function resolveColumns<F extends PlanField | ContactField>(
  file: InputFile,
  fields: readonly F[],
  headers: readonly string[],
  mapped: Partial<Record<F, string>> | undefined,
  options: ColumnMessageOptions = {},
): ColumnResolution<F> {
  const normalised = headers.map(headerKey);
  const aliases = FIELD_ALIASES[file] as Record<F, readonly string[]>;
  const columns = {} as Record<F, number>;
  for (const field of fields) {
    const mappedHeader = mapped?.[field];
    if (mappedHeader !== undefined) {
      // The header exactly as the mapping writes it first, so that a mapping can choose between
      // "Child ID" and "child_id", which read alike; then forgivingly, as the built-in names are.
      const wanted = plainHeader(mappedHeader);
      let indexes = headers.flatMap((header, index) => (plainHeader(header) === wanted ? [index] : []));
      if (indexes.length === 0) indexes = normalised.flatMap((header, index) => (header === headerKey(mappedHeader) ? [index] : []));
      if (indexes.length === 0) {
        return {
          ok: false,
          problem: `the mapping file names column ${showHeader(mappedHeader)} for ${field}, but the ${file} file has no such header; ${headersFound(headers, options)}`,
        };
      }
      if (indexes.length > 1) {
        return {
          ok: false,
          problem: `the mapping file names column ${showHeader(mappedHeader)} for ${field}, but the ${file} file has ${indexes.length} columns of that name: ${listColumns(headers, indexes, options)}; rename the ones that are not ${field}`,
        };
      }
      columns[field] = indexes[0]!;
      continue;
    }
    const candidates = [field, ...aliases[field]].map(headerKey);
    const matches = normalised.flatMap((header, index) => (candidates.includes(header) ? [index] : []));
    // The field's own name wins over an alias when both are present.
    const exact = matches.filter((index) => normalised[index] === headerKey(field));
    if (exact.length > 1) {
      // Picking one would match on a column chosen by position, perhaps the wrong identifier or date.
      const isSameText = exact.every((index) => plainHeader(headers[index]!) === plainHeader(headers[exact[0]!]!));
      const advice = isSameText
        ? 'rename the ones that are not it (a mapping file cannot tell apart two columns of one name)'
        : 'name the one to use in a mapping file (--mapping), or rename the others';
      return { ok: false, problem: `the ${file} file has more than one column headed as ${field}: ${listColumns(headers, exact, options)}; ${advice}` };
    }
    if (exact.length === 0 && matches.length > 1) {
      return { ok: false, problem: `the ${file} file has more than one column that reads as ${field}: ${listColumns(headers, matches, options)}; name the one to use in a mapping file (--mapping)` };
    }
    columns[field] = exact[0] ?? matches[0] ?? -1;
  }
  for (const field of REQUIRED_FIELDS[file] as readonly F[]) {
    if (columns[field] < 0) {
      return {
        ok: false,
        problem: `the ${file} file has no ${field} column (read as "${field}" or ${aliases[field].map((alias) => `"${alias}"`).join(', ')}); ${headersFound(headers, options)}. Name the column in a mapping file (--mapping); "ehcp-recon inspect FILE" writes one to start from`,
      };
    }
  }
  if (file === 'plans') {
    const has = (field: string) => (columns as Record<string, number>)[field] !== undefined && (columns as Record<string, number>)[field]! >= 0;
    const quantified = (has('sessions') && has('session_minutes') && has('frequency')) || (has('hours') && has('frequency')) || has('provision');
    if (!quantified) {
      return {
        ok: false,
        problem: `the plans file has no quantity columns: it needs sessions, session_minutes and frequency, or hours and frequency, or a provision text column; ${headersFound(headers, options)}`,
      };
    }
  }
  return { ok: true, columns };
}

/** The columns of a contacts header, or an InputError naming what is missing. */
export function contactColumnsOf(header: readonly string[], source: string, mapping: Mapping, options: ColumnMessageOptions = {}): ColumnPlan<ContactField> {
  const resolution = resolveColumns('contacts', CONTACT_FIELDS, header, mapping.contacts?.columns, options);
  if (!resolution.ok) throw new InputError(`${source}: ${resolution.problem}`);
  return resolution.columns;
}

/** The columns of a plans header, or an InputError naming what is missing. */
export function planColumnsOf(header: readonly string[], source: string, mapping: Mapping, options: ColumnMessageOptions = {}): ColumnPlan<PlanField> {
  const resolution = resolveColumns('plans', PLAN_FIELDS, header, mapping.plans?.columns, options);
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
