// Contacts: a clinical system's appointment export, in date order across all children.
//
// Sorting millions of rows at the end would hold them all in memory. Instead the diary is walked
// one school week at a time: every line decides its appointments for the week into five small
// per-day buffers of numbers, then the week is written out day by day. Memory is the line
// schedule plus one week of compact records, whatever the number of children.

import type { Day } from '../calendar/day.js';
import { csvField } from './csv.js';
import { LOCALITIES, PROVIDERS, clinicianPoolSize } from './catalogue.js';
import { OUTCOME, OUTCOME_COUNT, type Spellings } from './flavours.js';
import type { Random } from './random.js';
import { RowBuffer, putDigits, putDigits11, putPiece, type PieceTable } from './bytes.js';
import { OUTCOME_TABLES, type DateTable, type LineSchedule } from './schedule.js';
import type { SchoolWeek, SchoolYear } from './schoolCalendar.js';
import { CHUNK_CHARS, type TextSink } from './textSink.js';

/** Set on a record's code for an indirect contact (report writing, liaison). */
const INDIRECT_FLAG = 8;
const OUTCOME_MASK = 7;
/** Per past session: an indirect contact beside it; about 8% of all rows. */
const INDIRECT_CHANCE = 0.09;
/** Per past appointment: re-stated further down the file with a later outcome. */
const RESTATE_CHANCE = 0.002;
const INDIRECT_MINUTES: readonly number[] = [15, 20, 30, 30, 45, 60];
const DURATION_NUDGES: readonly number[] = [-15, -10, -5, 5, 10, 15];
const MAX_MINUTES = 600;
/** Child IDs are written as C and seven digits. */
const MAX_CHILD_NUMBER = 10_000_000;

/** One day's appointments as parallel arrays: line, minutes, outcome code, re-statement code. */
class DayRecords {
  length = 0;
  line = new Uint32Array(1024);
  minutes = new Uint16Array(1024);
  code = new Uint8Array(1024);
  /** 0: none; otherwise 1 + the outcome of a later row re-stating this contact. */
  restate = new Uint8Array(1024);

  push(line: number, minutes: number, code: number, restate: number): void {
    if (this.length === this.line.length) this.grow();
    const i = this.length++;
    this.line[i] = line;
    this.minutes[i] = minutes;
    this.code[i] = code;
    this.restate[i] = restate;
  }

  private grow(): void {
    const capacity = this.line.length * 2;
    const line = new Uint32Array(capacity);
    line.set(this.line);
    this.line = line;
    const minutes = new Uint16Array(capacity);
    minutes.set(this.minutes);
    this.minutes = minutes;
    const code = new Uint8Array(capacity);
    code.set(this.code);
    this.code = code;
    const restate = new Uint8Array(capacity);
    restate.set(this.restate);
    this.restate = restate;
  }
}

export class ContactGenerator {
  private readonly days = [new DayRecords(), new DayRecords(), new DayRecords(), new DayRecords(), new DayRecords()];
  private readonly buffer: RowBuffer;
  /** `,date,` for each day of the year, by day - year.first. */
  private readonly datePieces: PieceTable;
  /** `minutes,discipline,attendance,` at (minutes × 3 + discipline) × OUTCOME_COUNT + outcome: one copy instead of three. */
  private readonly middlePieces: PieceTable;
  /** `contact_type,provider,staff_id,team\n`: direct for clinician k at k, indirect at staffCount + k. */
  private readonly tailPieces: PieceTable;
  private readonly staffCount: number;
  /** Rows to re-state after the last day, as the numbers they are written from. */
  private readonly restated: number[] = [];
  private nextContactId: number;
  private rowCount = 0;

