// Words and numbers as a board paper prints them. Nothing here reads the clock or the locale of the
// machine: the same result must give the same bytes everywhere.
import { formatNumber } from '../headlineText.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2026-03-31` → `31 March 2026`; anything that is not an ISO date is shown as given. */
export function formatLongDate(iso: string | null): string {
  if (iso === null) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || month === undefined) return iso;
  return `${Number(match[3])} ${month} ${match[1]}`;
}

export function formatHours(hours: number): string {
  return formatNumber(hours, 2);
}

export function formatPercent(percent: number | null, decimals = 1): string {
  return percent === null ? '—' : `${formatNumber(percent, decimals)}%`;
}

/** Hours to two decimals, the same rounding as the JSON, from summed two-decimal values. */
export function roundHours(hours: number): number {
  return Math.round(hours * 100) / 100;
}

export function shareOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part * 1000) / whole) / 10;
}

/** SVG coordinates to one decimal: short, and free of floating-point tails such as 0.30000000000000004. */
export function coordinate(value: number): string {
  const fixed = value.toFixed(1);
  return fixed.endsWith('.0') ? fixed.slice(0, -2) : fixed;
}

/** Shortens a label to `max` characters (code points, so a surrogate pair is never split). */
export function truncateLabel(label: string, max: number): string {
  const characters = Array.from(label);
  return characters.length <= max ? label : `${characters.slice(0, max - 1).join('')}…`;
}

const DISCIPLINE_NAMES: Readonly<Record<string, string>> = {
  OT: 'occupational therapy',
  SLT: 'speech and language therapy',
  PT: 'physiotherapy',
};

export function disciplineName(code: string): string {
  return DISCIPLINE_NAMES[code] ?? code;
}

export function capitalise(text: string): string {
  return text.length === 0 ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

/** `a`, `a and b`, `a, b and c`. */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
