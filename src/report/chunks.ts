// Large outputs are produced as pieces and written as they come, so that a national run never holds a
// whole CSV or JSON file as one string. Pieces are gathered into chunks of about 1 MiB per write (fewer round trips to the file system).

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

function indent(text: string, spaces: string): string {
  return text.replaceAll('\n', `\n${spaces}`);
}

/**
 * The pieces of JSON.stringify(object, null, 2), byte for byte, with each top-level array streamed an
 * element at a time. With `compactElements`, each element of a top-level array is written on one line
 * instead: a national summary.json is then a third of the size and still one record per line.
 */
export function* jsonPieces(object: Readonly<Record<string, unknown>>, options: { readonly compactElements?: boolean } = {}): Generator<string> {
  const entries = Object.entries(object).filter(([, value]) => value !== undefined && typeof value !== 'function');
  yield '{';
  let first = true;
  for (const [key, value] of entries) {
    yield `${first ? '' : ','}\n  ${JSON.stringify(key)}: `;
    first = false;
    if (Array.isArray(value) && value.length > 0) {
      yield '[';
      for (let i = 0; i < value.length; i++) {
        const element = options.compactElements ? JSON.stringify(value[i]) : indent(JSON.stringify(value[i], null, 2) ?? 'null', '    ');
        yield `${i === 0 ? '' : ','}\n    ${element ?? 'null'}`;
      }
      yield '\n  ]';
    } else {
      yield indent(JSON.stringify(value, null, 2), '  ');
    }
  }
  yield entries.length === 0 ? '}' : '\n}';
}
