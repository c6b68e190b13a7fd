// The canonical fields of each input file, with the header aliases that read as each (docs/rules.md#inputs).

import type { InputFile } from './vocabulary.js';

export const PLAN_FIELDS = [
  'child_id',
  'provision_id',
  'discipline',
  'sessions',
  'session_minutes',
  'hours',
  'frequency',
  'provision',
  'start_date',
  'end_date',
  'provider',
  'locality',
  'commissioner',
  'funding',
  'establishment',
  'section',
] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];

export const CONTACT_FIELDS = [
  'contact_id',
  'child_id',
  'date',
  'minutes',
  'start_time',
  'end_time',
  'discipline',
  'attendance',
  'contact_type',
  'for_year',
  'provider',
  'staff_id',
  'team',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export const REQUIRED_FIELDS: { readonly [F in InputFile]: readonly string[] } = {
  plans: ['child_id', 'start_date'],
  contacts: ['child_id', 'date', 'minutes'],
};

/**
 * Required fields another column can stand in for: a contact's date can be its start's date, and its
 * minutes the time from its start to its end (docs/exports.md#durations-from-times).
 */
export const REQUIRED_STAND_INS: { readonly [F in InputFile]: Readonly<Record<string, readonly string[]>> } = {
  plans: {},
  contacts: { date: ['start_time'], minutes: ['start_time', 'end_time'] },
};

/** The fields whose mapped header may be a list: the columns that together make one key. */
export const COMPOSITE_FIELDS: { readonly [F in InputFile]: readonly string[] } = {
  plans: [],
  contacts: ['contact_id'],
};

// "Child Ref", "Pupil Ref" and "Client Identifier" are how council EHCP systems and provider exports
// commonly head the child's ID.
const CHILD_ID_ALIASES = [
  'child',
  'child id',
  'person id',
  'client id',
  'patient id',
  'upn',
  'nhs number',
  'pupil id',
  'ehcp child id',
  'child ref',
  'child reference',
  'pupil ref',
  'pupil reference',
  'client identifier',
  'client ref',
  'person ref',
];
const DISCIPLINE_ALIASES = ['therapy', 'service', 'therapy type', 'specialty'];
const PROVIDER_ALIASES = ['provider name', 'trust', 'service provider'];

/** Built-in aliases; the field's own name always reads too. */
export const FIELD_ALIASES: { readonly plans: Record<PlanField, readonly string[]>; readonly contacts: Record<ContactField, readonly string[]> } = {
  plans: {
    child_id: CHILD_ID_ALIASES,
    provision_id: ['provision ref', 'provision reference', 'line id', 'provision line id'],
    discipline: DISCIPLINE_ALIASES,
    sessions: ['number of sessions', 'sessions per period', 'no of sessions'],
    session_minutes: ['session length', 'session length minutes', 'minutes per session', 'session duration', 'session mins'],
    hours: ['hours per period', 'hours required'],
    frequency: ['per', 'period', 'how often'],
    provision: ['provision text', 'section f provision', 'provision description', 'description'],
    start_date: ['start', 'from', 'plan start', 'provision start', 'date from', 'valid from', 'section f start', 'start date'],
    end_date: ['end', 'to', 'plan end', 'provision end', 'date to', 'valid to', 'ceased', 'section f end', 'end date', 'cease date'],
    provider: PROVIDER_ALIASES,
    locality: ['area', 'district', 'team area'],
    commissioner: ['commissioned by', 'funder'],
    funding: ['funding type', 'funding route'],
    establishment: ['school type', 'setting', 'establishment type', 'setting type'],
    section: ['ehcp section'],
  },
  contacts: {
    contact_id: ['appointment id', 'contact ref', 'activity id', 'care contact id'],
    child_id: CHILD_ID_ALIASES,
    date: ['contact date', 'appointment date', 'activity date', 'care contact date', 'date of contact'],
    minutes: ['duration', 'duration minutes', 'duration mins', 'contact minutes', 'contact duration', 'length', 'duration in minutes'],
    start_time: ['start time', 'time start', 'date start', 'start date time', 'start datetime', 'appointment start', 'appointment start time', 'contact start'],
    end_time: ['end time', 'time end', 'date end', 'end date time', 'end datetime', 'appointment end', 'appointment end time', 'contact end', 'finish time'],
    discipline: DISCIPLINE_ALIASES,
    attendance: ['attended', 'outcome', 'attendance status', 'attend or dna', 'attended or did not attend', 'appointment status', 'status'],
    contact_type: ['type', 'activity type', 'direct indirect', 'contact category'],
    for_year: ['academic year', 'recovery for year', 'for academic year'],
    provider: PROVIDER_ALIASES,
    staff_id: ['staff', 'clinician', 'clinician id', 'therapist', 'therapist id'],
    team: ['team name', 'service team'],
  },
};

/**
 * Aliases that read as a field only when none of its own aliases is in the file: a plans file's
 * "School" is its establishment unless it also has a "School Type", and a contacts file's bare "Start"
 * and "End" are its times unless it has "Start Time" and "End Time" too. So a file holding both reads
 * as it did before these aliases existed, rather than stopping on two columns that read alike.
 */
export const FALLBACK_ALIASES: {
  readonly plans: Partial<Record<PlanField, readonly string[]>>;
  readonly contacts: Partial<Record<ContactField, readonly string[]>>;
} = {
  // A SEN2 return keys a child by UPN, and by ULN (the unique learner number) past school age: a file
  // with both reads its UPN column.
  plans: { child_id: ['uln'], establishment: ['school', 'school name', 'setting name', 'establishment name'] },
  contacts: { start_time: ['start', 'time from'], end_time: ['end', 'time to'] },
};

/** Case, surrounding spaces, `_`, `-` and inner spaces are ignored when matching headers. */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}
