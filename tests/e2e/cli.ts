// Spawns the built CLI, as a user or a scheduled job would run it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin', 'ehcp-recon.js');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; input?: string | Buffer } = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function fixture(...parts: string[]): string {
  return join(ROOT, 'fixtures', ...parts);
}

/** The bundled example's three files, as the README's first command gives them. */
export const EXAMPLE_FILES: readonly string[] = [
  '--plans',
  fixture('example', 'plans.csv'),
  '--contacts',
  fixture('example', 'contacts.csv'),
  '--mapping',
  fixture('example', 'mapping.json'),
];

/** The example's files and its as-of date. */
export const EXAMPLE_INPUTS: readonly string[] = [...EXAMPLE_FILES, '--as-of', '2026-03-31'];

export function temporaryDir(prefix = 'ehcp-recon-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
