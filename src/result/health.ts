// Run health: after every run, whether the data can support its headline. A run can read every row and
// still be wrong: IDs that do not join, a year or an as-of date that misses the data, a column that
// reads but says nothing. Each such finding is a warning, typed data with its figures; one function
// turns each into its sentence, which says what was seen and what to check. The thresholds and what
// each warning means are in docs/operations.md#when-the-numbers-look-wrong.
import { formatYear } from '../calendar/academicYear.js';
import { formatDay, type Day } from '../calendar/day.js';
import type { FileAccounting } from '../reconcile/accounting.js';
import { VERY_SHORT_MINUTES, type ContactHealthFacts } from '../reconcile/contactHealth.js';
import type { InvalidRowFacts } from '../reconcile/invalidRows.js';
import { describeChildIdRuleSuggestion, suggestChildIdRule, type ChildIdRuleSuggestion } from '../schema/idRuleSuggestion.js';
import { visible } from '../schema/visibleText.js';
import {
  CONTACT_BUCKETS,
  DEFAULT_DISCIPLINE,
  DISCIPLINES,
  INPUT_FILES,
  type ContactBucket,
  type Discipline,
  type InputFile,
  type PlanBucket,
} from '../schema/vocabulary.js';

/** Every warning a run can give, in the order they are listed. */
export const HEALTH_WARNING_CODES = [
  'many-invalid-rows',
  'many-duplicates',
  'ids-do-not-join',
  'contacts-outside-year',
  'plans-outside-year',
  'as-of-from-clock',
  'as-of-in-future',
  'as-of-after-last-contact',
  'contacts-start-late',
  'all-no-contact',
  'discipline-no-contact',
  'contacts-all-indirect',
  'attendance-blank',
  'minutes-all-same',
  'minutes-very-short',
  'discipline-column-missing',
  'plans-discipline-column-missing',
] as const;
export type HealthWarningCode = (typeof HEALTH_WARNING_CODES)[number];

/** Where each check draws its line (docs/operations.md#when-the-numbers-look-wrong gives the reasons). */
export const HEALTH_THRESHOLDS = {
  /** A file has many invalid rows when more than this share (percent) of its rows did not read… */
  invalidRowsPercent: 10,
  /** …and at least this many did. */
  invalidRowsMin: 10,
  /** A file has many duplicates when more than this share (percent) of its rows are taken back by a later row with their ID… */
  duplicatesPercent: 10,
  /** …and at least this many are. */
  duplicatesMin: 10,
  /** In-year contacts of 5 minutes or less (VERY_SHORT_MINUTES): more than this share (percent) is a unit read wrongly. */
  veryShortPercent: 50,
  /**
   * IDs do not join when more than this share (percent) of in-year contacts are unknown-child with a
   * child ID on no line of the plans file…
   */
  unknownChildPercent: 50,
  /** …or more than this share, once at least `unknownChildMany` contacts are. */
  unknownChildPercentWhenMany: 20,
  unknownChildMany: 50,
  /** Days the as-of date may pass the last contact with an outcome. */
  asOfDaysAfterLastContact: 45,
  /** Days a child-year's provision may have been due before the first contact… */
  contactsStartDaysAfterDue: 45,
  /** …and the share (percent) of child-years with provision due that must be due earlier than that. */
  contactsStartLateChildYearsPercent: 50,
  /** Child-years with provision due a discipline needs before having none with a counted contact is a warning. */
  disciplineNoContactMinChildYears: 3,
  /** Contacts of disciplines no plan line can have (a plans file without a discipline column): more than this share (percent). */
  otherDisciplineContactsPercent: 10,
  /** In-year contacts needed before a column that never varies is said to carry no information. */
  columnMinContacts: 20,
  /** Example child IDs shown from each file. */
  exampleIds: 3,
} as const;

