// Inline SVG bar charts, drawn by hand: a handful of rectangles needs no charting library, and the
// page must work with no network. Each chart scales by its viewBox, names itself for screen readers
// (title and desc), labels both axes, and prints every value on its bar so that neither colour nor
// a ruler is needed to read it.
import { formatNumber } from '../headlineText.js';
import { html, type SafeHtml } from './escape.js';
import { coordinate as c, truncateLabel } from './format.js';

/** One hue, dark/mid/light, plus a hatch and an outline: five fills that stay apart in greyscale. */
export const PALETTE = {
  dark: '#16365c',
  mid: '#4a77a8',
  light: '#c5d6ea',
  ink: '#1b1f24',
  muted: '#55606b',
  grid: '#dde3ea',
} as const;

export type FillKind = 'dark' | 'mid' | 'light' | 'hatch' | 'outline';

export interface LegendEntry {
  readonly name: string;
  readonly fill: FillKind;
}

const WIDTH = 720;

function fillAttributes(kind: FillKind, chartId: string): SafeHtml {
  switch (kind) {
    case 'dark':
      return html`fill="${PALETTE.dark}"`;
    case 'mid':
      return html`fill="${PALETTE.mid}"`;
    case 'light':
      return html`fill="${PALETTE.light}" stroke="${PALETTE.dark}" stroke-width="0.8"`;
    case 'hatch':
      return html`fill="url(#${chartId}-hatch)" stroke="${PALETTE.dark}" stroke-width="0.8"`;
    case 'outline':
      return html`fill="#ffffff" stroke="${PALETTE.dark}" stroke-width="1.2" stroke-dasharray="4 3"`;
  }
}

/** A white outline behind text, so that labels stay legible where they cross a gridline or the axis. */
const HALO = html`paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"`;

function patternDefs(chartId: string): SafeHtml {
  return html`<defs><pattern id="${chartId}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${PALETTE.light}"/><line x1="0" y1="0" x2="0" y2="6" stroke="${PALETTE.dark}" stroke-width="2.4"/></pattern></defs>`;
}

function openSvg(chartId: string, height: number, title: string, description: string): SafeHtml {
  return html`<svg class="chart-svg" viewBox="0 0 ${WIDTH} ${c(height)}" role="img" aria-labelledby="${chartId}-title ${chartId}-desc" font-size="12"><title id="${chartId}-title">${title}</title><desc id="${chartId}-desc">${description}</desc>${patternDefs(chartId)}`;
}

function legend(chartId: string, entries: readonly LegendEntry[], x: number, y: number): SafeHtml {
  let cursor = x;
  const items = entries.map((entry) => {
    const item = html`<rect x="${c(cursor)}" y="${c(y - 10)}" width="12" height="12" ${fillAttributes(entry.fill, chartId)}/><text x="${c(cursor + 17)}" y="${c(y)}">${entry.name}</text>`;
    // An estimate of the text's width is enough here: the legend is short and left-aligned.
    cursor += 17 + Array.from(entry.name).length * 7 + 24;
    return item;
  });
  return html`<g class="legend">${items}</g>`;
}

export interface Scale {
  readonly max: number;
  readonly ticks: readonly number[];
  readonly decimals: number;
}

/** An axis from 0 to a round number just above `maxValue`, in steps of 1, 2, 2.5 or 5 × 10^k. */
export function niceScale(maxValue: number, isInteger: boolean): Scale {
  const target = 5;
  if (!(maxValue > 0)) return { max: 1, ticks: [0, 1], decimals: 0 };
  const raw = maxValue / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normal = raw / magnitude;
  const multiple = normal <= 1 ? 1 : normal <= 2 ? 2 : normal <= 2.5 ? 2.5 : normal <= 5 ? 5 : 10;
  let step = multiple * magnitude;
  if (isInteger) step = Math.max(1, Math.ceil(step));
  const count = Math.ceil(maxValue / step - 1e-9);
  const ticks = Array.from({ length: count + 1 }, (_, index) => index * step);
  let decimals = 0;
  while (decimals < 4 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-9) decimals++;
  return { max: count * step, ticks, decimals };
}

export interface Column {
  readonly value: number;
  readonly valueText: string;
  readonly fill: FillKind;
  /** The series this column belongs to, for the hover title. */
  readonly series: string;
}

export interface ColumnGroup {
  readonly category: string;
  readonly columns: readonly Column[];
  /** Drawn after a gap and a dashed rule: a category that is not part of the scale before it. */
  readonly isSeparate?: boolean;
}

