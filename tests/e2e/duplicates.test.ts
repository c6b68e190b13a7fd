// The duplicate rule end to end (docs/rules.md#duplicates: "a later row that reads has the same contact_id: the last row
// stands"), through the built CLI, on one small contacts file read four ways: from its path (read again
// in place), the same on a thread of its own (--threads 2), from standard input and as windows-1252
// (both kept as they stream). An ID comes 2 and 3 times, the later rows changing minutes, attendance
// and child; an earlier row is an unknown-child exception; IDs go by both the bytes and the text
// readers (an accented child ID sends a row to the text reader); a quoted line break and 20 other rows
// put the later rows past the first checkpoint.
// Run `npm run build` first: this spawns bin/ehcp-recon.js, which runs dist/.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, temporaryDir } from './cli.js';

// Two children, each 1 hour a week of OT from 1 September: by 31 December (the Autumn term's 14 weeks) 840 minutes.
const PLANS = [
  'child_id,provision_id,discipline,hours,frequency,start_date,end_date,provider,funding',
  'C1,P1,OT,1,week,2024-09-01,,North Trust,commissioned',
  'Zoé,P2,OT,1,week,2024-09-01,,North Trust,commissioned',
  '',
].join('\r\n');

const FILLERS = Array.from({ length: 20 }, (_, i) => `F${String(i + 1).padStart(2, '0')},C1,2023-10-02,45,attended,direct,last year`);

// Line numbers as an editor shows them (the header is line 1) are in the comments.
const CONTACTS = [
  'contact_id,child_id,date,minutes,attendance,contact_type,notes', //  1
  'K1,C1,2024-09-09,60,attended,direct,first', //                        2  counted (K1 comes again only in a row that does not read)
  'K2,X9,2024-09-10,45,attended,direct,unknown child for now', //        3  unknown-child, then duplicate of line 28
  'K3,C1,2024-09-11,45,attended,direct,', //                             4  duplicate of line 27
  'K4,Zoé,2024-09-12,30,attended,direct,"£5 fee\nsecond line"', //       5–6  duplicate of line 29 (a text-read row replaced by a bytes-read one)
  ...FILLERS, //                                                         7–26  other-year
  'K3,Zoé,2024-09-11,60,dna,direct,', //                                27  duplicate of line 30
  'K2,C1,2024-09-10,30,attended,direct,refreshed', //                    28  counted: C1 30
  'K4,C1,2024-09-12,40,attended,direct,moved to C1', //                  29  counted: C1 40
  'K3,Zoé,2024-09-11,20,attended,direct,"third, last"', //               30  counted: Zoé 20
  ',C1,2024-09-13,15,attended,direct,no id', //                          31  counted: C1 15 (no ID: never a duplicate)
  ',C1,2024-09-13,15,attended,direct,no id again', //                    32  counted: C1 15
  'K5,Zoé,2024-09-20,45,attended,indirect,', //                          33  duplicate of line 34
  'K5,Zoé,2024-09-20,45,cancelled-provider,direct,', //                  34  cancelled-provider
  'K6,C1,31/02/2025,45,attended,direct,bad date', //                     35  invalid-row (takes no part in the rule)
  'K6,C1,2024-09-27,10,attended,direct,', //                             36  counted: C1 10
  'K1,C1,2024-09-30,abc,attended,direct,does not read', //               37  invalid-row: does not replace line 2
  ',Total,,,,,', //                                                      38  invalid-row: a totals line
  'K7,X9,2024-09-30,45,attended,direct,', //                             39  unknown-child
  '',
].join('\n');

