// Contact rows packed for the trip from the thread that reads the file to the thread that folds them:
// each row as twelve 32-bit words in a word area, its child ID and contact ID as bytes in a byte area.
// One word carries the reader thread's claim for the duplicate rule: the earlier row it found with the
// row's key (ContactLedger.settleClaim checks it), or -1.
// Both areas can sit in shared memory, so a batch of thousands of rows crosses between threads with
// nothing copied and no object made per row. A row the bytes reader left to the text reader is only
// a marker here (with its line and offset); its fields travel beside the batch as strings.
import { ATTENDANCES, CONTACT_TYPES, DISCIPLINES, type Attendance, type ContactType, type Discipline } from '../schema/vocabulary.js';
import { reusedContactBytesRow, type ContactBytesRow } from '../schema/records.js';
import { MAX_ID_CHARS } from '../schema/values/identifier.js';
import { hashIdBytes, type ContactIdIndex } from '../reconcile/contactIdIndex.js';

const LINE = 0;
const OFFSET_LOW = 1;
const OFFSET_HIGH = 2;
const CODES = 3;
const DAY = 4;
const MINUTES = 5;
const FOR_YEAR = 6;
const CHILD_ID_START = 7;
const CHILD_ID_END = 8;
const CONTACT_ID_START = 9;
const CONTACT_ID_END = 10;
const CLAIMED = 11;
/** 32-bit words a row. */
export const BATCH_ROW_WORDS = 12;

/**
 * CODES: discipline (2 bits), attendance (3), contact type (1), then whether the row is left to the text
 * reader, then whether its attendance cell was blank.
 */
const DISCIPLINE_BITS = 2;
const ATTENDANCE_BITS = 3;
const CONTACT_TYPE_BITS = 1;
const ATTENDANCE_SHIFT = DISCIPLINE_BITS;
const CONTACT_TYPE_SHIFT = ATTENDANCE_SHIFT + ATTENDANCE_BITS;
const TEXT_ROW = 1 << (CONTACT_TYPE_SHIFT + CONTACT_TYPE_BITS);
const ATTENDANCE_BLANK = TEXT_ROW << 1;

/**
 * Each closed set must fit its bits, or a packed row would read back as another value: checked when
 * the module loads, so that a new discipline or attendance value cannot silently break the batches.
 */
export function checkPackedWidths(sets: { readonly disciplines: number; readonly attendances: number; readonly contactTypes: number }): void {
  const fits = (count: number, bits: number) => count <= 1 << bits;
  if (!fits(sets.disciplines, DISCIPLINE_BITS) || !fits(sets.attendances, ATTENDANCE_BITS) || !fits(sets.contactTypes, CONTACT_TYPE_BITS)) {
    throw new Error(
      `contact batches pack discipline in ${DISCIPLINE_BITS} bits, attendance in ${ATTENDANCE_BITS} and contact type in ${CONTACT_TYPE_BITS}: ${sets.disciplines}, ${sets.attendances} and ${sets.contactTypes} values do not all fit; widen the codes`,
    );
  }
}
checkPackedWidths({ disciplines: DISCIPLINES.length, attendances: ATTENDANCES.length, contactTypes: CONTACT_TYPES.length });
const NO_FOR_YEAR = -1;
const NO_CLAIM = -1;
const TWO_TO_32 = 2 ** 32;

/** A batch's state word, in a shared array beside the batches: free for the reader to fill, or full until folded. */
export const BATCH_FREE = 0;
export const BATCH_FULL = 1;
/** The word after the batches' states: set once a fold takes the rows (the plans are read by then). */
export const FOLDING = 1;

/** The most ID bytes one row can bring: a child ID and a two-column key, "first/second", of the longest parts that read straight from bytes. */
const MAX_ROW_ID_BYTES = 3 * MAX_ID_CHARS + 1;
const KEY_SEPARATOR_BYTE = 0x2f;

export interface BatchLayout {
  readonly rows: number;
  readonly idBytes: number;
  /** Bytes of one batch: its words, then its ID bytes. */
  readonly bytes: number;
}

