#!/usr/bin/env node
// Thin launcher: everything lives in the compiled CLI.
import { run } from '../dist/cli/main.js';

process.exitCode = await run({
  argv: process.argv.slice(2),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
