// Run health: after every run, whether the data can support its headline. A run can read every row and
// still be wrong: IDs that do not join, a year or an as-of date that misses the data, a column that
// reads but says nothing. Each such finding is a warning, typed data with its figures; one function
// turns each into its sentence, which says what was seen and what to check. The thresholds and what
// each warning means are in docs/operations.md#when-the-numbers-look-wrong.
import { formatYear } from '../calendar/academicYear.js';
import { formatDay, type Day } from '../calendar/day.js';
import type { FileAccounting } from '../reconcile/accounting.js';
import type { ContactHealthFacts } from '../reconcile/contactHealth.js';
import { describeChildIdRuleSuggestion, suggestChildIdRule, type ChildIdRuleSuggestion } from '../schema/idRuleSuggestion.js';
import { CONTACT_BUCKETS, type ContactBucket, type Discipline, type PlanBucket } from '../schema/vocabulary.js';

/** Every warning a run can give, in the order they are listed. */
export const HEALTH_WARNING_CODES = [
  'ids-do-not-join',
  'contacts-outside-year',
  'plans-outside-year',
  'as-of-from-clock',
  'as-of-in-future',
  'as-of-after-last-contact',
  'all-no-contact',
  'contacts-all-indirect',
  'attendance-blank',
  'minutes-all-same',
  'discipline-column-missing',
] as const;
export type HealthWarningCode = (typeof HEALTH_WARNING_CODES)[number];

/** Where each check draws its line (docs/operations.md#when-the-numbers-look-wrong gives the reasons). */
export const HEALTH_THRESHOLDS = {
  /** IDs do not join when more than this share (percent) of in-year contacts are unknown-child… */
  unknownChildPercent: 50,
  /** …or more than this share, once at least `unknownChildMany` contacts are. */
  unknownChildPercentWhenMany: 20,
  unknownChildMany: 50,
  /** Days the as-of date may pass the last contact with an outcome. */
  asOfDaysAfterLastContact: 45,
  /** In-year contacts needed before a column that never varies is said to carry no information. */
  columnMinContacts: 20,
  /** Example child IDs shown from each file. */
  exampleIds: 3,
} as const;

/** What a warning saw, by code: the figures of its sentence, which the JSON carries beside it. */
export type HealthWarningFigures =
  | {
      readonly code: 'ids-do-not-join';
      readonly year: string;
      readonly unknownChildContacts: number;
      readonly inYearContacts: number;
      /** A few child IDs of unknown-child contacts, and of the plans file, side by side. */
      readonly contactIds: readonly string[];
      readonly planIds: readonly string[];
      /** The identifier rule that would join the most of them, or null when none joins any. */
      readonly suggestion: ChildIdRuleSuggestion | null;
    }
  | {
      readonly code: 'contacts-outside-year';
      readonly year: string;
      readonly asOf: string;
      readonly contacts: number;
      readonly otherYearContacts: number;
      readonly afterAsOfContacts: number;
      /** The years the contacts do cover, with their contacts. */
      readonly contactYears: readonly { readonly year: string; readonly contacts: number }[];
    }
  | {
      readonly code: 'plans-outside-year';
      readonly year: string;
      readonly asOf: string;
      readonly lines: number;
      readonly otherYearLines: number;
      readonly afterAsOfLines: number;
    }
  | { readonly code: 'as-of-from-clock'; readonly year: string; readonly asOf: string }
  | { readonly code: 'as-of-in-future'; readonly asOf: string; readonly today: string }
  | { readonly code: 'as-of-after-last-contact'; readonly asOf: string; readonly lastContact: string; readonly days: number }
  | {
      readonly code: 'all-no-contact';
      readonly year: string;
      readonly childYears: number;
      readonly contacts: number;
      /** The bucket holding the most contact rows (where they went instead), or null without contacts. */
      readonly largestBucket: { readonly bucket: ContactBucket; readonly contacts: number } | null;
    }
  | { readonly code: 'contacts-all-indirect'; readonly year: string; readonly contacts: number }
  | { readonly code: 'attendance-blank'; readonly year: string; readonly contacts: number; readonly hasAttendanceColumn: boolean }
  | { readonly code: 'minutes-all-same'; readonly year: string; readonly contacts: number; readonly minutes: number }
  | { readonly code: 'discipline-column-missing'; readonly planDisciplines: readonly Discipline[]; readonly contacts: number };

/** A warning as the result holds it: its code, its sentence, then its figures. */
export type HealthWarning = HealthWarningFigures & { readonly message: string };

