// FOR TESTS ONLY: a hook that stops the process at a chosen step of writing an output folder, so that
// tests/e2e/killDuringWrite.test.ts can kill it (SIGKILL) at exactly that moment and check what the
// folder is left as. It does nothing unless the environment variable EHCP_RECON_TEST_PAUSE_AT_STEP is
// set, which no user has reason to set:
//   EHCP_RECON_TEST_PAUSE_AT_STEP=list   prints each step to standard error as it is reached;
//   EHCP_RECON_TEST_PAUSE_AT_STEP=N      at step N, prints it and blocks (for up to a minute, then goes on).
// The steps are those of docs/output-folders.md: each temporary created and written, the flush, the
// manifest, the mark, the old manifest removed, each rename, the mark removed.
import { writeSync } from 'node:fs';

const PAUSE_VARIABLE = 'EHCP_RECON_TEST_PAUSE_AT_STEP';
const PAUSE_LIMIT_MS = 60_000;

let stepsReached = 0;

/** A step of writing an output folder was reached (see above: a no-op outside the kill tests). */
export function reachedWriteStep(description: string): void {
  const wanted = process.env[PAUSE_VARIABLE];
  if (wanted === undefined || wanted === '') return;
  stepsReached++;
  if (wanted === 'list') {
    writeSync(2, `ehcp-recon test step ${stepsReached}: ${description}\n`);
  } else if (Number(wanted) === stepsReached) {
    writeSync(2, `ehcp-recon test pause at step ${stepsReached}: ${description}\n`);
    // Blocks the whole process, as a kill at this instant would find it: nothing of ours runs meanwhile.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, PAUSE_LIMIT_MS);
  }
}