const EXPECTED_BUCKETS = { 'other-year': 20, duplicate: 5, counted: 7, 'cancelled-provider': 1, 'invalid-row': 3, 'unknown-child': 1 };
const ROWS_READ = 37;
// The last row standing of each ID: C1 = K1 60 + K2 30 + K4 40 + no-ID 15 + 15 + K6 10; Zoé = K3 20 (K5's stands cancelled).
const DELIVERED = { C1: { minutes: 170, sessions: 6 }, Zoé: { minutes: 20, sessions: 1 } };
const REQUIRED_MINUTES = 14 * 60;
const DUPLICATES = [
  { line: 3, value: 'K2', child: 'X9', later: 28 },
  { line: 4, value: 'K3', child: 'C1', later: 27 },
  { line: 5, value: 'K4', child: 'Zoé', later: 29 },
  { line: 27, value: 'K3', child: 'Zoé', later: 30 },
  { line: 33, value: 'K5', child: 'Zoé', later: 34 },
];

// windows-1252 as Node decodes it, inverted: enough for "é" and "£".
function encodeWindows1252(text: string): Buffer {
  const decoder = new TextDecoder('windows-1252');
  const byChar = new Map<string, number>();
  for (let byte = 255; byte >= 0; byte--) byChar.set(decoder.decode(Uint8Array.of(byte), { stream: true }), byte);
  return Buffer.from(
    [...text].map((char) => {
      const byte = byChar.get(char);
      if (byte === undefined) throw new Error(`not in windows-1252: ${char}`);
      return byte;
    }),
  );
}

type Row = Record<string, string>;
function readCsvFile(path: string): Row[] {
  return parse(readFileSync(path), { columns: true, bom: true }) as Row[];
}

const yearArgs = ['--year', '2024/25', '--as-of', '2024-12-31', '--format', 'json', '--quiet'];

interface Outcome {
  readonly status: number | null;
  readonly stderr: string;
  readonly summary: {
    accounting: { contacts: { rowsRead: number; buckets: Record<string, number> } };
    childYears: Array<{ childId: string; deliveredMinutes: number; sessionsDelivered: number; requiredMinutes: number }>;
  };
  readonly reconciliation: Buffer;
  readonly exceptions: Buffer;
  readonly exceptionRows: Row[];
}

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function reconcile(how: 'path' | 'stdin' | 'windows-1252' | 'reader thread'): Outcome {
  const dir = temporaryDir('ehcp-recon-duplicates-');
  folders.push(dir);
  const out = join(dir, 'out');
  const plans = join(dir, 'plans.csv');
  const contacts = join(dir, 'contacts.csv');
  const encode = how === 'windows-1252' ? encodeWindows1252 : (text: string) => Buffer.from(text, 'utf8');
  writeFileSync(plans, encode(PLANS));
  writeFileSync(contacts, encode(CONTACTS));
  const args = ['reconcile', '--plans', plans, '--contacts', how === 'stdin' ? '-' : contacts, ...yearArgs, '--out', out];
  if (how === 'windows-1252') args.push('--encoding', 'windows-1252');
  if (how === 'reader thread') args.push('--threads', '2');
  const run = runCli(args, how === 'stdin' ? { input: encode(CONTACTS) } : {});
  return {
    status: run.status,
    stderr: run.stderr,
    summary: run.status === 0 ? JSON.parse(run.stdout) : undefined,
    reconciliation: run.status === 0 ? readFileSync(join(out, 'reconciliation.csv')) : Buffer.alloc(0),
    exceptions: run.status === 0 ? readFileSync(join(out, 'exceptions.csv')) : Buffer.alloc(0),
    exceptionRows: run.status === 0 ? readCsvFile(join(out, 'exceptions.csv')) : [],
  };
}

