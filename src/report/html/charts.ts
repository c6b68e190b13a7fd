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

/**
 * A chart is drawn twice: wide for a screen or A4, and narrow for a phone, where the wide drawing
 * scaled down would make its 12-unit text about 6 px. The style sheet shows one of the two.
 */
export interface ChartLayout {
  readonly width: number;
  readonly isNarrow: boolean;
}

export const WIDE: ChartLayout = { width: 720, isNarrow: false };
/** Narrow enough that on a 390 px phone (358 px of page) its text is drawn at 12 px or a little more. */
export const NARROW: ChartLayout = { width: 340, isNarrow: true };

/** Units a character of 12-unit text takes, on average, in the system font: enough to wrap and truncate by. */
const CHARACTER_UNITS = 6.6;

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

/** The id of a chart in a layout: the narrow drawing's ids must differ from the wide one's on the same page. */
function idIn(chartId: string, layout: ChartLayout): string {
  return layout.isNarrow ? `${chartId}-narrow` : chartId;
}

function openSvg(chartId: string, layout: ChartLayout, height: number, title: string, description: string): SafeHtml {
  const kind = layout.isNarrow ? 'narrow' : 'wide';
  return html`<svg class="chart-svg ${kind}" viewBox="0 0 ${layout.width} ${c(height)}" role="img" aria-labelledby="${chartId}-title ${chartId}-desc" font-size="12"><title id="${chartId}-title">${title}</title><desc id="${chartId}-desc">${description}</desc>${patternDefs(chartId)}`;
}

function textUnits(text: string): number {
  return Array.from(text).length * CHARACTER_UNITS;
}

/** Words in lines of at most `width` units (a single long word keeps a line of its own). */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && textUnits(`${last} ${word}`) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Lines of text centred at x, the first at y: one <text>, with a <tspan> a line when there are more. */
function centredLines(lines: readonly string[], x: number, y: number, attributes: SafeHtml): SafeHtml {
  if (lines.length === 1) return html`<text ${attributes} x="${c(x)}" y="${c(y)}" text-anchor="middle">${lines[0]}</text>`;
  const spans = lines.map((line, index) => html`<tspan x="${c(x)}" dy="${index === 0 ? 0 : LINE_UNITS}">${line}</tspan>`);
  return html`<text ${attributes} x="${c(x)}" y="${c(y)}" text-anchor="middle">${spans}</text>`;
}

const LINE_UNITS = 15;

