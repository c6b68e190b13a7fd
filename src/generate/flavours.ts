// How each flavour spells the same generated data. Both flavours draw the same random numbers in
// the same order; only these tables differ, so one seed gives one dataset in two dialects: the
// tool's own vocabulary, or what a council EHCP system and an NHS clinical system export.

import type { ContactField, PlanField } from '../schema/fields.js';
import type { Frequency } from '../schema/vocabulary.js';
import { LOCALITIES } from './catalogue.js';

export const FLAVOURS = ['canonical', 'provider'] as const;
export type Flavour = (typeof FLAVOURS)[number];

/** Outcome codes of a generated appointment, in the order of every spelling table below. */
export const OUTCOME = {
  attendedOnTime: 0,
  attendedLate: 1,
  lateNotSeen: 2,
  dna: 3,
  cancelledFamily: 4,
  cancelledProvider: 5,
  booked: 6,
} as const;
export type OutcomeCode = (typeof OUTCOME)[keyof typeof OUTCOME];
export const OUTCOME_COUNT = 7;

/** Column order of the plans file, with each flavour's header. The writer follows this order. */
export const PLAN_COLUMNS: readonly { readonly field: PlanField; readonly canonical: string; readonly provider: string }[] = [
  { field: 'child_id', canonical: 'child_id', provider: 'Pupil Ref' },
  { field: 'provision_id', canonical: 'provision_id', provider: 'Provision Ref' },
  { field: 'discipline', canonical: 'discipline', provider: 'Therapy' },
  { field: 'sessions', canonical: 'sessions', provider: 'Sessions' },
  { field: 'session_minutes', canonical: 'session_minutes', provider: 'Session Length (mins)' },
  { field: 'frequency', canonical: 'frequency', provider: 'Frequency' },
  { field: 'provision', canonical: 'provision', provider: 'Section F Provision' },
  { field: 'start_date', canonical: 'start_date', provider: 'Section F Start' },
  { field: 'end_date', canonical: 'end_date', provider: 'Section F End' },
  { field: 'provider', canonical: 'provider', provider: 'Provider' },
  { field: 'locality', canonical: 'locality', provider: 'Area' },
  { field: 'commissioner', canonical: 'commissioner', provider: 'Commissioned By' },
  { field: 'funding', canonical: 'funding', provider: 'Funding Type' },
  { field: 'establishment', canonical: 'establishment', provider: 'School Type' },
  { field: 'section', canonical: 'section', provider: 'EHCP Section' },
];

export const CONTACT_COLUMNS: readonly { readonly field: ContactField; readonly canonical: string; readonly provider: string }[] = [
  { field: 'contact_id', canonical: 'contact_id', provider: 'Appointment ID' },
  { field: 'child_id', canonical: 'child_id', provider: 'Client Identifier' },
  { field: 'date', canonical: 'date', provider: 'Appointment Date' },
  { field: 'minutes', canonical: 'minutes', provider: 'Duration (h:mm)' },
  { field: 'discipline', canonical: 'discipline', provider: 'Service' },
  { field: 'attendance', canonical: 'attendance', provider: 'Attend Status (CSDS)' },
  { field: 'contact_type', canonical: 'contact_type', provider: 'Contact Category' },
  { field: 'provider', canonical: 'provider', provider: 'Provider Name' },
  { field: 'staff_id', canonical: 'staff_id', provider: 'Clinician' },
  { field: 'team', canonical: 'team', provider: 'Team Name' },
];

/** Frequency spellings; `wkly` is the council system's abbreviation on some older rows. */
export interface FrequencySpelling {
  readonly words: Readonly<Record<Frequency, string>>;
  readonly weeklyAbbreviation: string;
}

export interface Spellings {
  readonly flavour: Flavour;
  readonly plansHeader: string;
  readonly contactsHeader: string;
  readonly isUkDates: boolean;
  /** Indexed by discipline: 0 OT, 1 SLT, 2 PT. */
  readonly discipline: readonly [string, string, string];
  readonly frequency: FrequencySpelling;
  /** commissioned, personal-budget, private */
  readonly funding: readonly [string, string, string];
  /** LA, ICB, joint */
  readonly commissioner: readonly [string, string, string];
  /** mainstream, special school, further education, early years */
  readonly establishment: readonly [string, string, string, string];
  /** Indexed by OutcomeCode. */
  readonly attendance: readonly string[];
  /** direct, indirect */
  readonly contactType: readonly [string, string];
  formatMinutes(minutes: number): string;
  teamName(discipline: number, locality: number): string;
}

