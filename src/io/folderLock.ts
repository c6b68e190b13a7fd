// One run at a time per output folder. Two runs writing one folder would interleave their renames and
// leave a set that matches neither, both exiting 0; so a run creates a lock file inside the folder
// (a hard link made from a filled temporary: of two runs exactly one makes it, and no run ever sees it
// empty) before it reads its inputs, and removes it on every
// way out. A lock whose process is gone (killed, or the machine restarted) is taken over by the next
// run. See docs/output-folders.md.
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, open, readFile, stat, unlink, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { LOCK_NAME, TAKEOVER_NAME, temporaryNameFor } from './folderEntries.js';

/** Who holds a lock, as its file records it. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO date and time the holder took the lock. */
  readonly startedAt: string;
  readonly command: string;
}

export interface FolderLock {
  readonly path: string;
  /** Removes the lock file, if it is still this lock's (synchronous: it also runs on a signal). */
  releaseSync(): void;
}

export interface LockTaken {
  readonly lock: FolderLock;
  /** A lock left by a dead run was taken over. */
  readonly hasTakenOver: boolean;
  /** Its holder, when its lock file named one. */
  readonly staleHolder: LockHolder | null;
}

/** A lock file that names no holder (its writer was stopped between creating and filling it) is stale after this long. */
const UNNAMED_LOCK_STALE_MS = 10_000;
/** How often, and how many times, to look again while another run is taking over a stale lock. */
const TAKEOVER_WAIT_MS = 20;
const TAKEOVER_ATTEMPTS = 100;

/** Whether a process of this host is running; a process of another user counts as running. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Reads a lock file's holder: undefined when the file is gone, null when it names no holder. */
async function readHolder(path: string): Promise<{ readonly text: string; readonly holder: LockHolder | null; readonly ageMs: number } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { text, holder: parseHolder(text), ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<Record<keyof LockHolder, unknown>>;
    if (typeof value.pid !== 'number' || !Number.isSafeInteger(value.pid) || value.pid <= 0 || typeof value.host !== 'string') return null;
    return { pid: value.pid, host: value.host, startedAt: String(value.startedAt ?? ''), command: String(value.command ?? '') };
  } catch {
    return null;
  }
}

/** A holder whose process is known to be gone: on this host, and not running. A holder on another host is never known gone. */
export function isStale(holder: LockHolder | null, ageMs: number): boolean {
  if (holder === null) return ageMs > UNNAMED_LOCK_STALE_MS;
  return holder.host === hostname() && !isProcessAlive(holder.pid);
}

function heldError(holder: LockHolder | null, shownAs: string, lockPath: string): UsageError {
  if (holder === null) return new UsageError(`another ehcp-recon run is starting to write to ${shownAs}: wait for it to finish, or give another --out`);
  if (holder.host !== hostname()) {
    return new UsageError(
      `another ehcp-recon run (PID ${holder.pid} on ${holder.host}) is writing to ${shownAs}: wait for it to finish, or give another --out (if no run is going on there, delete ${lockPath})`,
    );
  }
  return new UsageError(`another ehcp-recon run (PID ${holder.pid}) is writing to ${shownAs}: wait for it to finish, or give another --out`);
}

/**
 * Takes the lock of `directory` (which exists) for this process, taking over a stale one; throws a
 * UsageError naming the holder when another run holds it. `shownAs` names the folder in messages as
 * the user gave it. Errors of the file system (a read-only folder) are thrown as they are.
 */
export async function takeFolderLock(
  directory: string,
  options: { readonly shownAs: string; readonly command: string; readonly mode: number },
): Promise<LockTaken> {
  const path = join(directory, LOCK_NAME);
  const token = randomBytes(8).toString('hex');
  const text = `${JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: options.command, token })}\n`;
  const lock: FolderLock = {
    path,
    releaseSync() {
      try {
        // Only our own: a lock file with another token is another run's.
        if (readFileSync(path, 'utf8') === text) unlinkSync(path);
      } catch {
        // Gone already, or the folder is gone: nothing to release.
      }
    },
  };
  let hasTakenOver = false;
  let staleHolder: LockHolder | null = null;
  for (let attempt = 0; attempt < TAKEOVER_ATTEMPTS; attempt++) {
    if (await createExclusive(path, text, options.mode)) return { lock, hasTakenOver, staleHolder };
    const current = await readHolder(path);
    if (current === undefined) continue;
    if (!isStale(current.holder, current.ageMs)) throw heldError(current.holder, options.shownAs, path);
    // Two runs may find the same stale lock: only the one that creates the takeover file removes it,
    // and only if it is still the stale one, so that neither removes the other's fresh lock.
    const guard = join(directory, TAKEOVER_NAME);
    if (await createExclusive(guard, text, options.mode)) {
      try {
        const again = await readHolder(path);
        if (again?.text === current.text) {
          await unlink(path);
          hasTakenOver = true;
          staleHolder = current.holder ?? staleHolder;
        }
      } finally {
        await unlink(guard).catch(() => undefined);
      }
      continue;
    }
    const guardHolder = await readHolder(guard);
    if (guardHolder !== undefined && isStale(guardHolder.holder, guardHolder.ageMs)) {
      // A run stopped in the instant between taking and releasing the takeover file.
      await unlink(guard).catch(() => undefined);
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, TAKEOVER_WAIT_MS));
  }
  throw heldError((await readHolder(path))?.holder ?? null, options.shownAs, path);
}

/**
 * Creates `path` with `text` unless it exists: true when this call created it. The file appears whole:
 * `text` goes to a temporary first, which is then linked to `path` (a link fails if `path` exists), so
 * a run that finds the lock always reads who holds it. A file system without hard links gets the file
 * created exclusively and then filled, which another run may find empty for an instant.
 */
async function createExclusive(path: string, text: string, mode: number): Promise<boolean> {
  const temporary = join(dirname(path), temporaryNameFor(basename(path), process.pid));
  const handle = await open(temporary, 'wx', mode);
  try {
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    await link(temporary, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') return await createExclusiveUnlinked(path, text, mode);
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

async function createExclusiveUnlinked(path: string, text: string, mode: number): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'wx', mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(text);
  } catch (error) {
    // Created but not filled (a full disk): ours to remove, or it would name no holder.
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return true;
}

/** The holder of the lock of `directory` right now, if a lock file is there (for `diff`, which takes no lock). */
export async function readFolderLock(directory: string): Promise<{ readonly holder: LockHolder | null; readonly isStale: boolean } | undefined> {
  const current = await readHolder(join(directory, LOCK_NAME));
  return current === undefined ? undefined : { holder: current.holder, isStale: isStale(current.holder, current.ageMs) };
}
