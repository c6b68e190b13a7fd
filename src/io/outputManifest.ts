// Is an output folder a whole set? Its manifest.json, put in place last, lists every output with its
// size and SHA-256: a folder whose files match it is the set one run wrote. A run stopped while putting
// its files in place leaves no manifest (the old one is removed first) and the incomplete mark; a file
// changed by hand no longer matches. See docs/output-folders.md. Used by readers of a folder (diff),
// which take no lock: a matching manifest is proof enough whoever is running.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { INCOMPLETE_MARK_NAME, isReservedName, MANIFEST_NAME } from './folderEntries.js';
import { parseHolder, readFolderLock } from './folderLock.js';

/** How a file differs from its line in the manifest. */
export type OutputMismatch = 'missing' | 'size' | 'content' | 'unlisted';

export type FolderState =
  /** The files match the manifest: one run's whole set. */
  | { readonly kind: 'whole' }
  /** No manifest and no sign of an interrupted run: written by a version before manifests, or put together by hand. */
  | { readonly kind: 'no-manifest' }
  /** A manifest of a version before sizes and hashes: nothing to check the files against. */
  | { readonly kind: 'unchecked' }
  /** Marked incomplete with no matching manifest: a run was stopped while putting its files in place, or is doing so now. */
  | { readonly kind: 'incomplete'; readonly pid: number | undefined; readonly isRunning: boolean }
  /** `name` does not match the manifest. */
  | { readonly kind: 'mismatch'; readonly name: string; readonly mismatch: OutputMismatch }
  /** manifest.json is there but is not a manifest (changed by hand). */
  | { readonly kind: 'unreadable-manifest'; readonly problem: string };

interface ManifestEntry {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** The manifest's list of outputs; undefined for an older manifest without sizes and hashes. */
function readEntries(text: string): { readonly entries: readonly ManifestEntry[] | undefined } | { readonly problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `it is not valid JSON (${(error as Error).message})` };
  }
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { outputs?: unknown }).outputs)) return { problem: 'it has no list of outputs' };
  const { outputs, manifestVersion } = json as { outputs: unknown[]; manifestVersion?: unknown };
  if (manifestVersion === undefined && outputs.every((entry) => typeof entry === 'string')) return { entries: undefined };
  const entries: ManifestEntry[] = [];
  for (const entry of outputs) {
    const { name, bytes, sha256 } = (entry ?? {}) as Partial<Record<keyof ManifestEntry, unknown>>;
    // A name that leaves the folder, or is one of the tool's own, was not written by a run. An output
    // in a folder of the set (by-commissioner/North/shortfall.csv) is a path of plain names.
    if (typeof name !== 'string' || !isOutputPath(name)) return { problem: 'it lists an output that is not a plain file name' };
    if (typeof bytes !== 'number' || typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256))
      return { problem: `its line for ${name} has no size and SHA-256` };
    entries.push({ name, bytes, sha256 });
  }
  return { entries };
}

/** A plain file name, or plain names joined by "/": never "..", an absolute path or a name of the tool's own. */
function isOutputPath(name: string): boolean {
  return name
    .split('/')
    .every(
      (segment) =>
        segment !== '' && segment !== '.' && segment !== '..' && !segment.includes('\\') && segment === basename(segment) && !isReservedName(segment),
    );
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Checks the folder against its manifest. `read` is a file the caller has already read (summary.json
 * for diff): it is checked by those very bytes, so that what the caller uses is what was checked.
 */
export async function checkOutputFolder(directory: string, read?: { readonly name: string; readonly bytes: Uint8Array }): Promise<FolderState> {
  const manifestText = await readFile(join(directory, MANIFEST_NAME), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (manifestText === undefined) return stateWithoutManifest(directory);
  const parsed = readEntries(manifestText);
  if ('problem' in parsed) return { kind: 'unreadable-manifest', problem: parsed.problem };
  if (parsed.entries === undefined) return { kind: 'unchecked' };
  if (read !== undefined && !parsed.entries.some((entry) => entry.name === read.name)) return { kind: 'mismatch', name: read.name, mismatch: 'unlisted' };
  for (const entry of parsed.entries) {
    const path = join(directory, ...entry.name.split('/'));
    if (entry.name === read?.name) {
      if (read.bytes.length !== entry.bytes) return { kind: 'mismatch', name: entry.name, mismatch: 'size' };
      if (createHash('sha256').update(read.bytes).digest('hex') !== entry.sha256) return { kind: 'mismatch', name: entry.name, mismatch: 'content' };
      continue;
    }
    const info = await lstat(path).catch(() => undefined);
    if (info?.isFile() !== true) return { kind: 'mismatch', name: entry.name, mismatch: 'missing' };
    if (info.size !== entry.bytes) return { kind: 'mismatch', name: entry.name, mismatch: 'size' };
    if ((await sha256Of(path)) !== entry.sha256) return { kind: 'mismatch', name: entry.name, mismatch: 'content' };
  }
  return { kind: 'whole' };
}

async function stateWithoutManifest(directory: string): Promise<FolderState> {
  const mark = await readFile(join(directory, INCOMPLETE_MARK_NAME), 'utf8').catch(() => undefined);
  if (mark === undefined) return { kind: 'no-manifest' };
  const lock = await readFolderLock(directory);
  const isRunning = lock !== undefined && !lock.isStale;
  return { kind: 'incomplete', pid: (isRunning ? lock.holder?.pid : undefined) ?? parseHolder(mark)?.pid, isRunning };
}
