// The shared-strings table: Excel stores each distinct text once here and a cell refers to it by
// number, so the whole table must be in memory while the sheet is read. It is kept as UTF-8 in 1 MiB
// blocks with one end offset per string (about 4 bytes plus the text per string, against 40 or more
// for a JavaScript string each), never copied as it grows, and refused beyond MAX_SHARED_STRING_BYTES.
import { RichText } from './richText.js';
import { MAX_SHARED_STRING_BYTES, WorkbookInputError } from './workbookProblems.js';
import type { XmlSink } from './xmlTokenizer.js';

const BLOCK_BYTES = 1 << 20;

export class SharedStringTable {
  private readonly blocks: Buffer[] = [];
  /** Global byte offset where each string ends; a string never straddles two blocks. */
  private ends = new Uint32Array(1024);
  /** Strings longer than a block, by index: rare, and kept as they are. */
  private readonly long = new Map<number, string>();
  private used = 0;
  private longBytes = 0;
  count = 0;

  constructor(readonly source: string) {}

  add(text: string): void {
    const byteLength = Buffer.byteLength(text, 'utf8');
    if (this.used + this.longBytes + byteLength + 4 * (this.count + 1) > MAX_SHARED_STRING_BYTES) {
      throw new WorkbookInputError({ code: 'shared-strings-too-large', source: this.source });
    }
    if (this.count === this.ends.length) {
      const ends = new Uint32Array(this.ends.length * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    if (byteLength > BLOCK_BYTES) {
      this.long.set(this.count, text);
      this.longBytes += byteLength;
    } else if (byteLength > 0) {
      let start = this.used;
      if (Math.floor(start / BLOCK_BYTES) !== Math.floor((start + byteLength - 1) / BLOCK_BYTES)) {
        start = Math.ceil(start / BLOCK_BYTES) * BLOCK_BYTES; // the rest of this block stays unused
      }
      const block = Math.floor(start / BLOCK_BYTES);
      while (this.blocks.length <= block) this.blocks.push(Buffer.allocUnsafe(BLOCK_BYTES));
      this.blocks[block]!.write(text, start - block * BLOCK_BYTES, 'utf8');
      this.used = start + byteLength;
    }
    this.ends[this.count++] = this.used;
  }

  /** The string at this index, or undefined when the table has no such entry. */
  get(index: number): string | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    const end = this.ends[index]!;
    const previousEnd = index === 0 ? 0 : this.ends[index - 1]!;
    if (end === previousEnd) return this.long.get(index) ?? '';
    // The string starts where the one before ended, unless it did not fit there and went to the next block.
    const block = Math.floor((end - 1) / BLOCK_BYTES);
    const start = Math.floor(previousEnd / BLOCK_BYTES) === block ? previousEnd : block * BLOCK_BYTES;
    return this.blocks[block]!.toString('utf8', start - block * BLOCK_BYTES, end - block * BLOCK_BYTES);
  }
}

/** Reads xl/sharedStrings.xml: each <si> is a string, plain (<t>) or rich text (runs <r><t>). */
export class SharedStringsReader implements XmlSink {
  private readonly richText = new RichText();
  private isInItem = false;

  constructor(readonly table: SharedStringTable) {}

  open(name: string): void {
    if (name === 'si') {
      this.isInItem = true;
      this.richText.reset();
    } else if (this.isInItem) {
      this.richText.open(name);
    }
  }

  close(name: string): void {
    if (name === 'si') {
      this.isInItem = false;
      this.table.add(this.richText.text());
    } else if (this.isInItem) {
      this.richText.close(name);
    }
  }

  text(text: string): void {
    // The table's own limit bounds a runaway string before the text of one item can fill memory.
    if (this.isInItem && this.richText.append(text) > MAX_SHARED_STRING_BYTES) {
      throw new WorkbookInputError({ code: 'shared-strings-too-large', source: this.table.source });
    }
  }
}
