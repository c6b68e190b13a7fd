// The closed sets of the rules (docs/rules.md), each defined once; types derive from these lists so that
// commander choices, value readers and reporters cannot drift apart.

export const DISCIPLINES = ['OT', 'SLT', 'PT'] as const;
export type Discipline = (typeof DISCIPLINES)[number];
/** The discipline of a line or contact whose discipline cell is blank, or whose file has no such column. */
export const DEFAULT_DISCIPLINE: Discipline = 'OT';

export const FREQUENCIES = ['week', 'fortnight', 'month', 'half-term', 'term', 'year'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const FUNDINGS = ['commissioned', 'personal-budget', 'private'] as const;
export type Funding = (typeof FUNDINGS)[number];

export const CONTACT_TYPES = ['direct', 'indirect'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

export const PLAN_BUCKETS = [
  'invalid-row',
  'duplicate',
  'end-before-start',
  'other-discipline',
  'other-year',
  'after-as-of',
  'excluded-funding',
  'reconciled',
] as const;
export type PlanBucket = (typeof PLAN_BUCKETS)[number];

export const CONTACT_BUCKETS = [
  'invalid-row',
  'duplicate',
  'other-discipline',
  'other-year',
  'after-as-of',
  'unknown-child',
  'outside-plan-period',
  'excluded-funding',
  'dna',
  'cancelled-family',
  'cancelled-provider',
  'late-not-seen',
  'no-outcome',
  'indirect',
  'counted',
] as const;
export type ContactBucket = (typeof CONTACT_BUCKETS)[number];

/**
 * What an attendance value means, once for all its readers and rules: the NHS Community Services Data
 * Set "attended or did not attend" codes and the words exports use for it, and the bucket a contact
 * with it lands in when it is held by a line of the run (see docs/rules.md#row-accounting). Only
 * `attended` can count as delivered; `booked` after as-of feeds the forecast instead.
 */
export interface AttendanceMeaning {
  /** CSDS codes, unsigned whole numbers (a zero-padded "05" reads as 5). */
  readonly csdsCodes: readonly string[];
  /** Words and phrases exports write, compared with case, spaces and punctuation ignored. */
  readonly words: readonly string[];
  /** Where a held contact with this value, dated on or before as-of, lands; 'counted' only if direct (or --count-indirect). */
  readonly bucket: ContactBucket;
  /** How the value is described in messages and docs. */
  readonly description: string;
}

export const ATTENDANCE_TABLE = {
  attended: {
    csdsCodes: ['5', '6'],
    words: [
      'seen',
      'attended on time',
      'arrived late but seen',
      'arrived late and seen',
      'late but seen',
      'attended late',
      // An "Attended?" column holding Y/N is common in provider extracts; yes can only mean attended.
      'yes',
      'y',
    ],
    bucket: 'counted',
    description: '5 or 6 attended',
  },
  'late-not-seen': {
    csdsCodes: ['7'],
    words: ['arrived late not seen', 'arrived late and could not be seen', 'arrived late could not be seen', 'late not seen', 'too late to be seen'],
    bucket: 'late-not-seen',
    description: '7 late not seen',
  },
  dna: {
    csdsCodes: ['3'],
    words: ['did not attend', 'was not brought', 'wnb', 'no show'],
    bucket: 'dna',
    description: '3 did not attend',
  },
  'cancelled-family': {
    csdsCodes: ['2'],
    words: [
      'cancelled by patient',
      'patient cancelled',
      'cancelled by family',
      'family cancelled',
      'cancelled by parent',
      'parent cancelled',
      'cancelled by carer',
      'carer cancelled',
      'cancelled or postponed by patient',
    ],
    bucket: 'cancelled-family',
    description: '2 cancelled by patient',
  },
  'cancelled-provider': {
    csdsCodes: ['4'],
    words: [
      'cancelled by provider',
      'provider cancelled',
      'cancelled by hospital',
      'hospital cancelled',
      'cancelled by therapist',
      'therapist cancelled',
      'cancelled by clinic',
      'clinic cancelled',
      'cancelled by service',
      'service cancelled',
      'cancelled or postponed by provider',
    ],
    bucket: 'cancelled-provider',
    description: '4 cancelled by provider',
  },
  booked: {
    csdsCodes: ['0'],
    words: ['scheduled', 'planned', 'future appointment'],
    bucket: 'no-outcome',
    description: '0 booked',
  },
} as const satisfies Record<string, AttendanceMeaning>;

export type Attendance = keyof typeof ATTENDANCE_TABLE;
export const ATTENDANCES = Object.keys(ATTENDANCE_TABLE) as Attendance[];

/** Buckets that are data a person should look at (docs/rules.md#exceptions). */
export const EXCEPTION_BUCKETS = ['invalid-row', 'duplicate', 'end-before-start', 'unknown-child', 'outside-plan-period'] as const;
export type ExceptionBucket = (typeof EXCEPTION_BUCKETS)[number];

export const STATUSES = ['not-due', 'no-contact', 'shortfall', 'met'] as const;
export type Status = (typeof STATUSES)[number];

export const ROUTES = ['in-house', 'independent'] as const;
export type Route = (typeof ROUTES)[number];

export const INPUT_FILES = ['plans', 'contacts'] as const;
export type InputFile = (typeof INPUT_FILES)[number];
