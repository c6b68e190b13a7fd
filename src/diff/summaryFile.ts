// The parts of a summary.json (README.md#outputs) that `diff` uses, validated with zod. Only those parts: its JSON
// lets later versions add fields without raising schemaVersion, so a summary written by a newer
// ehcp-recon must still load, and a field diff never reads is no reason to reject a file.
import { constants } from 'node:buffer';
import { z } from 'zod';
import { describeSchemaProblems } from '../schema/mapping.js';
import type { Headline } from '../result/summary.js';
import { STATUSES } from '../schema/vocabulary.js';

type NumericKeyOf<T> = { [K in keyof T]-?: T[K] extends number | null ? K : never }[keyof T];

/** A numeric field of the headline: the figures whose change diff reports. */
export type HeadlineFigure = NumericKeyOf<Headline>;

/**
 * How each headline figure is rounded in summary.json, so that its change is rounded the same way.
 * `satisfies Record<…>` makes the compiler name any numeric field added to Headline and not listed here.
 */
export const HEADLINE_FIGURE_KINDS = {
  childrenInScope: 'count',
  distinctChildren: 'count',
  notReceivingFullAllocation: 'count',
  worklistChildren: 'count',
  notReceivingShare: 'percent',
  noContact: 'count',
  requiredHours: 'hours',
  deliveredHours: 'hours',
  deliveredWithinPlanHours: 'hours',
  deliveredBeyondPlanHours: 'hours',
  deliveredShare: 'percent',
  hoursOwed: 'hours',
  shortfallWithinToleranceHours: 'hours',
  atRisk: 'count',
} as const satisfies Record<HeadlineFigure, 'count' | 'hours' | 'percent'>;

export type FigureKind = (typeof HEADLINE_FIGURE_KINDS)[HeadlineFigure];

/** Decimals of each kind of figure, as computeHeadline rounds them. */
export const FIGURE_DECIMALS = { count: 0, hours: 2, percent: 1 } as const satisfies Record<FigureKind, number>;

/** The figures in the order of the headline. */
export const HEADLINE_FIGURES = Object.keys(HEADLINE_FIGURE_KINDS) as HeadlineFigure[];

export const SUMMARY_SCHEMA_VERSION = 1;

/** The most characters one string can hold: a larger file cannot be parsed whole. */
const MAX_STRING_LENGTH = constants.MAX_STRING_LENGTH;

// A figure missing from an older file reads as null ("no value"), as a missing value is written in the JSON.
const figure = z.number().nullable().default(null);

const headlineSchema = z.object({
  ...(Object.fromEntries(HEADLINE_FIGURES.map((name) => [name, figure])) as Record<HeadlineFigure, typeof figure>),
  disciplines: z.array(z.string()),
});

const childYearSchema = z.object({
  childId: z.string(),
  discipline: z.string().min(1),
  status: z.enum(STATUSES),
  shortfallMinutes: z.number().int().nonnegative(),
  planEnd: z.iso.date().nullable(),
});

const keyedSchema = z.object({ keyFingerprint: z.string().min(1) });

/** A run-health warning as summary.json carries it; its figures are not needed here. */
const warningSchema = z.object({ code: z.string().min(1), message: z.string() });

const summarySchema = z.object({
  schemaVersion: z.literal(SUMMARY_SCHEMA_VERSION),
  year: z.string().min(1),
  asOf: z.iso.date(),
  options: z.object({ discipline: z.string().nullable().default(null) }),
  headline: headlineSchema,
  childYears: z.array(childYearSchema),
  // Written by versions that know about --pseudonymise; a file from before then has raw IDs.
  pseudonymisation: keyedSchema.nullable().default(null),
  // Written by versions that check run health; a file from before then has none recorded.
  warnings: z.array(warningSchema).default([]),
});

export type SummaryForDiff = z.infer<typeof summarySchema>;
export type ChildYearForDiff = SummaryForDiff['childYears'][number];

/** The key that matches a child-year across two summaries: child ID and discipline (JSON, so no separator can clash). */
export function childYearKey(childYear: { readonly childId: string; readonly discipline: string }): string {
  return JSON.stringify([childYear.childId, childYear.discipline]);
}

type SummaryReading = { summary: SummaryForDiff } | { problem: string };

/**
 * Parses summary.json's bytes. A file laid out as reconcile writes it, one record a line, is read a
 * line at a time, keeping of each child-year only the fields diff compares: a national summary.json
 * (700 MB at 650,000 children) is more text than one string can hold, and the whole document would
 * take gigabytes as objects. Any other layout (a file edited or re-saved by hand) is parsed whole.
 */
export function parseSummaryBytes(bytes: Buffer): SummaryReading {
  const byLines = summaryByLines(bytes);
  if (byLines !== undefined) return checkSummary(byLines);
  if (bytes.length > MAX_STRING_LENGTH) {
    return {
      problem: `is ${Math.round(bytes.length / 1e6).toLocaleString('en-GB')} MB and not laid out as "ehcp-recon reconcile --out" writes it (one child-year a line): a file this large can only be read in that layout`,
    };
  }
  return parseSummary(bytes.toString('utf8'));
}

/** Parses summary.json text; returns the parts diff uses, or what is wrong with it (a phrase to follow the file name). */
export function parseSummary(text: string): SummaryReading {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { problem: `is not valid JSON (${(error as Error).message})` };
  }
  return checkSummary(json);
}