  constructor(
    private readonly schedule: LineSchedule,
    private readonly year: SchoolYear,
    private readonly asOf: Day,
    spellings: Spellings,
    dates: DateTable,
    private readonly rng: Random,
    children: number,
  ) {
    for (let line = 0; line < schedule.count; line++) {
      if ((schedule.child[line] as number) >= MAX_CHILD_NUMBER) throw new RangeError('child numbers must have seven digits');
    }
    const poolSize = clinicianPoolSize(children);
    const disciplineCodes = ['OT', 'SLT', 'PT'];
    const staffTails: string[] = [];
    for (let provider = 0; provider < PROVIDERS.length; provider++) {
      for (let discipline = 0; discipline < 3; discipline++) {
        for (let locality = 0; locality < LOCALITIES.length; locality++) {
          const team = spellings.teamName(discipline, locality);
          const name = PROVIDERS[provider]?.name ?? '';
          for (let member = 0; member < poolSize; member++) {
            const staffNumber = ((provider * 3 + discipline) * LOCALITIES.length + locality) * poolSize + member + 1;
            const staffId = `${disciplineCodes[discipline]}${String(staffNumber).padStart(5, '0')}`;
            staffTails.push(`,${csvField(name)},${staffId},${csvField(team)}\n`);
          }
        }
      }
    }
    this.staffCount = staffTails.length;
    const [direct, indirect] = spellings.contactType;
    const datePieces: string[] = [];
    for (let day = year.first; day <= year.last; day++) datePieces.push(`,${dates.format(day)},`);
    const middlePieces: string[] = [];
    for (let minutes = 0; minutes <= MAX_MINUTES; minutes++) {
      for (const discipline of spellings.discipline) {
        for (const attendance of spellings.attendance) middlePieces.push(`${spellings.formatMinutes(minutes)},${discipline},${attendance},`);
      }
    }
    this.buffer = new RowBuffer([datePieces, middlePieces, [...staffTails.map((tail) => direct + tail), ...staffTails.map((tail) => indirect + tail)]]);
    [this.datePieces, this.middlePieces, this.tailPieces] = this.buffer.tables as [PieceTable, PieceTable, PieceTable];
    this.nextContactId = 10_000_000 + rng.int(0, 9_999_999);
  }

  get rows(): number {
    return this.rowCount;
  }

  /** The header, then every school day's rows in date order, then the re-statements. */
  async writeAll(sink: TextSink, header: string): Promise<void> {
    const chunk = this.buffer;
    chunk.appendText(`${header}\n`);
    for (const week of this.year.weeks) {
      this.planWeek(week);
      for (let index = 0; index < week.days.length; index++) {
        const records = this.days[index] as DayRecords;
        const day = week.days[index] as Day;
        let next = 0;
        while (next < records.length) {
          next = this.writeRecords(records, next, day, chunk);
          if (chunk.isFull) await sink.write(chunk.take());
        }
        records.length = 0;
      }
    }
    // A later extract appended to the earlier one: each re-statement comes after the row it replaces.
    const restated = this.restated;
    for (let i = 0; i < restated.length; i += 5) {
      chunk.length = this.putRow(
        chunk.bytes,
        chunk.length,
        restated[i] as number,
        restated[i + 1] as number,
        restated[i + 2] as number,
        restated[i + 3] as number,
        restated[i + 4] as number,
      );
      if (chunk.isFull) await sink.write(chunk.take());
    }
    this.rowCount += restated.length / 5;
    restated.length = 0;
    if (chunk.length > 0) await sink.write(chunk.take());
  }

  /** Decides every line's appointments in one school week. */
  private planWeek(week: SchoolWeek): void {
    const s = this.schedule;
    const term = week.term;
    const count = s.count;
    for (let line = 0; line < count; line++) {
      const from = s.from[line] as number;
      const to = s.to[line] as number;
      if (to < week.first || from > week.last) continue;
      let weight = week.weight;
      if (from > week.first || to < week.last) {
        let inside = 0;
        for (const day of week.days) if (day >= from && day <= to) inside++;
        weight = inside / 5;
      }
      const carried = (s.carry[line] as number) + (s.rates[line * 3 + term] as number) * weight;
      const sessions = Math.floor(carried);
      s.carry[line] = carried - sessions;
      for (let session = 0; session < sessions; session++) {
        this.planSession(line, week, ((s.weekday[line] as number) + 2 * session) % 5, from, to);
      }
    }
  }

