// `kill -9` at twenty moments of writing an --out folder: after each, the folder is the old set, the new
// set, or recognised as incomplete by `diff` (exit 3) and by the next run, which removes the leftovers
// and says so. The moments are the steps of docs/output-folders.md, reached by the built binary and
// held there by the test-only hook EHCP_RECON_TEST_PAUSE_AT_STEP (src/io/writeSteps.ts), so that each
// kill lands exactly where it is meant to. Also: two runs started together on one folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryOwner } from '../../src/io/folderEntries.js';
import { BIN, runCli, temporaryDir } from './cli.js';
import { runInProcess } from './inProcess.js';

const root = temporaryDir('ehcp-recon-kill-');
const data = join(root, 'data');
/** Two months of one council: each run's set differs from the one before, so a mix of the two shows. */
const MONTHS = { march: ['--as-of', '2026-03-31'], february: ['--as-of', '2026-02-28'] } as const;
type Month = keyof typeof MONTHS;
const MOMENTS = 20;

function reconcileArgs(month: Month, out: string): string[] {
  return [
    'reconcile',
    '--plans',
    join(data, 'plans.csv'),
    '--contacts',
    join(data, 'contacts.csv'),
    ...MONTHS[month],
    '--out',
    out,
    '--format',
    'json',
    '--threads',
    '1',
  ];
}

interface Started {
  readonly child: ChildProcess;
  /** Standard error so far. */
  stderr(): string;
  /** Settles once standard error holds `text`. */
  waitFor(text: RegExp): Promise<RegExpExecArray>;
  readonly exited: Promise<number | null>;
}

function start(args: readonly string[], env: Record<string, string> = {}): Started {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  const waiting: { pattern: RegExp; resolve: (match: RegExpExecArray) => void }[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const wait of [...waiting]) {
      const match = wait.pattern.exec(text);
      if (match !== null) {
        waiting.splice(waiting.indexOf(wait), 1);
        wait.resolve(match);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stderr: () => text,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const match = pattern.exec(text);
        if (match !== null) return resolve(match);
        waiting.push({ pattern, resolve });
        // A run that ends without reaching the step fails the test with what it said.
        void exited.then((code) => reject(new Error(`run exited ${code} before ${pattern}: ${text}`)));
      }),
    exited,
  };
}

/** The visible files of a folder (the outputs), each with its SHA-256. */
function outputSet(folder: string): Record<string, string> {
  const set: Record<string, string> = {};
  for (const name of readdirSync(folder).sort()) {
    if (name.startsWith('.')) continue;
    set[name] = createHash('sha256')
      .update(readFileSync(join(folder, name)))
      .digest('hex');
  }
  return set;
}

function temporariesOf(folder: string): { name: string; pid: number }[] {
  return readdirSync(folder).flatMap((name) => {
    const pid = temporaryOwner(name);
    return pid === undefined ? [] : [{ name, pid }];
  });
}

/** What a folder holds: one month's whole set, nothing yet, or neither. */
type FolderSet = Month | 'empty' | 'mixed';

const references: Record<Month, Record<string, string>> = { march: {}, february: {} };
/** The steps of writing a reconcile folder, in order, as the binary names them. */
let steps: string[] = [];

function classify(folder: string): FolderSet {
  const set = outputSet(folder);
  if (Object.keys(set).length === 0) return 'empty';
  for (const month of ['march', 'february'] as const) if (JSON.stringify(set) === JSON.stringify(references[month])) return month;
  return 'mixed';
}

/** Where a kill at a step leaves the folder: as before, half replaced, or the new set (docs/output-folders.md). */
function phaseOf(description: string): 'before' | 'during' | 'after' {
  if (/^(created the temporary|wrote the temporary|flushed every output|marked the folder incomplete)/.test(description)) return 'before';
  if (description === 'renamed manifest.json into place' || description === 'removed the incomplete mark') return 'after';
  if (description === 'removed the old manifest.json' || /^renamed .* into place$/.test(description)) return 'during';
  throw new Error(`a step the test does not know: ${description}`);
}

