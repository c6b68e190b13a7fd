// The audit trail of one child (`explain`, README.md#commands): each plan row with its bucket and, for reconciled
// lines, the period, term fractions, weeks, sessions and minutes; each contact row with its bucket; and
// the child-year totals they add up to.
import { formatDay, type Day } from '../calendar/day.js';
import { mul, rational, roundHalfUp, type Rational } from '../exact/rational.js';
import type { Quantity } from '../schema/records.js';
import type { PlanBucket } from '../schema/vocabulary.js';
import type { ChildYear } from './childYear.js';
import type { WatchedContactRow } from './contactLedger.js';
import { lineEntitlement } from './entitlement.js';
import type { PlanBook, PlanRowReading } from './planBook.js';
import type { RunSettings } from './settings.js';

export interface TermCoverageExplanation {
  readonly term: string;
  readonly coveredDays: number;
  readonly termDays: number;
  /** The covered fraction as an exact fraction ("61/122") and a decimal. */
  readonly fraction: string;
  readonly fractionDecimal: number;
  readonly weeks: number;
  readonly sessions: number;
  readonly minutes: number;
}

export interface PlanRowExplanation {
  readonly line: number;
  readonly bucket: PlanBucket;
  readonly reason: string | null;
  /** For a row that does not read: the column and the value that stopped it. */
  readonly field: string | null;
  readonly value: string | null;
  readonly provisionId: string | null;
  readonly discipline: string | null;
  readonly quantity: string | null;
  readonly start: string | null;
  readonly end: string | null;
  readonly funding: string | null;
  readonly period: { readonly start: string; readonly end: string } | null;
  readonly terms: readonly TermCoverageExplanation[];
  readonly coveredWeeks: number | null;
  readonly coveredTerms: number | null;
  readonly sessions: number | null;
  /** Unrounded; the child-year total is rounded once. */
  readonly minutes: number | null;
}

export interface ChildExplanation {
  /** The child's ID as the files compare it (after the identifier rule), or its pseudonym. */
  readonly childId: string;
  /** The ID as given to explain, when the identifier rule changed it; null otherwise (and under pseudonymisation). */
  readonly givenId: string | null;
  /** The identifier rule each file's child IDs were read by. */
  readonly idRules: { readonly plans: string; readonly contacts: string };
  /** When no plans row has the ID: the plan IDs nearest to it (never under pseudonymisation). */
  readonly similarPlanIds: readonly string[];
  readonly year: string;
  readonly asOf: string;
  readonly planRows: readonly PlanRowExplanation[];
  readonly contactRows: readonly WatchedContactRow[];
  readonly childYears: readonly ChildYear[];
}

function decimal(value: Rational, places = 4): number {
  const scale = 10 ** places;
  return roundHalfUp(mul(value, rational(scale))) / scale;
}

export function describeQuantity(quantity: Quantity): string {
  const number = (value: Rational) => String(decimal(value, 4));
  return quantity.form === 'sessions'
    ? `${number(quantity.sessions)} x ${number(quantity.sessionMinutes)} min per ${quantity.frequency}`
    : `${number(quantity.hours)} h per ${quantity.frequency} (as 60-minute sessions)`;
}

/** The child's trail from what the run read: its ID and rules as the explanation gives them, its rows as read. */
export function explainChild(
  input: Pick<ChildExplanation, 'childId' | 'givenId' | 'idRules' | 'similarPlanIds' | 'contactRows' | 'childYears'> & {
    readonly yearLabel: string;
    readonly settings: RunSettings;
    readonly book: PlanBook;
    readonly planRows: readonly PlanRowReading[];
  },
): ChildExplanation {
  const { settings, book } = input;
  const iso = (day: Day | null) => (day === null ? null : formatDay(day));
  const planRows = input.planRows.map(({ line, reading }): PlanRowExplanation => {
    const bucket = book.bucketOfLine.get(line) ?? 'invalid-row';
    if (!reading.ok) {
      return {
        line,
        bucket,
        reason: reading.problem.reason,
        field: reading.problem.field,
        value: reading.problem.value,
        provisionId: null,
        discipline: null,
        quantity: null,
        start: null,
        end: null,
        funding: null,
        period: null,
        terms: [],
        coveredWeeks: null,
        coveredTerms: null,
        sessions: null,
        minutes: null,
      };
    }
    const plan = reading.record;
    const base = {
      line,
      bucket,
      reason: null,
      field: null,
      value: null,
      provisionId: plan.provisionId,
      discipline: plan.discipline,
      quantity: describeQuantity(plan.quantity),
      start: iso(plan.start),
      end: iso(plan.end),
      funding: plan.funding,
    };
    if (bucket !== 'reconciled') return { ...base, period: null, terms: [], coveredWeeks: null, coveredTerms: null, sessions: null, minutes: null };
    const entitlement = lineEntitlement(plan, settings.year, settings.asOf);
    return {
      ...base,
      period: entitlement.period === null ? null : { start: formatDay(entitlement.period.start), end: formatDay(entitlement.period.end) },
      terms: entitlement.terms.map((term, index) => ({
        term: term.term,
        coveredDays: term.coveredDays,
        termDays: settings.year.terms[index]!.days,
        fraction: `${term.coveredDays}/${settings.year.terms[index]!.days}`,
        fractionDecimal: decimal(term.fraction),
        weeks: decimal(term.weeks),
        sessions: decimal(term.sessions),
        minutes: decimal(term.minutes),
      })),
      coveredWeeks: decimal(entitlement.coveredWeeks),
      coveredTerms: decimal(entitlement.coveredTerms),
      sessions: decimal(entitlement.sessions),
      minutes: decimal(entitlement.minutes),
    };
  });
  return {
    childId: input.childId,
    givenId: input.givenId,
    idRules: input.idRules,
    similarPlanIds: input.similarPlanIds,
    year: input.yearLabel,
    asOf: formatDay(settings.asOf),
    planRows,
    contactRows: input.contactRows,
    childYears: input.childYears,
  };
}
