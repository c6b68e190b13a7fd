// Plans: the council's Section F lines, child by child, and the diary plan each line will drive.

import type { Day } from '../calendar/day.js';
import { weekdayOf } from '../calendar/day.js';
import {
  COMMISSIONER_WEIGHTS,
  ESTABLISHMENT_WEIGHTS,
  LOCALITIES,
  LOCALITY_WEIGHTS,
  PRIMARY_DISCIPLINE_WEIGHTS,
  PROVIDERS,
  PROVIDER_WEIGHTS,
  clinicianPoolSize,
} from './catalogue.js';
import { csvField } from './csv.js';
import type { Spellings } from './flavours.js';
import { QUANTITIES, describeQuantity, sessionsPerTerm, vagueProvision, type PlanQuantity } from './quantities.js';
import { WeightedTable, type Random } from './random.js';
import { ATTENDED_SHARE, LineSchedule, PROFILE, formatChildId, type DateTable, type ProfileCode } from './schedule.js';
import type { SchoolYear } from './schoolCalendar.js';

/** Child numbers step by 7 with a random offset 0–5, so IDs look issued rather than counted; offset 6 is kept for children who appear only in contacts. */
const CHILD_NUMBER_BASE = 1_000;
const CHILD_NUMBER_STEP = 7;
const NO_SWITCH: Day = 2_000_000_000;

/** How a child's provision in one discipline runs through the year. */
const STORY = { established: 0, newInYear: 1, ceased: 2, amended: 3 } as const;
type Story = (typeof STORY)[keyof typeof STORY];
const STORY_WEIGHTS = new WeightedTable<Story>([
  [STORY.established, 70],
  [STORY.newInYear, 11],
  [STORY.ceased, 8],
  [STORY.amended, 11],
]);

const FUNDING = { commissioned: 0, personalBudget: 1, private: 2 } as const;
type FundingCode = (typeof FUNDING)[keyof typeof FUNDING];

/** Attendance is decided per appointment; this is the child-discipline's share delivered, which drives how many are booked. */
interface Delivery {
  readonly deliver: number;
  readonly future: number;
  readonly profile: ProfileCode;
}

/** One written plan row before spelling. */
interface PlanRow {
  readonly provisionId: string;
  readonly discipline: number;
  /** Undefined for the unquantified text rows. */
  readonly quantity: PlanQuantity | undefined;
  readonly text: string | undefined;
  readonly useWeeklyAbbreviation: boolean;
  readonly start: Day;
  readonly end: Day | undefined;
  readonly provider: number;
  readonly commissioner: number;
  readonly funding: FundingCode;
  readonly section: string;
}

/** Settings shared by all lines of one child in one discipline. */
interface ChildDiscipline {
  readonly discipline: number;
  readonly provider: number;
  readonly commissioner: number;
  readonly funding: FundingCode;
  readonly section: string;
  readonly delivery: Delivery;
  readonly weekday: number;
  readonly staff: number;
  readonly staffLater: number;
  readonly switchDay: Day;
}

function toWeekday(day: Day): Day {
  const weekday = weekdayOf(day);
  return weekday >= 5 ? day + (7 - weekday) : day;
}

export class PlanGenerator {
  readonly schedule: LineSchedule;
  private readonly poolSize: number;
  private readonly providerText: readonly string[];
  private readonly localityText: readonly string[];
  private rowCount = 0;

  constructor(
    children: number,
    private readonly year: SchoolYear,
    private readonly spellings: Spellings,
    private readonly dates: DateTable,
    private readonly rng: Random,
  ) {
    this.schedule = new LineSchedule(Math.ceil(children * 1.4));
    this.poolSize = clinicianPoolSize(children);
    this.providerText = PROVIDERS.map((provider) => csvField(provider.name));
    this.localityText = LOCALITIES.map(csvField);
  }

  get rows(): number {
    return this.rowCount;
  }

