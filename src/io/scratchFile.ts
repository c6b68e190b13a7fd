// A temporary file for a run's own use (a copy of an input to read rows again from, exceptions spooled
// out of memory): opened for reading and writing, and on POSIX nameless from the moment it is open,
// so that nothing is left behind however the run ends, a crash or a kill included.
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ScratchFile {
  readonly fd: number;
  /** Closes the file (and removes it where the system kept its name). */
  close(): void;
}

export function openScratchFile(name: string): ScratchFile {
  let folder: string | undefined = mkdtempSync(join(tmpdir(), 'ehcp-recon-'));
  const fd = openSync(join(folder, name), 'w+');
  try {
    // Nameless from now on.
    unlinkSync(join(folder, name));
    rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  } catch {
    // Not on this system (Windows keeps open files): removed in close().
  }
  let isOpen = true;
  return {
    fd,
    close() {
      if (!isOpen) return;
      isOpen = false;
      closeSync(fd);
      if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    },
  };
}
