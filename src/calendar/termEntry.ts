// One row of a council's term calendar, as the calendar file gives it: a term, or one half of a term.
import type { Day } from './day.js';
import type { Rational } from '../exact/rational.js';

export interface CalendarTermEntry {
  readonly yearStart: number;
  readonly name: string;
  readonly start: Day;
  readonly end: Day;
  /** Null: Monday–Friday days in the range / 5, to one decimal. */
  readonly weeks: Rational | null;
  /** The row's line in the calendar file, for the messages that name it. */
  readonly line?: number | undefined;
}
