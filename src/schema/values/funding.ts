import { FUNDINGS, type Funding } from '../vocabulary.js';
import { createEnumerationReader, type EnumerationSpec } from './enumeration.js';
import type { Invalid } from './invalid.js';

export const FUNDING_SPEC: EnumerationSpec<Funding> = {
  noun: 'funding',
  members: FUNDINGS,
  expected: 'commissioned (LA, NHS, ICB or block), personal-budget (personal budget or direct payment) or private (privately or parent funded)',
  aliases: {
    LA: 'commissioned',
    'local authority': 'commissioned',
    'LA commissioned': 'commissioned',
    NHS: 'commissioned',
    ICB: 'commissioned',
    'NHS commissioned': 'commissioned',
    block: 'commissioned',
    'block contract': 'commissioned',
    'personal budget': 'personal-budget',
    PB: 'personal-budget',
    'direct payment': 'personal-budget',
    'direct payments': 'personal-budget',
    DP: 'personal-budget',
    'privately funded': 'private',
    'parent funded': 'private',
    'parentally funded': 'private',
    'self funded': 'private',
  },
};

export function createFundingReader(extraAliases?: Readonly<Record<string, string>>): (text: string) => Funding | Invalid {
  return createEnumerationReader(FUNDING_SPEC, extraAliases);
}