const NEWLINE = 0x0a;
const COMMA = 0x2c;
const SPACE = 0x20;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** A top-level key as reconcile writes it, at two spaces' indent. */
const TOP_LEVEL_KEY = /^ {2}"((?:[^"\\]|\\.)*)":/;
/** A top-level array as reconcile writes it: the key on a line of its own, then one element a line. */
const ARRAY_OPENING = /^ {2}"([^"\\]+)": \[$/;
const ARRAY_CLOSING = /^ {2}\],?$/;

/**
 * The document diff needs, read a line at a time, or undefined when the bytes are not laid out as
 * jsonPieces writes a summary (compact elements, two-space indent), or when reading them by lines
 * could differ from a whole parse at all (a key given twice or written with an escape, a comma
 * missing or left over between elements): such a file is parsed whole. Each child-year is parsed on
 * its own and cut to what diff compares; the warnings are kept; the other arrays are skipped unread
 * (a value diff never reads is no reason to reject a file).
 */
function summaryByLines(bytes: Buffer): unknown {
  let start = bytes.subarray(0, UTF8_BOM.length).equals(UTF8_BOM) ? UTF8_BOM.length : 0;
  const outline: string[] = [];
  const keys = new Set<string>();
  const arrays = new Map<string, unknown[]>();
  let array: string | undefined;
  /** Whether the array's last element line ended in a comma; undefined before its first. */
  let lastHadComma: boolean | undefined;
  while (start < bytes.length) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline < 0 ? bytes.length : newline;
    const isElement = array !== undefined && bytes[start + 4] !== SPACE && bytes.subarray(start, start + 4).every((byte) => byte === SPACE) && end > start + 4;
    if (isElement) {
      if (lastHadComma === false) return undefined;
      lastHadComma = bytes[end - 1] === COMMA;
      const keep = ARRAYS_READ[array!];
      if (keep !== undefined) {
        let element: unknown;
        try {
          element = JSON.parse(bytes.toString('utf8', start + 4, lastHadComma ? end - 1 : end));
        } catch {
          return undefined;
        }
        arrays.get(array!)!.push(keep(element));
      }
    } else {
      const line = bytes.toString('utf8', start, end);
      if (outline.length === 0 && line !== '{') return undefined;
      if (array !== undefined) {
        if (!ARRAY_CLOSING.test(line) || lastHadComma === true) return undefined;
        array = undefined;
      } else {
        const key = TOP_LEVEL_KEY.exec(line)?.[1];
        if (key !== undefined && (key.includes('\\') || keys.has(key))) return undefined;
        if (key !== undefined) keys.add(key);
        array = ARRAY_OPENING.exec(line)?.[1];
        if (array !== undefined) {
          lastHadComma = undefined;
          arrays.set(array, []);
        }
      }
      outline.push(line);
    }
    start = end + 1;
  }
  if (array !== undefined || outline.at(-1) !== '}') return undefined;
  let document: unknown;
  try {
    document = JSON.parse(outline.join('\n'));
  } catch {
    return undefined;
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return undefined;
  const read = document as Record<string, unknown>;
  // Only an array read by lines is replaced: one written on a single line was parsed with the outline.
  for (const [key, elements] of arrays) if (ARRAYS_READ[key] !== undefined) read[key] = elements;
  return read;
}

/** The top-level arrays diff reads, and what it keeps of each element; the others are skipped unread. */
const ARRAYS_READ: Readonly<Record<string, (element: unknown) => unknown>> = {
  childYears: (element) => comparedFields(element),
  warnings: (element) => element,
};

/** A child-year's fields that diff compares; any other value is left for the schema to reject. */
function comparedFields(element: unknown): unknown {
  if (typeof element !== 'object' || element === null || Array.isArray(element)) return element;
  const { childId, discipline, status, shortfallMinutes, planEnd } = element as Record<string, unknown>;
  return { childId, discipline, status, shortfallMinutes, planEnd };
}

/** The parts diff uses of a parsed summary, or what is wrong with it. */
function checkSummary(json: unknown): SummaryReading {
  const version = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (typeof version === 'number' && Number.isInteger(version) && version > SUMMARY_SCHEMA_VERSION) {
    return {
      problem: `has schemaVersion ${version}, written by a newer ehcp-recon; this version reads schemaVersion ${SUMMARY_SCHEMA_VERSION}: upgrade ehcp-recon`,
    };
  }
  if (version !== SUMMARY_SCHEMA_VERSION) {
    return {
      problem: `is not an ehcp-recon summary (no "schemaVersion": ${SUMMARY_SCHEMA_VERSION}): give the summary.json written by "ehcp-recon reconcile --out", or its folder`,
    };
  }
  const parsed = summarySchema.safeParse(json);
  if (!parsed.success) {
    const problems = describeSchemaProblems(parsed.error);
    const more = problems.length > 3 ? ` and ${problems.length - 3} more` : '';
    return { problem: `is not a usable summary: ${problems.slice(0, 3).join('; ')}${more}` };
  }
  // Two rows with one key would make "which one changed" unanswerable; reconcile never writes them.
  const seen = new Set<string>();
  for (const childYear of parsed.data.childYears) {
    const key = childYearKey(childYear);
    if (seen.has(key)) return { problem: `lists child "${childYear.childId}" (${childYear.discipline}) twice in childYears: was it edited by hand?` };
    seen.add(key);
  }
  return { summary: parsed.data };
}
