// csv-spectrum's acid-test files, read through readCsv, give the values its JSON files say.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvWithCsvParse } from '../../support/csvParseEngine.js';
import { readCsv } from '../../../src/io/csvReader.js';

const spectrumDir = dirname(createRequire(import.meta.url).resolve('csv-spectrum/package.json'));
const names = readdirSync(join(spectrumDir, 'csvs'))
  .filter((file) => file.endsWith('.csv'))
  .map((file) => basename(file, '.csv'))
  .sort();

/**
 * location_coordinates.json does not match its CSV: it is a bare object rather than an array, and its
 * phone number is a placeholder ("1234567890") where the CSV holds 2095257564. The CSV is the truth.
 */
function expectedFor(name: string): Array<Record<string, string>> {
  const parsed: unknown = JSON.parse(readFileSync(join(spectrumDir, 'json', `${name}.json`), 'utf8'));
  const rows = (Array.isArray(parsed) ? parsed : [parsed]) as Array<Record<string, string>>;
  if (name === 'location_coordinates') return rows.map((row) => ({ ...row, 'Contact Phone Number': '2095257564' }));
  return rows;
}

async function readObjects(read: typeof readCsv, bytes: Uint8Array, source: string): Promise<Array<Record<string, string>>> {
  let header: string[] = [];
  const rows: Array<Record<string, string>> = [];
  async function* once() {
    yield bytes;
  }
  await read(
    once(),
    { source },
    {
      header: (fields) => {
        header = fields;
      },
      row: (fields) => {
        rows.push(Object.fromEntries(header.map((name, i) => [name, fields[i] ?? ''])));
      },
    },
  );
  return rows;
}

describe('csv-spectrum', () => {
  it('has its cases installed', () => {
    expect(names.length).toBeGreaterThanOrEqual(12);
  });

  describe.each([
    ['readCsv', readCsv],
    ['csv-parse engine', readCsvWithCsvParse],
  ] as const)('%s', (_engine, read) => {
    it.each(names)('%s', async (name) => {
      const bytes = readFileSync(join(spectrumDir, 'csvs', `${name}.csv`));
      expect(await readObjects(read, bytes, `${name}.csv`)).toEqual(expectedFor(name));
    });
  });
});