/** What a warning saw, by code: the figures of its sentence, which the JSON carries beside it. */
export type HealthWarningFigures =
  | {
      readonly code: 'many-invalid-rows';
      readonly file: InputFile;
      /** Rows of the file that did not read (invalid-row), totals and footer rows aside. */
      readonly invalidRows: number;
      readonly rowsRead: number;
      /** The problem of the most of them, with the first row that had it (its value null under --pseudonymise). */
      readonly commonest: {
        readonly field: string;
        readonly reason: string;
        readonly rows: number;
        readonly line: number;
        readonly value: string | null;
      };
    }
  | {
      readonly code: 'ids-do-not-join';
      readonly year: string;
      /** In-year unknown-child contacts, whatever the cause… */
      readonly unknownChildContacts: number;
      readonly inYearContacts: number;
      /** …of which these name a child ID on no line of the plans file (the figure the check is on)… */
      readonly unknownChildNotInPlans: number;
      /** …these a child the plans file has for another discipline only… */
      readonly unknownChildOtherDiscipline: number;
      /** …and these a child whose lines in the plans file do not read. */
      readonly unknownChildUnreadPlanLine: number;
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
      readonly code: 'contacts-start-late';
      readonly year: string;
      /** The first contact of the run's discipline in the contacts file. */
      readonly firstContact: string;
      /** The first day any child-year's provision was due, and how many days before the first contact. */
      readonly dueFrom: string;
      readonly days: number;
      /** Child-years with provision due, and those of them due more than the threshold's days before the first contact. */
      readonly childYears: number;
      readonly childYearsDueEarlier: number;
    }
  | {
      readonly code: 'all-no-contact';
      readonly year: string;
      readonly childYears: number;
      readonly contacts: number;
      /** The bucket holding the most contact rows (where they went instead), or null without contacts. */
      readonly largestBucket: { readonly bucket: ContactBucket; readonly contacts: number } | null;
    }
  | {
      readonly code: 'discipline-no-contact';
      readonly year: string;
      readonly discipline: Discipline;
      /** The discipline's child-years with provision due, none of which has a counted contact. */
      readonly childYears: number;
      /** Contact rows of the discipline that read, in any year or bucket. */
      readonly contacts: number;
      /** Child-years of the other disciplines with provision due, and those of them with a counted contact. */
      readonly otherChildYears: number;
      readonly otherChildYearsWithContact: number;
    }
  | { readonly code: 'contacts-all-indirect'; readonly year: string; readonly contacts: number }
  | { readonly code: 'attendance-blank'; readonly year: string; readonly contacts: number; readonly hasAttendanceColumn: boolean }
  | { readonly code: 'minutes-all-same'; readonly year: string; readonly contacts: number; readonly minutes: number }
  | { readonly code: 'minutes-very-short'; readonly year: string; readonly contacts: number; readonly veryShort: number }
  | { readonly code: 'many-duplicates'; readonly file: InputFile; readonly duplicates: number; readonly rowsRead: number }
  | { readonly code: 'discipline-column-missing'; readonly planDisciplines: readonly Discipline[]; readonly contacts: number }
  | {
      readonly code: 'plans-discipline-column-missing';
      /** Plan lines that read, every one as the default discipline. */
      readonly lines: number;
      readonly planDiscipline: Discipline;
      /** Contacts that read in the run's disciplines, and those of them of a discipline no plan line has. */
      readonly contacts: number;
      readonly otherDisciplineContacts: number;
      readonly contactDisciplines: readonly Discipline[];
      /** A plans column whose cells read as disciplines (its header null under --pseudonymise), or null. */
      readonly column: PlanDisciplineColumn | null;
    };

/** A plans column whose cells read as disciplines, as a warning names it. */
export interface PlanDisciplineColumn {
  /** Counting from 1, as a spreadsheet shows columns. */
  readonly number: number;
  readonly header: string | null;
  /** The field it is read as instead, or null when it is read as nothing. */
  readonly readAs: string | null;
  readonly disciplines: readonly Discipline[];
}

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
  /** The run's discipline (--discipline), or null for every discipline. */
  readonly discipline: Discipline | null;
  /** No warning may quote a cell (--pseudonymise): values and headers are left out. */
  readonly withholdsCells: boolean;
  readonly plans: {
    readonly accounting: FileAccounting<PlanBucket>;
    /** Disciplines with a line that reads, in any year. */
    readonly disciplines: readonly Discipline[];
    /** The plans file's child IDs (as compared), read once and only when a check needs them. */
    readonly childIds: () => Iterable<string>;
    readonly invalidRows: InvalidRowFacts;
    /** Whether the file has a discipline column; without one every line reads as DEFAULT_DISCIPLINE. */
    readonly hasDisciplineColumn: boolean;
    /** Without a discipline column, a column whose cells read as disciplines, or null. */
    readonly disciplineColumn: {
      readonly number: number;
      readonly header: string;
      readonly readAs: string | null;
      readonly disciplines: readonly Discipline[];
    } | null;
  };
  readonly contacts: { readonly accounting: FileAccounting<ContactBucket>; readonly health: ContactHealthFacts };
  /** Child-years with something required to date, and those of them with any minute delivered. */
  readonly childYears: {
    readonly due: number;
    readonly withDelivery: number;
    /** The same, discipline by discipline. */
    readonly byDiscipline: Readonly<Record<Discipline, { readonly due: number; readonly withDelivery: number }>>;
    /** Those of `due` whose provision began to be due before a day, and the first day any was due (null: none). */
    readonly dueBefore: (day: Day) => number;
    readonly firstDueDay: Day | null;
  };
}

