// Opening an input: opened once, said by fstat (not by its name) to be a plain file or a stream, checked
// first so that a folder or a missing file gets a plain sentence, and hashed as it streams past for the
// run manifest. Used by the main thread and by the contacts reader thread alike.
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { isRecycling, openInputChunks, type FileChunks, type RecyclingChunks } from './fileChunks.js';

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

/** An input opened for one read. */
export interface OpenedInput {
  /** Its bytes, hashed as they pass when a fingerprint was asked for. */
  readonly chunks: AsyncIterable<Uint8Array>;
  /**
   * A plain file: read again through the same descriptor (the duplicate rule), and checked for
   * change. Undefined for standard input, a FIFO, a pipe or a device, which are read once as they stream.
   */
  readonly file: FileChunks | undefined;
  /** A plain file's size when it was opened. */
  readonly size: number | undefined;
  close(): void;
}

/**
 * The file at `path` (not standard input), hashed and counted as it is read when `onFingerprint` is
 * given. `what` names it in messages: "contacts" gives "the contacts file".
 */
export async function openFileInput(path: string, what: string, onFingerprint?: (fingerprint: InputFingerprint) => void): Promise<OpenedInput> {
  let opened: Awaited<ReturnType<typeof openInputChunks>>;
  try {
    opened = await openInputChunks(path, what);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') throw new InputError(`the ${what} file "${path}" is a folder: give the path of a CSV file`);
    throw new InputError(`cannot read the ${what} file "${path}": ${describeFsError(error)}`);
  }
  const file = opened.kind === 'file' ? opened : undefined;
  return {
    chunks: onFingerprint === undefined ? opened : fingerprinted(opened, path, onFingerprint),
    file,
    size: file?.size,
    close: () => opened.close(),
  };
}

/** A stream given already open (standard input): read once, never closed here. */
export function streamInput(stream: AsyncIterable<Uint8Array>, path: string, onFingerprint?: (fingerprint: InputFingerprint) => void): OpenedInput {
  return {
    chunks: onFingerprint === undefined ? stream : fingerprinted(stream, path, onFingerprint),
    file: undefined,
    size: undefined,
    close: () => undefined,
  };
}

/**
 * Runs `read` and closes the input after. A plain file must still be as it was opened once `read` is
 * done: after its last byte and after the last row the duplicate rule read again, so that nothing read
 * came from a changed file. When the read fails and the file has changed meanwhile, the change is the
 * error: a broken quote or a bad byte in a file being rewritten is the rewrite's doing.
 */
export async function readThrough<T>(input: OpenedInput, read: () => Promise<T>): Promise<T> {
  try {
    const result = await read();
    input.file?.checkUnchanged();
    return result;
  } catch (error) {
    throw input.file?.changed() ?? error;
  } finally {
    input.close();
  }
}

/** The whole of a small input (the mapping file), opened as any input is, so that a FIFO works and never blocks. */
export async function readWholeInput(path: string, what: string, onFingerprint?: (fingerprint: InputFingerprint) => void): Promise<Buffer> {
  const input = await openFileInput(path, what, onFingerprint);
  return readThrough(input, async () => {
    const parts: Uint8Array[] = [];
    // No chunk is handed back, so each stays as it was read.
    for await (const chunk of input.chunks) parts.push(chunk);
    return Buffer.concat(parts);
  });
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file; check the path';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder; give the path of a file';
  return (error as Error).message;
}
