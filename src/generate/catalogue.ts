// The made-up organisations and places of the synthetic county, with how often each appears.
// Names are fictional on purpose: demo output must never look like a real trust's data.

import { WeightedTable } from './random.js';

export interface ProviderEntry {
  readonly name: string;
  readonly isNhs: boolean;
}

export const PROVIDERS: readonly ProviderEntry[] = [
  { name: 'Northvale Community Healthcare NHS Trust', isNhs: true },
  { name: "Riverside Children's NHS Foundation Trust", isNhs: true },
  { name: 'Brightpath Therapy Ltd', isNhs: false },
  { name: "Kestrel Children's Therapies CIC", isNhs: false },
  { name: 'Harbourside Independent Therapy Ltd', isNhs: false },
];
/** Index into PROVIDERS; the two trusts carry most of the caseload. */
export const PROVIDER_WEIGHTS = new WeightedTable<number>([
  [0, 38],
  [1, 28],
  [2, 14],
  [3, 12],
  [4, 8],
]);

export const LOCALITIES: readonly string[] = ['Northvale', 'Riverside', 'Eastgate', 'Westmoor', 'Town Centre', 'Coastal'];
export const LOCALITY_WEIGHTS = new WeightedTable<number>([
  [0, 22],
  [1, 20],
  [2, 18],
  [3, 16],
  [4, 14],
  [5, 10],
]);

/** Index into the flavour's commissioner spellings: LA, ICB, joint. */
export const COMMISSIONER_WEIGHTS = new WeightedTable<number>([
  [0, 50],
  [1, 15],
  [2, 35],
]);

/** Index into the flavour's establishment spellings: mainstream, special school, further education, early years. */
export const ESTABLISHMENT_WEIGHTS = new WeightedTable<number>([
  [0, 60],
  [1, 28],
  [2, 7],
  [3, 5],
]);

/** Discipline index (0 OT, 1 SLT, 2 PT) of a child's first provision: OT is the service this tool is for. */
export const PRIMARY_DISCIPLINE_WEIGHTS = new WeightedTable<number>([
  [0, 64],
  [1, 23],
  [2, 13],
]);

/** Clinicians are pooled per provider, discipline and locality; a caseload is roughly 40 children. */
export function clinicianPoolSize(children: number): number {
  return Math.max(2, Math.ceil(children / 3000));
}