  /** One planned session: no appointment, one, or an extra one later in the week, each with its outcome. */
  private planSession(line: number, week: SchoolWeek, weekday: number, from: Day, to: Day): void {
    const s = this.schedule;
    const rng = this.rng;
    const planned = s.minutes[line] as number;
    const dayIndex = dayInWindow(week, weekday, from, to);
    const isFuture = (week.days[dayIndex] as Day) > this.asOf;
    const appointments = rng.roundStochastic(isFuture ? (s.future[line] as number) : (s.deliver[line] as number));
    for (let appointment = 0; appointment < appointments; appointment++) {
      const index = appointment === 0 ? dayIndex : dayInWindow(week, (weekday + 1 + appointment) % 5, from, to);
      const records = this.days[index] as DayRecords;
      if ((week.days[index] as Day) > this.asOf) {
        records.push(line, planned, OUTCOME.booked, 0);
        continue;
      }
      const outcome = rng.weightedIndex(OUTCOME_TABLES[s.profile[line] as number] as (typeof OUTCOME_TABLES)[number]);
      let minutes = planned;
      if (outcome === OUTCOME.attendedOnTime && rng.chance(0.2)) minutes = Math.max(10, planned + (DURATION_NUDGES[rng.int(0, 5)] as number));
      else if (outcome === OUTCOME.attendedLate) minutes = Math.max(10, planned - rng.int(5, 15));
      let restate = 0;
      let written: number = outcome;
      if (rng.chance(RESTATE_CHANCE)) {
        // Mostly an appointment first exported before its outcome was keyed in; sometimes a correction.
        if (rng.chance(0.7)) {
          written = OUTCOME.booked;
          restate = 1 + outcome;
        } else {
          restate = 1 + (outcome === OUTCOME.cancelledProvider ? OUTCOME.attendedOnTime : OUTCOME.cancelledProvider);
        }
      }
      records.push(line, minutes, written, restate);
    }
    if (!isFuture && appointments > 0 && rng.chance(INDIRECT_CHANCE)) {
      (this.days[dayIndex] as DayRecords).push(
        line,
        INDIRECT_MINUTES[rng.int(0, INDIRECT_MINUTES.length - 1)] as number,
        OUTCOME.attendedOnTime | INDIRECT_FLAG,
        0,
      );
    }
  }

  /** Writes records from `start` until the chunk is full; returns where it stopped. */
  private writeRecords(records: DayRecords, start: number, day: Day, chunk: RowBuffer): number {
    const bytes = chunk.bytes;
    let position = chunk.length;
    let index = start;
    const end = records.length;
    for (; index < end && position < CHUNK_CHARS; index++) {
      const id = this.nextContactId++;
      const line = records.line[index] as number;
      const minutes = records.minutes[index] as number;
      position = this.putRow(bytes, position, id, line, day, minutes, records.code[index] as number);
      const restate = records.restate[index] as number;
      if (restate !== 0) this.restated.push(id, line, day, minutes, ((records.code[index] as number) & INDIRECT_FLAG) | (restate - 1));
    }
    chunk.length = position;
    this.rowCount += index - start;
    return index;
  }

  private putRow(bytes: Uint8Array, start: number, id: number, line: number, day: Day, minutes: number, code: number): number {
    const s = this.schedule;
    let position = start;
    bytes[position++] = 65; // A
    position = putDigits11(bytes, position, id);
    bytes[position++] = 44; // ,
    bytes[position++] = 67; // C
    position = putDigits(bytes, position, s.child[line] as number, 7);
    position = putPiece(bytes, position, this.datePieces, day - this.year.first);
    position = putPiece(bytes, position, this.middlePieces, (minutes * 3 + (s.discipline[line] as number)) * OUTCOME_COUNT + (code & OUTCOME_MASK));
    const staff = day < (s.switchDay[line] as number) ? (s.staff[line] as number) : (s.staffLater[line] as number);
    return putPiece(bytes, position, this.tailPieces, (code & INDIRECT_FLAG) === 0 ? staff : this.staffCount + staff);
  }
}

/** The school day of the week nearest the wanted weekday, moved inside the line's period if it falls outside. */
function dayInWindow(week: SchoolWeek, weekday: number, from: Day, to: Day): number {
  const days = week.days;
  let index = week.nearest[weekday] as number;
  const day = days[index] as Day;
  if (day < from) {
    while (index < days.length - 1 && (days[index] as Day) < from) index++;
  } else if (day > to) {
    while (index > 0 && (days[index] as Day) > to) index--;
  }
  return index;
}