const DISCIPLINE_CODES = ['OT', 'SLT', 'PT'] as const;
const DISCIPLINE_WORDS = ['Occupational Therapy', 'Speech and Language Therapy', 'Physiotherapy'] as const;

const CANONICAL: Spellings = {
  flavour: 'canonical',
  plansHeader: PLAN_COLUMNS.map((column) => column.canonical).join(','),
  contactsHeader: CONTACT_COLUMNS.map((column) => column.canonical).join(','),
  isUkDates: false,
  discipline: DISCIPLINE_CODES,
  frequency: {
    words: { week: 'week', fortnight: 'fortnight', month: 'month', 'half-term': 'half-term', term: 'term', year: 'year' },
    weeklyAbbreviation: 'week',
  },
  funding: ['commissioned', 'personal-budget', 'private'],
  commissioner: ['LA', 'ICB', 'joint'],
  establishment: ['mainstream', 'special school', 'further education', 'early years'],
  attendance: ['attended', 'attended', 'late-not-seen', 'dna', 'cancelled-family', 'cancelled-provider', 'booked'],
  contactType: ['direct', 'indirect'],
  formatMinutes: (minutes) => String(minutes),
  teamName: (discipline, locality) => `${DISCIPLINE_CODES[discipline] ?? 'OT'} ${LOCALITIES[locality] ?? ''}`,
};

const PROVIDER: Spellings = {
  flavour: 'provider',
  plansHeader: PLAN_COLUMNS.map((column) => column.provider).join(','),
  contactsHeader: CONTACT_COLUMNS.map((column) => column.provider).join(','),
  isUkDates: true,
  discipline: DISCIPLINE_WORDS,
  frequency: {
    words: { week: 'Weekly', fortnight: 'Fortnightly', month: 'Monthly', 'half-term': 'Half Termly', term: 'Per Term', year: 'Annually' },
    weeklyAbbreviation: 'wkly',
  },
  funding: ['Commissioned', 'Personal Budget', 'Private'],
  commissioner: ['LA', 'ICB', 'Joint'],
  establishment: ['Mainstream', 'Special School', 'Further Education', 'Early Years'],
  // NHS Community Services Data Set "attended or did not attend" codes (docs/rules.md#contacts-file).
  attendance: ['5', '6', '7', '3', '2', '4', '0'],
  contactType: ['Face to face', 'Indirect'],
  formatMinutes: (minutes) => `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`,
  teamName: (discipline, locality) => `${LOCALITIES[locality] ?? ''} Children's ${DISCIPLINE_WORDS[discipline] ?? ''}`,
};

export function spellingsOf(flavour: Flavour): Spellings {
  return flavour === 'provider' ? PROVIDER : CANONICAL;
}

/**
 * The mapping file (docs/operations.md#the-mapping-file) that reads the provider flavour. Every column is named, even those a
 * built-in alias would find, so that the mapping keeps working if the aliases change; values are
 * mapped wherever the export's spelling is not the tool's own word.
 */
export function providerMapping(): object {
  const columnsOf = (columns: readonly { field: string; provider: string }[]): Record<string, string> =>
    Object.fromEntries(columns.map((column) => [column.field, column.provider]));
  const disciplineValues = Object.fromEntries(DISCIPLINE_WORDS.map((words, i) => [words, DISCIPLINE_CODES[i] as string]));
  const frequencyWords = PROVIDER.frequency.words;
  const attendanceValues: Record<string, string> = {};
  PROVIDER.attendance.forEach((code, outcome) => {
    attendanceValues[code] = CANONICAL.attendance[outcome] as string;
  });
  return {
    plans: {
      columns: columnsOf(PLAN_COLUMNS),
      values: {
        discipline: disciplineValues,
        frequency: {
          [PROVIDER.frequency.weeklyAbbreviation]: 'week',
          ...Object.fromEntries(Object.entries(frequencyWords).map(([canonical, words]) => [words, canonical])),
        },
        funding: Object.fromEntries(PROVIDER.funding.map((words, i) => [words, CANONICAL.funding[i] as string])),
      },
    },
    contacts: {
      columns: columnsOf(CONTACT_COLUMNS),
      values: {
        discipline: disciplineValues,
        attendance: attendanceValues,
        contact_type: { 'Face to face': 'direct', Indirect: 'indirect' },
      },
    },
    dateFormat: 'dd/MM/yyyy',
  };
}