/**
 * A batch of `rows` rows, with room for IDs about twice as long as usual before it must be sent early.
 * Its size is a whole number of 8-byte words, so that the next batch's words start aligned.
 */
export function batchLayout(rows: number): BatchLayout {
  const idBytes = Math.ceil(Math.max(MAX_ROW_ID_BYTES, rows * 48) / 8) * 8;
  return { rows, idBytes, bytes: rows * BATCH_ROW_WORDS * 4 + idBytes };
}

/** The two areas of batch number `index` in `memory` (which holds batches one after another). */
export function batchAreas(memory: ArrayBufferLike, layout: BatchLayout, index: number): { words: Int32Array; ids: Buffer } {
  const start = index * layout.bytes;
  const wordBytes = layout.rows * BATCH_ROW_WORDS * 4;
  return { words: new Int32Array(memory, start, layout.rows * BATCH_ROW_WORDS), ids: Buffer.from(memory, start + wordBytes, layout.idBytes) };
}

/** The reader thread's index claims by hash alone; the main thread tells keys apart (ContactLedger.settleClaim). */
const isAnyEarlierRow = () => true;

export class ContactBatchWriter {
  private count = 0;
  private idBytesUsed = 0;
  /** The batch's rows with a contact key, and each key's hash, until claimKeys. */
  private keyCount = 0;
  private readonly keyRows: Int32Array;
  private readonly keyHashes: Int32Array;

  constructor(
    private readonly words: Int32Array,
    private readonly ids: Buffer,
  ) {
    this.keyRows = new Int32Array(words.length / BATCH_ROW_WORDS);
    this.keyHashes = new Int32Array(words.length / BATCH_ROW_WORDS);
  }

  get rows(): number {
    return this.count;
  }

  /** Whether another row fits; when not, the batch is sent and the row goes in the next. */
  hasRoom(): boolean {
    return this.count * BATCH_ROW_WORDS < this.words.length && this.idBytesUsed + MAX_ROW_ID_BYTES <= this.ids.length;
  }

  clear(): void {
    this.count = 0;
    this.idBytesUsed = 0;
    this.keyCount = 0;
  }

  addBytesRow(row: ContactBytesRow, offset: number): void {
    const at = this.place(row.line, offset, codeOf(row.discipline, row.attendance, row.contactType) | (row.isAttendanceBlank ? ATTENDANCE_BLANK : 0));
    const words = this.words;
    words[at + DAY] = row.day;
    words[at + MINUTES] = row.minutes;
    words[at + FOR_YEAR] = row.forYear ?? NO_FOR_YEAR;
    words[at + CHILD_ID_START] = this.idBytesUsed;
    this.copyId(row.bytes, row.childIdStart, row.childIdEnd);
    words[at + CHILD_ID_END] = words[at + CONTACT_ID_START] = this.idBytesUsed;
    this.copyId(row.bytes, row.contactIdStart, row.contactIdEnd);
    if (row.keyTailEnd > row.keyTailStart) {
      // A two-column key crosses as the one text it stands for, "first/second" (bytes-read parts hold no "/").
      this.ids[this.idBytesUsed++] = KEY_SEPARATOR_BYTE;
      this.copyId(row.bytes, row.keyTailStart, row.keyTailEnd);
    }
    words[at + CONTACT_ID_END] = this.idBytesUsed;
  }

  /** A row left to the text reader: its fields go beside the batch. */
  addTextRow(line: number, offset: number): void {
    this.place(line, offset, TEXT_ROW);
  }

  private place(line: number, offset: number, codes: number): number {
    const at = this.count++ * BATCH_ROW_WORDS;
    const words = this.words;
    words[at + LINE] = line;
    words[at + OFFSET_LOW] = offset % TWO_TO_32;
    words[at + OFFSET_HIGH] = Math.floor(offset / TWO_TO_32);
    words[at + CODES] = codes;
    words[at + CLAIMED] = NO_CLAIM;
    return at;
  }

  /** The hash of the contact key of the last row added from bytes (hashIdBytes), or undefined when it has none. */
  lastKeyHash(): number | undefined {
    const at = (this.count - 1) * BATCH_ROW_WORDS;
    const start = this.words[at + CONTACT_ID_START]!;
    const end = this.words[at + CONTACT_ID_END]!;
    return end > start ? hashIdBytes(this.ids, start, end) : undefined;
  }

