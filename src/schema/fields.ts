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
    // Brackets are ignored, so these read "Session Length (mins)" and "Session Duration (minutes)" too.
    session_minutes: [
      'session length',
      'session length minutes',
      'session length mins',
      'minutes per session',
      'mins per session',
      'session duration',
      'session duration minutes',
      'session duration mins',
      'session mins',
      'length of session',
    ],
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
    // Brackets are ignored, so these read "Duration (mins)", "Contact Duration (minutes)", "Time (minutes)" too.
    minutes: [
      'duration',
      'duration minutes',
      'duration mins',
      'duration in minutes',
      // A duration written as a clock time, "Duration (h:mm)": the duration reader takes 1:30 as 90 minutes.
      'duration h mm',
      'duration hh mm',
      'contact minutes',
      'contact duration',
      'contact duration minutes',
      'contact duration mins',
      'length',
      'length minutes',
      'length mins',
      'time minutes',
      'time mins',
    ],
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

/**
 * What header matching ignores: spaces, `_` and `-`, and the brackets and punctuation exports put
 * round a unit or between words, ( ) [ ] { } . , : / — never the words themselves, so "Duration
 * (mins)" reads as "duration mins" and "No. of sessions" as "no of sessions", while "Start (actual)"
 * stays apart from "Start" (docs/rules.md#inputs).
 */
const IGNORED_IN_HEADERS = /[\s_\-()[\]{}.,:/]+/g;

/** Case, a byte-order mark, and the spaces, brackets and punctuation of IGNORED_IN_HEADERS are ignored when matching headers. */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(IGNORED_IN_HEADERS, '');
}
