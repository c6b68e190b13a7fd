import { CONTACT_TYPES, type ContactType } from '../vocabulary.js';
import { createEnumerationReader, type EnumerationSpec } from './enumeration.js';
import type { Invalid } from './invalid.js';

// Telephone is left out on purpose: a call can be therapy with the child or liaison with a parent,
// and only the provider's mapping can say which.
export const CONTACT_TYPE_SPEC: EnumerationSpec<ContactType> = {
  noun: 'contact type',
  members: CONTACT_TYPES,
  expected: 'direct (face to face, in person, video) or indirect (report writing, liaison, programme set-up, admin, non-contact)',
  aliases: {
    'direct contact': 'direct',
    'face to face': 'direct',
    f2f: 'direct',
    'in person': 'direct',
    video: 'direct',
    'video call': 'direct',
    'indirect contact': 'indirect',
    'report writing': 'indirect',
    report: 'indirect',
    liaison: 'indirect',
    'programme set up': 'indirect',
    'program set up': 'indirect',
    'programme setup': 'indirect',
    'program setup': 'indirect',
    admin: 'indirect',
    'non contact': 'indirect',
  },
};

export function createContactTypeReader(extraAliases?: Readonly<Record<string, string>>): (text: string) => ContactType | Invalid {
  return createEnumerationReader(CONTACT_TYPE_SPEC, extraAliases);
}