  /** Notes the hash of the last row's contact key, for claimKeys. */
  noteKeyOfLast(hash: number): void {
    this.keyRows[this.keyCount] = this.count - 1;
    this.keyHashes[this.keyCount++] = hash;
  }

  /**
   * The duplicate rule's claims for the batch, made once it is full: each keyed row claims the latest
   * earlier row with its key's hash (-1: none); `firstRow` numbers the batch's first row in the file.
   * One tight loop over the index, rather than a probe between the parsing of each row, lets the
   * processor wait on several of the probes' cache misses at once (docs/performance.md#the-duplicate-rules-index).
   */
  claimKeys(index: ContactIdIndex, firstRow: number): void {
    const { words, keyRows, keyHashes } = this;
    index.touchSlots(keyHashes, this.keyCount);
    for (let key = 0; key < this.keyCount; key++) {
      const row = keyRows[key]!;
      words[row * BATCH_ROW_WORDS + CLAIMED] = index.stand(keyHashes[key]!, firstRow + row, isAnyEarlierRow);
    }
    this.keyCount = 0;
  }

  /** A plain loop: IDs are a few bytes, shorter than a native copy's own cost. */
  private copyId(bytes: Uint8Array, start: number, end: number): void {
    const ids = this.ids;
    let to = this.idBytesUsed;
    for (let i = start; i < end; i++) ids[to++] = bytes[i]!;
    this.idBytesUsed = to;
  }
}

export interface ContactBatchVisitor {
  /** A row read from its bytes; the row object is reused for the next row. `claimed`: the reader thread's claim. */
  bytesRow(row: ContactBytesRow, offset: number, claimed: number): void;
  /** The `textIndex`th row of the batch left to the text reader. */
  textRow(textIndex: number, line: number, offset: number, claimed: number): void;
}

/** Visits the first `rows` rows of a batch, in order. */
export function visitBatch(words: Int32Array, ids: Buffer, rows: number, visitor: ContactBatchVisitor): void {
  const row = reusedContactBytesRow(ids);
  let texts = 0;
  for (let at = 0, end = rows * BATCH_ROW_WORDS; at < end; at += BATCH_ROW_WORDS) {
    const line = words[at + LINE]!;
    const offset = (words[at + OFFSET_LOW]! >>> 0) + words[at + OFFSET_HIGH]! * TWO_TO_32;
    const codes = words[at + CODES]!;
    if (codes & TEXT_ROW) {
      visitor.textRow(texts++, line, offset, words[at + CLAIMED]!);
      continue;
    }
    row.line = line;
    row.discipline = DISCIPLINES[codes & ((1 << DISCIPLINE_BITS) - 1)]!;
    row.attendance = ATTENDANCES[(codes >>> ATTENDANCE_SHIFT) & ((1 << ATTENDANCE_BITS) - 1)]!;
    row.contactType = CONTACT_TYPES[(codes >>> CONTACT_TYPE_SHIFT) & ((1 << CONTACT_TYPE_BITS) - 1)]!;
    row.isAttendanceBlank = (codes & ATTENDANCE_BLANK) !== 0;
    row.day = words[at + DAY]!;
    row.minutes = words[at + MINUTES]!;
    const forYear = words[at + FOR_YEAR]!;
    row.forYear = forYear === NO_FOR_YEAR ? null : forYear;
    row.childIdStart = words[at + CHILD_ID_START]!;
    row.childIdEnd = words[at + CHILD_ID_END]!;
    row.contactIdStart = words[at + CONTACT_ID_START]!;
    row.contactIdEnd = words[at + CONTACT_ID_END]!;
    visitor.bytesRow(row, offset, words[at + CLAIMED]!);
  }
}

function codeOf(discipline: Discipline, attendance: Attendance, contactType: ContactType): number {
  return DISCIPLINES.indexOf(discipline) | (ATTENDANCES.indexOf(attendance) << ATTENDANCE_SHIFT) | (CONTACT_TYPES.indexOf(contactType) << CONTACT_TYPE_SHIFT);
}
