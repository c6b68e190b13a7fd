// Opening an input once, and reading its bytes as chunks.
//
// What an input is comes from fstat after it is opened, never from its name. A plain file is read by
// position through the one descriptor opened for it, so that a row read again later (RecordRecall)
// comes from the same file, never from whatever the path names by then; its size, modification time
// and identity are noted at opening and checked when the read ends, before rows are read again and once
// all reading is done, so that a file truncated, rewritten or appended to while it is read stops the run
// instead of giving a report on part of it. A new file moved over the path changes nothing read: the
// descriptor still names the old file, which is read whole. Anything else that can be read (a FIFO, a process substitution such as
// /dev/fd/63, a character device) is read as it streams, as standard input is.
//
// Nothing here ever waits inside a system call: a FIFO is opened with O_NONBLOCK (so that opening one
// with no writer yet returns at once) and read through the event loop (epoll), and a device is read
// without blocking, pausing when it has nothing. A thread blocked in open() or read() cannot be
// stopped, and Node's exit waits for its thread pool: one such thread kept an interrupted run alive
// until kill -9.
//
// A plain file's bytes go into a few buffers used again and again. A read stream gives every chunk a
// buffer of its own, freed only when the garbage collector finds it dead. Reading a file of several
// gigabytes that way allocates and frees thousands of 1 MiB buffers: the C heap they come from grows
// with the ones awaiting collection and does not give the room back (a run's resident size stayed
// ~40 MB higher to its end), and their external memory sets off extra collections. Here a reader that
// is done with a chunk hands it back with `recycle`, and the next read goes into it. A chunk never
// handed back is simply left to the collector, so a reader that keeps chunks (or knows nothing of
// recycling) is always safe.
import { close, closeSync, constants, fstatSync, open, read, readSync } from 'node:fs';
import { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { InputError } from '../errors.js';

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
/** How long a device with nothing to read yet (a terminal, say) is left before it is asked again. */
const DEVICE_POLL_MS = 20;

/**
 * What a plain file was when it was opened. A file still being written (an export landing), truncated
 * or rewritten in place changes its size or its modification time; its device and inode say the
 * descriptor still names the file it was opened on. (A rewrite to the same length within the same tick
 * of the file system's clock as the write before it, a few milliseconds at most, would go unseen.)
 */
export interface FileIdentity {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
}

/** A plain file that can be read again by position, and asked whether it is still as it was opened. */
export interface RereadableFile {
  /** Reads up to `length` bytes at `position` into `buffer`; a recall is one small read, so it is synchronous. */
  readAt(buffer: Buffer, length: number, position: number): number;
  /** Throws the "changed while it was read" InputError when the file is no longer as it was opened. */
  checkUnchanged(): void;
}

/** The sentence for an input that changed under the run: one cause, one thing to do. */
export function inputChangedError(what: string): InputError {
  return new InputError(`the ${what} file changed while it was read: run again when the export is complete`);
}

/**
 * A plain file, read from its start by position through one descriptor. `what` names it in the
 * message for a change ("contacts"). Iterating reads it whole each time; at the end the file must
 * still be as it was opened, and every byte of it read.
 */
export class FileChunks implements RecyclingChunks, RereadableFile {
  readonly kind = 'file';
  /** Every buffer handed out and not yet back, by its memory. */
  private readonly out = new WeakSet<ArrayBuffer>();
  private readonly free: Buffer[] = [];
  private isClosed = false;

  /**
   * `ownsDescriptor`: close() closes it. The contacts reader thread reads through the main thread's
   * descriptor and leaves it open.
   */
  constructor(
    readonly descriptor: number,
    readonly identity: FileIdentity,
    private readonly what: string,
    private readonly ownsDescriptor: boolean,
    private readonly chunkBytes = FILE_CHUNK_BYTES,
  ) {}

  /** The file's size when it was opened. */
  get size(): number {
    return Number(this.identity.size);
  }

  recycle(chunk: Uint8Array): void {
    const memory = chunk.buffer as ArrayBuffer;
    if (!this.out.has(memory)) return;
    this.out.delete(memory);
    if (this.free.length < MAX_FREE_BUFFERS) this.free.push(Buffer.from(memory, 0, memory.byteLength));
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    let position = 0;
    // One read ahead: the next chunk is read on the thread pool while this one is parsed, so the
    // parser never waits for the disk or the page cache between chunks.
    let next: Promise<{ buffer: Buffer; bytesRead: number }> | undefined = this.readChunk(position);
    next.catch(() => undefined);
    try {
      for (;;) {
        const { buffer, bytesRead }: { buffer: Buffer; bytesRead: number } = await next;
        next = undefined;
        if (bytesRead === 0) {
          this.free.push(buffer);
          break;
        }
        position += bytesRead;
        next = this.readChunk(position);
        // Its failure is thrown where it is awaited, below; until then it must not count as unhandled.
        next.catch(() => undefined);
        this.out.add(buffer.buffer as ArrayBuffer);
        yield buffer.subarray(0, bytesRead);
      }
    } finally {
      // A reader that stops early leaves no read running on a descriptor about to be closed.
      if (next !== undefined) await next.catch(() => undefined);
    }
    // A truncation ends the reads early; an append or a rewrite moves the size or the time.
    const changed = this.changed(position);
    if (changed !== undefined) throw changed;
  }

  private async readChunk(position: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    // allocUnsafeSlow: a buffer of its own memory, never a slice of Node's shared pool.
    const buffer = this.free.pop() ?? Buffer.allocUnsafeSlow(this.chunkBytes);
    return { buffer, bytesRead: await readAsync(this.descriptor, buffer, buffer.length, position) };
  }

  readAt(buffer: Buffer, length: number, position: number): number {
    return readSync(this.descriptor, buffer, 0, length, position);
  }

  checkUnchanged(): void {
    const changed = this.changed();
    if (changed !== undefined) throw changed;
  }

  /** The error to report if the file is not as it was opened (or `bytesRead`, when given, is not all of it). */
  changed(bytesRead?: number): InputError | undefined {
    if (this.isClosed) return undefined;
    const now = fstatSync(this.descriptor, { bigint: true });
    const then = this.identity;
    const isSame = now.dev === then.dev && now.ino === then.ino && now.size === then.size && now.mtimeNs === then.mtimeNs;
    return isSame && (bytesRead === undefined || BigInt(bytesRead) === then.size) ? undefined : inputChangedError(this.what);
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    if (this.ownsDescriptor) closeSync(this.descriptor);
  }
}

/**
 * Anything else that can be read: a FIFO, a pipe (a process substitution), a character device. It can
 * be read once, as it streams; a reader that must read rows again keeps a copy (RecordRecall.spool).
 */
export class StreamChunks implements AsyncIterable<Uint8Array> {
  readonly kind = 'stream';
  private socket: Socket | undefined;
  private isStarted = false;
  private isClosed = false;

  constructor(
    private readonly descriptor: number,
    private readonly isPipe: boolean,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    if (this.isStarted || this.isClosed) throw new Error('a stream input can be read only once');
    this.isStarted = true;
    if (this.isPipe) {
      // libuv waits on a pipe through epoll: no thread is ever blocked, so a signal ends the run at once.
      // A FIFO opened before any writer reads nothing until one comes, and ends when the last one goes.
      const socket = new Socket({ fd: this.descriptor, readable: true, writable: false });
      this.socket = socket;
      try {
        for await (const chunk of socket) yield chunk as Buffer;
      } finally {
        this.close();
      }
      return;
    }
    // A device: read without blocking (the descriptor is O_NONBLOCK), waiting a little when it has nothing yet.
    try {
      for (;;) {
        const buffer = Buffer.allocUnsafe(FILE_CHUNK_BYTES);
        let bytesRead: number;
        try {
          bytesRead = await readAsync(this.descriptor, buffer, buffer.length, null);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') throw error;
          await sleep(DEVICE_POLL_MS);
          continue;
        }
        if (bytesRead === 0) return;
        yield buffer.subarray(0, bytesRead);
      }
    } finally {
      this.close();
    }
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    // The socket owns the descriptor once it is made.
    if (this.socket !== undefined) this.socket.destroy();
    else closeSync(this.descriptor);
  }
}

export type InputChunks = FileChunks | StreamChunks;

/**
 * Opens `path` for reading without waiting for anything (a FIFO with no writer yet opens at once), and
 * says from fstat what it is: a plain file to read by position, or a stream. A folder fails with
 * EISDIR, as opening one for reading does where the system refuses it itself. `what` names the input
 * in the message for a change.
 */
export async function openInputChunks(path: string, what: string, chunkBytes = FILE_CHUNK_BYTES): Promise<InputChunks> {
  const descriptor = await new Promise<number>((resolve, reject) => {
    open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0), (error, fd) => (error ? reject(error) : resolve(fd)));
  });
  try {
    const stats = fstatSync(descriptor, { bigint: true });
    if (stats.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, open '${path}'`), { code: 'EISDIR', path });
    // A plain file with no size may still have bytes (a /proc file): only a stream reads it truly.
    if (stats.isFile() && stats.size > 0n) {
      return new FileChunks(descriptor, { dev: stats.dev, ino: stats.ino, size: stats.size, mtimeNs: stats.mtimeNs }, what, true, chunkBytes);
    }
    return new StreamChunks(descriptor, stats.isFIFO() || stats.isSocket());
  } catch (error) {
    await new Promise((resolve) => close(descriptor, resolve));
    throw error;
  }
}

/**
 * The bytes of the file at `path`, in chunks of at most `chunkBytes`, whatever it is. The file is opened
 * on the first pull, so that an error to open it comes from the iterator as a read stream's would, and
 * closed when the reader stops.
 */
export function readFileChunks(path: string, chunkBytes = FILE_CHUNK_BYTES, what = 'input'): RecyclingChunks {
  let opened: InputChunks | undefined;
  return {
    recycle(chunk) {
      if (opened?.kind === 'file') opened.recycle(chunk);
    },
    async *[Symbol.asyncIterator]() {
      opened = await openInputChunks(path, what, chunkBytes);
      try {
        yield* opened;
      } finally {
        opened.close();
      }
    },
  };
}

function readAsync(descriptor: number, buffer: Buffer, length: number, position: number | null): Promise<number> {
  return new Promise((resolve, reject) => {
    read(descriptor, buffer, 0, length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead)));
  });
}
