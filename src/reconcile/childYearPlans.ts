// What the plans say of each child-year, worked out once the plans are read and held in columns.
//
// A child-year's outcome needs of its plan lines only the entitlement they add up to and a few values
// of its latest line. Working those out before the contacts are read lets every plan line go: a line
// as an object is some 300 bytes, and a national plans file has close to a million of them, where a
// child-year here is a few numbers in typed arrays and indexes into tables of the few distinct texts.
import type { Day } from '../calendar/day.js';
import { firstTermDayFrom, type YearTerms } from '../calendar/terms.js';
import type { Rational } from '../exact/rational.js';
import { DISCIPLINES, type Discipline } from '../schema/vocabulary.js';
import { childYearEntitlement, minutesPerSession } from './entitlement.js';
import type { HoldingLine } from './holdingLines.js';

/** One child-year as the outcome rules read it. */
export interface ChildYearPlan {
  readonly childId: string;
  readonly discipline: Discipline;
  /** Required minutes up to the as-of date, rounded once (docs/rules.md#rounding). */
  readonly requiredMinutes: number;
  /** Required minutes of each term up to the as-of date, each rounded on its own. */
  readonly termMinutes: readonly number[];
  /** Required minutes of the whole year, for the year-end forecast (docs/rules.md#forecast). */
  readonly fullYearMinutes: number;
  // Of the reconciled line with the latest start date (the later row on a tie):
  readonly sessionMinutes: Rational;
  readonly planEnd: Day | null;
  readonly provider: string | null;
  readonly locality: string | null;
  readonly commissioner: string | null;
  readonly establishment: string | null;
}

const NO_END = -0x80000000;
const NO_TEXT = -1;

/** Texts and session lengths repeat across child-years: each distinct one is held once, by number. */
class Distinct<T> {
  readonly values: T[] = [];
  private readonly numbers = new Map<string, number>();

  numberOf(key: string, value: T): number {
    let number = this.numbers.get(key);
    if (number === undefined) {
      number = this.values.length;
      this.values.push(value);
      this.numbers.set(key, number);
    }
    return number;
  }
}

export class ChildYearPlans {
  private count = 0;
  private childIds: string[] = [];
  private disciplines: Uint8Array;
  private required: Float64Array;
  private fullYear: Float64Array;
  private terms: Float64Array;
  private sessionMinutes: Int32Array;
  private planEnds: Int32Array;
  /** Provider, locality, commissioner and establishment, four numbers per child-year. */
  private textNumbers: Int32Array;
  private readonly sessionLengths = new Distinct<Rational>();
  private readonly texts = new Distinct<string>();
  private readonly termCount: number;
  /**
   * Child-years with something required to date, by the day of the year their provision began to
   * accrue (days from the year's first day): a fixed array of a year's days, whatever the number of
   * children. The run-health check on a contacts export that starts late reads it (dueBefore).
   */
  private readonly dueFromDay: Int32Array;

  /** `expected`: the number of child-years to come, when it is known (the columns are then made once). */
  constructor(
    private readonly yearTerms: YearTerms,
    private readonly asOf: Day,
    expected = 0,
  ) {
    this.termCount = yearTerms.terms.length;
    const capacity = Math.max(16, expected);
    this.disciplines = new Uint8Array(capacity);
    this.required = new Float64Array(capacity);
    this.fullYear = new Float64Array(capacity);
    this.terms = new Float64Array(capacity * this.termCount);
    this.sessionMinutes = new Int32Array(capacity);
    this.planEnds = new Int32Array(capacity);
    this.textNumbers = new Int32Array(4 * capacity);
    this.dueFromDay = new Int32Array(yearTerms.end - yearTerms.start + 1);
  }

  get length(): number {
    return this.count;
  }

  /** A child-year from its reconciled lines, in file order; returns its index. */
  add(childId: string, discipline: Discipline, lines: readonly HoldingLine[]): number {
    const index = this.count++;
    if (index === this.disciplines.length) this.grow(Math.ceil(index * 1.5));
    let latest = lines[0]!;
    for (const line of lines) if (line.start >= latest.start) latest = line;
    const entitlement = childYearEntitlement(lines, this.yearTerms, this.asOf);
    if (entitlement.requiredMinutes > 0) this.noteDueFrom(lines);
    this.childIds.push(childId);
    this.disciplines[index] = DISCIPLINES.indexOf(discipline);
    this.required[index] = entitlement.requiredMinutes;
    this.fullYear[index] = childYearEntitlement(lines, this.yearTerms, this.yearTerms.end).requiredMinutes;
    for (let term = 0; term < this.termCount; term++) this.terms[index * this.termCount + term] = entitlement.termMinutes[term] ?? 0;
    const minutes = minutesPerSession(latest.quantity);
    this.sessionMinutes[index] = this.sessionLengths.numberOf(`${minutes.num}/${minutes.den}`, minutes);
    this.planEnds[index] = latest.end ?? NO_END;
    const texts = [latest.provider, latest.locality, latest.commissioner, latest.establishment];
    for (let field = 0; field < 4; field++) {
      const text = texts[field]!;
      this.textNumbers[4 * index + field] = text === null ? NO_TEXT : this.texts.numberOf(text, text);
    }
    return index;
  }