beforeAll(async () => {
  const generated = runCli(['generate', '--children', '3000', '--seed', '11', '--as-of', '2026-03-31', '--out', data, '--quiet']);
  expect(generated.status).toBe(0);
  const listed = start(reconcileArgs('march', join(root, 'march')), { EHCP_RECON_TEST_PAUSE_AT_STEP: 'list' });
  const february = start(reconcileArgs('february', join(root, 'february')));
  expect(await Promise.all([listed.exited, february.exited])).toEqual([0, 0]);
  steps = [...listed.stderr().matchAll(/^ehcp-recon test step (\d+): (.*)$/gm)].map((match) => match[2]!);
  references.march = outputSet(join(root, 'march'));
  references.february = outputSet(join(root, 'february'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('kill -9 while writing --out', () => {
  it('knows the steps: each temporary, the flush, the mark, the old manifest, each rename, the manifest last', () => {
    const names = ['reconciliation.csv', 'shortfall.csv', 'worklist.csv', 'exceptions.csv', 'summary.json', 'report.html', 'shortfall.xlsx'];
    expect(steps).toEqual([
      ...names.flatMap((name) => [`created the temporary of ${name}`, `wrote the temporary of ${name}`]),
      'flushed every output',
      'created the temporary of manifest.json',
      'wrote the temporary of manifest.json',
      'marked the folder incomplete',
      'removed the old manifest.json',
      ...names.map((name) => `renamed ${name} into place`),
      'renamed manifest.json into place',
      'removed the incomplete mark',
    ]);
    expect(Object.keys(references.march)).toEqual([...names, 'manifest.json'].sort());
    expect(references.march).not.toEqual(references.february);
  });

  // About 26 runs of reconcile on 3,000 children, two at a time: some 15 s on an idle 2-core machine;
  // the limit leaves room for a busy one.
  it('leaves the old set, the new set, or a folder that diff and the next run see is incomplete, at 20 moments', { timeout: 240_000 }, async () => {
    // Twenty steps spread from the first to the last, shared between two folders written side by side.
    const moments = Array.from({ length: MOMENTS }, (_, i) => 1 + Math.round((i * (steps.length - 1)) / (MOMENTS - 1)));
    expect(new Set(moments).size).toBe(MOMENTS);
    const chains = [moments.filter((_, i) => i % 2 === 0), moments.filter((_, i) => i % 2 === 1)];
    const seen = await Promise.all(chains.map((chain, c) => killChain(join(root, `chain-${c}`), chain)));
    const phases = seen.flat();
    expect(phases).toHaveLength(MOMENTS);
    // Every kind of moment was hit: the first and the last step are among the twenty.
    expect(Object.fromEntries(['before', 'during', 'after'].map((phase) => [phase, phases.filter((seenPhase) => seenPhase === phase).length]))).toEqual({
      before: moments.filter((step) => phaseOf(steps[step - 1]!) === 'before').length,
      during: moments.filter((step) => phaseOf(steps[step - 1]!) === 'during').length,
      after: 2,
    });
    expect(phases.filter((phase) => phase === 'during').length).toBeGreaterThanOrEqual(4);
  });
});

/**
 * Runs into `folder` one after another, alternating the months, killing each at its step; then one run
 * to the end. Checks the folder after every kill, and what the next run says and removes.
 */
async function killChain(folder: string, chain: readonly number[]): Promise<string[]> {
  const phases: string[] = [];
  let before: FolderSet = 'empty';
  let previous: Previous | undefined;
  /** The run named by the folder's incomplete mark, while the folder is mixed. */
  let markedBy: number | undefined;
  for (const [k, step] of chain.entries()) {
    const month: Month = k % 2 === 0 ? 'march' : 'february';
    const run = start(reconcileArgs(month, folder), { EHCP_RECON_TEST_PAUSE_AT_STEP: String(step) });
    const pid = run.child.pid!;
    const [, , description] = await run.waitFor(/^ehcp-recon test pause at step (\d+): (.*)$/m);
    expectNextRunCleanedUp(run.stderr(), folder, pid, previous);
    run.child.kill('SIGKILL');
    expect(await run.exited).toBeNull();

    const phase = phaseOf(description!);
    phases.push(phase);
    const after = classify(folder);
    // Killed while replacing nothing (the first run into a new folder, before its first rename) leaves nothing.
    const isReplacingNothing = before === 'empty' && description === 'removed the old manifest.json';
    const expected = phase === 'before' ? before : phase === 'after' ? month : isReplacingNothing ? 'empty' : 'mixed';
    expect(after, `killed at step ${step} (${description})`).toBe(expected);
    if (phase === 'during' || description === 'marked the folder incomplete') markedBy = pid;
    if (after === 'march' || after === 'february') markedBy = undefined;
    if (after === 'empty' && markedBy === undefined) {
      const diff = await runInProcess(['diff', join(root, 'march'), folder]);
      expect(diff.status).toBe(3);
      expect(diff.stderr).toContain('the folder has no summary.json');
    } else if (after === 'mixed' || after === 'empty') {
      const diff = await runInProcess(['diff', join(root, 'march'), folder]);
      expect(diff.status, `diff after a kill at step ${step}: ${diff.stderr}`).toBe(3);
      expect(diff.stderr).toContain(`${folder}/ holds an incomplete set of files: the run into it (PID ${markedBy}) was stopped while putting them in place`);
    } else {
      expect((await runInProcess(['diff', join(root, 'march'), folder, '--format', 'json'])).status, `diff after a kill at step ${step}`).toBe(0);
    }
    before = after;
    previous = { pid, temporaries: temporariesOf(folder), markedBy };
  }
  // One run to the end: it says what it found, removes it, and leaves the whole set and nothing else.
  const month: Month = chain.length % 2 === 0 ? 'march' : 'february';
  const last = start(reconcileArgs(month, folder));
  expect(await last.exited).toBe(0);
  expectNextRunCleanedUp(last.stderr(), folder, last.child.pid!, previous);
  expect(classify(folder)).toBe(month);
  expect(readdirSync(folder).filter((name) => name.startsWith('.'))).toEqual([]);
  expect((await runInProcess(['diff', join(root, 'march'), folder, '--format', 'json'])).status).toBe(0);
  return phases;
}

/** What a killed run left: its PID, its temporaries, and the run its folder's incomplete mark names. */
interface Previous {
  readonly pid: number;
  readonly temporaries: readonly { name: string; pid: number }[];
  readonly markedBy: number | undefined;
}

/** The run after a killed one says it was interrupted, counts what it removed, and leaves none of its temporaries. */
function expectNextRunCleanedUp(stderr: string, folder: string, pid: number, previous: Previous | undefined): void {
  if (previous === undefined) {
    expect(stderr).not.toContain('was interrupted');
    return;
  }
  // Only the killed run's temporaries are there: it removed those of the runs before it.
  expect(previous.temporaries.every((temporary) => temporary.pid === previous.pid)).toBe(true);
  const pids = [...new Set([previous.pid, ...(previous.markedBy === undefined ? [] : [previous.markedBy])])];
  const count = previous.temporaries.length;
  const note =
    `ehcp-recon: warning: the previous run into ${folder}/ was interrupted (PID${pids.length === 1 ? '' : 's'} ${pids.join(', ')}); ` +
    (count === 0 ? 'it left no temporary files' : `its leftovers were removed (${count} temporary file${count === 1 ? '' : 's'}, `);
  expect(stderr).toContain(note);
  expect(stderr.includes('are an incomplete set until this run puts its own in place')).toBe(previous.markedBy !== undefined);
  expect(temporariesOf(folder).filter((temporary) => temporary.pid !== pid)).toEqual([]);
}

describe('two runs started together on one folder', () => {
  it('exactly one writes; the other exits 2 naming the PID of the one writing', async () => {
    const folder = join(root, 'together');
    const runs = [start(reconcileArgs('march', folder)), start(reconcileArgs('march', folder))];
    const statuses = await Promise.all(runs.map((run) => run.exited));
    expect([...statuses].sort()).toEqual([0, 2]);
    const writer = runs[statuses.indexOf(0)]!;
    const refused = runs[statuses.indexOf(2)]!;
    expect(refused.stderr()).toBe(
      `ehcp-recon: another ehcp-recon run (PID ${writer.child.pid}) is writing to ${folder}/: wait for it to finish, or give another --out. See "ehcp-recon --help".\n`,
    );
    expect(classify(folder)).toBe('march');
    expect(readdirSync(folder).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});
