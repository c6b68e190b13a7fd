import type { Day } from '../calendar/day.js';
import type { TermCalendar, YearTerms } from '../calendar/terms.js';
import type { Discipline } from '../schema/vocabulary.js';

/** What a reconciliation run is about: one academic year, up to one day (docs/rules.md#academic-years-and-as-of). */
export interface RunSettings {
  readonly calendar: TermCalendar;
  /** The run's academic year with its terms. */
  readonly year: YearTerms;
  readonly asOf: Day;
  /** Only this discipline, or every discipline when null. */
  readonly discipline: Discipline | null;
  /** Shortfall minutes at or under this count as met. */
  readonly tolerance: number;
  readonly countIndirect: boolean;
}
