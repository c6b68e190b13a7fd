// The plan lines that can hold a contact (reconciled and excluded-funding), kept in columns while the
// plans file is read. As objects, a national file's lines were the largest thing held while it was
// read (some 250 bytes each, close to a million of them); here a line is its dates, its funding, its
// child, and numbers for its quantity and texts, which repeat from line to line and are held once.
import type { Day } from '../calendar/day.js';
import type { PlanLine, Quantity } from '../schema/records.js';
import { FUNDINGS, type Funding } from '../schema/vocabulary.js';

/** What a child-year needs of a line: its entitlement, and the values the latest line gives. */
export type HoldingLine = Pick<PlanLine, 'start' | 'end' | 'quantity' | 'provider' | 'locality' | 'commissioner' | 'establishment'>;

const NO_END = -0x80000000;
const NO_TEXT = -1;
const TEXT_FIELDS = 4;

export class HoldingLines {
  count = 0;
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private fundings = new Uint8Array(1024);
  private children = new Int32Array(1024);
  /** 1 while the line stands; 0 once a later row with its provision_id replaced it. */
  private standing = new Uint8Array(1024);
  private quantities = new Int32Array(1024);
  /** Provider, locality, commissioner and establishment. */
  private textNumbers = new Int32Array(TEXT_FIELDS * 1024);
  private readonly quantityValues: Quantity[] = [];
  /** By identity: the plans reader gives one object for each distinct quantity it has seen. */
  private readonly quantityNumbers = new Map<Quantity, number>();
  private readonly textValues: string[] = [];
  private readonly textNumberOf = new Map<string, number>();

  /** Makes room for this many lines at once (see PlanBookBuilder.expectRows). */
  reserve(lines: number): void {
    if (lines > this.starts.length) this.grow(lines);
  }

  /** Adds a standing line of `child`; returns its index. */
  add(plan: PlanLine, child: number): number {
    const index = this.count++;
    if (index === this.starts.length) this.grow(Math.ceil(index * 1.5));
    this.starts[index] = plan.start;
    this.ends[index] = plan.end ?? NO_END;
    this.fundings[index] = FUNDINGS.indexOf(plan.funding);
    this.children[index] = child;
    this.standing[index] = 1;
    let quantity = this.quantityNumbers.get(plan.quantity);
    if (quantity === undefined) {
      quantity = this.quantityValues.length;
      this.quantityValues.push(plan.quantity);
      this.quantityNumbers.set(plan.quantity, quantity);
    }
    this.quantities[index] = quantity;
    const at = TEXT_FIELDS * index;
    this.textNumbers[at] = this.numberOfText(plan.provider);
    this.textNumbers[at + 1] = this.numberOfText(plan.locality);
    this.textNumbers[at + 2] = this.numberOfText(plan.commissioner);
    this.textNumbers[at + 3] = this.numberOfText(plan.establishment);
    return index;
  }

  /** The line no longer stands: a later row with its provision_id replaced it. */
  standDown(index: number): void {
    this.standing[index] = 0;
  }

  stands(index: number): boolean {
    return this.standing[index] === 1;
  }

  childOf(index: number): number {
    return this.children[index]!;
  }

  fundingOf(index: number): Funding {
    return FUNDINGS[this.fundings[index]!]!;
  }

  startOf(index: number): Day {
    return this.starts[index]!;
  }

  endOf(index: number): Day | null {
    const end = this.ends[index]!;
    return end === NO_END ? null : end;
  }

  /** The line as a child-year reads it, made afresh. */
  lineAt(index: number): HoldingLine {
    const at = TEXT_FIELDS * index;
    return {
      start: this.starts[index]!,
      end: this.endOf(index),
      quantity: this.quantityValues[this.quantities[index]!]!,
      provider: this.textAt(at),
      locality: this.textAt(at + 1),
      commissioner: this.textAt(at + 2),
      establishment: this.textAt(at + 3),
    };
  }

  private textAt(at: number): string | null {
    const number = this.textNumbers[at]!;
    return number === NO_TEXT ? null : this.textValues[number]!;
  }

  private numberOfText(text: string | null): number {
    if (text === null) return NO_TEXT;
    let number = this.textNumberOf.get(text);
    if (number === undefined) {
      number = this.textValues.length;
      this.textValues.push(text);
      this.textNumberOf.set(text, number);
    }
    return number;
  }

  private grow(capacity: number): void {
    const grown = <T extends Int32Array | Uint8Array>(old: T, next: T): T => {
      next.set(old);
      return next;
    };
    this.starts = grown(this.starts, new Int32Array(capacity));
    this.ends = grown(this.ends, new Int32Array(capacity));
    this.fundings = grown(this.fundings, new Uint8Array(capacity));
    this.children = grown(this.children, new Int32Array(capacity));
    this.standing = grown(this.standing, new Uint8Array(capacity));
    this.quantities = grown(this.quantities, new Int32Array(capacity));
    this.textNumbers = grown(this.textNumbers, new Int32Array(TEXT_FIELDS * capacity));
  }
}
