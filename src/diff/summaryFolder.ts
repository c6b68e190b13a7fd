// diff compares whole runs only. A summary.json in an --out folder is checked against the folder's
// manifest.json first: a folder left by a run stopped while putting its files in place, or with a file
// changed by hand, is refused (exit 3) rather than compared as if it were one run's. A folder without
// a manifest (written before manifests listed sizes and hashes, or put together by hand) is compared,
// with a note that its files could not be checked. See docs/output-folders.md.
import { basename, dirname, join, sep } from 'node:path';
import { MANIFEST_NAME, SUMMARY_NAME } from '../io/folderEntries.js';
import { checkOutputFolder, type FolderState } from '../io/outputManifest.js';

/** What the folder's state means for diff: a sentence refusing it (exit 3), or at most a note. */
export type FolderVerdict = { readonly refusal: string } | { readonly note: string | undefined };

/**
 * Words for a folder's state. `folder` names the folder as the user gave it; `wasFolderGiven` says the
 * user named the folder (not its summary.json), and so expects it to be a run's output folder.
 */
export function folderVerdict(state: FolderState, folder: string, wasFolderGiven: boolean): FolderVerdict {
  const shown = folder.endsWith(sep) ? folder : `${folder}${sep}`;
  const manifest = join(folder, MANIFEST_NAME);
  switch (state.kind) {
    case 'whole':
      return { note: undefined };
    case 'no-manifest':
      return {
        note: wasFolderGiven
          ? `${shown} has no ${MANIFEST_NAME} (written by an older ehcp-recon, or put together by hand), so its files could not be checked`
          : undefined,
      };
    case 'unchecked':
      return { note: `${manifest} was written by an older ehcp-recon and lists no checksums, so the files in ${shown} could not be checked` };
    case 'incomplete': {
      const who = state.pid === undefined ? '' : ` (PID ${state.pid})`;
      if (state.isRunning) return { refusal: `a run${who} is putting its files in place in ${shown} right now: wait for it to finish` };
      return { refusal: `${shown} holds an incomplete set of files: the run into it${who} was stopped while putting them in place; run reconcile again` };
    }
    case 'mismatch': {
      const file = join(folder, state.name);
      switch (state.mismatch) {
        case 'size':
        case 'content':
          return { refusal: `${file} does not match ${manifest} (a run was stopped while writing, or a file was changed by hand): run reconcile again` };
        case 'missing':
          return {
            refusal: `${file} is listed in ${manifest} but missing (a run was stopped while writing, or a file was removed by hand): run reconcile again`,
          };
        case 'unlisted':
          return { refusal: `${file} is not listed in ${manifest} (a file was put there by hand): run reconcile again` };
        default:
          return unreachable(state.mismatch);
      }
    }
    case 'unreadable-manifest':
      return { refusal: `${manifest} cannot be used to check the files in ${shown}: ${state.problem} (was it changed by hand?); run reconcile again` };
    default:
      return unreachable(state);
  }
}

function unreachable(value: never): never {
  throw new Error(`unexpected folder state ${JSON.stringify(value)}`);
}

/**
 * Checks the folder holding a summary.json, given the summary's bytes as read (they are what is
 * checked). `summaryFile` is the path as the user gave it or as made from their folder; `absolute`, the
 * same file resolved.
 */
export async function checkSummaryFolder(summaryFile: string, absolute: string, bytes: Uint8Array, wasFolderGiven: boolean): Promise<FolderVerdict> {
  // A summary saved under another name is a copy, no longer part of a run's folder.
  if (basename(absolute) !== SUMMARY_NAME) return { note: undefined };
  const state = await checkOutputFolder(dirname(absolute), { name: SUMMARY_NAME, bytes });
  return folderVerdict(state, dirname(summaryFile), wasFolderGiven);
}

/**
 * For a folder with no summary.json: the refusal that says why, when a run was stopped before putting
 * one there (the folder is marked incomplete); undefined when it is simply not an output folder.
 */
export async function whySummaryIsMissing(folder: string, absolute: string): Promise<string | undefined> {
  const state = await checkOutputFolder(absolute);
  if (state.kind !== 'incomplete') return undefined;
  const verdict = folderVerdict(state, folder, true);
  return 'refusal' in verdict ? verdict.refusal : undefined;
}
