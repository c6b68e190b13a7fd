// A file's bytes as chunks read into a few buffers used again and again.
//
// A read stream gives every chunk a buffer of its own, freed only when the garbage collector finds it
// dead. Reading a file of several gigabytes that way allocates and frees thousands of 1 MiB buffers:
// the C heap they come from grows with the ones awaiting collection and does not give the room back
// (a run's resident size stayed ~40 MB higher to its end), and their external memory sets off extra
// collections. Here a reader that is done with a chunk hands it back with `recycle`, and the next read
// goes into it. A chunk never handed back is simply left to the collector, so a reader that keeps
// chunks (or knows nothing of recycling) is always safe.
import { open, type FileHandle } from 'node:fs/promises';

/** Chunks that a reader may hand back once nothing holds them or any view of them. */
export interface RecyclingChunks extends AsyncIterable<Uint8Array> {
  /**
   * The reader is done with this chunk and with every view of its memory: the next read may go into
   * it. Anything this source did not hand out (or handed out and got back already) is ignored.
   */
  recycle(chunk: Uint8Array): void;
}

export function isRecycling(chunks: AsyncIterable<Uint8Array>): chunks is RecyclingChunks {
  return typeof (chunks as Partial<RecyclingChunks>).recycle === 'function';
}

export const FILE_CHUNK_BYTES = 1 << 20;
/** Free buffers kept for the next reads; a reader holds at most one or two chunks at a time. */
const MAX_FREE_BUFFERS = 4;

/**
 * Reads the file at `path` from its current position on (so a pipe or a FIFO reads too), in chunks of
 * at most `chunkBytes`. The file is opened on the first pull, so that an error to open it comes from
 * the iterator as a read stream's would.
 */
export function readFileChunks(path: string, chunkBytes = FILE_CHUNK_BYTES): RecyclingChunks {
  /** Every buffer handed out and not yet back, by its memory. */
  const out = new WeakSet<ArrayBuffer>();
  const free: Buffer[] = [];
  return {
    recycle(chunk) {
      const memory = chunk.buffer as ArrayBuffer;
      if (!out.has(memory)) return;
      out.delete(memory);
      if (free.length < MAX_FREE_BUFFERS) free.push(Buffer.from(memory, 0, memory.byteLength));
    },
    async *[Symbol.asyncIterator]() {
      let handle: FileHandle | undefined = await open(path, 'r');
      try {
        for (;;) {
          // allocUnsafeSlow: a buffer of its own memory, never a slice of Node's shared pool.
          const buffer = free.pop() ?? Buffer.allocUnsafeSlow(chunkBytes);
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
          if (bytesRead === 0) break;
          out.add(buffer.buffer as ArrayBuffer);
          yield buffer.subarray(0, bytesRead);
        }
      } finally {
        const closing = handle;
        handle = undefined;
        await closing.close();
      }
    },
  };
}
