import { DISCIPLINES, type Discipline } from '../vocabulary.js';
import { createEnumerationReader, type EnumerationSpec } from './enumeration.js';
import type { Invalid } from './invalid.js';

export const DISCIPLINE_SPEC: EnumerationSpec<Discipline> = {
  noun: 'discipline',
  members: DISCIPLINES,
  expected: 'OT (occupational therapy), SLT (speech and language therapy) or PT (physiotherapy)',
  aliases: {
    'occupational therapy': 'OT',
    'occupational therapist': 'OT',
    'occ therapy': 'OT',
    'occ therapist': 'OT',
    'speech and language therapy': 'SLT',
    'speech and language therapist': 'SLT',
    'speech and language': 'SLT',
    'speech therapy': 'SLT',
    'speech therapist': 'SLT',
    SALT: 'SLT',
    physiotherapy: 'PT',
    physiotherapist: 'PT',
    physio: 'PT',
    'physical therapy': 'PT',
    'physical therapist': 'PT',
  },
};

export function createDisciplineReader(extraAliases?: Readonly<Record<string, string>>): (text: string) => Discipline | Invalid {
  return createEnumerationReader(DISCIPLINE_SPEC, extraAliases);
}
