import { ATTENDANCES, type Attendance } from '../vocabulary.js';
import { createEnumerationReader, type EnumerationSpec } from './enumeration.js';
import type { Invalid } from './invalid.js';

const WORD_ALIASES: Readonly<Record<string, Attendance>> = {
  attended: 'attended',
  seen: 'attended',
  'attended on time': 'attended',
  'arrived late but seen': 'attended',
  'arrived late and seen': 'attended',
  'late but seen': 'attended',
  'attended late': 'attended',
  // An "Attended?" column holding Y/N is common in provider extracts; yes can only mean attended.
  yes: 'attended',
  y: 'attended',
  'arrived late not seen': 'late-not-seen',
  'arrived late and could not be seen': 'late-not-seen',
  'arrived late could not be seen': 'late-not-seen',
  'late not seen': 'late-not-seen',
  'too late to be seen': 'late-not-seen',
  'did not attend': 'dna',
  'was not brought': 'dna',
  wnb: 'dna',
  'no show': 'dna',
  'cancelled by patient': 'cancelled-family',
  'patient cancelled': 'cancelled-family',
  'cancelled by family': 'cancelled-family',
  'family cancelled': 'cancelled-family',
  'cancelled by parent': 'cancelled-family',
  'parent cancelled': 'cancelled-family',
  'cancelled by carer': 'cancelled-family',
  'carer cancelled': 'cancelled-family',
  'cancelled or postponed by patient': 'cancelled-family',
  'cancelled by provider': 'cancelled-provider',
  'provider cancelled': 'cancelled-provider',
  'cancelled by hospital': 'cancelled-provider',
  'hospital cancelled': 'cancelled-provider',
  'cancelled by therapist': 'cancelled-provider',
  'therapist cancelled': 'cancelled-provider',
  'cancelled by clinic': 'cancelled-provider',
  'clinic cancelled': 'cancelled-provider',
  'cancelled by service': 'cancelled-provider',
  'service cancelled': 'cancelled-provider',
  'cancelled or postponed by provider': 'cancelled-provider',
  scheduled: 'booked',
  planned: 'booked',
  'future appointment': 'booked',
};

// NHS Community Services Data Set, "attended or did not attend". There is no code 1.
const CSDS_CODES: Readonly<Record<string, Attendance>> = {
  '5': 'attended',
  '6': 'attended',
  '7': 'late-not-seen',
  '3': 'dna',
  '2': 'cancelled-family',
  '4': 'cancelled-provider',
  '0': 'booked',
};

function withAmericanSpelling(aliases: Readonly<Record<string, Attendance>>): Record<string, Attendance> {
  const all: Record<string, Attendance> = { ...aliases };
  for (const [raw, member] of Object.entries(aliases)) {
    if (raw.includes('cancelled')) all[raw.replace('cancelled', 'canceled')] = member;
  }
  return all;
}

export const ATTENDANCE_SPEC: EnumerationSpec<Attendance> = {
  noun: 'attendance',
  members: ATTENDANCES,
  expected:
    'attended, late-not-seen, dna, cancelled-family, cancelled-provider or booked (or an NHS CSDS code: 5 or 6 attended, 7 late not seen, 3 did not attend, 2 cancelled by patient, 4 cancelled by provider, 0 booked)',
  aliases: { ...withAmericanSpelling(WORD_ALIASES), ...CSDS_CODES },
  refusals: {
    cancelled: '"cancelled" does not say who cancelled: expected cancelled-family or cancelled-provider (map the value in the mapping file)',
    canceled: '"canceled" does not say who cancelled: expected cancelled-family or cancelled-provider (map the value in the mapping file)',
    no: '"no" does not say whether the child did not attend or the appointment was cancelled: map the value in the mapping file',
    n: '"N" does not say whether the child did not attend or the appointment was cancelled: map the value in the mapping file',
  },
};

export function createAttendanceReader(extraAliases?: Readonly<Record<string, string>>): (text: string) => Attendance | Invalid {
  return createEnumerationReader(ATTENDANCE_SPEC, extraAliases);
}
