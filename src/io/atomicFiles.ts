// Output folders (--out): written whole or recognisably not at all, one run at a time, private by
// default. docs/output-folders.md tells the design; in short:
//
// - Opening a folder makes it if missing (0700, or to match --file-mode), takes its lock (one run per
//   folder, folderLock.ts) and removes what dead runs left there (their temporaries).
// - Each file goes to a temporary of ours, hashed as it is written, and is flushed to disk; only when
//   all are written are they put in place. Everything likely to fail (permissions, a full disk, a folder
//   in the way) fails then, before any rename, and nothing at the targets has changed.
// - A set with a manifest (reconcile) is put in place so that a kill at any instant leaves the old set,
//   the new set, or a folder that is seen to be incomplete: the folder is marked incomplete, the old
//   manifest removed, the files renamed, the new manifest renamed last, the mark removed. A folder
//   whose manifest is missing or does not match its files is not a set (outputManifest.ts checks it).
// - An output may sit in a folder of the set (by-commissioner/North/shortfall.csv, --split-by): its
//   folders are made before any rename, its temporary sits beside the others in the output folder, and
//   what an earlier set left in folders the set owns is removed before the new manifest is put in place.
// - On SIGINT or SIGTERM, settleWritesSync undoes a write still making its files, or finishes one
//   already renaming them, and releases the locks.
import { createHash, type Hash } from 'node:crypto';
import { renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { chmod, lstat, open, readdir, readFile, realpath, rename, rm, rmdir, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { folderModeFor, formatMode, PRIVATE_FILE_MODE, replacementMode } from './fileModes.js';
import { INCOMPLETE_MARK_NAME, isReservedName, MANIFEST_NAME, temporaryNameFor, temporaryOwner } from './folderEntries.js';
import { isProcessAlive, parseHolder, takeFolderLock, type FolderLock, type LockHolder } from './folderLock.js';
import { makeFolder } from './makeFolder.js';
import { checkOutputFolder } from './outputManifest.js';
import { reachedWriteStep } from './writeSteps.js';

/** The content of an output: whole, or its pieces in order (so that a large output is never one string in memory). */
export type OutputContent = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

export interface OutputFile {
  /**
   * A plain file name inside the target folder, or a path of plain names under it joined by "/"
   * (by-commissioner/North/shortfall.csv), whose folders are made when missing.
   */
  readonly name: string;
  readonly content: OutputContent;
}

/** A file written: its name, size and SHA-256 (of the bytes as written, not read back). */
export interface WrittenOutput {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface OutputFolderOptions {
  /** The folder as the user gave it, for messages ("out/"); the path when not given. */
  readonly shownAs?: string | undefined;
  /** Paths that must never be replaced: the inputs. */
  readonly protectedPaths?: readonly string[] | undefined;
  /** The mode of the files (0600 when not given); a folder the tool makes gets the matching folder mode. */
  readonly fileMode?: number | undefined;
  /** The command writing, recorded in the lock for whoever finds it. */
  readonly command?: string | undefined;
  /** Hears sentences for standard error: an interrupted run's leftovers removed, a file kept narrower than asked. */
  readonly onNote?: ((sentence: string) => void) | undefined;
}

/** What opening a folder found of earlier runs that were stopped before they finished. */
export interface InterruptedRun {
  /** The processes of those runs, as far as their lock, mark and temporaries name them. */
  readonly pids: readonly number[];
  /** Their temporaries, removed. */
  readonly removedFiles: number;
  readonly removedBytes: number;
  /** One of them was stopped while putting its set in place: the folder holds no whole set. */
  readonly isIncomplete: boolean;
}

export interface WriteOptions {
  /** Makes manifest.json from the files written (sizes and hashes); it is put in place last. */
  readonly manifest?: ((outputs: readonly WrittenOutput[]) => string) | undefined;
  /**
   * Folders of the output folder that belong to the set (by-commissioner …): a file named one of
   * `fileNames`, directly in one of `folders` or in a folder directly inside it, that this write does
   * not put in place is an earlier set's and is removed with the old manifest's set; so is any of those
   * folders left empty. Anything else in them (a file of the user's) is left alone, and a link is
   * never followed.
   */
  readonly ownedFolders?: { readonly folders: readonly string[]; readonly fileNames: readonly string[] } | undefined;
}

/**
 * Files written by their writer (generate writes two in one pass), each to the temporary it is given,
 * then put in place together as `OutputFolder.write` puts its files.
 */
export interface StagedFiles {
  readonly directory: string;
  /** The temporary that file `name` is written to; create it owner-only (mode 0600). */
  temporaryOf(name: string): string;
  /** Every temporary is written and closed: each is flushed (unless it was) and renamed into place. */
  putInPlace(options?: { readonly isFlushed?: boolean }): Promise<void>;
  /**
   * The write failed: the temporaries are removed. Returns what to throw: a UsageError naming the cause
   * for a failure of the file system (a full disk), else `error` itself.
   */
  abandon(error: unknown): Promise<unknown>;
}

/** An output folder held by this run, from opening to release. */
export interface OutputFolder {
  readonly directory: string;
  /** What the opening found of interrupted runs; null when there was no sign of one. */
  readonly interruptedRun: InterruptedRun | null;
  /** Writes `files` (and manifest.json, when asked) all at once; returns each file's size and SHA-256. */
  write(files: readonly OutputFile[], options?: WriteOptions): Promise<readonly WrittenOutput[]>;
  /** Names a temporary for each file, for a writer that makes them itself. */
  stage(names: readonly string[]): Promise<StagedFiles>;
  /** Releases the lock, and removes the folder again if this run made it and put nothing in it. */
  release(): void;
}

/** One step of putting files in place, done again synchronously by a signal handler if it is cut short. */
interface CommitStep {
  readonly description: string;
  readonly putsInPlace: boolean;
  /** Flush the folder's entries to disk after this step (so that the steps reach the disk in order). */
  readonly syncFolderAfter: boolean;
  run(): Promise<void>;
  runSync(): void;
}

/** The folders open in this process, for settleWritesSync. */
const openFolders = new Set<FolderSession>();
/** Some write of this process has put a file in place (and so, stopped or not, will have finished). */
let hasPutFilesInPlace = false;

/**
 * Settles the writes still in flight, synchronously, for a signal or exit handler. A write still making
 * its files is undone: its temporary files are deleted, and the folders it made when nothing else is in
 * them. A write already renaming its files into place is finished instead: a folder half of new files
 * and half of old ones would match no run. Every lock is released. Says which happened: "finished" when
 * a write of this process has put its files in place, now or before (the run may be stopped after its
 * outputs).
 */
export function settleWritesSync(): 'finished' | 'undone' {
  let outcome: 'finished' | 'undone' = hasPutFilesInPlace ? 'finished' : 'undone';
  for (const session of [...openFolders]) if (session.settleSync()) outcome = 'finished';
  openFolders.clear();
  hasPutFilesInPlace = false;
  return outcome;
}

/** The temporary files of writes in flight. */
export function temporaryFilesInFlight(): readonly string[] {
  return [...openFolders].flatMap((session) => session.temporaries());
}

/**
 * Opens `dir` for writing: makes it if missing (and the folders above it), takes its lock, and removes
 * the temporaries of dead runs. A UsageError (exit 2) says when another run holds it, or why the folder
 * cannot be made or written (read-only, permission denied).
 */
export async function openOutputFolder(dir: string, options: OutputFolderOptions = {}): Promise<OutputFolder> {
  const directory = resolve(dir);
  const shownAs = folderShownAs(options.shownAs ?? dir);
  const fileMode = options.fileMode ?? PRIVATE_FILE_MODE;
  let made: string | undefined;
  try {
    made = await makeFolder(directory, folderModeFor(fileMode));
  } catch (error) {
    throw writeFailure(`could not create the output folder ${shownAs}`, error);
  }
  const session = new FolderSession(directory, shownAs, fileMode, options, made);
  openFolders.add(session);
  try {
    await session.open();
  } catch (error) {
    session.release();
    throw error instanceof UsageError ? error : writeFailure(`could not write to the output folder ${shownAs}`, error);
  }
  return session;
}

/**
 * Writes `files` into `dir` (created if missing) all at once, as one run: opens the folder, writes,
 * releases it. On failure the temporaries are removed, files already at the targets are left as they
 * were, and a UsageError (exit 2) says what to do. Refuses, before touching anything, to write over a
 * path in `protectedPaths` (compared after resolving symbolic links).
 */
export async function writeFilesAtomically(
  dir: string,
  files: readonly OutputFile[],
  options: OutputFolderOptions & WriteOptions = {},
): Promise<readonly WrittenOutput[]> {
  const folder = await openOutputFolder(dir, options);
  try {
    return await folder.write(files, options);
  } finally {
    folder.release();
  }
}

/** "out/": the folder as the user spelt it, with one separator at the end, as messages name it. */
function folderShownAs(dir: string): string {
  return dir.endsWith('/') || dir.endsWith(sep) ? dir : `${dir}${sep}`;
}

interface StagedFile {
  readonly name: string;
  readonly temporary: string;
  readonly target: string;
}

/** What an earlier set left in the folders this set owns: files to remove, then folders to remove if empty (deepest first). */
interface StaleOutputs {
  readonly files: readonly string[];
  readonly folders: readonly string[];
}

const NO_STALE_OUTPUTS: StaleOutputs = { files: [], folders: [] };

class FolderSession implements OutputFolder {
  interruptedRun: InterruptedRun | null = null;
  private lock: FolderLock | undefined;
  /** Temporaries of this session on disk right now. */
  private readonly liveTemporaries = new Set<string>();
  /** The steps of putting files in place, while that is under way, and the next one to do. */
  private commitSteps: readonly CommitStep[] | undefined;
  private nextStep = 0;
  private hasPutInPlace = false;
  /** A signal handler has settled this session: whatever the write was doing is over. */
  private isSettled = false;
  /** Folders inside the output folder made for this run's outputs, outermost first. */
  private readonly madeSubfolders: string[] = [];
  private isReleased = false;

  constructor(
    readonly directory: string,
    private readonly shownAs: string,
    private readonly fileMode: number,
    private readonly options: OutputFolderOptions,
    /** The outermost folder made for this run, removed again if the run puts nothing in it. */
    private madeFolder: string | undefined,
  ) {}

  /** The command writing, as the lock and the incomplete mark record it. */
  private get command(): string {
    return this.options.command ?? 'ehcp-recon';
  }

  async open(): Promise<void> {
    const taken = await takeFolderLock(this.directory, { shownAs: this.shownAs, command: this.command, mode: this.fileMode });
    this.lock = taken.lock;
    this.interruptedRun = await this.removeLeftovers(taken.hasTakenOver, taken.staleHolder);
    if (this.interruptedRun !== null) this.options.onNote?.(describeInterruptedRun(this.shownAs, this.interruptedRun));
  }

  temporaries(): string[] {
    return [...this.liveTemporaries];
  }

  /**
   * Removes the temporaries that no live run is writing: those of dead processes, of the dead holder of
   * the lock taken over, and of this process (a write of this process into this folder would hold the
   * lock). Only names of ours are touched.
   */
  private async removeLeftovers(hasTakenOver: boolean, staleHolder: LockHolder | null): Promise<InterruptedRun | null> {
    const pids = new Set<number>();
    if (staleHolder !== null) pids.add(staleHolder.pid);
    let removedFiles = 0;
    let removedBytes = 0;
    for (const entry of await readdir(this.directory)) {
      const owner = temporaryOwner(entry);
      if (owner === undefined) continue;
      if (owner !== process.pid && owner !== staleHolder?.pid && isProcessAlive(owner)) continue;
      const path = join(this.directory, entry);
      const info = await lstat(path).catch(() => undefined);
      if (info?.isFile() !== true) continue;
      try {
        await unlink(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      pids.add(owner);
      removedFiles++;
      removedBytes += info.size;
    }
    const markPath = join(this.directory, INCOMPLETE_MARK_NAME);
    let mark = await readFile(markPath, 'utf8').then(
      (text) => text,
      () => undefined,
    );
    if (mark !== undefined && (await checkOutputFolder(this.directory)).kind === 'whole') {
      // Stopped just before removing the old manifest, or just after renaming the new one: the set is
      // whole, and the mark says nothing true any more.
      await unlink(markPath).catch(() => undefined);
      mark = undefined;
    }
    if (mark !== undefined) {
      const holder = parseHolder(mark);
      if (holder !== null) pids.add(holder.pid);
    }
    if (!hasTakenOver && mark === undefined && removedFiles === 0) return null;
    return { pids: [...pids], removedFiles, removedBytes, isIncomplete: mark !== undefined };
  }

  async write(files: readonly OutputFile[], options: WriteOptions = {}): Promise<readonly WrittenOutput[]> {
    this.checkOpen();
    const names = files.map((file) => file.name);
    const staged = await this.prepare(options.manifest === undefined ? names : [...names, MANIFEST_NAME]);
    let stale = NO_STALE_OUTPUTS;
    const written: WrittenOutput[] = [];
    // Each file is flushed to disk while the next one is made; the renames wait for every flush.
    const flushes: Promise<void>[] = [];
    try {
      if (options.ownedFolders !== undefined) stale = await this.staleOutputs(names, options.ownedFolders);
      for (const [i, file] of files.entries()) {
        const outcome = await writeTemporary(staged[i]!.temporary, file.content, file.name);
        flushes.push(outcome.flushed);
        written.push({ name: file.name, bytes: outcome.bytes, sha256: outcome.sha256 });
      }
      await Promise.all(flushes);
      reachedWriteStep('flushed every output');
      if (options.manifest !== undefined) {
        const manifest = await writeTemporary(staged[files.length]!.temporary, options.manifest(written), MANIFEST_NAME);
        await manifest.flushed;
      }
      await this.applyModes(staged);
    } catch (error) {
      // Every handle is closed before its temporary is removed.
      await Promise.allSettled(flushes);
      await this.removeTemporaries(staged);
      throw writeFailure(`could not write the output files to ${this.shownAs}`, error);
    }
    await this.putInPlace(staged, options.manifest !== undefined, stale);
    return written;
  }

  async stage(names: readonly string[]): Promise<StagedFiles> {
    this.checkOpen();
    const staged = await this.prepare(names);
    return {
      directory: this.directory,
      temporaryOf(name) {
        const entry = staged.find((candidate) => candidate.name === name);
        if (entry === undefined) throw new Error(`output file ${name} was not staged`);
        return entry.temporary;
      },
      putInPlace: async ({ isFlushed = false } = {}) => {
        try {
          if (!isFlushed) await Promise.all(staged.map(({ temporary }) => flushFile(temporary)));
          await this.applyModes(staged);
        } catch (error) {
          await this.removeTemporaries(staged);
          throw writeFailure(`could not write the output files to ${this.shownAs}`, error);
        }
        await this.putInPlace(staged, false, NO_STALE_OUTPUTS);
      },
      abandon: async (error) => {
        await this.removeTemporaries(staged);
        return writeFailure(`could not write the output files to ${this.shownAs}`, error);
      },
    };
  }

  /**
   * Checks the names and the targets, makes the folders of outputs in folders, and names a temporary
   * for each file: in the output folder itself, where the next run looks for a dead run's leftovers.
   */
  private async prepare(names: readonly string[]): Promise<StagedFile[]> {
    checkNames(names);
    const targets = names.map((name) => join(this.directory, ...name.split('/')));
    await refuseProtected(targets, this.options.protectedPaths ?? []);
    await this.makeSubfolders(names);
    await refuseFolders(names, targets, this.shownAs);
    const staged = names.map((name, i) => ({
      name,
      temporary: join(this.directory, temporaryNameFor(basename(targets[i]!), process.pid)),
      target: targets[i]!,
    }));
    for (const { temporary } of staged) this.liveTemporaries.add(temporary);
    return staged;
  }

  /**
   * Makes the missing folders of outputs in folders, outermost first, with the mode that matches the
   * files'. A file or a link where a folder goes is refused: an output never leaves the output folder.
   */
  private async makeSubfolders(names: readonly string[]): Promise<void> {
    const folders = new Set<string>();
    for (const name of names) {
      const segments = name.split('/');
      for (let depth = 1; depth < segments.length; depth++) folders.add(segments.slice(0, depth).join('/'));
    }
    const outermostFirst = [...folders].sort((a, b) => a.split('/').length - b.split('/').length);
    for (const folder of outermostFirst) {
      const path = join(this.directory, ...folder.split('/'));
      const info = await lstat(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
      if (info === undefined) {
        if ((await makeFolder(path, folderModeFor(this.fileMode))) !== undefined) this.madeSubfolders.push(path);
        continue;
      }
      if (!info.isDirectory()) {
        throw new UsageError(
          `cannot write into ${folder} in ${this.shownAs}: ${info.isSymbolicLink() ? 'a link' : 'a file'} of that name is in the way, and the outputs go in a folder of their own; move it or choose another --out folder`,
        );
      }
    }
  }

  /**
   * What an earlier set left in the folders this set owns (WriteOptions.ownedFolders). On a file
   * system that ignores case, a file found under another spelling of an output's name is that output's
   * file (the same file), not an earlier set's.
   */
  private async staleOutputs(names: readonly string[], owned: NonNullable<WriteOptions['ownedFolders']>): Promise<StaleOutputs> {
    const current = new Set(names);
    const currentFolded = new Map(names.map((name) => [foldedName(name), name]));
    const currentFolders = new Set(
      names.flatMap((name) =>
        name
          .split('/')
          .slice(0, -1)
          .map((_, depth, segments) => segments.slice(0, depth + 1).join('/')),
      ),
    );
    const currentFoldersFolded = new Map([...currentFolders].map((folder) => [foldedName(folder), folder]));
    const isCurrent = async (relative: string, exact: ReadonlySet<string>, folded: ReadonlyMap<string, string>): Promise<boolean> => {
      if (exact.has(relative)) return true;
      const spelt = folded.get(foldedName(relative));
      return spelt !== undefined && (await isSameEntry(join(this.directory, ...relative.split('/')), join(this.directory, ...spelt.split('/'))));
    };
    // An input is never removed, wherever it was put.
    const inputs = new Set(
      (await Promise.all((this.options.protectedPaths ?? []).map((path) => fileIdentity(path)))).filter((id): id is string => id !== undefined),
    );
    const isInput = async (relative: string) => inputs.has((await fileIdentity(join(this.directory, ...relative.split('/')))) ?? '');
    const files: string[] = [];
    const folders: string[] = [];
    const visit = async (relative: string, isInner: boolean): Promise<void> => {
      const path = join(this.directory, ...relative.split('/'));
      const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const child = `${relative}/${entry.name}`;
        if (entry.isDirectory() && !isInner) await visit(child, true);
        else if (entry.isFile() && owned.fileNames.includes(entry.name) && !(await isCurrent(child, current, currentFolded)) && !(await isInput(child)))
          files.push(child);
      }
      if (!(await isCurrent(relative, currentFolders, currentFoldersFolded))) folders.push(relative);
    };
    for (const folder of owned.folders) {
      const info = await lstat(join(this.directory, folder)).catch(() => undefined);
      // Missing, a file, or a link: nothing of an earlier set's is in it.
      if (info?.isDirectory() === true) await visit(folder, false);
    }
    return { files, folders };
  }

  /**
   * Gives each temporary its mode before it is renamed: the asked mode, narrowed to the mode of the
   * file it replaces (a rerun never widens who may read a file). Notes the files kept narrower.
   */
  private async applyModes(staged: readonly StagedFile[]): Promise<void> {
    const kept: string[] = [];
    for (const { name, temporary, target } of staged) {
      const existing = await lstat(target).then(
        (info) => (info.isFile() ? info.mode & 0o777 : undefined),
        () => undefined,
      );
      const mode = replacementMode(this.fileMode, existing);
      await chmod(temporary, mode);
      if (mode !== this.fileMode) kept.push(`${name} (${formatMode(mode)})`);
    }
    if (kept.length > 0) {
      this.options.onNote?.(
        `${kept.join(', ')} in ${this.shownAs} keep${kept.length === 1 ? 's' : ''} a narrower mode than the ${formatMode(this.fileMode)} asked: a rerun never lets more people read a file than could before; change it with chmod if that is what you want`,
      );
    }
  }

  /**
   * Renames the temporaries into place. With a manifest, the folder is marked incomplete and the old
   * manifest removed first, and the new manifest renamed last, then the mark removed: at every instant
   * the folder holds the old set, the new set, or no matching manifest beside the mark.
   */
  private async putInPlace(staged: readonly StagedFile[], hasManifest: boolean, stale: StaleOutputs): Promise<void> {
    // A signal has settled this session meanwhile (its temporaries are gone): nothing is left to put in place.
    if (this.isSettled) throw new Error(`the write to ${this.shownAs} was stopped`);
    const steps: CommitStep[] = [];
    const files = hasManifest ? staged.slice(0, -1) : staged;
    const mark = join(this.directory, INCOMPLETE_MARK_NAME);
    if (hasManifest) {
      // Recorded as a lock is, so that whoever finds the mark can say which run left it.
      const markText = `${JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: this.command })}\n`;
      steps.push({
        description: 'marked the folder incomplete',
        putsInPlace: false,
        syncFolderAfter: false,
        run: () => writeFile(mark, markText, { mode: this.fileMode }),
        runSync: () => writeFileSync(mark, markText, { mode: this.fileMode }),
      });
      steps.push(removeStep(join(this.directory, MANIFEST_NAME), `removed the old ${MANIFEST_NAME}`, true));
    }
    for (const file of files) steps.push(renameStep(file, false));
    // An earlier set's files go before the new manifest is in place: a manifest never sits beside them.
    for (const file of stale.files) steps.push(removeStep(join(this.directory, ...file.split('/')), `removed the earlier ${file}`, false));
    for (const folder of stale.folders) steps.push(removeFolderStep(join(this.directory, ...folder.split('/')), `removed the earlier ${folder} if empty`));
    if (hasManifest) {
      steps.push(renameStep(staged[staged.length - 1]!, true));
      steps.push(removeStep(mark, 'removed the incomplete mark', false));
    }
    // Every file is whole on disk: from here on, a stopped run finishes the steps (settleSync).
    this.commitSteps = steps;
    this.nextStep = 0;
    try {
      while (this.nextStep < steps.length && !this.isSettled) {
        const step = steps[this.nextStep]!;
        await step.run();
        if (this.isSettled) return;
        this.nextStep++;
        this.notePutInPlace(step);
        if (step.syncFolderAfter) await syncFolder(this.directory);
        reachedWriteStep(step.description);
      }
    } catch (error) {
      this.commitSteps = undefined;
      await this.removeTemporaries(staged);
      throw writeFailure(`could not write the output files to ${this.shownAs}`, error);
    }
    this.commitSteps = undefined;
    // The folder holds outputs now: it stays, whatever happens to the run.
    this.madeFolder = undefined;
    await syncFolder(this.directory);
  }

  private notePutInPlace(step: CommitStep): void {
    if (!step.putsInPlace) return;
    this.hasPutInPlace = true;
    hasPutFilesInPlace = true;
  }

  private async removeTemporaries(staged: readonly StagedFile[]): Promise<void> {
    await Promise.all(
      staged
        .filter(({ temporary }) => this.liveTemporaries.has(temporary))
        .map(async ({ temporary }) => {
          await rm(temporary, { force: true }).catch(() => undefined);
          this.liveTemporaries.delete(temporary);
        }),
    );
  }

  private checkOpen(): void {
    if (this.isReleased) throw new Error(`the output folder ${this.directory} was released before writing`);
  }

  /** For settleWritesSync: finishes steps under way, deletes the rest, releases. True when files were put in place. */
  settleSync(): boolean {
    if (this.commitSteps !== undefined) {
      for (const step of this.commitSteps.slice(this.nextStep)) {
        try {
          step.runSync();
        } catch {
          // Done already by the write itself, just now.
        }
        this.notePutInPlace(step);
      }
      this.commitSteps = undefined;
      this.madeFolder = undefined;
    }
    this.isSettled = true;
    const hasPutInPlace = this.hasPutInPlace;
    this.release();
    return hasPutInPlace;
  }

  release(): void {
    if (this.isReleased) return;
    this.isReleased = true;
    openFolders.delete(this);
    for (const path of this.liveTemporaries) {
      try {
        rmSync(path, { force: true });
      } catch {
        // Exiting anyway; the next run into the folder removes it.
      }
    }
    this.liveTemporaries.clear();
    // Folders made for outputs that were never put in place; one that holds anything is kept.
    if (!this.hasPutInPlace) for (const folder of [...this.madeSubfolders].reverse()) removeMadeFoldersSync(folder, folder);
    this.lock?.releaseSync();
    if (this.madeFolder !== undefined && !this.hasPutInPlace) removeMadeFoldersSync(this.directory, this.madeFolder);
  }
}

function renameStep(file: StagedFile, syncFolderAfter: boolean): CommitStep {
  return {
    description: `renamed ${file.name} into place`,
    putsInPlace: true,
    syncFolderAfter,
    run: () => rename(file.temporary, file.target),
    runSync: () => renameSync(file.temporary, file.target),
  };
}

function removeStep(path: string, description: string, syncFolderAfter: boolean): CommitStep {
  return {
    description,
    putsInPlace: false,
    syncFolderAfter,
    run: () => unlink(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error))),
    runSync: () => {
      try {
        unlinkSync(path);
      } catch {
        // Not there: nothing to remove.
      }
    },
  };
}

/** Removes a folder when it is empty; one that holds anything (a file of the user's) stays. */
function removeFolderStep(path: string, description: string): CommitStep {
  return {
    description,
    putsInPlace: false,
    syncFolderAfter: false,
    run: () => rmdir(path).catch(() => undefined),
    runSync: () => {
      try {
        rmdirSync(path);
      } catch {
        // Not empty, or not there: it stays as it is.
      }
    },
  };
}

/** Whether two paths name one entry (on a file system that ignores case, two spellings of a name do). */
async function isSameEntry(a: string, b: string): Promise<boolean> {
  const [first, second] = await Promise.all([lstat(a).catch(() => undefined), lstat(b).catch(() => undefined)]);
  return first !== undefined && second !== undefined && first.dev === second.dev && first.ino === second.ino;
}

/** What a file system that ignores case (Windows, macOS by default) takes for the same name. */
function foldedName(name: string): string {
  return name.normalize('NFC').toUpperCase().toLowerCase();
}

function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** The sentence for an interrupted run found on opening a folder. */
export function describeInterruptedRun(shownAs: string, run: InterruptedRun): string {
  const who = run.pids.length === 0 ? '' : ` (PID${run.pids.length === 1 ? '' : 's'} ${run.pids.join(', ')})`;
  const files = `${run.removedFiles} temporary file${run.removedFiles === 1 ? '' : 's'}, ${formatBytes(run.removedBytes)}`;
  const leftovers = run.removedFiles === 0 ? 'it left no temporary files' : `its leftovers were removed (${files})`;
  const incomplete = run.isIncomplete ? `; the files in ${shownAs} are an incomplete set until this run puts its own in place` : '';
  return `the previous run into ${shownAs} was interrupted${who}; ${leftovers}${incomplete}`;
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
  const folders = new Set<string>();
  for (const name of names) {
    // Names come from the code, not the user: a bad one is a bug. Each part of a path is a plain name.
    const segments = name.split('/');
    for (const segment of segments) {
      if (segment === '' || segment === '.' || segment === '..' || segment.includes('\\') || segment.includes('\0')) {
        throw new Error(`output file name ${JSON.stringify(name)} is not a plain file name, or a path of plain names`);
      }
      if (isReservedName(segment)) throw new Error(`output file name ${name} is one the tool keeps for itself`);
    }
    // Two names that differ only in case are one file where the file system ignores case.
    const folded = foldedName(name);
    if (seen.has(folded)) throw new Error(`output file ${name} is listed twice`);
    seen.add(folded);
    for (let depth = 1; depth < segments.length; depth++) folders.add(foldedName(segments.slice(0, depth).join('/')));
  }
  for (const folder of folders) if (seen.has(folder)) throw new Error(`output ${folder} is listed as a file and as a folder`);
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

async function refuseFolders(names: readonly string[], targets: readonly string[], shownAs: string): Promise<void> {
  for (const [i, target] of targets.entries()) {
    const info = await lstat(target).catch(() => undefined);
    if (info?.isDirectory() === true) {
      throw new UsageError(`cannot write ${names[i]} in ${shownAs}: a folder of that name is in the way; move it or choose another --out folder`);
    }
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

/**
 * Writes a new temporary (owner-only until it is put in place), hashing the bytes as they go out, and
 * starts flushing it to disk; `flushed` settles once it is flushed and closed.
 */
async function writeTemporary(
  path: string,
  content: OutputContent,
  name: string,
): Promise<{ readonly bytes: number; readonly sha256: string; readonly flushed: Promise<void> }> {
  const handle = await open(path, 'wx', PRIVATE_FILE_MODE);
  reachedWriteStep(`created the temporary of ${name}`);
  const sink = new HashingSink(handle);
  try {
    if (typeof content === 'string') await sink.writeOut(Buffer.from(content, 'utf8'));
    else if (content instanceof Uint8Array) await sink.writeOut(content);
    else if (Symbol.asyncIterator in content) for await (const piece of content) await sink.add(piece);
    else for (const piece of content) await sink.add(piece);
    await sink.end();
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
  reachedWriteStep(`wrote the temporary of ${name}`);
  const flushed = handle.sync().finally(() => handle.close());
  // Awaited with the other flushes before any rename; until then a failure is not unhandled.
  flushed.catch(() => undefined);
  return { bytes: sink.bytes, sha256: sink.digest(), flushed };
}

/** Bytes gathered before each write. */
const WRITE_BUFFER_BYTES = 1 << 20;
/** Characters gathered before they are encoded: one encoding call per piece of about this size. */
const PIECE_CHARS = 1 << 16;

/**
 * Writes pieces in order, text encoded as UTF-8, into two buffers in turn: one is written while the
 * next pieces are encoded into the other. Each piece is dead as soon as it is copied, so the heap stays
 * flat however large the file, and the file system sees 1 MiB writes. Every byte is hashed on its way
 * out, so the manifest's SHA-256 needs no second read of the file.
 */
class HashingSink {
  bytes = 0;
  private readonly hash: Hash = createHash('sha256');
  private filling: Buffer | undefined;
  private spare: Buffer | undefined;
  private used = 0;
  private writing: Promise<void> = Promise.resolve();
  private pending = '';

  constructor(private readonly handle: FileHandle) {}

  async add(piece: string | Uint8Array): Promise<void> {
    if (typeof piece === 'string') {
      this.pending += piece;
      if (this.pending.length >= PIECE_CHARS) await this.encodePending();
      return;
    }
    // Text gathered so far goes first, in order.
    await this.encodePending();
    if (this.used > 0 && this.used + piece.length > WRITE_BUFFER_BYTES) await this.flush();
    if (piece.length > WRITE_BUFFER_BYTES) {
      await this.writing;
      await this.writeOut(piece);
    } else {
      this.buffer().set(piece, this.used);
      this.used += piece.length;
    }
  }

  async end(): Promise<void> {
    await this.encodePending();
    if (this.used > 0) await this.flush();
    await this.writing;
  }

  digest(): string {
    return this.hash.digest('hex');
  }

  /** Hashes and writes `bytes` now; the caller has waited for every earlier write. */
  async writeOut(bytes: Uint8Array): Promise<void> {
    // Hashed before the first await, so in the order the writes are started, which is file order.
    this.hash.update(bytes);
    this.bytes += bytes.length;
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
  }

  private buffer(): Buffer {
    this.filling ??= Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
    return this.filling;
  }

  private async encodePending(): Promise<void> {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    // A UTF-16 code unit takes at most 3 bytes of UTF-8 (a surrogate pair takes 4 for 2 units).
    if (this.used > 0 && this.used + text.length * 3 > WRITE_BUFFER_BYTES) await this.flush();
    if (text.length * 3 > WRITE_BUFFER_BYTES) {
      await this.writing;
      await this.writeOut(Buffer.from(text, 'utf8'));
    } else {
      this.used += this.buffer().write(text, this.used, 'utf8');
    }
  }

  private async flush(): Promise<void> {
    // Writes go out one after another, and a buffer is refilled only once its write is done.
    await this.writing;
    this.writing = this.writeOut(this.buffer().subarray(0, this.used));
    this.writing.catch(() => undefined);
    [this.filling, this.spare] = [this.spare, this.filling];
    this.used = 0;
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

const FILE_SYSTEM_REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENOTDIR: 'part of the path is a file, not a folder',
  EISDIR: 'a folder is in the way',
  // A path that is a file where the folder should be: --out named a file (perhaps an input).
  EEXIST: 'a file of that name is in the way, and --out needs a folder',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'the path goes round a loop of symbolic links',
  EMFILE: 'too many files are open',
  EIO: 'the disk reported an input/output error',
};

function writeFailure(what: string, error: unknown): unknown {
  const failure = error as NodeJS.ErrnoException | undefined;
  const code = failure?.code;
  if (typeof code !== 'string') return error;
  // ENOENT from making a folder whose parent exists: a place that takes no new folders (/proc, /sys,
  // a dangling link); from anything else, a folder of the path went away while the run wrote.
  const missing =
    failure?.syscall === 'mkdir'
      ? 'no folder can be made there (a folder on the path is missing, or it is a place such as /proc that takes no new folders)'
      : 'a folder on the path is missing (was it moved or removed while the run wrote?)';
  // Any other code: the system's words, less Node's "ENOENT: " and ", mkdir '/path'" around them.
  const systemWords = () => `${failure?.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*$/s, '')} (${code})`;
  const reason = FILE_SYSTEM_REASONS[code] ?? (code === 'ENOENT' ? missing : systemWords());
  return new UsageError(`${what}: ${reason}; choose another --out folder or fix this one`, { cause: error });
}
