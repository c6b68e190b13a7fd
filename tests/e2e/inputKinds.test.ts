// Any readable input, and signals that always end a run.
//
// A FIFO, a process substitution (/dev/fd/63) and a character device are read as standard input is,
// decided by fstat after opening: a run on `<(cat contacts.csv)` gives the file run's outputs, the
// duplicate rule's earlier rows read again from a copy kept as they stream. SIGTERM and SIGINT end a run
// promptly whatever it is waiting on (a FIFO with no writer, a FIFO with a writer gone quiet, the reader
// thread), with the message and the conventional status; the launcher's handlers are there before the
// CLI is even imported. A record of more than 16 MB stops the run at once, in little memory.
// Run `npm run build` first: these spawn bin/ehcp-recon.js.
import { spawnSync } from 'node:child_process';
import { closeSync, constants, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, fixture, ROOT, runCli, temporaryDir } from './cli.js';
import { HAS_PROC, hasOpen, killLeftoverRuns, spawnCli, waitFor, type Spawned } from './processWatch.js';

const example = fixture('example');
const EXAMPLE_ARGS = ['--plans', join(example, 'plans.csv'), '--mapping', join(example, 'mapping.json'), '--as-of', '2026-03-31', '--format', 'json'];
const STOPPED = (signal: string) => `\nehcp-recon: stopped by ${signal}; no output files were changed.\n`;

let folder = '';
beforeAll(() => {
  folder = temporaryDir('ehcp-recon-kinds-');
});
afterEach(killLeftoverRuns);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function outputsOf(out: string): Map<string, string> {
  return new Map(
    readdirSync(out)
      .sort()
      .map((name) => [name, readFileSync(join(out, name), 'utf8')]),
  );
}

