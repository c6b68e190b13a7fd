// Returning memory between the phases of a run. Once the plans are read, their lines and the
// builder's indexes are garbage; once the contacts are read, the contact-ID index, the record
// positions and the read buffers (about 50 MB at 100,000 children) are. A garbage collector under no
// pressure leaves them in place while the next phase runs, and the run's peak is then the sum of the
// phases. One full collection at each boundary makes the peak the larger of them instead. A collection
// finds dead array buffers, but returns their memory to the system only once a background sweep is
// done; a second collection finishes that sweep at once.
//
// A full collection marks the whole heap, tens of milliseconds in a process that holds more than this
// run (a test runner calls the CLI in its own process hundreds of times): it is asked for only when
// the garbage is worth it, which it is in proportion to the input just read.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

/** Input bytes below which what a phase leaves behind is too little to collect for. */
export const WORTH_COLLECTING_BYTES = 1 << 20;

/**
 * Full garbage collection (twice: see above), where this Node allows one to be asked for, after a
 * phase that read `inputBytes`; otherwise nothing.
 */
export function releaseGarbage(inputBytes: number): void {
  if (!(inputBytes >= WORTH_COLLECTING_BYTES)) return;
  if (collect === undefined) {
    try {
      // --expose-gc set now applies to contexts made from now on: a new context hands over gc().
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('gc');
      collect = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  collect?.();
  collect?.();
}
