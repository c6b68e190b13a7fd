// readThrough: a plain file must still be as it was opened once everything that reads it is done (its
// last byte, and the last row read again after it), and a read that fails on a file that changed is
// reported as the change. openFileInput: a folder or a missing path is one plain sentence.
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileInput, readThrough, readWholeInput } from '../../../src/io/inputFiles.js';
import { InputError } from '../../../src/errors.js';

const folder = mkdtempSync(join(tmpdir(), 'ehcp-recon-input-files-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

function settledFile(text: string): string {
  const path = join(folder, `${files++}.csv`);
  writeFileSync(path, text);
  const anHourAgo = new Date(Date.now() - 3_600_000);
  utimesSync(path, anHourAgo, anHourAgo);
  return path;
}

const CHANGED = 'the contacts file changed while it was read: run again when the export is complete';

async function textOf(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += Buffer.from(chunk).toString('utf8');
  return text;
}

describe('readThrough', () => {
  it('gives what the read gave when the file stayed as it was, and closes it', async () => {
    const input = await openFileInput(settledFile('id\n1\n'), 'contacts');
    expect(await readThrough(input, () => textOf(input.chunks))).toBe('id\n1\n');
    // Closed: a closed file is no longer asked.
    expect(input.file?.changed()).toBeUndefined();
  });

  it('refuses a file changed after its last byte was read, while rows were still being read again', async () => {
    const path = settledFile('id\n1\n');
    const input = await openFileInput(path, 'contacts');
    const read = readThrough(input, async () => {
      const text = await textOf(input.chunks);
      appendFileSync(path, '2\n');
      return text;
    });
    await expect(read).rejects.toThrow(CHANGED);
  });

  it('reports a failed read of a file that changed as the change, and any other failure as it is', async () => {
    const path = settledFile('id\n1\n');
    const input = await openFileInput(path, 'contacts');
    await expect(
      readThrough(input, () => {
        writeFileSync(path, 'id\n"2\n');
        throw new InputError('contacts.csv: line 2: a quoted field opened here is never closed');
      }),
    ).rejects.toThrow(CHANGED);
    const unchanged = await openFileInput(settledFile('id\n1\n'), 'contacts');
    await expect(readThrough(unchanged, () => Promise.reject(new InputError('the read failed')))).rejects.toThrow('the read failed');
  });
});

describe('openFileInput', () => {
  it('names a folder and a missing file in one sentence each', async () => {
    await expect(openFileInput(folder, 'plans')).rejects.toThrow(`the plans file "${folder}" is a folder: give the path of a CSV file`);
    await expect(openFileInput(join(folder, 'missing.csv'), 'plans')).rejects.toThrow(
      `cannot read the plans file "${join(folder, 'missing.csv')}": no such file; check the path`,
    );
  });

  it('reads a small input whole, fingerprinted as it passes', async () => {
    const path = settledFile('{"contacts": {}}\n');
    let fingerprint: unknown;
    const bytes = await readWholeInput(path, 'mapping', (value) => (fingerprint = value));
    expect(bytes.toString('utf8')).toBe('{"contacts": {}}\n');
    expect(fingerprint).toEqual({ path, bytes: 17, sha256: createHash('sha256').update('{"contacts": {}}\n').digest('hex') });
  });
});
