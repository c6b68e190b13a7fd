#!/usr/bin/env node
// Thin launcher: everything lives in the compiled CLI. The one thing it adds is what only a process can
// do: on SIGINT or SIGTERM, settle the outputs being written (undone, or finished if they were already
// being put in place), so that an interrupted run leaves every --out folder whole, as it was or as the
// run made it, and exit with the conventional status.
//
// The handlers come first, before any of the CLI is imported: loading its modules takes a noticeable
// moment, and a signal in it must get the message and the status too. Until the output writer is
// loaded there is nothing to settle.

let settleWrites = () => 'undone';

for (const [signal, status] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.once(signal, () => {
    const outputs = settleWrites() === 'finished' ? 'the output files, all written, were put in place' : 'no output files were changed';
    process.stderr.write(`\nehcp-recon: stopped by ${signal}; ${outputs}.\n`);
    process.exit(status);
  });
}

({ settleWritesSync: settleWrites } = await import('../dist/io/atomicFiles.js'));
const { run } = await import('../dist/cli/main.js');

process.exitCode = await run({
  argv: process.argv.slice(2),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
