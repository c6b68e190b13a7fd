// Watching a spawned run from outside, through Linux's /proc: which files it has open, how many bytes
// it has read, whether it has a handler for a signal yet. The tests that change an input "during the
// read", or signal a run at a given moment, use these to know the moment instead of guessing it from
// the clock; they run on Linux only.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { BIN, ROOT } from './cli.js';

export const HAS_PROC = process.platform === 'linux';

export interface Spawned {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves when the run has ended: its status (or the signal that ended it) and what it wrote. */
  readonly ended: Promise<Ended>;
}

export interface Ended {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Milliseconds from the spawn to the end. */
  readonly afterMs: number;
}

/** Starts the built CLI (or `node` with `nodeArgs` first) without waiting for it. */
export function spawnCli(args: readonly string[], options: { nodeArgs?: readonly string[]; env?: Record<string, string> } = {}): Spawned {
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...options.env } });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
  const ended = new Promise<Ended>((resolve) => {
    child.on('close', (status, signal) => {
      resolve({ status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), afterMs: performance.now() - started });
    });
  });
  return { child, pid: child.pid!, ended };
}

/** Bytes the process has read so far, all threads together (rchar: every read, pread included). */
export function bytesReadBy(pid: number): number | undefined {
  try {
    const match = /^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

/** Whether the process has `path` open. */
export function hasOpen(pid: number, path: string): boolean {
  let descriptors: string[];
  try {
    descriptors = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  return descriptors.some((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`) === path;
    } catch {
      return false;
    }
  });
}

/** Whether the process catches `signal` (a handler is installed), from the SigCgt mask. */
export function catches(pid: number, signal: 'SIGINT' | 'SIGTERM'): boolean {
  try {
    const match = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (match === null) return false;
    const bit = BigInt(signal === 'SIGINT' ? 2 : 15) - 1n;
    return ((BigInt(`0x${match[1]}`) >> bit) & 1n) === 1n;
  } catch {
    return false;
  }
}

/** Polls `condition` about every millisecond until it holds (true) or the run ends or `timeoutMs` passes (false). */
export async function waitFor(spawned: Spawned, condition: () => boolean, timeoutMs = 20_000): Promise<boolean> {
  let hasEnded = false;
  void spawned.ended.then(() => (hasEnded = true));
  const deadline = performance.now() + timeoutMs;
  while (!hasEnded && performance.now() < deadline) {
    if (condition()) return true;
    await sleep(1);
  }
  return false;
}
