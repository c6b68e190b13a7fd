// Output files are written whole or not at all (README.md#outputs): each goes to a temporary name in the target
// folder, is flushed to disk, and only when every one is written are they renamed into place. A
// rename within one folder replaces the old file in one step, so a reader never sees half a file.
//
// Renames are not undoable: if the second of two renames failed, the first file would already be
// new. Everything likely to fail (permissions, a full disk, a folder in the way) fails while writing
// the temporaries, before any rename, and then nothing at the targets has changed.
import { randomBytes } from 'node:crypto';
import { renameSync, rmdirSync, rmSync } from 'node:fs';
import { lstat, mkdir, open, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';

export interface OutputFile {
  /** A plain file name inside the target folder. */
  readonly name: string;
  /** The whole content, or its pieces in order (so a large output need not be one string in memory). */
  readonly content: string | Uint8Array | Iterable<string>;
}

export interface AtomicWriteOptions {
  /** Paths that must never be replaced: the inputs. */
  readonly protectedPaths?: readonly string[] | undefined;
}

// Temporaries on disk right now, for a SIGINT/SIGTERM handler to delete on the way out.
const liveTemporaries = new Set<string>();
// Folders that writes in flight had to make: each target folder, with the outermost folder made for it.
const liveFolders = new Map<string, string>();
// The temporaries of writes that have begun renaming, with their targets, and those writes' folders.
const committing = new Map<string, string>();
const committingFolders = new Set<string>();
/** Some write of this process has put a file in place (and so, stopped or not, will have finished). */
let hasPutFilesInPlace = false;

/**
 * Settles the writes still in flight, synchronously, for a signal or exit handler. A write still making
 * its files is undone: its temporary files are deleted, and the folders it made when nothing else is in
 * them. A write already renaming its files into place is finished instead: a folder half of new files
 * and half of old ones would match no run. Says which happened: "finished" when a write of this
 * process has put its files in place, now or before (the run may be stopped after its outputs).
 */
export function settleWritesSync(): 'finished' | 'undone' {
  const outcome = hasPutFilesInPlace || committing.size > 0 ? 'finished' : 'undone';
  for (const [temporary, target] of committing) {
    try {
      renameSync(temporary, target);
    } catch {
      // Renamed already by the write itself, just now.
    }
    liveTemporaries.delete(temporary);
  }
  committing.clear();
  for (const path of liveTemporaries) {
    try {
      rmSync(path, { force: true });
    } catch {
      // Exiting anyway; one stray temporary is better than a second error on the way out.
    }
  }
  liveTemporaries.clear();
  for (const [folder, outermost] of liveFolders) if (!committingFolders.has(folder)) removeMadeFoldersSync(folder, outermost);
  liveFolders.clear();
  committingFolders.clear();
  hasPutFilesInPlace = false;
  return outcome;
}

/** Removes `folder` and the folders above it up to `outermost`, each only while it is empty. */
function removeMadeFoldersSync(folder: string, outermost: string): void {
  for (let at = folder; ; at = dirname(at)) {
    try {
      rmdirSync(at);
    } catch {
      return;
    }
    if (at === outermost || dirname(at) === at) return;
  }
}

/** The temporary files of writes in flight. */
export function temporaryFilesInFlight(): readonly string[] {
  return [...liveTemporaries];
}

/**
 * Writes `files` into `dir` (created if missing) all at once: every file to a temporary name, flushed,
 * then each renamed into place. On failure the temporaries are removed, files already at the targets
 * are left as they were, and a UsageError (exit 2) says what to do. Refuses, before touching anything,
 * to write over a path in `protectedPaths` (compared after resolving symbolic links).
 */
export async function writeFilesAtomically(dir: string, files: readonly OutputFile[], options: AtomicWriteOptions = {}): Promise<void> {
  const staging = await stageFiles(dir, files.map((file) => file.name), options);
  // Each file is flushed to disk while the next one is made; the renames wait for every flush.
  const flushes: Promise<void>[] = [];
  try {
    for (const file of files) flushes.push((await writeTemporary(staging.temporaryOf(file.name), file.content)).flushed);
    await Promise.all(flushes);
  } catch (error) {
    // Every handle is closed before its temporary is removed.
    await Promise.allSettled(flushes);
    await staging.abandon();
    throw writeFailure(`could not write the output files to ${staging.directory}`, error);
  }
  await staging.putInPlace({ isFlushed: true });
}

/**
 * Files to be written into a folder by their writer, each to the temporary it is given, then put in
 * place together: what writeFilesAtomically does, for a writer that makes several files in one pass
 * (generate). A signal meanwhile settles them as it does writeFilesAtomically's (settleWritesSync).
 */
export interface StagedFiles {
  readonly directory: string;
  /** The temporary that file `name` is written to. */
  temporaryOf(name: string): string;
  /** Every temporary is written and closed: each is flushed (unless it was) and renamed into place. */
  putInPlace(options?: { readonly isFlushed?: boolean }): Promise<void>;
  /** The write failed: the temporaries, and a folder made for them, are removed. */
  abandon(): Promise<void>;
}

/** Checks the names and the targets, makes the folder, and names a temporary for each file. */
export async function stageFiles(dir: string, names: readonly string[], options: AtomicWriteOptions = {}): Promise<StagedFiles> {
  checkNames(names);
  const directory = resolve(dir);
  const targets = names.map((name) => join(directory, name));
  await refuseProtected(targets, options.protectedPaths ?? []);
  await refuseFolders(targets);
  try {
    // The outermost folder made, if any: an interrupted or failed write removes it again.
    const made = await mkdir(directory, { recursive: true });
    if (made !== undefined) liveFolders.set(directory, made);
  } catch (error) {
    throw writeFailure(`could not create the output folder ${directory}`, error);
  }
  const staged = names.map((name, i) => ({ name, temporary: join(directory, `.${name}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`), target: targets[i]! }));
  for (const { temporary } of staged) liveTemporaries.add(temporary);

  const abandon = async () => {
    for (const { temporary } of staged) committing.delete(temporary);
    committingFolders.delete(directory);
    await Promise.all(
      staged
        .filter(({ temporary }) => liveTemporaries.has(temporary))
        .map(async ({ temporary }) => {
          await rm(temporary, { force: true }).catch(() => undefined);
          liveTemporaries.delete(temporary);
        }),
    );
    const made = liveFolders.get(directory);
    if (made !== undefined) removeMadeFoldersSync(directory, made);
    liveFolders.delete(directory);
  };

  return {
    directory,
    temporaryOf(name) {
      const entry = staged.find((candidate) => candidate.name === name);
      if (entry === undefined) throw new Error(`output file ${name} was not staged`);
      return entry.temporary;
    },
    async putInPlace({ isFlushed = false } = {}) {
      try {
        if (!isFlushed) await Promise.all(staged.map(({ temporary }) => flushFile(temporary)));
        // Every file is whole on disk: from the first rename on, a stopped run finishes the renames.
        for (const { temporary, target } of staged) committing.set(temporary, target);
        committingFolders.add(directory);
        for (const { temporary, target } of staged) {
          await rename(temporary, target);
          hasPutFilesInPlace = true;
          liveTemporaries.delete(temporary);
          committing.delete(temporary);
        }
        committingFolders.delete(directory);
      } catch (error) {
        await abandon();
        throw writeFailure(`could not write the output files to ${directory}`, error);
      }
      liveFolders.delete(directory);
      await syncFolder(directory);
    },
    abandon,
  };
}

/** Flushes a file written and closed elsewhere to disk. */
async function flushFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function checkNames(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    // Names come from the code, not the user: a bad one is a bug.
    if (name === '' || name === '.' || name === '..' || name !== basename(name) || name.includes('\\') || name.includes('\0')) {
      throw new Error(`output file name ${JSON.stringify(name)} is not a plain file name`);
    }
    if (seen.has(name)) throw new Error(`output file ${name} is listed twice`);
    seen.add(name);
  }
}

