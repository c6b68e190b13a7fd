// The folders of --split-by's groups: safe on every file system, distinct even where case is ignored,
// the same on every run of the same groups (docs/outputs.md#split-by-folders).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupFolderNames, safeFolderBase, UNASSIGNED_FOLDER } from '../../../../src/report/split/folderNames.js';

function hash8(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 8);
}

const WINDOWS_DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** What every file system we know of accepts as a folder name, stated without the code's own helpers. */
function isSafeEverywhere(name: string): boolean {
  return (
    name.length > 0 &&
    Buffer.byteLength(name, 'utf8') <= 255 &&
    name !== '.' &&
    name !== '..' &&
    !name.startsWith('.') &&
    !/[\u0000-\u001f\u007f-\u009f<>:"/\\|?*\u200e\u200f\u202a-\u202e\u2066-\u2069\uD800-\uDFFF]/u.test(name) &&
    !/[. ]$/.test(name) &&
    !/^\s/u.test(name) &&
    !WINDOWS_DEVICE.test(name.split('.')[0]!.trimEnd()) &&
    name === name.normalize('NFC')
  );
}

function folded(name: string): string {
  return name.normalize('NFC').toUpperCase().toLowerCase();
}

describe('the folder of a group', () => {
  it('is the value itself when that is a safe name', () => {
    const values = ['LA', 'Joint', 'ICB', "Riverside Children's NHS Foundation Trust", 'Zoë £ Therapies', 'Town Centre'];
    expect(groupFolderNames(values)).toEqual(values);
  });

  it('is "unassigned" for child-years without a value', () => {
    expect(groupFolderNames(['LA', null])).toEqual(['LA', UNASSIGNED_FOLDER]);
  });

  it('is made safe, with a hash of the value, for separators, "..", controls, dots and spaces at the ends, and device names', () => {
    const cases: Array<[string, string]> = [
      ['../x', '_x'],
      ['..', 'unnamed'],
      ['.', 'unnamed'],
      ['', 'unnamed'],
      ['   ', 'unnamed'],
      ['a/b\\c', 'a_b_c'],
      ['C:\\Windows', 'C__Windows'],
      ['North. ', 'North'],
      ['.hidden', 'hidden'],
      ['tab\there', 'tab_here'],
      ['new\nline', 'new_line'],
      ['bell\u0007', 'bell_'],
      ['a\u202Eb', 'a_b'],
      ['what? <why> "so" | *', 'what_ _why_ _so_ _ _'],
      ['CON', '_CON'],
      ['con', '_con'],
      ['Con.txt', '_Con.txt'],
      ['NUL .csv', '_NUL .csv'],
      ['COM1', '_COM1'],
      ['LPT9.tar.gz', '_LPT9.tar.gz'],
      ['COM¹', '_COM¹'],
      ['CONOUT$', '_CONOUT$'],
      ['many   spaces', 'many spaces'],
    ];
    for (const [value, base] of cases) {
      expect(safeFolderBase(value), JSON.stringify(value)).toBe(base);
      expect(groupFolderNames([value]), JSON.stringify(value)).toEqual([`${base}-${hash8(value)}`]);
    }
    // Not device names: a longer word, or the name inside another.
    expect(groupFolderNames(['CONSORTIUM', 'COM10', 'Aux Services', 'NULL'])).toEqual(['CONSORTIUM', 'COM10', 'Aux Services', 'NULL']);
  });

  it('is cut to 64 characters and 128 bytes, whole characters only', () => {
    const long = 'North East and North Cumbria Integrated Care Board (Sub-ICB Location 00P) Children';
    const [name] = groupFolderNames([long]);
    expect(name).toBe(`${long.slice(0, 64).trimEnd()}-${hash8(long)}`);
    const emoji = '😀'.repeat(40);
    const base = safeFolderBase(emoji);
    expect(base).toBe('😀'.repeat(32));
    expect(Buffer.byteLength(base)).toBe(128);
  });

  it('never meets another where case is ignored: every name of a clash gets its hash, the plain name none', () => {
    const names = groupFolderNames(['North', 'NORTH', 'north', 'South']);
    expect(names).toEqual([`North-${hash8('North')}`, `NORTH-${hash8('NORTH')}`, `north-${hash8('north')}`, 'South']);
  });

  it('never takes "unassigned" or "index.csv", whether or not some child-years have no value', () => {
    expect(groupFolderNames(['Unassigned', null])).toEqual([`Unassigned-${hash8('Unassigned')}`, UNASSIGNED_FOLDER]);
    expect(groupFolderNames(['unassigned'])).toEqual([`unassigned-${hash8('unassigned')}`]);
    expect(groupFolderNames(['INDEX.CSV'])).toEqual([`INDEX.CSV-${hash8('INDEX.CSV')}`]);
  });

  it('gives the values that become one safe name folders of their own', () => {
    const names = groupFolderNames(['A/B', 'A_B', 'A\\B', 'A:B']);
    expect(names).toEqual([`A_B-${hash8('A/B')}`, 'A_B', `A_B-${hash8('A\\B')}`, `A_B-${hash8('A:B')}`]);
    expect(new Set(names.map(folded)).size).toBe(4);
  });

  it('is made NFC: two spellings of "é" are two groups in two folders', () => {
    const composed = 'Trésor';
    const decomposed = composed.normalize('NFD');
    expect(groupFolderNames([composed, decomposed])).toEqual([composed, `${composed}-${hash8(decomposed)}`]);
  });

  it('refuses groups that are not distinct, as a bug', () => {
    expect(() => groupFolderNames(['LA', 'LA'])).toThrow(/not distinct/);
  });
});

describe('folder names, over any values', () => {
  const value = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 90 }),
    fc.constantFrom('CON', 'con.txt', '..', '.', '', 'North', 'NORTH', 'north', 'unassigned', 'index.csv', 'a/b', 'a_b', 'Straße', 'STRASSE'),
  );
  const values = fc.uniqueArray(fc.option(value, { nil: null, freq: 8 }), { maxLength: 12 });

  it('are safe everywhere, distinct where case is ignored, and the same whatever order the groups come in', () => {
    fc.assert(
      fc.property(values, fc.nat(), (groups, seed) => {
        const names = groupFolderNames(groups);
        for (const name of names) expect(isSafeEverywhere(name), JSON.stringify(name)).toBe(true);
        expect(new Set(names.map(folded)).size).toBe(names.length);
        // A name with no hash is exactly its value; the unassigned folder is the null group's alone.
        names.forEach((name, index) => {
          const group = groups[index]!;
          if (group === null) expect(name).toBe(UNASSIGNED_FOLDER);
          else if (name !== group) expect(name).toMatch(/-[0-9a-f]{8,64}$/);
        });
        const shuffled = [...groups.keys()].sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101));
        const again = groupFolderNames(shuffled.map((index) => groups[index]!));
        expect(again).toEqual(shuffled.map((index) => names[index]));
      }),
      { numRuns: Number(process.env['FUZZ_RUNS'] ?? 300) },
    );
  });
});
