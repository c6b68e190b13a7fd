// Large outputs are produced as pieces and written as they come, so that a national run never holds a
// whole CSV or JSON file as one string. Pieces are gathered into chunks of about 1 MiB per write (fewer round trips to the file system).
import { memoise } from '../memo.js';

const CHUNK_CHARS = 1 << 20;

export function* inChunks(pieces: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const piece of pieces) {
    chunk += piece;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Distinct values a writer remembers before it starts afresh (see src/memo.ts). */
const REMEMBERED_VALUES = 10_000;

/**
 * `make`, remembered per distinct value: a national file repeats the same provider, date or number
 * of hours on thousands of rows, and each is formatted once.
 */
export function remembered<K, V>(make: (key: K) => V): (key: K) => V {
  return memoise(make, REMEMBERED_VALUES, 'keep');
}

/** Whole numbers below this are kept in an array, which is quicker to look up than a map. */
const SMALL_NUMBERS = 1 << 14;

/** The array of small numbers starts this long and doubles as larger ones come. */
const FIRST_SMALL_NUMBERS = 64;

/** remembered, for values that are mostly small whole numbers: minutes, counts, ranks (−0 counts as 0). */
export function rememberedNumbers(make: (value: number) => string): (value: number) => string {
  // Grown as needed: a workbook has a writer per number column of each sheet, and --split-by makes a
  // workbook per group; an array of SMALL_NUMBERS made for each writer at once was most of their cost.
  let small = new Array<string | undefined>(FIRST_SMALL_NUMBERS);
  const other = remembered(make);
  return (value) => {
    if (!(Number.isInteger(value) && value >= 0 && value < SMALL_NUMBERS)) return other(value);
    if (value >= small.length) {
      const grown = new Array<string | undefined>(Math.min(SMALL_NUMBERS, Math.max(small.length * 2, value + 1)));
      for (let index = 0; index < small.length; index++) grown[index] = small[index];
      small = grown;
    }
    let text = small[value];
    if (text === undefined) {
      text = make(value);
      small[value] = text;
    }
    return text;
  };
}

function indent(text: string, spaces: string): string {
  return text.replaceAll('\n', `\n${spaces}`);
}

/** An array element's JSON text, equal to JSON.stringify(element) for the elements it is given. */
export type ElementJson = (element: never) => string;

export interface JsonPiecesOptions {
  /** Each element of a top-level array on one line, instead of indented over many. */
  readonly compactElements?: boolean;
  /** With compactElements: per top-level key, a writer for that array's elements to use instead of JSON.stringify. */
  readonly elementJson?: Readonly<Record<string, ElementJson>>;
}

/** An array, or a list that makes its elements as it is read (such as the child-years of a result). */
function isList(value: unknown): value is Iterable<unknown> & { readonly length: number } {
  if (Array.isArray(value)) return true;
  const list = value as { length?: unknown; [Symbol.iterator]?: unknown } | null;
  return typeof list === 'object' && list !== null && typeof list.length === 'number' && typeof list[Symbol.iterator] === 'function';
}

/**
 * The pieces of JSON.stringify(object, null, 2), byte for byte, with each top-level array streamed an
 * element at a time. With `compactElements`, each element of a top-level array is written on one line
 * instead: a national summary.json is then a third of the size and still one record per line.
 */
export function* jsonPieces(object: Readonly<Record<string, unknown>>, options: JsonPiecesOptions = {}): Generator<string> {
  const entries = Object.entries(object).filter(([, value]) => value !== undefined && typeof value !== 'function');
  yield '{';
  let first = true;
  for (const [key, value] of entries) {
    yield `${first ? '' : ','}\n  ${JSON.stringify(key)}: `;
    first = false;
    if (isList(value) && value.length > 0) {
      const writer = options.elementJson?.[key] as ((element: unknown) => string) | undefined;
      yield '[';
      let i = 0;
      for (const item of value) {
        const element = options.compactElements ? (writer ?? JSON.stringify)(item) : indent(JSON.stringify(item, null, 2) ?? 'null', '    ');
        yield `${i++ === 0 ? '' : ','}\n    ${element ?? 'null'}`;
      }
      yield '\n  ]';
    } else {
      yield indent(JSON.stringify(value, null, 2), '  ');
    }
  }
  yield entries.length === 0 ? '}' : '\n}';
}
