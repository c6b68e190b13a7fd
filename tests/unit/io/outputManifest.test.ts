// Checking a folder against its manifest: a whole set, a changed file, a missing one, an interrupted run.
import { mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFilesAtomically } from '../../../src/io/atomicFiles.js';
import { checkOutputFolder } from '../../../src/io/outputManifest.js';

let root: string;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'ehcp-manifest-'));
  await writeFilesAtomically(
    root,
    [
      { name: 'summary.json', content: '{"schemaVersion":1}\n' },
      { name: 'worklist.csv', content: ['rank,child_id\n', '1,C1\n'] },
    ],
    { manifest: (outputs) => `${JSON.stringify({ manifestVersion: 2, tool: { name: 'ehcp-recon' }, outputs }, null, 2)}\n` },
  );
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const summaryRead = () => ({ name: 'summary.json', bytes: readFileSync(join(root, 'summary.json')) });

describe('checkOutputFolder', () => {
  it('finds the set one run wrote whole', async () => {
    expect(await checkOutputFolder(root)).toEqual({ kind: 'whole' });
    expect(await checkOutputFolder(root, summaryRead())).toEqual({ kind: 'whole' });
  });

  it('names a file changed by hand: same size, other bytes; or another size', async () => {
    writeFileSync(join(root, 'worklist.csv'), 'rank,child_id\n1,C2\n');
    expect(await checkOutputFolder(root)).toEqual({ kind: 'mismatch', name: 'worklist.csv', mismatch: 'content' });
    truncateSync(join(root, 'worklist.csv'), 3);
    expect(await checkOutputFolder(root)).toEqual({ kind: 'mismatch', name: 'worklist.csv', mismatch: 'size' });
    unlinkSync(join(root, 'worklist.csv'));
    expect(await checkOutputFolder(root)).toEqual({ kind: 'mismatch', name: 'worklist.csv', mismatch: 'missing' });
  });

  it('checks the summary by the bytes the caller read, not by reading it again', async () => {
    const read = { name: 'summary.json', bytes: Buffer.from('{"schemaVersion":2}\n') };
    expect(await checkOutputFolder(root, read)).toEqual({ kind: 'mismatch', name: 'summary.json', mismatch: 'content' });
  });

  it('sees a run stopped while putting its files in place: no manifest, and the mark', async () => {
    unlinkSync(join(root, 'manifest.json'));
    expect(await checkOutputFolder(root)).toEqual({ kind: 'no-manifest' });
    writeFileSync(join(root, '.ehcp-recon.incomplete'), JSON.stringify({ pid: 4242, host: hostname() }));
    expect(await checkOutputFolder(root)).toEqual({ kind: 'incomplete', pid: 4242, isRunning: false });
    // While the run is alive (its lock names a live process), it is putting them in place now.
    writeFileSync(join(root, '.ehcp-recon.lock'), JSON.stringify({ pid: process.pid, host: hostname() }));
    expect(await checkOutputFolder(root)).toEqual({ kind: 'incomplete', pid: process.pid, isRunning: true });
  });

  it('a matching manifest wins over a mark: the run was stopped before or after its renames', async () => {
    writeFileSync(join(root, '.ehcp-recon.incomplete'), JSON.stringify({ pid: 4242, host: hostname() }));
    expect(await checkOutputFolder(root)).toEqual({ kind: 'whole' });
  });

  it('reads an older manifest (a list of names) as nothing to check, and a broken one as unusable', async () => {
    writeFileSync(join(root, 'manifest.json'), JSON.stringify({ tool: { name: 'ehcp-recon' }, outputs: ['summary.json', 'worklist.csv', 'manifest.json'] }));
    expect(await checkOutputFolder(root)).toEqual({ kind: 'unchecked' });
    writeFileSync(join(root, 'manifest.json'), '{"outputs": [');
    expect(await checkOutputFolder(root)).toMatchObject({ kind: 'unreadable-manifest', problem: expect.stringMatching(/^it is not valid JSON/) });
    writeFileSync(
      join(root, 'manifest.json'),
      JSON.stringify({ manifestVersion: 2, outputs: [{ name: '../../etc/passwd', bytes: 1, sha256: '0'.repeat(64) }] }),
    );
    expect(await checkOutputFolder(root)).toEqual({ kind: 'unreadable-manifest', problem: 'it lists an output that is not a plain file name' });
    writeFileSync(join(root, 'manifest.json'), JSON.stringify({ manifestVersion: 2, outputs: [{ name: 'summary.json' }] }));
    expect(await checkOutputFolder(root)).toEqual({ kind: 'unreadable-manifest', problem: 'its line for summary.json has no size and SHA-256' });
  });

  it('refuses a summary the manifest does not list', async () => {
    const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
    manifest.outputs = manifest.outputs.filter((output: { name: string }) => output.name !== 'summary.json');
    writeFileSync(join(root, 'manifest.json'), JSON.stringify(manifest));
    expect(await checkOutputFolder(root, summaryRead())).toEqual({ kind: 'mismatch', name: 'summary.json', mismatch: 'unlisted' });
  });
});