export interface ColumnChart {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly groups: readonly ColumnGroup[];
  readonly legend: readonly LegendEntry[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly isInteger: boolean;
}

/** Vertical columns, grouped by category (terms, percent bands). */
export function drawColumnChart(chart: ColumnChart): SafeHtml {
  const height = 300;
  const margin = { left: 74, right: 12, top: 46, bottom: 62 };
  const plotWidth = WIDTH - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const baseline = margin.top + plotHeight;
  const maxValue = Math.max(0, ...chart.groups.flatMap((group) => group.columns.map((column) => column.value)));
  const scale = niceScale(maxValue, chart.isInteger);
  const yOf = (value: number) => baseline - (Math.max(0, value) / scale.max) * plotHeight;

  const gridlines = scale.ticks.map(
    (tick) =>
      html`<line x1="${margin.left}" x2="${WIDTH - margin.right}" y1="${c(yOf(tick))}" y2="${c(yOf(tick))}" stroke="${PALETTE.grid}"/><text x="${margin.left - 8}" y="${c(yOf(tick) + 4)}" text-anchor="end" fill="${PALETTE.muted}">${formatNumber(tick, scale.decimals)}</text>`,
  );

  const gapUnits = 0.6;
  const units = chart.groups.reduce((sum, group) => sum + 1 + (group.isSeparate ? gapUnits : 0), 0);
  const slot = units > 0 ? plotWidth / units : plotWidth;
  let cursor = margin.left;
  const groups = chart.groups.map((group) => {
    let separator: SafeHtml | null = null;
    if (group.isSeparate) {
      const x = cursor + (slot * gapUnits) / 2;
      separator = html`<line x1="${c(x)}" x2="${c(x)}" y1="${margin.top}" y2="${c(baseline + 30)}" stroke="${PALETTE.muted}" stroke-dasharray="3 3"/>`;
      cursor += slot * gapUnits;
    }
    const groupWidth = slot * 0.74;
    const columnWidth = group.columns.length > 0 ? groupWidth / group.columns.length : 0;
    const start = cursor + (slot - groupWidth) / 2;
    const columns = group.columns.map((column, index) => {
      const x = start + index * columnWidth;
      const y = yOf(column.value);
      const middle = x + columnWidth / 2;
      return html`<g><title>${group.category}, ${column.series}: ${column.valueText}</title><rect x="${c(x + 1)}" y="${c(y)}" width="${c(Math.max(0, columnWidth - 2))}" height="${c(baseline - y)}" ${fillAttributes(column.fill, chart.id)}/><text class="value" x="${c(middle)}" y="${c(y - 5)}" text-anchor="middle" font-size="11" ${HALO}>${column.valueText}</text></g>`;
    });
    const label = html`<text x="${c(cursor + slot / 2)}" y="${c(baseline + 18)}" text-anchor="middle">${truncateLabel(group.category, 18)}</text>`;
    cursor += slot;
    return html`${separator}${columns}${label}`;
  });

  const empty = chart.groups.length === 0 ? html`<text x="${c(margin.left + plotWidth / 2)}" y="${c(margin.top + plotHeight / 2)}" text-anchor="middle" fill="${PALETTE.muted}">No data</text>` : null;

  return html`${openSvg(chart.id, height, chart.title, chart.description)}${legend(chart.id, chart.legend, margin.left, 18)}<g class="grid">${gridlines}</g>${groups}${empty}<line x1="${margin.left}" x2="${WIDTH - margin.right}" y1="${c(baseline)}" y2="${c(baseline)}" stroke="${PALETTE.ink}"/><text class="axis-label" x="${c(margin.left + plotWidth / 2)}" y="${height - 10}" text-anchor="middle" font-weight="600">${chart.xLabel}</text><text class="axis-label" transform="translate(18 ${c(margin.top + plotHeight / 2)}) rotate(-90)" text-anchor="middle" font-weight="600">${chart.yLabel}</text></svg>`;
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly valueText: string;
  readonly fill: FillKind;
}

export interface BarChart {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly bars: readonly Bar[];
  /** Names what the bars are (provider, locality): printed above the labels. */
  readonly categoryLabel: string;
  readonly valueLabel: string;
  readonly isInteger: boolean;
  readonly legend?: readonly LegendEntry[];
}

/** Horizontal bars with the label above each bar, so that long provider names need no wrapping. */
export function drawBarChart(chart: BarChart): SafeHtml {
  const margin = { left: 8, right: 140, top: 36, bottom: 52 };
  const rowHeight = 38;
  const rows = Math.max(1, chart.bars.length);
  const plotWidth = WIDTH - margin.left - margin.right;
  const plotBottom = margin.top + rows * rowHeight;
  const height = plotBottom + margin.bottom;
  const maxValue = Math.max(0, ...chart.bars.map((bar) => bar.value));
  const scale = niceScale(maxValue, chart.isInteger);
  const xOf = (value: number) => margin.left + (Math.max(0, value) / scale.max) * plotWidth;

  const gridlines = scale.ticks.map(
    (tick) =>
      html`<line x1="${c(xOf(tick))}" x2="${c(xOf(tick))}" y1="${margin.top}" y2="${c(plotBottom)}" stroke="${PALETTE.grid}"/><text x="${c(xOf(tick))}" y="${c(plotBottom + 16)}" text-anchor="middle" fill="${PALETTE.muted}">${formatNumber(tick, scale.decimals)}</text>`,
  );
  const bars = chart.bars.map((bar, index) => {
    const top = margin.top + index * rowHeight;
    const end = xOf(bar.value);
    return html`<g><title>${bar.label}: ${bar.valueText}</title><text x="${margin.left + 3}" y="${c(top + 13)}" ${HALO}>${truncateLabel(bar.label, 90)}</text><rect x="${margin.left}" y="${c(top + 18)}" width="${c(end - margin.left)}" height="14" ${fillAttributes(bar.fill, chart.id)}/><text class="value" x="${c(end + 6)}" y="${c(top + 29.5)}" font-weight="600" ${HALO}>${bar.valueText}</text></g>`;
  });
  const empty = chart.bars.length === 0 ? html`<text x="${c(margin.left + plotWidth / 2)}" y="${c(margin.top + 20)}" text-anchor="middle" fill="${PALETTE.muted}">No data</text>` : null;
  const legendMarkup = chart.legend && chart.legend.length > 0 ? legend(chart.id, chart.legend, WIDTH / 2, 18) : null;

  return html`${openSvg(chart.id, height, chart.title, chart.description)}<text class="axis-label" x="${margin.left}" y="18" font-weight="600">${chart.categoryLabel}</text>${legendMarkup}<g class="grid">${gridlines}</g>${bars}${empty}<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${c(plotBottom)}" stroke="${PALETTE.ink}"/><text class="axis-label" x="${c(margin.left + plotWidth / 2)}" y="${c(height - 10)}" text-anchor="middle" font-weight="600">${chart.valueLabel}</text></svg>`;
}

