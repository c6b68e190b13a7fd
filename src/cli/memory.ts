// Returning memory between the phases of a run. Once the inputs are read, the contact-ID index, the
// record positions and the read buffers (about 50 MB at 100,000 children) are garbage, but a garbage
// collector under no pressure leaves them in place while the results are built and written, and the
// run's peak is then the sum of both phases. One full collection at that boundary makes the peak the
// larger of the two instead. A collection finds dead array buffers, but returns their memory to the
// system only once a background sweep is done; a second collection finishes that sweep at once.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

/** Full garbage collection (twice: see above), where this Node allows one to be asked for; otherwise nothing. */
export function releaseGarbage(): void {
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
