// The compact diary plan of every provision line that will have contacts: one slot per line in
// parallel typed arrays, about 60 bytes a line, so that 650,000 children cost tens of megabytes and
// contacts can be generated week by week, across all children, in date order.

import { dateOfDay, formatDay, type Day } from '../calendar/day.js';
import { OUTCOME, type OutcomeCode } from './flavours.js';
import { WeightedTable } from './random.js';

/** Outcome profile of a child's appointments: most families, and the few who often miss them. */
export const PROFILE = { usual: 0, oftenMissed: 1 } as const;
export type ProfileCode = (typeof PROFILE)[keyof typeof PROFILE];

/** Outcomes of a past direct appointment by profile; roughly 85% attended, 5% DNA overall. */
export const OUTCOME_TABLES: readonly WeightedTable<OutcomeCode>[] = [
  new WeightedTable<OutcomeCode>([
    [OUTCOME.attendedOnTime, 84.5],
    [OUTCOME.attendedLate, 1.5],
    [OUTCOME.lateNotSeen, 1],
    [OUTCOME.dna, 4.5],
    [OUTCOME.cancelledFamily, 4],
    [OUTCOME.cancelledProvider, 4],
    // Past appointments nobody recorded an outcome for: the `no-outcome` bucket.
    [OUTCOME.booked, 0.5],
  ]),
  new WeightedTable<OutcomeCode>([
    [OUTCOME.attendedOnTime, 68],
    [OUTCOME.attendedLate, 3],
    [OUTCOME.lateNotSeen, 2],
    [OUTCOME.dna, 17],
    [OUTCOME.cancelledFamily, 6],
    [OUTCOME.cancelledProvider, 3.5],
    [OUTCOME.booked, 0.5],
  ]),
];

/** Share of appointments that end attended (on time or late but seen), by profile. */
export const ATTENDED_SHARE: readonly number[] = [0.86, 0.71];

export interface ScheduledLine {
  readonly child: number;
  readonly discipline: number;
  readonly from: Day;
  readonly to: Day;
  readonly minutes: number;
  /** Planned sessions per unit of school-week weight, for Autumn, Spring and Summer. */
  readonly rates: readonly [number, number, number];
  readonly weekday: number;
  readonly deliver: number;
  readonly future: number;
  readonly profile: ProfileCode;
  readonly staff: number;
  readonly staffLater: number;
  readonly switchDay: Day;
  /** Where the first session falls inside its period, so lines of one frequency do not all book the same week. */
  readonly phase: number;
}

export class LineSchedule {
  count = 0;
  child = new Int32Array(0);
  discipline = new Uint8Array(0);
  from = new Int32Array(0);
  to = new Int32Array(0);
  minutes = new Uint16Array(0);
  rates = new Float32Array(0);
  /** Fraction of a session carried to the next week: how "6 per term" becomes a session every 2–3 weeks. */
  carry = new Float64Array(0);
  weekday = new Uint8Array(0);
  /** Appointments per planned past session: the child's delivery rate over the chance of attending. */
  deliver = new Float32Array(0);
  /** Booked appointments per planned future session. */
  future = new Float32Array(0);
  profile = new Uint8Array(0);
  staff = new Int32Array(0);
  staffLater = new Int32Array(0);
  /** From this day on, staffLater sees the child (a change of clinician). */
  switchDay = new Int32Array(0);

  constructor(initialCapacity: number) {
    this.resize(Math.max(16, initialCapacity));
  }

  add(line: ScheduledLine): void {
    if (this.count === this.child.length) this.resize(this.count * 2);
    const i = this.count++;
    this.child[i] = line.child;
    this.discipline[i] = line.discipline;
    this.from[i] = line.from;
    this.to[i] = line.to;
    this.minutes[i] = line.minutes;
    this.rates[i * 3] = line.rates[0];
    this.rates[i * 3 + 1] = line.rates[1];
    this.rates[i * 3 + 2] = line.rates[2];
    this.carry[i] = line.phase;
    this.weekday[i] = line.weekday;
    this.deliver[i] = line.deliver;
    this.future[i] = line.future;
    this.profile[i] = line.profile;
    this.staff[i] = line.staff;
    this.staffLater[i] = line.staffLater;
    this.switchDay[i] = line.switchDay;
  }

  private resize(capacity: number): void {
    const grow = <T extends Int32Array | Uint8Array | Uint16Array | Float32Array | Float64Array>(old: T, make: (n: number) => T, width = 1): T => {
      const next = make(capacity * width);
      next.set(old.subarray(0, Math.min(old.length, capacity * width)));
      return next;
    };
    this.child = grow(this.child, (n) => new Int32Array(n));
    this.discipline = grow(this.discipline, (n) => new Uint8Array(n));
    this.from = grow(this.from, (n) => new Int32Array(n));
    this.to = grow(this.to, (n) => new Int32Array(n));
    this.minutes = grow(this.minutes, (n) => new Uint16Array(n));
    this.rates = grow(this.rates, (n) => new Float32Array(n), 3);
    this.carry = grow(this.carry, (n) => new Float64Array(n));
    this.weekday = grow(this.weekday, (n) => new Uint8Array(n));
    this.deliver = grow(this.deliver, (n) => new Float32Array(n));
    this.future = grow(this.future, (n) => new Float32Array(n));
    this.profile = grow(this.profile, (n) => new Uint8Array(n));
    this.staff = grow(this.staff, (n) => new Int32Array(n));
    this.staffLater = grow(this.staffLater, (n) => new Int32Array(n));
    this.switchDay = grow(this.switchDay, (n) => new Int32Array(n));
  }
}

/**
 * Every date the generator writes, formatted once. Building a string per row from a Date would
 * dominate the run time at millions of rows.
 */
export class DateTable {
  private readonly text: string[] = [];

  constructor(
    private readonly first: Day,
    last: Day,
    private readonly isUk: boolean,
  ) {
    for (let day = first; day <= last; day++) this.text.push(this.render(day));
  }

  format(day: Day): string {
    return this.text[day - this.first] ?? this.render(day);
  }

  private render(day: Day): string {
    if (!this.isUk) return formatDay(day);
    const { year, month, day: dayOfMonth } = dateOfDay(day);
    return `${String(dayOfMonth).padStart(2, '0')}/${String(month).padStart(2, '0')}/${String(year).padStart(4, '0')}`;
  }
}

/** `C` and seven digits, the shape of an LA pupil reference (the contacts writer spells it the same way in bytes). */
export function formatChildId(child: number): string {
  return `C${String(child).padStart(7, '0')}`;
}