  /** Rows for child index 0 … children-1, in that order (which is child ID order). */
  writeChild(index: number): string {
    const rng = this.rng;
    const childNumber = CHILD_NUMBER_BASE + index * CHILD_NUMBER_STEP + rng.int(0, 5);
    const childText = formatChildId(childNumber);
    const locality = rng.weighted(LOCALITY_WEIGHTS);
    const establishment = rng.weighted(ESTABLISHMENT_WEIGHTS);
    const primary = rng.weighted(PRIMARY_DISCIPLINE_WEIGHTS);
    const disciplines = [primary];
    if (rng.chance(0.25)) disciplines.push((primary + rng.int(1, 2)) % 3);
    disciplines.sort((a, b) => a - b);
    const isSingle = disciplines.length === 1;

    const rows: PlanRow[] = [];
    let lineNumber = 0;
    const nextProvisionId = (): string => `P${childText.slice(1)}${String(++lineNumber).padStart(2, '0')}`;

    for (const discipline of disciplines) {
      const settings = this.drawChildDiscipline(discipline, locality);
      // At most three lines a child: an amendment or an old line only when one discipline.
      let story = rng.weighted(STORY_WEIGHTS);
      if (story === STORY.amended && !isSingle) story = STORY.established;
      if (isSingle && rng.chance(0.03)) rows.push(this.oldLine(settings, nextProvisionId()));
      this.storyLines(story, settings, childNumber, nextProvisionId, rows);
    }

    if (rng.chance(0.008)) this.addContactOnlyLine(index, childNumber, disciplines, locality);

    let text = '';
    const establishmentText = this.spellings.establishment[establishment] as string;
    for (const row of rows) {
      text += this.formatRow(childText, row, locality, establishmentText);
    }
    return text;
  }

  private drawChildDiscipline(discipline: number, locality: number): ChildDiscipline {
    const rng = this.rng;
    const provider = rng.weighted(PROVIDER_WEIGHTS);
    const commissioner = rng.weighted(COMMISSIONER_WEIGHTS);
    const section = rng.chance(0.03) ? 'G' : 'F';
    const fundingDraw = rng.float();
    const funding: FundingCode = fundingDraw < 0.03 ? FUNDING.personalBudget : fundingDraw < 0.04 ? FUNDING.private : FUNDING.commissioned;
    let delivery = this.drawDelivery();
    // Personal-budget therapy is mostly bought outside the provider; a few such lines still show up in its diary.
    const isDiaried = funding === FUNDING.commissioned || (funding === FUNDING.personalBudget && rng.chance(0.2));
    if (!isDiaried) delivery = { deliver: 0, future: 0, profile: delivery.profile };
    const weekday = rng.int(0, 4);
    const staff = this.staffIndex(provider, discipline, locality, rng.int(0, this.poolSize - 1));
    const hasSwitch = rng.chance(0.1);
    const staffLater = hasSwitch ? this.staffIndex(provider, discipline, locality, rng.int(0, this.poolSize - 1)) : staff;
    const switchDay = hasSwitch ? this.year.first + rng.int(40, 300) : NO_SWITCH;
    return { discipline, provider, commissioner, funding, section, delivery, weekday, staff, staffLater, switchDay };
  }

  /**
   * Most children get somewhat less than their plan (60–98%), about 15% get it all or more, a
   * tail get far less, and 1% get nothing at all.
   */
  private drawDelivery(): Delivery {
    const rng = this.rng;
    const profile: ProfileCode = rng.chance(0.06) ? PROFILE.oftenMissed : PROFILE.usual;
    const band = rng.float();
    let share: number;
    if (band < 0.01) share = 0;
    else if (band < 0.16) share = rng.between(1.02, 1.2);
    else if (band < 0.23) share = rng.between(0.25, 0.6);
    else share = rng.between(0.6, 0.98);
    const futureBand = rng.float();
    // Some services book extra to recover, some keep pace, others book only a few weeks ahead: the forecast must tell them apart.
    let future: number;
    if (share === 0) future = 0;
    else if (futureBand < 0.35) future = rng.between(1.2, 1.7);
    else if (futureBand < 0.65) future = rng.between(0.9, 1.2);
    else future = rng.between(0.05, 0.9);
    return { deliver: share / (ATTENDED_SHARE[profile] as number), future, profile };
  }