/** The legend from (x, y), wrapping to a new row before it would pass `right`; gives the rows it took. */
function legend(chartId: string, entries: readonly LegendEntry[], x: number, y: number, right: number): { markup: SafeHtml; rows: number } {
  let cursor = x;
  let row = 0;
  const items = entries.map((entry) => {
    const itemWidth = 17 + textUnits(entry.name);
    if (cursor > x && cursor + itemWidth > right) {
      cursor = x;
      row++;
    }
    const top = y + row * 18;
    const item = html`<rect x="${c(cursor)}" y="${c(top - 10)}" width="12" height="12" ${fillAttributes(entry.fill, chartId)}/><text x="${c(cursor + 17)}" y="${c(top)}">${entry.name}</text>`;
    // An estimate of the text's width is enough here: the legend is short and left-aligned.
    cursor += itemWidth + 24;
    return item;
  });
  return { markup: html`<g class="legend">${items}</g>`, rows: row + 1 };
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
export function drawColumnChart(chart: ColumnChart, layout: ChartLayout = WIDE): SafeHtml {
  const width = layout.width;
  const chartId = idIn(chart.id, layout);
  const margin = layout.isNarrow ? { left: 52, right: 8, top: 46, bottom: 62 } : { left: 74, right: 12, top: 46, bottom: 62 };
  const legendMarkup = legend(chartId, chart.legend, margin.left, 18, width - margin.right);
  margin.top += (legendMarkup.rows - 1) * 18;
  const plotWidth = width - margin.left - margin.right;
  const gapUnits = 0.6;
  const units = chart.groups.reduce((sum, group) => sum + 1 + (group.isSeparate ? gapUnits : 0), 0);
  const slot = units > 0 ? plotWidth / units : plotWidth;
  // Category labels that would run into each other are turned, and the plot leaves room below for them.
  const longestLabel = Math.max(0, ...chart.groups.map((group) => textUnits(truncateLabel(group.category, 18))));
  const isTurned = layout.isNarrow && longestLabel > slot - 4;
  const labelDepth = isTurned ? Math.ceil(longestLabel * Math.sin(Math.PI / 4)) + 10 : 0;
  const xLabelLines = layout.isNarrow ? wrapWords(chart.xLabel, plotWidth) : [chart.xLabel];
  margin.bottom += labelDepth + (xLabelLines.length - 1) * LINE_UNITS;
  const height = 300 + (margin.top - 46) + (margin.bottom - 62);
  const plotHeight = height - margin.top - margin.bottom;
  const baseline = margin.top + plotHeight;
  const maxValue = Math.max(0, ...chart.groups.flatMap((group) => group.columns.map((column) => column.value)));
  const scale = niceScale(maxValue, chart.isInteger);
  const yOf = (value: number) => baseline - (Math.max(0, value) / scale.max) * plotHeight;
  const valueSize = layout.isNarrow ? 12 : 11;

  const gridlines = scale.ticks.map(
    (tick) =>
      html`<line x1="${margin.left}" x2="${width - margin.right}" y1="${c(yOf(tick))}" y2="${c(yOf(tick))}" stroke="${PALETTE.grid}"/><text x="${margin.left - 8}" y="${c(yOf(tick) + 4)}" text-anchor="end" fill="${PALETTE.muted}">${formatNumber(tick, scale.decimals)}</text>`,
  );

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
      return html`<g><title>${group.category}, ${column.series}: ${column.valueText}</title><rect x="${c(x + 1)}" y="${c(y)}" width="${c(Math.max(0, columnWidth - 2))}" height="${c(baseline - y)}" ${fillAttributes(column.fill, chartId)}/><text class="value" x="${c(middle)}" y="${c(y - 5)}" text-anchor="middle" font-size="${valueSize}" ${HALO}>${column.valueText}</text></g>`;
    });
    const middle = cursor + slot / 2;
    const text = truncateLabel(group.category, 18);
    const label = isTurned
      ? html`<text x="${c(middle)}" y="${c(baseline + 14)}" text-anchor="end" transform="rotate(-45 ${c(middle)} ${c(baseline + 14)})">${text}</text>`
      : html`<text x="${c(middle)}" y="${c(baseline + 18)}" text-anchor="middle">${text}</text>`;
    cursor += slot;
    return html`${separator}${columns}${label}`;
  });

  const empty =
    chart.groups.length === 0
      ? html`<text x="${c(margin.left + plotWidth / 2)}" y="${c(margin.top + plotHeight / 2)}" text-anchor="middle" fill="${PALETTE.muted}">No data</text>`
      : null;
  const xLabel = centredLines(
    xLabelLines,
    margin.left + plotWidth / 2,
    height - 10 - (xLabelLines.length - 1) * LINE_UNITS,
    html`class="axis-label" font-weight="600"`,
  );

  return html`${openSvg(chartId, layout, height, chart.title, chart.description)}${legendMarkup.markup}<g class="grid">${gridlines}</g>${groups}${empty}<line x1="${margin.left}" x2="${width - margin.right}" y1="${c(baseline)}" y2="${c(baseline)}" stroke="${PALETTE.ink}"/>${xLabel}<text class="axis-label" transform="translate(${layout.isNarrow ? 14 : 18} ${c(margin.top + plotHeight / 2)}) rotate(-90)" text-anchor="middle" font-weight="600">${chart.yLabel}</text></svg>`;
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
export function drawBarChart(chart: BarChart, layout: ChartLayout = WIDE): SafeHtml {
  const width = layout.width;
  const chartId = idIn(chart.id, layout);
  const margin = { left: 8, right: layout.isNarrow ? 96 : 140, top: 36, bottom: 52 };
  const legendMarkup =
    chart.legend && chart.legend.length > 0
      ? legend(chartId, chart.legend, layout.isNarrow ? margin.left : width / 2, layout.isNarrow ? 36 : 18, width - 8)
      : null;
  if (legendMarkup !== null && layout.isNarrow) margin.top += legendMarkup.rows * 18;
  const rowHeight = 38;
  const rows = Math.max(1, chart.bars.length);
  const plotWidth = width - margin.left - margin.right;
  const plotBottom = margin.top + rows * rowHeight;
  const height = plotBottom + margin.bottom;
  const maxValue = Math.max(0, ...chart.bars.map((bar) => bar.value));
  const scale = niceScale(maxValue, chart.isInteger);
  const xOf = (value: number) => margin.left + (Math.max(0, value) / scale.max) * plotWidth;
  // A label runs the whole width above its bar: as many characters as fit, then "…".
  const labelCharacters = layout.isNarrow ? Math.floor((width - margin.left - 3) / CHARACTER_UNITS) : 90;

  const gridlines = scale.ticks.map(
    (tick) =>
      html`<line x1="${c(xOf(tick))}" x2="${c(xOf(tick))}" y1="${margin.top}" y2="${c(plotBottom)}" stroke="${PALETTE.grid}"/><text x="${c(xOf(tick))}" y="${c(plotBottom + 16)}" text-anchor="middle" fill="${PALETTE.muted}">${formatNumber(tick, scale.decimals)}</text>`,
  );
  const bars = chart.bars.map((bar, index) => {
    const top = margin.top + index * rowHeight;
    const end = xOf(bar.value);
    return html`<g><title>${bar.label}: ${bar.valueText}</title><text x="${margin.left + 3}" y="${c(top + 13)}" ${HALO}>${truncateLabel(bar.label, labelCharacters)}</text><rect x="${margin.left}" y="${c(top + 18)}" width="${c(end - margin.left)}" height="14" ${fillAttributes(bar.fill, chartId)}/><text class="value" x="${c(end + 6)}" y="${c(top + 29.5)}" font-weight="600" ${HALO}>${bar.valueText}</text></g>`;
  });
  const empty =
    chart.bars.length === 0
      ? html`<text x="${c(margin.left + plotWidth / 2)}" y="${c(margin.top + 20)}" text-anchor="middle" fill="${PALETTE.muted}">No data</text>`
      : null;

  return html`${openSvg(chartId, layout, height, chart.title, chart.description)}<text class="axis-label" x="${margin.left}" y="18" font-weight="600">${chart.categoryLabel}</text>${legendMarkup?.markup ?? null}<g class="grid">${gridlines}</g>${bars}${empty}<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${c(plotBottom)}" stroke="${PALETTE.ink}"/><text class="axis-label" x="${c(margin.left + plotWidth / 2)}" y="${c(height - 10)}" text-anchor="middle" font-weight="600">${chart.valueLabel}</text></svg>`;
}