describe('duplicate contact IDs: the last row stands, however the contacts are read', () => {
  const runs = { path: reconcile('path'), stdin: reconcile('stdin'), 'windows-1252': reconcile('windows-1252'), 'reader thread': reconcile('reader thread') };

  it.each(Object.keys(runs) as Array<keyof typeof runs>)('%s: every row in one bucket, the counts as worked by hand', (how) => {
    const run = runs[how];
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { rowsRead, buckets } = run.summary.accounting.contacts;
    expect(rowsRead).toBe(ROWS_READ);
    expect(Object.values(buckets).reduce((sum, count) => sum + count, 0)).toBe(rowsRead);
    expect(buckets).toEqual(EXPECTED_BUCKETS);
  });

  it.each(Object.keys(runs) as Array<keyof typeof runs>)('%s: delivered minutes are those of the last row standing of each ID', (how) => {
    const byChild = Object.fromEntries(runs[how].summary.childYears.map((row) => [row.childId, row]));
    expect(Object.keys(byChild).sort()).toEqual(['C1', 'Zoé']);
    for (const [child, { minutes, sessions }] of Object.entries(DELIVERED)) {
      expect(byChild[child]).toMatchObject({ deliveredMinutes: minutes, sessionsDelivered: sessions, requiredMinutes: REQUIRED_MINUTES });
    }
  });

  it.each(Object.keys(runs) as Array<keyof typeof runs>)('%s: each duplicate exception names the earlier line, its ID and child, and the later line', (how) => {
    const rows = runs[how].exceptionRows;
    const duplicates = rows.filter((row) => row.bucket === 'duplicate');
    expect(duplicates.map((row) => [Number(row.line), row.value, row.child_id])).toEqual(
      expect.arrayContaining(DUPLICATES.map(({ line, value, child }) => [line, value, child])),
    );
    expect(duplicates).toHaveLength(DUPLICATES.length);
    for (const { line, later } of DUPLICATES) {
      const row = duplicates.find((candidate) => Number(candidate.line) === line)!;
      expect(row.field).toBe('contact_id');
      expect(row.reason).toContain(`line ${later}`);
    }
    // The unknown-child row that became a duplicate is no longer an unknown-child exception; the one that stays is.
    expect(rows.filter((row) => row.bucket === 'unknown-child').map((row) => Number(row.line))).toEqual([39]);
    expect(
      rows
        .filter((row) => row.bucket === 'invalid-row')
        .map((row) => Number(row.line))
        .sort((a, b) => a - b),
    ).toEqual([35, 37, 38]);
    // exceptions.csv lists every exception row once: the exception buckets' counts, no more.
    expect(rows).toHaveLength(EXPECTED_BUCKETS.duplicate + EXPECTED_BUCKETS['invalid-row'] + EXPECTED_BUCKETS['unknown-child']);
  });

  it('the reader thread, standard input and windows-1252 give the same reconciliation.csv and exceptions.csv as the path', () => {
    expect(runs.path.status).toBe(0);
    for (const how of ['reader thread', 'stdin', 'windows-1252'] as const) {
      expect(runs[how].reconciliation.toString('utf8'), how).toBe(runs.path.reconciliation.toString('utf8'));
      expect(runs[how].exceptions.toString('utf8'), how).toBe(runs.path.exceptions.toString('utf8'));
    }
  });
});