  private staffIndex(provider: number, discipline: number, locality: number, member: number): number {
    return ((provider * 3 + discipline) * LOCALITIES.length + locality) * this.poolSize + member;
  }

  /** A line from an earlier plan, ended before this year: the reconciler files it as `other-year`. */
  private oldLine(settings: ChildDiscipline, provisionId: string): PlanRow {
    const rng = this.rng;
    const start = toWeekday(this.year.first - rng.int(800, 1500));
    const end = toWeekday(this.year.first - rng.int(10, 300));
    return this.makeRow(settings, provisionId, rng.weighted(QUANTITIES), start, end);
  }

  private storyLines(story: Story, settings: ChildDiscipline, childNumber: number, nextProvisionId: () => string, rows: PlanRow[]): void {
    const rng = this.rng;
    const { first, last } = this.year;
    const startBefore = (): Day => toWeekday(first - rng.int(7, 1400));
    const quantity = rng.weighted(QUANTITIES);
    switch (story) {
      case STORY.established: {
        // A quarter carry the date of the next phase transfer or review as their end.
        const end = rng.chance(0.25) ? toWeekday(last + rng.int(1, 700)) : undefined;
        this.addLine(settings, childNumber, nextProvisionId(), quantity, startBefore(), end, 0, 0, rows);
        return;
      }
      case STORY.newInYear: {
        const start = toWeekday(first + rng.int(10, 300));
        // An assessment visit before the plan was issued: a contact outside the plan period.
        const early = rng.chance(0.15) ? rng.int(5, 20) : 0;
        this.addLine(settings, childNumber, nextProvisionId(), quantity, start, undefined, early, 0, rows);
        return;
      }
      case STORY.ceased: {
        const end = toWeekday(first + rng.int(30, 320));
        // Sessions carried on for a week or two after the plan ceased.
        const late = rng.chance(0.2) ? rng.int(5, 15) : 0;
        this.addLine(settings, childNumber, nextProvisionId(), quantity, startBefore(), end, 0, late, rows);
        return;
      }
      case STORY.amended: {
        const amendedOn = toWeekday(first + rng.int(45, 290));
        let amended = rng.weighted(QUANTITIES);
        for (let tries = 0; tries < 8 && amended === quantity; tries++) amended = rng.weighted(QUANTITIES);
        this.addLine(settings, childNumber, nextProvisionId(), quantity, startBefore(), amendedOn - 1, 0, 0, rows);
        this.addLine(settings, childNumber, nextProvisionId(), amended, amendedOn, undefined, 0, 0, rows);
        return;
      }
    }
  }

  /** Writes the line (perhaps after a superseded version of it, perhaps with a data error) and plans its diary. */
  private addLine(
    settings: ChildDiscipline,
    childNumber: number,
    provisionId: string,
    quantity: PlanQuantity,
    start: Day,
    end: Day | undefined,
    earlyDays: number,
    lateDays: number,
    rows: PlanRow[],
  ): void {
    const rng = this.rng;
    if (rng.chance(0.005)) {
      // An earlier version of the same provision ID, corrected by the row after it.
      const superseded = rng.chance(0.5) ? rng.weighted(QUANTITIES) : quantity;
      const supersededEnd = superseded === quantity ? toWeekday(start + rng.int(30, 400)) : end;
      rows.push(this.makeRow(settings, provisionId, superseded, start, supersededEnd));
    }
    const isVague = rng.chance(0.003);
    const row = this.makeRow(settings, provisionId, isVague ? undefined : quantity, start, end);
    // A typing slip in the end date: the reconciler files the row as `end-before-start`.
    const hasEndError = rng.chance(0.001);
    rows.push(hasEndError ? { ...row, end: start - rng.int(1, 200) } : row);

    const from = Math.max(start, this.year.first) - earlyDays;
    const to = Math.min(end ?? this.year.last, this.year.last) + lateDays;
    // "As required" provision still gets seen now and then: those contacts meet no line that reads.
    const diaryQuantity: PlanQuantity = isVague ? { sessions: 1, minutes: 45, frequency: 'month' } : quantity;
    this.scheduleLine(childNumber, settings, diaryQuantity, Math.max(from, this.year.first), Math.min(to, this.year.last));
  }

