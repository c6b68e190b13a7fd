// Watching a spawned run from outside, through Linux's /proc: which files it has open and how many
// bytes it has read. The tests that change an input "during the read", or signal a run while it waits
// on one, use these to know the moment instead of guessing it from the clock; they run on Linux only.
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

/** Runs started and not yet ended: a failed test must not leave one waiting on a FIFO for ever. */
const running = new Set<ChildProcess>();

/** Kills (SIGKILL) every run this file started that has not ended: for afterEach. */
export function killLeftoverRuns(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Starts the built CLI (or `node` with `nodeArgs` first) without waiting for it. */
export function spawnCli(args: readonly string[], options: { nodeArgs?: readonly string[]; env?: Record<string, string> } = {}): Spawned {
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...options.env } });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
  running.add(child);
  const ended = new Promise<Ended>((resolve) => {
    child.on('close', (status, signal) => {
      running.delete(child);
      resolve({
        status,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        afterMs: performance.now() - started,
      });
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
