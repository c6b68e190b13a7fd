// The reporters: one per output format, each rendering what reconcile, validate and explain produce.
// A format is a key of REPORTERS; the command line's --format choices are made from this table, so a
// new format is a new entry here and nothing else.
import type { ChildExplanation } from '../reconcile/explain.js';
import { hasWorkbookInput, type ReconciliationResult, type ValidationResult } from '../result/reconciliationResult.js';
import { inChunks, jsonPieces } from './chunks.js';
import { exceptionsCsv, reconciliationCsv } from './csvOutputs.js';
import { renderExplanation } from './explanation.js';
import { resultJson } from './json.js';
import { renderMarkdown, renderValidationMarkdown } from './markdown.js';
import { renderTable, renderValidationTable } from './table.js';

export interface ReportOptions {
  /** Colour for a terminal; the caller decides (never read from the environment here). */
  readonly color: boolean;
  /** Columns the table format fits its lines to: the terminal's, or 100 when not given (src/report/textLayout.ts). */
  readonly width?: number | undefined;
}

/** A format's renderers, as pieces to write in turn. A format without one for a kind does not offer it. */
export interface Reporter {
  readonly reconciliation: (result: ReconciliationResult, options: ReportOptions) => Iterable<string>;
  readonly validation: (validation: ValidationResult, options: ReportOptions) => Iterable<string>;
  readonly explanation?: (explanation: ChildExplanation, options: ReportOptions) => Iterable<string>;
}

function jsonDocument(value: unknown): string[] {
  return [`${JSON.stringify(value, null, 2)}\n`];
}

/** validate's JSON, as JSON.stringify would write it, with the exceptions streamed as they are read. */
function* validationJson(validation: ValidationResult): Generator<string> {
  yield* jsonPieces({ accounting: validation.accounting, exceptions: validation.exceptions, warnings: validation.warnings });
  yield '\n';
}

export const REPORTERS = {
  table: {
    reconciliation: (result, options) => [renderTable(result, options)],
    validation: (validation, options) => [renderValidationTable(validation, options)],
    explanation: (explanation, options) => [renderExplanation(explanation, options)],
  },
  json: {
    reconciliation: (result) => inChunks(resultJson(result)),
    validation: (validation) => inChunks(validationJson(validation)),
    explanation: (explanation) => jsonDocument(explanation),
  },
  csv: {
    reconciliation: (result) => inChunks(reconciliationCsv(result, false)),
    validation: (validation) => inChunks(exceptionsCsv(validation.exceptions, false, hasWorkbookInput(validation.inputs))),
  },
  md: {
    reconciliation: (result) => [renderMarkdown(result)],
    validation: (validation) => [renderValidationMarkdown(validation)],
  },
} as const satisfies Record<string, Reporter>;

export type Format = keyof typeof REPORTERS;

export const FORMATS = Object.keys(REPORTERS) as Format[];

/** What a reporter renders. */
export type ReportKind = keyof Reporter;

/** The formats that render `kind`, in the table's order. */
export function formatsFor(kind: ReportKind): Format[] {
  return FORMATS.filter((format) => (REPORTERS[format] as Reporter)[kind] !== undefined);
}

/** The renderer of `kind` in `format`; the caller offers only formatsFor(kind). */
export function reporterFor<K extends ReportKind>(format: Format, kind: K): NonNullable<Reporter[K]> {
  const render = (REPORTERS[format] as Reporter)[kind];
  if (render === undefined) throw new Error(`no ${kind} reporter for --format ${format}`);
  return render as NonNullable<Reporter[K]>;
}
