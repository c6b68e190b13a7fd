// A batch gives back exactly the rows put in, in order: every value of every vocabulary, IDs of any
// length the bytes reader lets through (the longest included), offsets past 4 GB, and text rows
// (markers only) between bytes rows, keys of two columns (which cross as the one text "first/second").
// And it says it is full before a row could overrun it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchAreas, batchLayout, BATCH_ROW_WORDS, checkPackedWidths, ContactBatchWriter, visitBatch } from '../../../src/engine/contactBatch.js';
import type { ContactBytesRow } from '../../../src/schema/records.js';
import { ATTENDANCES, CONTACT_TYPES, DISCIPLINES } from '../../../src/schema/vocabulary.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);

type Packed =
  | {
      readonly kind: 'bytes';
      readonly offset: number;
      readonly row: Omit<ContactBytesRow, 'bytes' | 'childIdStart' | 'childIdEnd' | 'contactIdStart' | 'contactIdEnd' | 'keyTailStart' | 'keyTailEnd'>;
      readonly childId: string;
      readonly contactId: string;
      /** The second part of a two-column key ('' for a key of one column). */
      readonly keyTail: string;
    }
  | { readonly kind: 'text'; readonly offset: number; readonly line: number };

const plainId = (minLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength, maxLength: 255 });

/** The facts of a row read from bytes, other than where its IDs are. */
const rowFacts = fc.record({
  line: fc.integer({ min: 2, max: 2 ** 31 - 1 }),
  day: fc.integer({ min: -100_000, max: 100_000 }),
  minutes: fc.integer({ min: 1, max: 600 }),
  discipline: fc.constantFrom(...DISCIPLINES),
  attendance: fc.constantFrom(...ATTENDANCES),
  isAttendanceBlank: fc.boolean(),
  contactType: fc.constantFrom(...CONTACT_TYPES),
  forYear: fc.option(fc.integer({ min: 1990, max: 2100 }), { nil: null }),
});

const packedRow: fc.Arbitrary<Packed> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('bytes' as const),
      offset: fc.maxSafeNat(),
      row: rowFacts,
      childId: plainId(1),
      contactId: fc.oneof(fc.constant(''), plainId(1)),
      keyTail: fc.constant(''),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('bytes' as const),
      offset: fc.maxSafeNat(),
      row: rowFacts,
      childId: plainId(1),
      contactId: plainId(1).filter((id) => !id.includes('/')),
      keyTail: plainId(1).filter((id) => !id.includes('/')),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('text' as const), offset: fc.maxSafeNat(), line: fc.integer({ min: 2, max: 2 ** 31 - 1 }) }) },
);

/** A row as the bytes reader hands it over: IDs as ranges of a buffer with other bytes around them. */
function asBytesRow(packed: Extract<Packed, { kind: 'bytes' }>): ContactBytesRow {
  const bytes = Buffer.from(`,${packed.childId},x,${packed.contactId},y,${packed.keyTail},`, 'latin1');
  const childIdStart = 1;
  const contactIdStart = childIdStart + packed.childId.length + 3;
  const keyTailStart = contactIdStart + packed.contactId.length + 3;
  return {
    ...packed.row,
    bytes,
    childIdStart,
    childIdEnd: childIdStart + packed.childId.length,
    contactIdStart,
    contactIdEnd: contactIdStart + packed.contactId.length,
    keyTailStart,
    keyTailEnd: keyTailStart + packed.keyTail.length,
  };
}

/** A row as a batch gives it back: a two-column key joined into one. */
function asVisited(packed: Packed): Packed {
  if (packed.kind === 'text' || packed.keyTail === '') return packed;
  return { ...packed, contactId: `${packed.contactId}/${packed.keyTail}`, keyTail: '' };
}