async function refuseProtected(targets: readonly string[], protectedPaths: readonly string[]): Promise<void> {
  if (protectedPaths.length === 0) return;
  const guarded = await Promise.all(protectedPaths.map(async (path) => ({ path, canonical: await canonicalPath(path), id: await fileIdentity(path) })));
  for (const target of targets) {
    const canonical = await canonicalPath(target);
    const id = await fileIdentity(target);
    // The identity check also catches a case-insensitive file system's other spelling of a name.
    const input = guarded.find((entry) => entry.canonical === canonical || (id !== undefined && entry.id === id));
    if (input !== undefined) {
      throw new UsageError(`will not write ${target}: it is the input ${input.path}, and an output never replaces an input; choose another --out folder`);
    }
  }
}

async function refuseFolders(targets: readonly string[]): Promise<void> {
  for (const target of targets) {
    const info = await lstat(target).catch(() => undefined);
    if (info?.isDirectory() === true) throw new UsageError(`cannot write ${target}: a folder of that name is in the way; move it or choose another --out folder`);
  }
}

/** The real path where the file exists, else the path resolved as it stands. */
async function canonicalPath(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return resolve(path);
  }
}

async function fileIdentity(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    return `${info.dev}:${info.ino}`;
  } catch {
    return undefined;
  }
}

