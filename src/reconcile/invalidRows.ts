// What a fold notes of the rows that do not read, for the run-health check on them (src/result/health.ts,
// docs/operations.md#when-the-numbers-look-wrong): how many, and which problem is the commonest, so
// that a warning can say what to fix ("date: not a date in the format MM/dd/yyyy") rather than only
// that many rows were set aside. Totals and footer rows are left out: they are not data, and a run
// says so in a note of its own. Memory is bounded: problems are told apart by field and reason, and
// only the first few hundred distinct ones are kept (a reason that quotes its value makes many).
import type { RowProblem } from '../schema/records.js';
import { isTotalsRowReason } from '../schema/values/identifier.js';

/** Distinct problems (field and reason) tallied; rows of any later one still count in the total. */
const MAX_DISTINCT_PROBLEMS = 256;

/** One problem of the rows that did not read, with the first row that had it. */
export interface InvalidRowProblem {
  readonly field: string;
  readonly reason: string;
  /** Rows with this field and reason. */
  readonly rows: number;
  /** The first of them: its line, and its value as the exception records it. */
  readonly line: number;
  readonly value: string;
}

export interface InvalidRowFacts {
  /** Rows that did not read, totals and footer rows aside. */
  readonly rows: number;
  /** The problem of the most of them (the first seen on a tie), or null when every row read. */
  readonly commonest: InvalidRowProblem | null;
}

export class InvalidRowTally {
  private rows = 0;
  private readonly problems = new Map<
    string,
    { readonly field: string; readonly reason: string; rows: number; readonly line: number; readonly value: string }
  >();

  note(line: number, problem: RowProblem): void {
    if (isTotalsRowReason(problem.reason)) return;
    this.rows++;
    const key = `${problem.field}\u0000${problem.reason}`;
    const known = this.problems.get(key);
    if (known !== undefined) known.rows++;
    else if (this.problems.size < MAX_DISTINCT_PROBLEMS)
      this.problems.set(key, { field: problem.field, reason: problem.reason, rows: 1, line, value: problem.value });
  }

  finish(): InvalidRowFacts {
    let commonest: InvalidRowProblem | null = null;
    // Map order is insertion order, so a tie goes to the problem seen first.
    for (const problem of this.problems.values()) if (commonest === null || problem.rows > commonest.rows) commonest = { ...problem };
    return { rows: this.rows, commonest };
  }
}
