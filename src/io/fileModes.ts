// Who may read the files the tool writes. Outputs hold children's records, so they are the owner's
// alone unless the user asks for a team folder (--file-mode 640); a rerun never makes a file readable
// by more people than it was. See docs/output-folders.md.

/** The mode of an output file when nothing else is asked: read and write for the owner alone. */
export const PRIVATE_FILE_MODE = 0o600;

/** The permission bits of a mode, as the four octal digits chmod prints (0600). */
export function formatMode(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

/**
 * Reads a --file-mode value: three octal digits, or four with a leading 0 (640, 0640). Execute bits are
 * refused (data files are never run) and so is a mode the owner cannot read and write by (the next run
 * replaces the file). Returns the mode, or a phrase saying what is wrong with it.
 */
export function readFileMode(text: string): { readonly mode: number } | { readonly problem: string } {
  const digits = text.trim();
  if (!/^0?[0-7]{3}$/.test(digits)) return { problem: 'expected three octal digits such as 600 or 640' };
  const mode = Number.parseInt(digits, 8);
  if ((mode & 0o111) !== 0)
    return { problem: `${formatMode(mode)} lets the files be run as programs; data files need no execute bit: give a mode such as 640` };
  if ((mode & 0o600) !== 0o600)
    return { problem: `${formatMode(mode)} does not let the owner read and write the files, which the next run needs: give a mode such as 600 or 640` };
  return { mode };
}

/** The mode of a folder the tool makes for files of `fileMode`: whoever may read the files may open the folder. */
export function folderModeFor(fileMode: number): number {
  let mode = fileMode & 0o777;
  for (const [read, search] of [
    [0o400, 0o100],
    [0o040, 0o010],
    [0o004, 0o001],
  ] as const)
    if ((mode & read) !== 0) mode |= search;
  return mode;
}

/**
 * The mode a file is given when it replaces `existing` (the mode of the file at its name, if any):
 * what is asked, narrowed to what was there. A rerun never widens who may read a file: a 0600 file
 * stays 0600 under --file-mode 640, and an older world-readable 0644 file becomes 0600.
 */
export function replacementMode(requested: number, existing: number | undefined): number {
  return existing === undefined ? requested & 0o777 : requested & existing & 0o777;
}