/** What the engine gathers of a run for the checks: counters and small samples, never rows. */
export interface RunHealthFacts {
  readonly yearStart: number;
  readonly asOf: Day;
  readonly today: Day;
  /** as-of was not given and defaulted to today's date. */
  readonly asOfFromClock: boolean;
  readonly countIndirect: boolean;
  readonly plans: {
    readonly accounting: FileAccounting<PlanBucket>;
    /** Disciplines with a line that reads, in any year. */
    readonly disciplines: readonly Discipline[];
    /** The plans file's child IDs (as compared), read once and only when a check needs them. */
    readonly childIds: () => Iterable<string>;
  };
  readonly contacts: { readonly accounting: FileAccounting<ContactBucket>; readonly health: ContactHealthFacts };
  /** Child-years with something required to date, and those of them with any minute delivered. */
  readonly childYears: { readonly due: number; readonly withDelivery: number };
}

// ---- Words -----------------------------------------------------------------------------------------

const NUMBER = new Intl.NumberFormat('en-GB');

function count(figure: number): string {
  return NUMBER.format(figure);
}

function counted(figure: number, noun: string, plural = `${noun}s`): string {
  return `${count(figure)} ${figure === 1 ? noun : plural}`;
}

function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** a / b as a percent to one decimal, halves up. */
function percentOf(part: number, whole: number): string {
  return `${(Math.round((part * 1000) / whole) / 10).toFixed(1)}%`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The sentence of a warning: what it saw, in figures, and what to check. */
export function describeWarning(figures: HealthWarningFigures): string {
  switch (figures.code) {
    case 'ids-do-not-join': {
      const { unknownChildContacts: unknown, inYearContacts: inYear, suggestion } = figures;
      const saw =
        `${percentOf(unknown, inYear)} of the contacts in ${figures.year} up to the as-of date (${count(unknown)} of ${count(inYear)}) name a child the plans file does not have (unknown-child), ` +
        `so the children they belong to look as if they had no contact. Child IDs in the contacts file: ${figures.contactIds.join(', ')}; in the plans file: ${figures.planIds.join(', ')}.`;
      const check =
        suggestion === null
          ? 'No identifier rule (--ids) joins them: check that both files key children by the same identifier (an NHS number in one and a council reference in the other never match), and compare an ID from exceptions.csv with the plans file.'
          : `${capitalised(describeChildIdRuleSuggestion(suggestion, unknown))}.`;
      return `${saw} ${check}`;
    }
    case 'contacts-outside-year': {
      const { contacts, otherYearContacts: other, afterAsOfContacts: after } = figures;
      const howMany = (part: number) => (part === contacts ? 'all' : count(part));
      const years = figures.contactYears.map((entry) => `${entry.year}: ${count(entry.contacts)}`).join('; ');
      const parts = [
        ...(other > 0 ? [`${howMany(other)} ${other === 1 ? 'is' : 'are'} in other years${years === '' ? '' : ` (${years})`}`] : []),
        ...(after > 0 ? [`${howMany(after)} ${after === 1 ? 'is' : 'are'} dated after the as-of date`] : []),
      ];
      return (
        `No contact is dated in ${figures.year} up to the as-of date ${figures.asOf}: of the ${counted(contacts, 'contact')} that read, ${listWords(parts)}. ` +
        'Check --year and --as-of against the period the contacts export covers.'
      );
    }
    case 'plans-outside-year':
      return (
        `No provision line of the plans file is in ${figures.year} up to the as-of date ${figures.asOf}: of the ${counted(figures.lines, 'line')} that read, ` +
        `${count(figures.otherYearLines)} lie in other years and ${count(figures.afterAsOfLines)} start after the as-of date, so there is nothing to reconcile. Check --year and --as-of.`
      );
    case 'as-of-from-clock':
      return (
        `No --as-of was given, so the run reconciled ${figures.year} up to today's date, ${figures.asOf}: the same job run on another day gives other figures, ` +
        'and on a machine whose clock is in another academic year it reconciles another year. Pass --as-of in scheduled jobs, such as the last day of the month reported on.'
      );
    case 'as-of-in-future':
      return (
        `The as-of date ${figures.asOf} is after today (${figures.today}): provision counts as required up to a day that has not come, while nothing after today can have been delivered. ` +
        'Use an as-of date no later than today.'
      );
    case 'as-of-after-last-contact':
      return (
        `The as-of date ${figures.asOf} is ${counted(figures.days, 'day')} after the last contact with an outcome in the contacts file (${figures.lastContact}): ` +
        'if the export ends there, the weeks since count as required but undelivered. Use an as-of date no later than the end of the export, or a later export.'
      );
    case 'all-no-contact': {
      const who =
        figures.childYears === 1
          ? `The one child-year with provision due in ${figures.year}`
          : `Every one of the ${count(figures.childYears)} child-years with provision due in ${figures.year}`;
      const where =
        figures.largestBucket === null
          ? 'The contacts file has no rows.'
          : `Of the ${counted(figures.contacts, 'contact row')}, the most are ${figures.largestBucket.bucket} (${count(figures.largestBucket.contacts)}).`;
      return `${who} received no contact at all: not one contact counted as delivered. ${where} Check the row accounting, --year and --as-of, the identifiers, and the attendance, contact_type and discipline columns.`;
    }
    case 'contacts-all-indirect':
      return (
        `All ${count(figures.contacts)} contacts in ${figures.year} up to the as-of date read as indirect (contact_type), so none counts as delivered: ` +
        'check the column read as contact_type and its values (a session with the child is direct; a report or a liaison call is indirect). --count-indirect counts indirect contacts too.'
      );
    case 'attendance-blank': {
      const saw = figures.hasAttendanceColumn
        ? `The attendance column is blank on all ${count(figures.contacts)} contacts in ${figures.year} up to the as-of date, and a blank reads as attended`
        : `The contacts file has no attendance column, so all ${count(figures.contacts)} contacts in ${figures.year} up to the as-of date count as attended`;
      return (
        `${saw}: appointments the child did not attend, or that were cancelled, are counted as delivered. ` +
        `${figures.hasAttendanceColumn ? 'Check the column read as attendance' : "Map the export's attendance column (contacts.columns.attendance in a mapping file)"}, or make sure the export holds attended contacts only.`
      );
    }
    case 'minutes-all-same':
      return (
        `All ${count(figures.contacts)} contacts in ${figures.year} up to the as-of date last exactly ${counted(figures.minutes, 'minute')}: ` +
        "the column read as minutes may hold a booked slot length or a default rather than each contact's own duration. Check the column read as minutes."
      );
    case 'discipline-column-missing': {
      const others = figures.planDisciplines.filter((discipline) => discipline !== 'OT');
      return (
        `The contacts file has no discipline column, so all ${counted(figures.contacts, 'contact')} read as OT, while the plans file holds ${listWords(figures.planDisciplines)} provision: ` +
        `${listWords(others)} contacts are taken as OT. Map the export's discipline column, or reconcile each discipline's own contacts file with --discipline.`
      );
    }
    default: {
      const unknown: never = figures;
      throw new Error(`no words for run-health warning ${JSON.stringify(unknown)}`);
    }
  }
}

/** A warning from its figures: code, sentence, then figures, in that order in the JSON. */
function warningOf(figures: HealthWarningFigures): HealthWarning {
  const { code, ...rest } = figures;
  return { code, message: describeWarning(figures), ...rest } as HealthWarning;
}

/**
 * The same warning with its child IDs changed (pseudonymised) and its sentence made again from them,
 * so that no raw ID stays behind in the words.
 */
export function mapWarningIds(warning: HealthWarning, change: (childId: string) => string): HealthWarning {
  if (warning.code !== 'ids-do-not-join') return warning;
  const { message: _message, ...figures } = warning;
  return warningOf({ ...figures, contactIds: figures.contactIds.map(change), planIds: figures.planIds.map(change) });
}

// ---- The checks -----------------------------------------------------------------------------------

/** The sum of a file's buckets in `buckets`. */
function sumOf<B extends string>(accounting: FileAccounting<B>, buckets: readonly B[]): number {
  let total = 0;
  for (const bucket of buckets) total += accounting.buckets[bucket] ?? 0;
  return total;
}

/** Contact buckets of the run's year and discipline, dated on or before as-of. */
const IN_YEAR_BUCKETS = CONTACT_BUCKETS.slice(CONTACT_BUCKETS.indexOf('unknown-child'));

/** The first `limit` distinct values, in order. */
function firstDistinct(values: Iterable<string>, limit: number): string[] {
  const found = new Set<string>();
  for (const value of values) {
    found.add(value);
    if (found.size >= limit) break;
  }
  return [...found];
}

/** Every warning the facts of a run call for, in the order of HEALTH_WARNING_CODES; none for clean data. */
export function checkRunHealth(facts: RunHealthFacts): HealthWarning[] {
  const warnings: HealthWarningFigures[] = [];
  const year = formatYear(facts.yearStart);
  const asOf = formatDay(facts.asOf);
  const { accounting: contactAccounting, health } = facts.contacts;
  const { accounting: planAccounting } = facts.plans;
  const inYear = sumOf(contactAccounting, IN_YEAR_BUCKETS);
  const otherYearContacts = contactAccounting.buckets['other-year'] ?? 0;
  const afterAsOfContacts = contactAccounting.buckets['after-as-of'] ?? 0;
  // Rows that read and are of the run's discipline (or every discipline).
  const contacts = inYear + otherYearContacts + afterAsOfContacts;
  const threshold = HEALTH_THRESHOLDS;

  const unknown = contactAccounting.buckets['unknown-child'] ?? 0;
  const isMostlyUnknown = unknown * 100 > inYear * threshold.unknownChildPercent;
  const isManyUnknown = unknown >= threshold.unknownChildMany && unknown * 100 > inYear * threshold.unknownChildPercentWhenMany;
  if (inYear > 0 && (isMostlyUnknown || isManyUnknown)) {
    const [best] = suggestChildIdRule(health.unknownChildSample, facts.plans.childIds());
    warnings.push({
      code: 'ids-do-not-join',
      year,
      unknownChildContacts: unknown,
      inYearContacts: inYear,
      contactIds: firstDistinct(health.unknownChildSample, threshold.exampleIds),
      planIds: firstDistinct(facts.plans.childIds(), threshold.exampleIds),
      suggestion: best ?? null,
    });
  }

  if (contacts > 0 && inYear === 0) {
    warnings.push({
      code: 'contacts-outside-year',
      year,
      asOf,
      contacts,
      otherYearContacts,
      afterAsOfContacts,
      contactYears: health.otherYears.map((entry) => ({ year: formatYear(entry.yearStart), contacts: entry.contacts })),
    });
  }

  const otherYearLines = planAccounting.buckets['other-year'] ?? 0;
  const afterAsOfLines = planAccounting.buckets['after-as-of'] ?? 0;
  const linesInYear = sumOf(planAccounting, ['reconciled', 'excluded-funding']);
  if (linesInYear === 0 && otherYearLines + afterAsOfLines > 0) {
    warnings.push({ code: 'plans-outside-year', year, asOf, lines: linesInYear + otherYearLines + afterAsOfLines, otherYearLines, afterAsOfLines });
  }

  if (facts.asOfFromClock) warnings.push({ code: 'as-of-from-clock', year, asOf });
  if (facts.asOf > facts.today) warnings.push({ code: 'as-of-in-future', asOf, today: formatDay(facts.today) });
  const last = health.lastOutcomeDay;
  if (last !== null && facts.asOf - last > threshold.asOfDaysAfterLastContact) {
    warnings.push({ code: 'as-of-after-last-contact', asOf, lastContact: formatDay(last), days: facts.asOf - last });
  }

  if (facts.childYears.due > 0 && facts.childYears.withDelivery === 0) {
    let largest: { bucket: ContactBucket; contacts: number } | null = null;
    for (const bucket of CONTACT_BUCKETS) {
      const rows = contactAccounting.buckets[bucket] ?? 0;
      if (rows > 0 && (largest === null || rows > largest.contacts)) largest = { bucket, contacts: rows };
    }
    warnings.push({ code: 'all-no-contact', year, childYears: facts.childYears.due, contacts: contactAccounting.rowsRead, largestBucket: largest });
  }

  if (inYear >= threshold.columnMinContacts) {
    if (!facts.countIndirect && health.direct === 0) warnings.push({ code: 'contacts-all-indirect', year, contacts: inYear });
    if (health.attendanceBlank === inYear) warnings.push({ code: 'attendance-blank', year, contacts: inYear, hasAttendanceColumn: health.hasAttendanceColumn });
    if (health.distinctMinutes === 1 && health.commonestMinutes !== null)
      warnings.push({ code: 'minutes-all-same', year, contacts: inYear, minutes: health.commonestMinutes });
  }
  const readContacts = contactAccounting.rowsRead - sumOf(contactAccounting, ['invalid-row', 'duplicate']);
  if (!health.hasDisciplineColumn && readContacts > 0 && facts.plans.disciplines.length > 1) {
    warnings.push({ code: 'discipline-column-missing', planDisciplines: facts.plans.disciplines, contacts: readContacts });
  }

  return warnings.map(warningOf);
}