// ---- Words -----------------------------------------------------------------------------------------

const NUMBER = new Intl.NumberFormat('en-GB');

function count(figure: number): string {
  return NUMBER.format(figure);
}

function counted(figure: number, noun: string, plural = `${noun}s`): string {
  return `${count(figure)} ${figure === 1 ? noun : plural}`;
}

function listWords(words: readonly string[], conjunction = 'and'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** a / b as a percent to one decimal, halves up. */
function percentOf(part: number, whole: number): string {
  return `${(Math.round((part * 1000) / whole) / 10).toFixed(1)}%`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Fields read as dates or times, which --date-format governs. */
const DATE_FIELDS: readonly string[] = ['date', 'start_date', 'end_date', 'start_time', 'end_time'];
/** Fields whose spellings a mapping file's `values` can add to, by file. */
const MAPPED_VALUE_FIELDS: Readonly<Record<InputFile, readonly string[]>> = {
  plans: ['discipline', 'frequency', 'funding'],
  contacts: ['discipline', 'attendance', 'contact_type'],
};

/** What to check when many rows of a file fail on one field. */
function adviceOnField(file: InputFile, field: string): string {
  if (DATE_FIELDS.includes(field)) return 'check --date-format (dateFormat in a mapping file) against how the export writes its dates';
  if (MAPPED_VALUE_FIELDS[file].includes(field)) {
    return `check the column read as ${field}, and give the export's own spellings in a mapping file ("${file}": {"values": {"${field}": {…}}})`;
  }
  if (field === 'child_id') return 'check the column read as child_id, and the identifier rule (--ids) if it refuses the IDs';
  return `check the column read as ${field} (inspect shows which header that is), or correct the rows at source`;
}

/** The sentence of a warning: what it saw, in figures, and what to check. */
export function describeWarning(figures: HealthWarningFigures): string {
  switch (figures.code) {
    case 'many-invalid-rows': {
      const { commonest, invalidRows, rowsRead } = figures;
      const rows = figures.file === 'plans' ? 'plans rows' : 'contact rows';
      const where =
        commonest.value === null
          ? `${commonest.field} (first on line ${commonest.line})`
          : `${commonest.field} ${visible(JSON.stringify(commonest.value))} (line ${commonest.line})`;
      const most = commonest.rows === invalidRows ? `every one` : `${count(commonest.rows)} of them`;
      return (
        `${count(invalidRows)} of the ${count(rowsRead)} ${rows} (${percentOf(invalidRows, rowsRead)}) did not read (invalid-row), so they are left out of every figure. ` +
        `The commonest problem, on ${most}: ${where}: ${visible(commonest.reason)}. ${capitalised(adviceOnField(figures.file, commonest.field))}; exceptions.csv lists every row.`
      );
    }
    case 'many-duplicates': {
      const { duplicates, rowsRead } = figures;
      const [rows, id] = figures.file === 'plans' ? ['plans rows', 'provision_id'] : ['contact rows', 'contact_id'];
      return (
        `${count(duplicates)} of the ${count(rowsRead)} ${rows} (${percentOf(duplicates, rowsRead)}) have the ${id} of a later row (duplicate), so only the last row of each ${id} counts. ` +
        `Check that ${id} is read from a column that names each row on its own (a mapping that points ${id} at a column that repeats, such as a clinician or a provider, makes most rows duplicates); exceptions.csv lists every row set aside.`
      );
    }
    case 'ids-do-not-join': {
      const { unknownChildNotInPlans: unknown, inYearContacts: inYear, suggestion } = figures;
      const saw =
        `${percentOf(unknown, inYear)} of the contacts in ${figures.year} up to the as-of date (${count(unknown)} of ${count(inYear)}) name a child the plans file does not have (unknown-child), ` +
        `so the children they belong to look as if they had no contact. Child IDs in the contacts file: ${figures.contactIds.join(', ')}; in the plans file: ${figures.planIds.join(', ')}.`;
      const check =
        suggestion === null
          ? 'No identifier rule (--ids) joins them: check that both files key children by the same identifier (an NHS number in one and a council reference in the other never match), and compare an ID from exceptions.csv with the plans file.'
          : `${capitalised(describeChildIdRuleSuggestion(suggestion, unknown))}.`;
      const others = [
        ...(figures.unknownChildOtherDiscipline > 0
          ? [`${counted(figures.unknownChildOtherDiscipline, 'contact')} of children the plans file has for another discipline only`]
          : []),
        ...(figures.unknownChildUnreadPlanLine > 0
          ? [`${counted(figures.unknownChildUnreadPlanLine, 'contact')} of children whose plan lines do not read`]
          : []),
      ];
      const aside =
        others.length === 0
          ? ''
          : ` Left out of these figures, as no identifier rule would join them: ${listWords(others)} (exceptions.csv gives each one's reason).`;
      return `${saw} ${check}${aside}`;
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
    case 'contacts-start-late':
      return (
        `The first contact in the contacts file is dated ${figures.firstContact}, ${counted(figures.days, 'day')} after provision began to be due (${figures.dueFrom}): ` +
        `${count(figures.childYearsDueEarlier)} of the ${counted(figures.childYears, 'child-year')} with provision due in ${figures.year} were due more than ${HEALTH_THRESHOLDS.contactsStartDaysAfterDue} days before it. ` +
        'If the export starts there (a single month, or the calendar year to date rather than the academic year), the weeks before it count as required but undelivered. ' +
        'Use a contacts export that covers the year from its start to the as-of date.'
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
    case 'discipline-no-contact': {
      const { discipline, contacts } = figures;
      const saw =
        `None of the ${counted(figures.childYears, `${discipline} child-year`)} with provision due in ${figures.year} received a counted contact, ` +
        `while ${count(figures.otherChildYearsWithContact)} of the ${counted(figures.otherChildYears, 'child-year')} of other disciplines did.`;
      const check =
        contacts === 0
          ? `No contact row of the contacts file reads as ${discipline}: check that the export covers the ${discipline} service, and how its discipline column's values read (a team code that is no discipline makes the row invalid; one mapped to another discipline moves it).`
          : `${counted(contacts, `${discipline} contact row`)} read, but none counted: see the row accounting and exceptions.csv for where they went.`;
      return `${saw} ${check}`;
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
    case 'minutes-very-short':
      return (
        `${count(figures.veryShort)} of the ${count(figures.contacts)} contacts in ${figures.year} up to the as-of date (${percentOf(figures.veryShort, figures.contacts)}) last ${VERY_SHORT_MINUTES} minutes or less, which no therapy session does. ` +
        `Check the duration column: hours (0.75, 1.5) read as minutes give such figures; map a column of minutes, or of start and end times.`
      );
    case 'discipline-column-missing': {
      const others = figures.planDisciplines.filter((discipline) => discipline !== 'OT');
      return (
        `The contacts file has no discipline column, so all ${counted(figures.contacts, 'contact')} read as OT, while the plans file holds ${listWords(figures.planDisciplines)} provision: ` +
        `${listWords(others)} contacts are taken as OT. Map the export's discipline column, or reconcile each discipline's own contacts file with --discipline.`
      );
    }
    case 'plans-discipline-column-missing': {
      const { column, planDiscipline } = figures;
      const saw = `The plans file has no discipline column, so all ${counted(figures.lines, 'provision line')} that read are taken as ${planDiscipline}`;
      // A column that names other disciplines is the one to map; one that names the default alone says nothing.
      const shown = column !== null && namesOtherDisciplines(column.disciplines, planDiscipline) ? column : null;
      const readAs = shown === null || shown.readAs === null ? '' : `, read as ${shown.readAs}`;
      const header = shown === null || shown.header === null ? null : visible(JSON.stringify(shown.header));
      const evidence = [
        ...(shown === null
          ? []
          : [
              `its ${header === null ? `column ${shown.number}${readAs}` : `column ${header} (column ${shown.number}${readAs})`} names ${listWords([...shown.disciplines])}`,
            ]),
        ...(figures.otherDisciplineContacts > 0
          ? [
              `${count(figures.otherDisciplineContacts)} of the ${count(figures.contacts)} contacts that read are ${listWords(
                figures.contactDisciplines.filter((discipline) => discipline !== planDiscipline),
                'or',
              )}, which no plan line can then hold`,
            ]
          : []),
      ];
      const check =
        shown === null
          ? `Map the plans export's discipline column (plans.columns.discipline in a mapping file); if the plans file holds ${planDiscipline} provision only, pass --discipline ${planDiscipline}.`
          : header === null
            ? 'Map that column as the discipline (plans.columns.discipline in a mapping file).'
            : `Map that column as the discipline: "plans": {"columns": {"discipline": ${header}}} in a mapping file.`;
      return `${saw}; yet ${evidence.join(', and ')}. ${check}`;
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
 * The same warning with its child IDs changed (pseudonymised), any text from a cell redacted, and its
 * sentence made again from them, so that no raw ID stays behind in the words.
 */
export function mapWarningIds(warning: HealthWarning, change: (childId: string) => string, redact: (text: string) => string = (text) => text): HealthWarning {
  if (warning.code === 'many-invalid-rows') {
    // A reason may quote part of a cell, which may hold a child's ID: redacted as exceptions.csv's reasons are.
    const { message: _message, ...figures } = warning;
    return warningOf({ ...figures, commonest: { ...figures.commonest, reason: redact(figures.commonest.reason) } });
  }
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

/** A file's many-invalid-rows warning, when more than the threshold's share of its rows did not read. */
function invalidRowsWarning(file: InputFile, rowsRead: number, invalid: InvalidRowFacts, withholdsCells: boolean): HealthWarningFigures | undefined {
  const { invalidRowsPercent, invalidRowsMin } = HEALTH_THRESHOLDS;
  const { rows, commonest } = invalid;
  if (commonest === null || rows < invalidRowsMin || rows * 100 <= rowsRead * invalidRowsPercent) return undefined;
  return {
    code: 'many-invalid-rows',
    file,
    invalidRows: rows,
    rowsRead,
    commonest: { field: commonest.field, reason: commonest.reason, rows: commonest.rows, line: commonest.line, value: withholdsCells ? null : commonest.value },
  };
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

  for (const file of INPUT_FILES) {
    const [accounting, invalid] = file === 'plans' ? [planAccounting, facts.plans.invalidRows] : [contactAccounting, health.invalidRows];
    const warning = invalidRowsWarning(file, accounting.rowsRead, invalid, facts.withholdsCells);
    if (warning !== undefined) warnings.push(warning);
    const duplicates = accounting.buckets.duplicate ?? 0;
    if (duplicates >= threshold.duplicatesMin && duplicates * 100 > accounting.rowsRead * threshold.duplicatesPercent) {
      warnings.push({ code: 'many-duplicates', file, duplicates, rowsRead: accounting.rowsRead });
    }
  }

  // Only contacts whose child ID is on no line of the plans file can be a matter of identifiers: a
  // child the plans have for another discipline, or on lines that do not read, is not joined by any rule.
  const unknown = contactAccounting.buckets['unknown-child'] ?? 0;
  const causes = health.unknownChildCauses;
  const notInPlans = unknown - causes['other-discipline'] - causes['unread-plan-line'];
  const isMostlyUnknown = notInPlans * 100 > inYear * threshold.unknownChildPercent;
  const isManyUnknown = notInPlans >= threshold.unknownChildMany && notInPlans * 100 > inYear * threshold.unknownChildPercentWhenMany;
  if (inYear > 0 && notInPlans > 0 && (isMostlyUnknown || isManyUnknown)) {
    const [best] = suggestChildIdRule(health.unknownChildSample, facts.plans.childIds());
    warnings.push({
      code: 'ids-do-not-join',
      year,
      unknownChildContacts: unknown,
      inYearContacts: inYear,
      unknownChildNotInPlans: notInPlans,
      unknownChildOtherDiscipline: causes['other-discipline'],
      unknownChildUnreadPlanLine: causes['unread-plan-line'],
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

  // The mirror of as-of-after-last-contact: an export that starts late. Measured per child-year, so that
  // a plan set that itself starts late (every plan from January) is judged from January.
  const first = health.firstDay;
  const { due, firstDueDay } = facts.childYears;
  if (first !== null && firstDueDay !== null && inYear > 0) {
    const dueEarlier = facts.childYears.dueBefore(first - threshold.contactsStartDaysAfterDue);
    if (dueEarlier * 100 > due * threshold.contactsStartLateChildYearsPercent) {
      warnings.push({
        code: 'contacts-start-late',
        year,
        firstContact: formatDay(first),
        dueFrom: formatDay(firstDueDay),
        days: first - firstDueDay,
        childYears: due,
        childYearsDueEarlier: dueEarlier,
      });
    }
  }

  const isAllNoContact = due > 0 && facts.childYears.withDelivery === 0;
  if (isAllNoContact) {
    let largest: { bucket: ContactBucket; contacts: number } | null = null;
    for (const bucket of CONTACT_BUCKETS) {
      const rows = contactAccounting.buckets[bucket] ?? 0;
      if (rows > 0 && (largest === null || rows > largest.contacts)) largest = { bucket, contacts: rows };
    }
    warnings.push({ code: 'all-no-contact', year, childYears: due, contacts: contactAccounting.rowsRead, largestBucket: largest });
  } else {
    // One discipline with none while another has some: all-no-contact's case, a discipline at a time.
    for (const discipline of DISCIPLINES) {
      const own = facts.childYears.byDiscipline[discipline];
      if (own.due < threshold.disciplineNoContactMinChildYears || own.withDelivery > 0) continue;
      warnings.push({
        code: 'discipline-no-contact',
        year,
        discipline,
        childYears: own.due,
        contacts: health.disciplines[discipline],
        otherChildYears: due - own.due,
        otherChildYearsWithContact: facts.childYears.withDelivery,
      });
    }
  }

  if (inYear >= threshold.columnMinContacts) {
    if (!facts.countIndirect && health.direct === 0) warnings.push({ code: 'contacts-all-indirect', year, contacts: inYear });
    if (health.attendanceBlank === inYear) warnings.push({ code: 'attendance-blank', year, contacts: inYear, hasAttendanceColumn: health.hasAttendanceColumn });
    if (health.distinctMinutes === 1 && health.commonestMinutes !== null)
      warnings.push({ code: 'minutes-all-same', year, contacts: inYear, minutes: health.commonestMinutes });
    else if (health.veryShort * 100 > inYear * threshold.veryShortPercent)
      warnings.push({ code: 'minutes-very-short', year, contacts: inYear, veryShort: health.veryShort });
  }
  const readContacts = contactAccounting.rowsRead - sumOf(contactAccounting, ['invalid-row', 'duplicate']);
  // Under --discipline OT a file with no discipline column is read as it asks: every row an OT contact.
  if (!health.hasDisciplineColumn && facts.discipline !== DEFAULT_DISCIPLINE && readContacts > 0 && facts.plans.disciplines.length > 1) {
    warnings.push({ code: 'discipline-column-missing', planDisciplines: facts.plans.disciplines, contacts: readContacts });
  }

  const planDisciplineWarning = checkPlanDisciplineColumn(facts);
  if (planDisciplineWarning !== undefined) warnings.push(planDisciplineWarning);

  return warnings.map(warningOf);
}

function namesOtherDisciplines(disciplines: readonly Discipline[], planDiscipline: Discipline): boolean {
  return disciplines.some((discipline) => discipline !== planDiscipline);
}

/**
 * A plans file without a discipline column reads every line as the default discipline. That is right
 * for a file of that discipline alone, and wrong, silently, for one of several: so it warns when a
 * column of the file reads as other disciplines, or when more than a tenth of the contacts in the run
 * are of disciplines that no plan line can then have.
 */
function checkPlanDisciplineColumn(facts: RunHealthFacts): HealthWarningFigures | undefined {
  const { plans } = facts;
  const lines = plans.accounting.rowsRead - sumOf(plans.accounting, ['invalid-row', 'duplicate']);
  if (plans.hasDisciplineColumn || lines === 0) return undefined;
  const planDiscipline = DEFAULT_DISCIPLINE;
  const tally = facts.contacts.health.disciplines;
  const inRun = facts.discipline === null ? DISCIPLINES : [facts.discipline];
  let contacts = 0;
  let otherDisciplineContacts = 0;
  for (const discipline of inRun) {
    contacts += tally[discipline];
    if (discipline !== planDiscipline) otherDisciplineContacts += tally[discipline];
  }
  const found = plans.disciplineColumn;
  const columnNamesOthers = found !== null && namesOtherDisciplines(found.disciplines, planDiscipline);
  const manyOtherContacts = otherDisciplineContacts > 0 && otherDisciplineContacts * 100 > contacts * HEALTH_THRESHOLDS.otherDisciplineContactsPercent;
  if (!columnNamesOthers && !manyOtherContacts) return undefined;
  return {
    code: 'plans-discipline-column-missing',
    lines,
    planDiscipline,
    contacts,
    otherDisciplineContacts,
    contactDisciplines: inRun.filter((discipline) => tally[discipline] > 0),
    column:
      found === null
        ? null
        : { number: found.number, header: facts.withholdsCells ? null : found.header, readAs: found.readAs, disciplines: found.disciplines },
  };
}
