// The names the tool gives its own files inside an output folder, beside the outputs: the lock, the
// mark of a set being replaced, and the temporaries. All start with ".ehcp-recon", so that they are
// hidden in a listing, never taken for an output, and recognisable as ours by the next run, which
// removes what a dead run left. See docs/output-folders.md.
import { randomBytes } from 'node:crypto';

/** Held by the run writing into the folder, from before it reads its inputs to its exit. */
/** What a run writes last, listing every output with its size and SHA-256 (docs/output-folders.md). */
export const MANIFEST_NAME = 'manifest.json';
/** The result as JSON, which diff reads. */
export const SUMMARY_NAME = 'summary.json';

export const LOCK_NAME = '.ehcp-recon.lock';
/** Held for an instant by a run taking over the lock of a dead one, so that two cannot both take it. */
export const TAKEOVER_NAME = '.ehcp-recon.lock-takeover';
/** Present while a set of outputs with a manifest is being replaced: the folder is incomplete. */
export const INCOMPLETE_MARK_NAME = '.ehcp-recon.incomplete';

const OWN_PREFIX = '.ehcp-recon';

/** The temporary that `name` is written to before it is renamed into place: `.ehcp-recon-<pid>-<random>-<name>.tmp`. */
export function temporaryNameFor(name: string, pid: number): string {
  return `${OWN_PREFIX}-${pid}-${randomBytes(6).toString('hex')}-${name}.tmp`;
}

const TEMPORARY = /^\.ehcp-recon-(\d+)-[0-9a-f]{12}-.+\.tmp$/;
// Versions before the lock named a temporary after its file: `.summary.json.tmp-<pid>-<random>`.
const OLDER_TEMPORARY = /^\..+\.tmp-(\d+)-[0-9a-f]{12}$/;

/** The process that made a temporary of ours named `entry`, or undefined when `entry` is not one. */
export function temporaryOwner(entry: string): number | undefined {
  const match = TEMPORARY.exec(entry) ?? OLDER_TEMPORARY.exec(entry);
  if (match === null) return undefined;
  const pid = Number(match[1]);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

/** A name the tool keeps for itself: an output may not be called this. */
export function isReservedName(name: string): boolean {
  return name.startsWith(OWN_PREFIX);
}
