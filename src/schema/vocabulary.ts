// The closed sets of the SPEC, each defined once; types derive from these lists so that
// commander choices, value readers and reporters cannot drift apart.

export const DISCIPLINES = ['OT', 'SLT', 'PT'] as const;
export type Discipline = (typeof DISCIPLINES)[number];

export const FREQUENCIES = ['week', 'fortnight', 'month', 'half-term', 'term', 'year'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const FUNDINGS = ['commissioned', 'personal-budget', 'private'] as const;
export type Funding = (typeof FUNDINGS)[number];

export const ATTENDANCES = [
  'attended',
  'late-not-seen',
  'dna',
  'cancelled-family',
  'cancelled-provider',
  'booked',
] as const;
export type Attendance = (typeof ATTENDANCES)[number];

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

/** Buckets that are data a person should look at (SPEC 3.4). */
export const EXCEPTION_BUCKETS = [
  'invalid-row',
  'duplicate',
  'end-before-start',
  'unknown-child',
  'outside-plan-period',
] as const;
export type ExceptionBucket = (typeof EXCEPTION_BUCKETS)[number];

export const STATUSES = ['not-due', 'no-contact', 'shortfall', 'met'] as const;
export type Status = (typeof STATUSES)[number];

export const ROUTES = ['in-house', 'independent'] as const;
export type Route = (typeof ROUTES)[number];

export const INPUT_FILES = ['plans', 'contacts'] as const;
export type InputFile = (typeof INPUT_FILES)[number];
