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

const CHILD_ID_ALIASES = ['child', 'child id', 'person id', 'client id', 'patient id', 'upn', 'nhs number', 'pupil id', 'ehcp child id'];
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
    start_date: ['start', 'from', 'plan start', 'provision start', 'date from', 'valid from'],
    end_date: ['end', 'to', 'plan end', 'provision end', 'date to', 'valid to', 'ceased'],
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
    minutes: ['duration', 'duration minutes', 'duration mins', 'contact minutes', 'contact duration', 'length'],
    discipline: DISCIPLINE_ALIASES,
    attendance: ['attended', 'outcome', 'attendance status', 'attend or dna', 'attended or did not attend', 'appointment status', 'status'],
    contact_type: ['type', 'activity type', 'direct indirect', 'contact category'],
    for_year: ['academic year', 'recovery for year', 'for academic year'],
    provider: PROVIDER_ALIASES,
    staff_id: ['staff', 'clinician', 'clinician id', 'therapist', 'therapist id'],
    team: ['team name', 'service team'],
  },
};

/** Case, surrounding spaces, `_`, `-` and inner spaces are ignored when matching headers. */
export function normaliseHeader(header: string): string {
  return header.replace(/^\uFEFF/, '').toLowerCase().replace(/[\s_\-]+/g, '');
}
