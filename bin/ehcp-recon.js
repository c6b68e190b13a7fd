#!/usr/bin/env node
// Thin launcher: everything lives in the compiled CLI. The one thing it adds is what only a process can
// do: on SIGINT or SIGTERM, delete the temporary files of outputs being written (and a folder made for
// them), so that an interrupted run leaves every --out folder as it was, and exit with the
// conventional status.
import { abandonWritesSync } from '../dist/io/atomicFiles.js';
import { run } from '../dist/cli/main.js';

for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.once(signal, () => {
    abandonWritesSync();
    process.stderr.write(`\nehcp-recon: stopped by ${signal}; no output files were changed.\n`);
    process.exit(status);
  });
}

process.exitCode = await run({
  argv: process.argv.slice(2),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