  at(index: number): ChildYearPlan {
    if (!(index >= 0 && index < this.count)) throw new RangeError(`no child-year ${index}`);
    // Read once per child-year by every reporter: plain loops, no views or closures made per call.
    const termMinutes = new Array<number>(this.termCount);
    for (let term = 0, at = index * this.termCount; term < this.termCount; term++) termMinutes[term] = this.terms[at + term]!;
    const planEnd = this.planEnds[index]!;
    const texts = this.texts.values;
    const numbers = this.textNumbers;
    const at = 4 * index;
    return {
      childId: this.childIds[index]!,
      discipline: DISCIPLINES[this.disciplines[index]!]!,
      requiredMinutes: this.required[index]!,
      termMinutes,
      fullYearMinutes: this.fullYear[index]!,
      sessionMinutes: this.sessionLengths.values[this.sessionMinutes[index]!]!,
      planEnd: planEnd === NO_END ? null : planEnd,
      provider: numbers[at]! === NO_TEXT ? null : texts[numbers[at]!]!,
      locality: numbers[at + 1]! === NO_TEXT ? null : texts[numbers[at + 1]!]!,
      commissioner: numbers[at + 2]! === NO_TEXT ? null : texts[numbers[at + 2]!]!,
      establishment: numbers[at + 3]! === NO_TEXT ? null : texts[numbers[at + 3]!]!,
    };
  }

  /**
   * Child-years with something required to date whose provision began to accrue before `day`: on the
   * first term day on or after both the year's start and the start of their earliest line.
   */
  dueBefore(day: Day): number {
    const before = Math.min(day - this.yearTerms.start, this.dueFromDay.length);
    let count = 0;
    for (let offset = 0; offset < before; offset++) count += this.dueFromDay[offset]!;
    return count;
  }

  /** The first day from which any child-year's provision was due, or null when none has any due yet. */
  firstDueDay(): Day | null {
    const offset = this.dueFromDay.findIndex((count) => count > 0);
    return offset < 0 ? null : this.yearTerms.start + offset;
  }

  private noteDueFrom(lines: readonly HoldingLine[]): void {
    let earliest = lines[0]!.start;
    for (const line of lines) if (line.start < earliest) earliest = line.start;
    const from = firstTermDayFrom(this.yearTerms, Math.max(earliest, this.yearTerms.start));
    // Something is required, so some term day of the year is covered; the guard is for the types.
    if (from !== null && from <= this.yearTerms.end) this.dueFromDay[from - this.yearTerms.start]! += 1;
  }

  /** The child ID of a child-year, without the rest. */
  childIdOf(index: number): string {
    return this.childIds[index]!;
  }

  /** The required minutes of a child-year to the as-of date, without the rest. */
  requiredMinutesOf(index: number): number {
    return this.required[index]!;
  }

  disciplineOf(index: number): Discipline {
    return DISCIPLINES[this.disciplines[index]!]!;
  }

  *[Symbol.iterator](): Generator<ChildYearPlan> {
    for (let index = 0; index < this.count; index++) yield this.at(index);
  }

  private grow(capacity: number): void {
    const grown = <T extends Float64Array | Int32Array | Uint8Array>(old: T, next: T): T => {
      next.set(old);
      return next;
    };
    this.disciplines = grown(this.disciplines, new Uint8Array(capacity));
    this.required = grown(this.required, new Float64Array(capacity));
    this.fullYear = grown(this.fullYear, new Float64Array(capacity));
    this.terms = grown(this.terms, new Float64Array(capacity * this.termCount));
    this.sessionMinutes = grown(this.sessionMinutes, new Int32Array(capacity));
    this.planEnds = grown(this.planEnds, new Int32Array(capacity));
    this.textNumbers = grown(this.textNumbers, new Int32Array(4 * capacity));
  }
}
