// Places each canonical field at a column of the file, once per file, before any row is read.
import { FIELD_ALIASES, normaliseHeader, REQUIRED_FIELDS, type ContactField, type PlanField } from './fields.js';
import type { InputFile } from './vocabulary.js';

/** Column index of each field (-1 when absent). */
export type ColumnPlan<F extends string> = { readonly [K in F]: number };

export type ColumnResolution<F extends string> =
  | { readonly ok: true; readonly columns: ColumnPlan<F> }
  | { readonly ok: false; readonly problem: string };

function listHeaders(headers: readonly string[]): string {
  const shown = headers.slice(0, 40).map((header) => `"${header}"`);
  return shown.join(', ') + (headers.length > 40 ? `, … (${headers.length} in all)` : '');
}

export function resolveColumns<F extends PlanField | ContactField>(
  file: InputFile,
  fields: readonly F[],
  headers: readonly string[],
  mapped: Partial<Record<F, string>> | undefined,
): ColumnResolution<F> {
  const normalised = headers.map(normaliseHeader);
  const aliases = FIELD_ALIASES[file] as Record<F, readonly string[]>;
  const columns = {} as Record<F, number>;
  for (const field of fields) {
    const mappedHeader = mapped?.[field];
    if (mappedHeader !== undefined) {
      const index = normalised.indexOf(normaliseHeader(mappedHeader));
      if (index < 0) {
        return {
          ok: false,
          problem: `the mapping file names column "${mappedHeader}" for ${field}, but the ${file} file has no such header; headers found: ${listHeaders(headers)}`,
        };
      }
      columns[field] = index;
      continue;
    }
    const candidates = [field, ...aliases[field]].map(normaliseHeader);
    const matches = normalised.flatMap((header, index) => (candidates.includes(header) ? [index] : []));
    // The field's own name wins over an alias when both are present.
    const exact = matches.find((index) => normalised[index] === normaliseHeader(field));
    const chosen = exact ?? matches[0] ?? -1;
    if (exact === undefined && matches.length > 1) {
      const names = matches.map((index) => `"${headers[index]}" (column ${index + 1})`).join(' and ');
      return { ok: false, problem: `the ${file} file has more than one column that reads as ${field}: ${names}; name the one to use in a mapping file (--mapping)` };
    }
    if (exact !== undefined && matches.filter((index) => normalised[index] === normalised[exact]).length > 1) {
      return { ok: false, problem: `the ${file} file has the header "${headers[exact]}" more than once; rename one or name the one to use in a mapping file (--mapping)` };
    }
    columns[field] = chosen;
  }
  for (const field of REQUIRED_FIELDS[file] as readonly F[]) {
    if (columns[field] < 0) {
      return {
        ok: false,
        problem: `the ${file} file has no ${field} column (read as "${field}" or ${aliases[field].map((alias) => `"${alias}"`).join(', ')}); headers found: ${listHeaders(headers)}. Name the column in a mapping file (--mapping); "ehcp-recon inspect FILE" writes one to start from`,
      };
    }
  }
  if (file === 'plans') {
    const has = (field: string) => (columns as Record<string, number>)[field] !== undefined && (columns as Record<string, number>)[field]! >= 0;
    const quantified = (has('sessions') && has('session_minutes') && has('frequency')) || (has('hours') && has('frequency')) || has('provision');
    if (!quantified) {
      return {
        ok: false,
        problem: `the plans file has no quantity columns: it needs sessions, session_minutes and frequency, or hours and frequency, or a provision text column; headers found: ${listHeaders(headers)}`,
      };
    }
  }
  return { ok: true, columns };
}