describe('duplicate contact IDs at scale: only the standing rows count', () => {
  // 17,000 rows, past the 16,384 after which the ID index is resized from the file's size, with IDs drawn
  // from 12,000 (some accented, so read as text), some rows without one, quoted line breaks and doubled quotes.
  let seed = 20250331;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const children = Array.from({ length: 20 }, (_, i) => (i % 7 === 3 ? `Zoé${i}` : `C${i}`));
  const plans = ['child_id,discipline,hours,frequency,start_date', ...children.map((child) => `${child},OT,1,week,2024-09-01`), ''].join('\n');
  const ATTENDANCE_BUCKET = { attended: 'counted', dna: 'dna', 'cancelled-provider': 'cancelled-provider', booked: 'no-outcome' } as const;
  const rows = Array.from({ length: 17_000 }, () => {
    const n = Math.floor(random() * 12_000);
    const id = random() < 0.05 ? '' : n % 11 === 5 ? `Ké${n}` : `K${n}`;
    const child = random() < 0.03 ? 'X9' : pick(children);
    // Every date is in the Autumn term, on or before as_of, and held by the child's line (when it has one).
    const date = `2024-${pick(['09', '10', '11', '12'])}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const minutes = 5 + Math.floor(random() * 90);
    const attendance = pick(['attended', 'attended', 'dna', 'cancelled-provider', 'booked'] as const);
    const note = random() < 0.02 ? '"two\nlines, £"' : random() < 0.02 ? '"say ""hi"""' : 'n';
    return {
      id,
      child,
      minutes,
      bucket: child === 'X9' ? 'unknown-child' : ATTENDANCE_BUCKET[attendance],
      line: `${id},${child},${date},${minutes},${attendance},${note}`,
    };
  });
  const lastRowOf = new Map(rows.flatMap((row, index) => (row.id === '' ? [] : [[row.id, index] as const])));
  const standing = rows.filter((row, index) => row.id === '' || lastRowOf.get(row.id) === index);
  const expectedBuckets: Record<string, number> = { duplicate: rows.length - standing.length };
  const expectedDelivered: Record<string, { deliveredMinutes: number; sessionsDelivered: number }> = {};
  for (const row of standing) {
    expectedBuckets[row.bucket] = (expectedBuckets[row.bucket] ?? 0) + 1;
    if (row.bucket !== 'counted') continue;
    expectedDelivered[row.child] ??= { deliveredMinutes: 0, sessionsDelivered: 0 };
    const delivered = expectedDelivered[row.child]!;
    delivered.deliveredMinutes += row.minutes;
    delivered.sessionsDelivered += 1;
  }
  const csv = ['contact_id,child_id,date,minutes,attendance,notes', ...rows.map(({ line }) => line), ''].join('\n');

  const dir = temporaryDir('ehcp-recon-duplicates-');
  folders.push(dir);
  writeFileSync(join(dir, 'plans.csv'), plans);
  writeFileSync(join(dir, 'contacts.csv'), csv);
  const run = (contacts: string, out: string, options: { input?: string; threads?: '1' | '2' } = {}) => {
    const args = [
      'reconcile',
      '--plans',
      join(dir, 'plans.csv'),
      '--contacts',
      contacts,
      ...yearArgs,
      '--out',
      join(dir, out),
      '--threads',
      options.threads ?? '1',
    ];
    const result = runCli(args, options.input === undefined ? {} : { input: options.input });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return { summary: JSON.parse(result.stdout) as Outcome['summary'], reconciliation: readFileSync(join(dir, out, 'reconciliation.csv'), 'utf8') };
  };

  it('from a path, on one thread or two, and from standard input: the buckets and delivered minutes of the standing rows', () => {
    const fromPath = run(join(dir, 'contacts.csv'), 'path');
    expect(fromPath.summary.accounting.contacts).toEqual({ rowsRead: rows.length, buckets: expectedBuckets });
    const delivered = Object.fromEntries(
      fromPath.summary.childYears.map((row) => [row.childId, { deliveredMinutes: row.deliveredMinutes, sessionsDelivered: row.sessionsDelivered }]),
    );
    expect(delivered).toEqual(Object.fromEntries(children.map((child) => [child, expectedDelivered[child] ?? { deliveredMinutes: 0, sessionsDelivered: 0 }])));
    // Two batches of 8,192 rows and a third, with text rows and recalls across batches.
    const onTwoThreads = run(join(dir, 'contacts.csv'), 'two-threads', { threads: '2' });
    expect(onTwoThreads.summary).toEqual(fromPath.summary);
    expect(onTwoThreads.reconciliation).toBe(fromPath.reconciliation);
    const fromStdin = run('-', 'stdin', { input: csv });
    expect(fromStdin.summary.accounting).toEqual(fromPath.summary.accounting);
    expect(fromStdin.reconciliation).toBe(fromPath.reconciliation);
  });
});