/** A shell line, run by bash: process substitution and FIFOs are the shell's. */
function bash(script: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('bash', ['-c', script], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', BIN, NODE: process.execPath },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const quoted = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

describe.runIf(HAS_PROC)('an input that is not a plain file', () => {
  let fileRun: Map<string, string>;

  beforeAll(() => {
    const out = join(folder, 'file-out');
    const run = runCli(['reconcile', ...EXAMPLE_ARGS, '--contacts', join(example, 'contacts.csv'), '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    fileRun = outputsOf(out);
    // The example has duplicate contact IDs, so the duplicate rule reads earlier rows again.
    expect(JSON.parse(fileRun.get('summary.json')!).accounting.contacts.buckets.duplicate).toBe(16);
  });

  /**
   * The outputs equal the file run's; the manifest, and the workbook's About sheet, differ only in the
   * path they name (the workbook is held to its hash in the manifest below).
   */
  function expectSameAsFileRun(out: string, path: RegExp): void {
    const outputs = outputsOf(out);
    expect([...outputs.keys()]).toEqual([...fileRun.keys()]);
    for (const [name, text] of fileRun) {
      if (name !== 'manifest.json' && name !== 'shortfall.xlsx') expect(outputs.get(name), name).toBe(text);
    }
    const contactsOf = (manifest: string) => (JSON.parse(manifest) as { inputs: { contacts: { path: string } } }).inputs.contacts;
    const read = contactsOf(outputs.get('manifest.json')!);
    expect(read.path).toMatch(path);
    expect({ ...read, path: '' }).toEqual({ ...contactsOf(fileRun.get('manifest.json')!), path: '' });
  }

  it("a process substitution, <(cat contacts.csv), on two threads asked for: the file run's outputs", () => {
    const out = join(folder, 'substitution-out');
    const args = [...EXAMPLE_ARGS, '--out', out, '--threads', '2'].map(quoted).join(' ');
    const run = bash(`"$NODE" "$BIN" reconcile ${args} --contacts <(cat ${quoted(join(example, 'contacts.csv'))})`);
    expect(run.status, run.stderr).toBe(0);
    expectSameAsFileRun(out, /^\/dev\/fd\/\d+$/);
  });

  it('named FIFOs for both files, their writers coming only after the run has opened them', () => {
    const out = join(folder, 'fifo-out');
    const plansFifo = join(folder, 'plans.fifo');
    const contactsFifo = join(folder, 'contacts.fifo');
    const args = ['--plans', plansFifo, '--contacts', contactsFifo, ...EXAMPLE_ARGS.slice(2), '--out', out].map(quoted).join(' ');
    const run = bash(
      `mkfifo ${quoted(plansFifo)} ${quoted(contactsFifo)} && ` +
        `{ sleep 0.3; cat ${quoted(join(example, 'plans.csv'))} > ${quoted(plansFifo)}; cat ${quoted(join(example, 'contacts.csv'))} > ${quoted(contactsFifo)}; } & ` +
        `"$NODE" "$BIN" reconcile ${args}`,
    );
    expect(run.status, run.stderr).toBe(0);
    expectSameAsFileRun(out, /contacts\.fifo$/);
  });

  it('a character device: /dev/null reads as an empty file', () => {
    const run = runCli(['reconcile', ...EXAMPLE_ARGS, '--contacts', '/dev/null']);
    expect(run.status).toBe(3);
    expect(run.stderr).toBe('ehcp-recon: /dev/null is empty: expected a header row\n');
  });
});

describe.runIf(HAS_PROC)('a signal ends a run promptly, with the message and the status', () => {
  /** Sends `signal` and expects the run to end within a second with the message and the status. */
  async function expectStopped(spawned: Spawned, signal: 'SIGINT' | 'SIGTERM'): Promise<void> {
    const sent = performance.now();
    spawned.child.kill(signal);
    const ended = await spawned.ended;
    expect({ status: ended.status, signal: ended.signal }).toEqual({ status: signal === 'SIGINT' ? 130 : 143, signal: null });
    expect(ended.stderr).toBe(STOPPED(signal));
    expect(performance.now() - sent, 'milliseconds from the signal to the end').toBeLessThan(1_000);
  }

  function fifo(name: string): string {
    const path = join(folder, name);
    spawnSync('mkfifo', [path]);
    return path;
  }

  it('SIGTERM while it waits to read a contacts FIFO that no writer has opened', async () => {
    const contacts = fifo('no-writer.fifo');
    const spawned = spawnCli(['reconcile', ...EXAMPLE_ARGS, '--contacts', contacts]);
    expect(await waitFor(spawned, () => hasOpen(spawned.pid, contacts))).toBe(true);
    // Long enough to be waiting on it, not just opening it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expectStopped(spawned, 'SIGTERM');
  });

  it('SIGINT while it waits on a plans FIFO that no writer has opened', async () => {
    const plans = fifo('plans-no-writer.fifo');
    const spawned = spawnCli(['reconcile', '--plans', plans, '--contacts', join(example, 'contacts.csv'), ...EXAMPLE_ARGS.slice(2)]);
    expect(await waitFor(spawned, () => hasOpen(spawned.pid, plans))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expectStopped(spawned, 'SIGINT');
  });

  it('SIGTERM while inspect waits on a FIFO that no writer has opened', async () => {
    const file = fifo('inspect-no-writer.fifo');
    const spawned = spawnCli(['inspect', file]);
    expect(await waitFor(spawned, () => hasOpen(spawned.pid, file))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expectStopped(spawned, 'SIGTERM');
  });

  it('SIGTERM while it waits for more of a FIFO whose writer has sent part and gone quiet', async () => {
    const contacts = fifo('quiet-writer.fifo');
    const spawned = spawnCli(['reconcile', ...EXAMPLE_ARGS, '--contacts', contacts]);
    expect(await waitFor(spawned, () => hasOpen(spawned.pid, contacts))).toBe(true);
    // The reader has it open, so a writer opens at once; it sends the header and 1,000 rows and stays.
    const writer = openSync(contacts, constants.O_WRONLY | constants.O_NONBLOCK);
    try {
      writeSync(writer, `${readFileSync(join(example, 'contacts.csv'), 'utf8').split('\n').slice(0, 1001).join('\n')}\n`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expectStopped(spawned, 'SIGTERM');
    } finally {
      closeSync(writer);
    }
  });

  it('SIGTERM while the reader thread reads, frozen part-way through the contacts', async () => {
    const contacts = join(example, 'contacts.csv');
    const spawned = spawnCli(['reconcile', ...EXAMPLE_ARGS, '--contacts', contacts, '--threads', '2']);
    expect(await waitFor(spawned, () => hasOpen(spawned.pid, contacts))).toBe(true);
    spawned.child.kill('SIGSTOP');
    spawned.child.kill('SIGTERM');
    spawned.child.kill('SIGCONT');
    const ended = await spawned.ended;
    expect(ended.status).toBe(143);
    expect(ended.stderr).toBe(STOPPED('SIGTERM'));
  });

  it('SIGTERM while the launcher imports the CLI: its handlers are already there', async () => {
    // The preload signals the process as the launcher asks for dist/cli/main.js.
    const spawned = spawnCli(['reconcile', ...EXAMPLE_ARGS, '--contacts', join(example, 'contacts.csv')], {
      nodeArgs: ['--import', pathToFileURL(join(ROOT, 'tests', 'e2e', 'signalDuringImport.mjs')).href],
    });
    const ended = await spawned.ended;
    expect({ status: ended.status, signal: ended.signal, stdout: ended.stdout, stderr: ended.stderr }).toEqual({
      status: 143,
      signal: null,
      stdout: '',
      stderr: STOPPED('SIGTERM'),
    });
  });

  it('SIGTERM 50 ms after the spawn ends the run at once: with the message and 143 or, before Node has run the launcher, by the signal itself', async () => {
    const spawned = spawnCli(['reconcile', ...EXAMPLE_ARGS, '--contacts', join(example, 'contacts.csv')]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    spawned.child.kill('SIGTERM');
    const ended = await spawned.ended;
    // Node's own start-up (about 40 ms on an idle machine, several times that on a busy one) is the one
    // window no script can cover: there the signal's default action ends the process, which a shell
    // reports as 143 too. From the launcher's first line on, the message and the status.
    const outcome = { status: ended.status, signal: ended.signal, stdout: ended.stdout, stderr: ended.stderr };
    expect([
      { status: 143, signal: null, stdout: '', stderr: STOPPED('SIGTERM') },
      { status: null, signal: 'SIGTERM', stdout: '', stderr: '' },
    ]).toContainEqual(outcome);
  });
});

describe('a record of more than 16 MB', () => {
  it('stops a run on a 40 MB line in seconds, in well under 300 MB', async () => {
    const contacts = join(folder, 'one-line.csv');
    const field = 'x'.repeat(110_000);
    const header = readFileSync(join(example, 'contacts.csv'), 'utf8').split('\n')[0]!;
    writeFileSync(contacts, `${header}\n${Array.from({ length: 370 }, () => field).join(',')}\n`);
    const report = join(folder, 'peak.json');
    const spawned = spawnCli(['reconcile', ...EXAMPLE_ARGS, '--contacts', contacts], {
      nodeArgs: ['--require', join(ROOT, 'tests', 'bench', 'peakMemory.cjs')],
      env: { EHCP_RECON_BENCH_REPORT: report },
    });
    const ended = await spawned.ended;
    expect(ended.status).toBe(3);
    expect(ended.stderr).toBe(`ehcp-recon: ${contacts}: line 2: a record of more than 16 MB starts on this line — is the file a CSV export?\n`);
    const peak = JSON.parse(readFileSync(report, 'utf8')) as { seconds: number; maxRssMb: number };
    expect(peak.seconds).toBeLessThan(10);
    expect(peak.maxRssMb).toBeLessThan(300);
  });
});
