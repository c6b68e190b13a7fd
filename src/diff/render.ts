// The diff's renderers, picked by format name from one map.
import type { SummaryDiff } from './compare.js';
import { renderDiffCsv } from './csv.js';
import { renderDiffMarkdown } from './markdown.js';
import { renderDiffTable } from './table.js';

export const DIFF_FORMATS = ['table', 'json', 'csv', 'md'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export interface DiffRenderOptions {
  readonly color: boolean;
  /** Columns the table format fits its lines to (100 when not given). */
  readonly width?: number | undefined;
}

const RENDERERS = {
  table: (diff, options) => renderDiffTable(diff, options),
  json: (diff) => `${JSON.stringify(diff, null, 2)}\n`,
  csv: (diff) => renderDiffCsv(diff),
  md: (diff) => renderDiffMarkdown(diff),
} satisfies Record<DiffFormat, (diff: SummaryDiff, options: DiffRenderOptions) => string>;

export function renderDiff(diff: SummaryDiff, format: DiffFormat, options: DiffRenderOptions): string {
  return RENDERERS[format](diff, options);
}
