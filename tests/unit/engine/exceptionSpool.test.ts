// The exception spool gives back what the in-memory sink would: the records one per line in line
// order, the last given for a line standing, however the records went to the file (runs lengthened,
// runs merged, texts numbered or written out) and whatever their text.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExceptionSpool } from '../../../src/engine/exceptionSpool.js';
import { validate } from '../../../src/engine/reconcile.js';
import type { ExceptionRecord } from '../../../src/reconcile/accounting.js';
import { concatExceptions, MemoryExceptionSink, mapExceptions, type ExceptionSink } from '../../../src/reconcile/exceptionSink.js';
import { reporterFor } from '../../../src/report/reporters.js';
import { EXCEPTION_BUCKETS } from '../../../src/schema/vocabulary.js';

type Step = { readonly kind: 'add' | 'replace'; readonly record: ExceptionRecord };

const text = fc.oneof(
  fc.constantFrom('date', 'not a date: expected 2024-09-03', '31/02/2025', '', 'Zoë £', '😀 emoji', '\ud800 lone', 'x'.repeat(500)),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

/**
 * Steps as the folds give them: each line added once (mostly in line order, sometimes out of it, as a
 * duplicate of an earlier row that was no exception is), and some lines given a second record later.
 */
const steps = fc
  .record({
    lines: fc.array(fc.integer({ min: 2, max: 400 }), { maxLength: 120 }),
    replaced: fc.array(fc.nat(), { maxLength: 40 }),
    texts: fc.array(fc.tuple(text, text, text, fc.option(text)), { minLength: 1, maxLength: 30 }),
    file: fc.constantFrom('plans' as const, 'contacts' as const),
  })
  .map(({ lines, replaced, texts, file }) => {
    const unique = [...new Set(lines)];
    const record = (line: number, index: number): ExceptionRecord => {
      const [field, value, reason, childId] = texts[index % texts.length]!;
      return { file, line, bucket: EXCEPTION_BUCKETS[index % EXCEPTION_BUCKETS.length]!, field, value, reason, childId };
    };
    const result: Step[] = unique.map((line, index) => ({ kind: 'add', record: record(line, index) }));
    // A replacement comes after its line's first record, anywhere later.
    replaced.forEach((pick, index) => {
      if (unique.length === 0) return;
      const at = pick % unique.length;
      const after = result.findIndex((step) => step.kind === 'add' && step.record.line === unique[at]);
      const line = unique[at]!;
      if (result.some((step) => step.kind === 'replace' && step.record.line === line)) return;
      const position = after + 1 + ((pick >> 3) % (result.length - after));
      result.splice(position, 0, { kind: 'replace', record: { ...record(line, index + 7), bucket: 'duplicate' } });
    });
    return result;
  });

function fill(sink: ExceptionSink, given: readonly Step[]) {
  for (const step of given) sink[step.kind](step.record);
  return sink.finish();
}

describe('the exception spool', () => {
  it('lists what the in-memory sink lists, whatever goes to the file', () => {
    fc.assert(
      fc.property(steps, fc.integer({ min: 1, max: 9 }), (given, recordsInMemory) => {
        const expected = [...fill(new MemoryExceptionSink(), given)];
        const spool = new ExceptionSpool(recordsInMemory);
        const list = fill(spool, given);
        expect(list.length).toBe(expected.length);
        // Read twice: every output reads the list again.
        expect([...list]).toEqual(expected);
        expect([...list]).toEqual(expected);
        expect(spool.hasSpilled).toBe(given.length >= recordsInMemory);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps each line once, in order, the later record standing', () => {
    const spool = new ExceptionSpool(2);
    const record = (line: number, value: string): ExceptionRecord => ({
      file: 'contacts',
      line,
      bucket: 'invalid-row',
      field: 'date',
      value,
      reason: 'r',
      childId: null,
    });
    for (const line of [5, 3, 9, 4]) spool.add(record(line, `first ${line}`));
    spool.replace({ ...record(3, 'again'), bucket: 'duplicate' });
    spool.add(record(2, 'late'));
    const list = spool.finish();
    expect(list.length).toBe(5);
    expect([...list].map((item) => [item.line, item.bucket, item.value])).toEqual([
      [2, 'invalid-row', 'late'],
      [3, 'duplicate', 'again'],
      [4, 'invalid-row', 'first 4'],
      [5, 'invalid-row', 'first 5'],
      [9, 'invalid-row', 'first 9'],
    ]);
  });

  it('is JSON as an array, empty or not, and validate --format json streams it as JSON.stringify would write it', () => {
    const record: ExceptionRecord = { file: 'plans', line: 2, bucket: 'invalid-row', field: 'date', value: 'x', reason: 'r', childId: null };
    const spool = new ExceptionSpool(1);
    spool.add(record);
    const spooled = spool.finish();
    const empty = concatExceptions(new ExceptionSpool().finish(), new MemoryExceptionSink().finish());
    expect(JSON.stringify({ empty, spooled: mapExceptions(spooled, (item) => item) })).toBe(JSON.stringify({ empty: [], spooled: [record] }));
    const accounting = { plans: { rowsRead: 1, buckets: { 'invalid-row': 1 } }, contacts: { rowsRead: 0, buckets: {} } };
    for (const exceptions of [empty, concatExceptions(spooled, empty)]) {
      const json = [...reporterFor('json', 'validation')({ accounting, exceptions, warnings: [], inputs: undefined as never }, { color: false })].join('');
      expect(json).toBe(`${JSON.stringify({ accounting, exceptions: [...exceptions], warnings: [] }, null, 2)}\n`);
    }
  });

  it('holds a hundred thousand records in line order as one run of the file', () => {
    const spool = new ExceptionSpool();
    for (let line = 2; line < 100_002; line++) {
      spool.add({ file: 'contacts', line, bucket: 'invalid-row', field: 'date', value: `31/02/${line}`, reason: 'not a real date', childId: `C${line % 977}` });
    }
    const list = spool.finish();
    let expectedLine = 2;
    for (const record of list) {
      expect(record.line).toBe(expectedLine);
      expect(record.value).toBe(`31/02/${expectedLine}`);
      expectedLine++;
    }
    expect(expectedLine).toBe(100_002);
    expect(list.length).toBe(100_000);
  });
});

describe('a run with thousands of exceptions', () => {
  it('turns spooled exceptions into duplicates when their contact IDs come again, keeping line order', async () => {
    // Lines 2–6001: unknown children, contact IDs K1–K6000 (past the records kept in memory).
    // Lines 6002–8001: K6000 down to K4001 again, for a known child: the earlier exceptions, the
    // latest first, become duplicates. Lines 8002–8101: counted rows whose IDs come again at 8102–8201.
    const rows = ['contact_id,child_id,date,minutes'];
    for (let n = 1; n <= 6000; n++) rows.push(`K${n},NOBODY${n},2025-09-10,45`);
    for (let n = 6000; n > 4000; n--) rows.push(`K${n},C1,2025-09-11,45`);
    for (let n = 1; n <= 100; n++) rows.push(`L${n},C1,2025-09-12,45`);
    for (let n = 100; n >= 1; n--) rows.push(`L${n},C1,2025-09-13,30`);
    const contacts = `${rows.join('\n')}\n`;
    const plans = 'child_id,discipline,hours,frequency,start_date\nC1,OT,1,week,2025-09-01\n';
    const stream = (text: string) => Readable.from([Buffer.from(text)]);
    const validation = await validate(
      { plans: { stream: stream(plans), name: 'plans.csv' }, contacts: { stream: stream(contacts), name: 'contacts.csv' } },
      { year: '2025/26', asOf: '2026-03-31' },
    );
    const records = [...validation.exceptions];
    expect(validation.exceptions.length).toBe(6100);
    expect(records).toHaveLength(6100);
    expect(validation.accounting.contacts.buckets).toEqual({ duplicate: 2100, 'unknown-child': 4000, counted: 2100 });
    const lines = records.map((record) => record.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    const byLine = new Map(records.map((record) => [record.line, record]));
    // Line 2 (K1) stands unknown; line 6001 (K6000) was replaced by line 6002's duplicate record.
    expect(byLine.get(2)).toMatchObject({ bucket: 'unknown-child', value: 'NOBODY1' });
    expect(byLine.get(6001)).toMatchObject({
      bucket: 'duplicate',
      value: 'K6000',
      reason: 'contact_id appears again on line 6002; the later row stands',
      childId: 'NOBODY6000',
    });
    expect(byLine.get(4002)).toMatchObject({ bucket: 'duplicate', value: 'K4001', reason: 'contact_id appears again on line 8001; the later row stands' });
    expect(byLine.get(4001)).toMatchObject({ bucket: 'unknown-child' });
    expect(byLine.get(8002)).toMatchObject({ bucket: 'duplicate', value: 'L1', reason: 'contact_id appears again on line 8201; the later row stands' });
    expect(byLine.has(8201)).toBe(false);
  });
});