  private makeRow(settings: ChildDiscipline, provisionId: string, quantity: PlanQuantity | undefined, start: Day, end: Day | undefined): PlanRow {
    const rng = this.rng;
    const discipline = settings.discipline;
    let text: string | undefined;
    let useWeeklyAbbreviation = false;
    if (quantity === undefined) text = vagueProvision(discipline, rng);
    else if (rng.chance(0.18)) text = describeQuantity(quantity, rng);
    else useWeeklyAbbreviation = rng.chance(0.1);
    return {
      provisionId,
      discipline,
      quantity,
      text,
      useWeeklyAbbreviation,
      start,
      end,
      provider: settings.provider,
      commissioner: settings.commissioner,
      funding: settings.funding,
      section: settings.section,
    };
  }

  private scheduleLine(child: number, settings: ChildDiscipline, quantity: PlanQuantity, from: Day, to: Day): void {
    const { delivery } = settings;
    if (to < from || (delivery.deliver === 0 && delivery.future === 0)) return;
    const { termWeight } = this.year;
    this.schedule.add({
      child,
      discipline: settings.discipline,
      from,
      to,
      minutes: quantity.minutes,
      rates: [sessionsPerTerm(quantity, 0) / termWeight[0], sessionsPerTerm(quantity, 1) / termWeight[1], sessionsPerTerm(quantity, 2) / termWeight[2]],
      weekday: settings.weekday,
      deliver: delivery.deliver,
      future: delivery.future,
      profile: delivery.profile,
      staff: settings.staff,
      staffLater: settings.staffLater,
      switchDay: settings.switchDay,
      phase: this.rng.float(),
    });
  }

  /**
   * Contacts with no plan line behind them: a child the council has no plan for (an ID kept
   * free for it), or a known child seen in a discipline the plan does not name.
   */
  private addContactOnlyLine(index: number, childNumber: number, disciplines: readonly number[], locality: number): void {
    const rng = this.rng;
    const isUnknownChild = rng.chance(0.5);
    const child = isUnknownChild ? CHILD_NUMBER_BASE + index * CHILD_NUMBER_STEP + 6 : childNumber;
    let discipline = rng.int(0, 2);
    if (!isUnknownChild) for (let tries = 0; tries < 3 && disciplines.includes(discipline); tries++) discipline = (discipline + 1) % 3;
    let settings = this.drawChildDiscipline(discipline, locality);
    if (settings.delivery.deliver === 0) settings = { ...settings, delivery: { deliver: 1, future: 0.5, profile: PROFILE.usual } };
    const from = this.year.first + rng.int(0, 200);
    this.scheduleLine(child, settings, rng.weighted(QUANTITIES), from, this.year.last);
  }

  private formatRow(childText: string, row: PlanRow, locality: number, establishmentText: string): string {
    const spellings = this.spellings;
    const quantity = row.quantity;
    const isNumeric = quantity !== undefined && row.text === undefined;
    let frequency = '';
    if (isNumeric) {
      frequency =
        quantity.frequency === 'week' && row.useWeeklyAbbreviation ? spellings.frequency.weeklyAbbreviation : spellings.frequency.words[quantity.frequency];
    }
    this.rowCount++;
    return (
      childText +
      ',' +
      row.provisionId +
      ',' +
      spellings.discipline[row.discipline] +
      ',' +
      (isNumeric ? String(quantity.sessions) : '') +
      ',' +
      (isNumeric ? String(quantity.minutes) : '') +
      ',' +
      frequency +
      ',' +
      (row.text === undefined ? '' : csvField(row.text)) +
      ',' +
      this.dates.format(row.start) +
      ',' +
      (row.end === undefined ? '' : this.dates.format(row.end)) +
      ',' +
      this.providerText[row.provider] +
      ',' +
      this.localityText[locality] +
      ',' +
      spellings.commissioner[row.commissioner] +
      ',' +
      spellings.funding[row.funding] +
      ',' +
      establishmentText +
      ',' +
      row.section +
      '\n'
    );
  }
}