/** Writes a new file and starts flushing it to disk; `flushed` settles once it is flushed and closed. */
async function writeTemporary(path: string, content: OutputFile['content']): Promise<{ readonly flushed: Promise<void> }> {
  const handle = await open(path, 'wx');
  try {
    if (typeof content === 'string' || content instanceof Uint8Array) await handle.writeFile(content);
    else await writePieces(handle, content);
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
  const flushed = handle.sync().finally(() => handle.close());
  // Awaited with the other flushes before any rename; until then a failure is not unhandled.
  flushed.catch(() => undefined);
  return { flushed };
}

/** Bytes encoded before each write. */
const WRITE_BUFFER_BYTES = 1 << 20;
/** Characters gathered before they are encoded: one encoding call per piece of about this size. */
const PIECE_CHARS = 1 << 16;

/**
 * Writes the pieces in order, encoded as UTF-8 into two buffers in turn: one is written while the next
 * pieces are encoded into the other. Each piece is dead as soon as it is copied, so the heap stays flat
 * however large the file, and the file system sees 1 MiB writes.
 */
async function writePieces(handle: FileHandle, pieces: Iterable<string>): Promise<void> {
  let filling = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  let spare = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  let used = 0;
  let writing: Promise<void> = Promise.resolve();
  const flush = async (): Promise<void> => {
    // Writes go out one after another, and a buffer is refilled only once its write is done.
    await writing;
    writing = writeAll(handle, filling.subarray(0, used));
    writing.catch(() => undefined);
    [filling, spare] = [spare, filling];
    used = 0;
  };
  const encode = async (text: string): Promise<void> => {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8 (a surrogate pair takes 4 for 2 units).
    if (used > 0 && used + text.length * 3 > WRITE_BUFFER_BYTES) await flush();
    if (text.length * 3 > WRITE_BUFFER_BYTES) {
      await writing;
      await writeAll(handle, Buffer.from(text, 'utf8'));
    } else {
      used += filling.write(text, used, 'utf8');
    }
  };
  let pending = '';
  for (const piece of pieces) {
    pending += piece;
    if (pending.length >= PIECE_CHARS) {
      await encode(pending);
      pending = '';
    }
  }
  await encode(pending);
  if (used > 0) await flush();
  await writing;
}

async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

/** Makes the renames themselves durable where the platform allows it; Windows cannot open a folder for this. */
async function syncFolder(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Durability of the rename is a bonus; the files themselves are already flushed.
  }
}

function writeFailure(what: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return error;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    ENOTDIR: 'part of the path is a file, not a folder',
    EISDIR: 'a folder is in the way',
    // mkdir of a path that is a file: --out named a file (perhaps an input) instead of a folder.
    EEXIST: 'a file of that name is in the way, and --out needs a folder',
  };
  return new UsageError(`${what}: ${reasons[code] ?? (error as Error).message}; choose another --out folder or fix this one`, { cause: error });
}
