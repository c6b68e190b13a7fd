// Makes an output folder and the missing folders above it, one level at a time. node's own recursive
// mkdir reports a new folder on a read-only file system as ENOENT (it looks the folder up after the
// failed mkdir, and reports that instead); made one level at a time, the failure is the real one:
// EROFS, EACCES, ENOTDIR.
import { chmod, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

const SETGID = 0o2000;

function failure(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/**
 * Makes `directory` (absolute) and every missing folder above it, each given `mode` exactly (not
 * narrowed by the umask: the mode was chosen for the files, see fileModes.ts), keeping a setgid bit
 * inherited from the folder above. Returns the outermost
 * folder made, or undefined when `directory` existed. Throws the file system's error, with its code.
 */
export async function makeFolder(directory: string, mode: number): Promise<string | undefined> {
  const missing: string[] = [];
  for (let at = directory; ; at = dirname(at)) {
    try {
      const info = await stat(at);
      if (info.isDirectory()) break;
      throw at === directory ? failure('EEXIST', `${at} is a file, not a folder`) : failure('ENOTDIR', `${at} is a file, not a folder`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      missing.unshift(at);
      if (dirname(at) === at) break;
    }
  }
  let outermost: string | undefined;
  for (const folder of missing) {
    try {
      await mkdir(folder, { mode });
    } catch (error) {
      // Made meanwhile by someone else: fine if it is a folder.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await stat(folder)).isDirectory()) throw error;
      continue;
    }
    outermost ??= folder;
    // A folder made inside a setgid folder (a team's shared folder) inherits the bit, so that files in
    // it belong to the team's group; chmod to `mode` alone would clear it.
    const inherited = (await stat(folder)).mode & SETGID;
    await chmod(folder, mode | inherited);
  }
  return outermost;
}
