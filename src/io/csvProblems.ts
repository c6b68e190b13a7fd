// Run-stopping problems with a CSV file, as data first and words last: tests and callers can look at
// `problem.code` and `problem.line`, and all wording lives in the one switch below.
import { InputError } from '../errors.js';
import type { Encoding } from './csvTypes.js';

/** Characters in one field (1 MiB): far beyond any real cell, near enough to stop a runaway quote early. */
export const MAX_FIELD_CHARS = 1 << 20;
export const MAX_FIELDS_PER_RECORD = 10_000;
/**
 * Bytes in one record (16 MB): a thousand times a long real row. Below the field limits a record can
 * still run to gigabytes (10,000 fields of 1 MB); one that long is not an export, and reading it would
 * hold it whole in memory, again and again as each chunk joins it.
 */
export const MAX_RECORD_BYTES = 16_000_000;

export type CsvProblem =
  | { readonly code: 'unreadable'; readonly source: string; readonly reason: string }
  | { readonly code: 'empty'; readonly source: string }
  /** `isReadableByPath`: the caller reads an .xlsx workbook given by its path, just not as a stream. */
  | { readonly code: 'workbook'; readonly source: string; readonly format: 'xlsx' | 'xls'; readonly isReadableByPath?: boolean }
  | { readonly code: 'nul-bytes'; readonly source: string; readonly likelyEncoding: Encoding | undefined }
  /** `givenEncoding`: --encoding named another, which the UTF-8 start of the file overruled. */
  | { readonly code: 'invalid-utf-8'; readonly source: string; readonly line: number; readonly givenEncoding?: Encoding }
  | { readonly code: 'unclosed-quote'; readonly source: string; readonly line: number }
  | { readonly code: 'text-after-quote'; readonly source: string; readonly line: number }
  /** `isQuoted`: the field is a quoted one, so the likelier cause is a closing quote that never comes. */
  | { readonly code: 'field-too-long'; readonly source: string; readonly line: number; readonly isQuoted?: boolean }
  | { readonly code: 'too-many-fields'; readonly source: string; readonly line: number }
  | { readonly code: 'record-too-long'; readonly source: string; readonly line: number; readonly limit: number }
  | { readonly code: 'parser-failure'; readonly source: string; readonly line: number; readonly detail: string };

export function describeCsvProblem(problem: CsvProblem): string {
  const at = (line: number) => `${problem.source}: line ${line}: `;
  switch (problem.code) {
    case 'unreadable':
      return `cannot read ${problem.source}: ${problem.reason}`;
    case 'empty':
      return `${problem.source} is empty: expected a header row`;
    case 'workbook':
      // A zip is read from its end (its central directory), which a stream or a pipe cannot give.
      if (problem.format === 'xlsx' && problem.isReadableByPath === true)
        return `${problem.source} is an .xlsx workbook (or another zip file), which cannot be read as a stream: give the workbook's own path instead, as --plans FILE.xlsx or --contacts FILE.xlsx`;
      return `${problem.source} is a spreadsheet workbook (${problem.format === 'xlsx' ? '.xlsx or another zip file' : '.xls'}), not a CSV file: save it from Excel as "CSV UTF-8 (Comma delimited)" and pass that file`;
    case 'nul-bytes':
      return (
        `${problem.source} does not look like a text CSV file (it contains NUL bytes)` +
        (problem.likelyEncoding === undefined ? '' : `; if it is UTF-16 text without a byte-order mark, pass --encoding ${problem.likelyEncoding}`)
      );
    case 'invalid-utf-8':
      return problem.givenEncoding === undefined
        ? `${problem.source} does not look like a text CSV file (line ${problem.line} is not valid UTF-8); if it is, pass --encoding windows-1252`
        : `${at(problem.line)}this line is not valid UTF-8, though the file's first 64 KiB are, so it was read as UTF-8 rather than ${problem.givenEncoding}: the file mixes encodings; save it again from its source as UTF-8`;
    case 'unclosed-quote':
      return `${at(problem.line)}a quoted field opened here is never closed`;
    case 'text-after-quote':
      return `${at(problem.line)}text follows a closing quote before the next delimiter; a quote inside a quoted field must be doubled ("")`;
    case 'field-too-long':
      return problem.isQuoted === true
        ? `${at(problem.line)}a quoted field opened here runs on for more than 1 MB — is its closing quote missing?`
        : `${at(problem.line)}a field is longer than 1 MB — is this a CSV file?`;
    case 'too-many-fields':
      return `${at(problem.line)}a record has more than ${MAX_FIELDS_PER_RECORD.toLocaleString('en-GB')} fields — is this a CSV file, and is the delimiter right?`;
    case 'record-too-long':
      return `${at(problem.line)}a record of more than ${Math.floor(problem.limit / 1_000_000)} MB starts on this line — is the file a CSV export?`;
    case 'parser-failure':
      return `${at(problem.line)}${problem.detail}`;
  }
}

/** An unusable CSV input (exit 3), carrying the problem as data. */
export class CsvInputError extends InputError {
  readonly problem: CsvProblem;

  constructor(problem: CsvProblem, options?: ErrorOptions) {
    super(describeCsvProblem(problem), options);
    this.problem = problem;
  }
}
