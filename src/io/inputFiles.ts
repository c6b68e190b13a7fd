// Opening an input file: a plain file read in reused chunks, checked first so that a folder or a
// missing file gets a plain sentence, and hashed as it streams past for the run manifest. Used by the
// main thread and by the contacts reader thread alike.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { isRecycling, readFileChunks, type RecyclingChunks } from './fileChunks.js';

/** What was read of an input, for the run manifest: a report can always be traced to its data. */
export interface InputFingerprint {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** Passes the bytes through unchanged while hashing and counting them: no second read of the file. */
export function fingerprinted(input: AsyncIterable<Uint8Array>, path: string, sink: (fingerprint: InputFingerprint) => void): AsyncIterable<Uint8Array> {
  const chunks: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const chunk of input) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
      sink({ path, bytes, sha256: hash.digest('hex') });
    },
  };
  // The hash is made as each chunk passes, so a chunk handed back is free here too.
  if (!isRecycling(input)) return chunks;
  const recycling: RecyclingChunks = { [Symbol.asyncIterator]: () => chunks[Symbol.asyncIterator](), recycle: (chunk) => input.recycle(chunk) };
  return recycling;
}

/** A file (not standard input), hashed and counted as it is read when `onFingerprint` is given. */
export async function openFileInput(path: string, what: string, onFingerprint?: (fingerprint: InputFingerprint) => void): Promise<AsyncIterable<Uint8Array>> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError(`the ${what} file "${path}" is a folder: give the path of a CSV file`);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read the ${what} file "${path}": ${describeFsError(error)}`);
  }
  const chunks = readFileChunks(path);
  return onFingerprint === undefined ? chunks : fingerprinted(chunks, path, onFingerprint);
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file; check the path';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
}