/** Writes the rows into batches of `rows` rows, visiting each as it fills; returns what was visited. */
function roundTrip(packedRows: readonly Packed[], rows: number): Packed[] {
  const layout = batchLayout(rows);
  const { words, ids } = batchAreas(new ArrayBuffer(layout.bytes), layout, 0);
  const writer = new ContactBatchWriter(words, ids);
  const visited: Packed[] = [];
  const visit = () => {
    visitBatch(words, ids, writer.rows, {
      bytesRow(row, offset) {
        const { bytes, childIdStart, childIdEnd, contactIdStart, contactIdEnd, keyTailStart, keyTailEnd, ...facts } = row;
        expect(keyTailEnd).toBe(keyTailStart);
        visited.push({
          kind: 'bytes',
          offset,
          row: facts,
          childId: bytes.toString('latin1', childIdStart, childIdEnd),
          contactId: bytes.toString('latin1', contactIdStart, contactIdEnd),
          keyTail: '',
        });
      },
      textRow(_index, line, offset) {
        visited.push({ kind: 'text', offset, line });
      },
    });
    writer.clear();
  };
  for (const packed of packedRows) {
    if (packed.kind === 'bytes') writer.addBytesRow(asBytesRow(packed), packed.offset);
    else writer.addTextRow(packed.line, packed.offset);
    if (!writer.hasRoom()) visit();
  }
  visit();
  return visited;
}

describe('contact batches', () => {
  it('give back every row put in, in order, across as many batches as it takes', () => {
    fc.assert(
      fc.property(fc.array(packedRow, { maxLength: 60 }), fc.integer({ min: 1, max: 16 }), (rows, batchRows) => {
        expect(roundTrip(rows, batchRows)).toEqual(rows.map(asVisited));
      }),
      { numRuns: RUNS },
    );
  });

  it('numbers the text rows of a batch from 0, for the fields sent beside it', () => {
    const layout = batchLayout(8);
    const { words, ids } = batchAreas(new ArrayBuffer(layout.bytes), layout, 0);
    const writer = new ContactBatchWriter(words, ids);
    writer.addTextRow(2, 10);
    writer.addBytesRow(
      asBytesRow({
        kind: 'bytes',
        offset: 20,
        row: { line: 3, day: 1, minutes: 45, discipline: 'OT', attendance: 'dna', isAttendanceBlank: false, contactType: 'direct', forYear: null },
        childId: 'C1',
        contactId: 'K1',
        keyTail: '',
      }),
      20,
    );
    writer.addTextRow(4, 30);
    const texts: Array<[number, number]> = [];
    visitBatch(words, ids, writer.rows, { bytesRow() {}, textRow: (index, line) => texts.push([index, line]) });
    expect(texts).toEqual([
      [0, 2],
      [1, 4],
    ]);
  });

  it('is full after its rows, and before a row of the longest IDs could overrun its ID bytes', () => {
    const layout = batchLayout(4);
    expect(layout.bytes).toBe(4 * BATCH_ROW_WORDS * 4 + layout.idBytes);
    const { words, ids } = batchAreas(new ArrayBuffer(layout.bytes), layout, 0);
    const writer = new ContactBatchWriter(words, ids);
    const longest = asBytesRow({
      kind: 'bytes',
      offset: 0,
      row: { line: 2, day: 0, minutes: 1, discipline: 'PT', attendance: 'booked', isAttendanceBlank: false, contactType: 'indirect', forYear: 2025 },
      childId: 'c'.repeat(255),
      contactId: 'k'.repeat(255),
      keyTail: 't'.repeat(255),
    });
    let written = 0;
    while (writer.hasRoom()) {
      writer.addBytesRow(longest, 0);
      written++;
    }
    expect(written).toBeLessThanOrEqual(4);
    expect(written * 766).toBeLessThanOrEqual(layout.idBytes);
  });

  it('lays batches end to end in one block of memory', () => {
    const layout = batchLayout(16);
    const memory = new SharedArrayBuffer(layout.bytes * 3);
    const second = batchAreas(memory, layout, 1);
    const third = batchAreas(memory, layout, 2);
    expect(second.words.byteOffset).toBe(layout.bytes);
    expect(second.ids.byteOffset + second.ids.length).toBe(third.words.byteOffset);
    expect(third.ids.byteOffset + third.ids.length).toBe(memory.byteLength);
  });
});

describe('the packed codes', () => {
  it('hold every discipline, attendance and contact type, and refuse a set that outgrows its bits', () => {
    expect(() => checkPackedWidths({ disciplines: DISCIPLINES.length, attendances: ATTENDANCES.length, contactTypes: CONTACT_TYPES.length })).not.toThrow();
    expect(() => checkPackedWidths({ disciplines: 5, attendances: ATTENDANCES.length, contactTypes: CONTACT_TYPES.length })).toThrow(/discipline in 2 bits/);
    expect(() => checkPackedWidths({ disciplines: 3, attendances: 9, contactTypes: 2 })).toThrow(/widen the codes/);
  });
});
