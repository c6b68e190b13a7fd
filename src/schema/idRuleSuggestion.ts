// When most contacts name a child the plans file does not know, the usual cause is not missing plans but
// the two systems writing the same ID differently. This tries each identifier rule on the unknown IDs
// and the plans' IDs and says which rule would have joined them, so the run-health warning can tell
// the user what to pass rather than only that something is wrong.

import { CHILD_ID_RULES, childIdRuleDefinition, type ChildIdRule } from './values/childIdRules.js';
import type { Invalid } from './values/invalid.js';

export type SuggestedChildIdRule = Exclude<ChildIdRule, 'exact'>;

export interface ChildIdRuleSuggestion {
  readonly rule: SuggestedChildIdRule;
  /**
   * Entries of the unknown list whose ID, under the rule, equals a plan's child ID under the rule.
   * Repeats count: pass one entry per unknown contact row and this counts contacts, the figure that
   * matters to a shortfall (a child with 40 contacts weighs 40 times one with a single contact).
   */
  readonly matched: number;
  /** Entries in the unknown list, repeats counted. */
  readonly of: number;
  /** Distinct IDs among the unknown list that would join: how many children's records the rule reunites. */
  readonly distinctMatched: number;
  /** Distinct IDs in the unknown list. */
  readonly distinctOf: number;
}

/** Every rule but exact, strictest first: the order ties are broken in. */
const CANDIDATE_RULES = CHILD_ID_RULES.filter((rule): rule is SuggestedChildIdRule => rule !== 'exact');

interface Candidate {
  readonly rule: SuggestedChildIdRule;
  readonly normalise: (trimmedId: string) => string | Invalid;
  /** Normalised key → the distinct unknown IDs with that key that no plan ID has matched yet. */
  readonly waiting: Map<string, string[]>;
  readonly joined: string[];
}

/**
 * The identifier rules that would join unknown contacts to children in the plans file, most contacts
 * joined first, ties to the stricter rule; rules that join none are left out, so an empty list means
 * no rule helps (the plans file may really lack those children). An unknown ID that some plan ID
 * already equals is joined by no rule: the rule would change nothing for it.
 *
 * `unknownContactIds` are child IDs of `unknown-child` contacts as read (trimmed, no rule applied),
 * one entry per contact: a sample of a few thousand is enough, and keeps this cheap. `planChildIds`
 * are the plans file's child IDs as read; it may be a one-pass iterable of hundreds of thousands, and
 * is read once, with nothing kept per plan ID: the work is one normalisation per plan ID and rule
 * (a few tenths of a second for 650,000 plan IDs), and the memory is that of the sample.
 */
export function suggestChildIdRule(unknownContactIds: readonly string[], planChildIds: Iterable<string>): ChildIdRuleSuggestion[] {
  const contactsPerId = new Map<string, number>();
  for (const id of unknownContactIds) contactsPerId.set(id, (contactsPerId.get(id) ?? 0) + 1);

  const candidates: Candidate[] = CANDIDATE_RULES.map((rule) => {
    const normalise = childIdRuleDefinition(rule).normalise;
    const waiting = new Map<string, string[]>();
    for (const id of contactsPerId.keys()) {
      const key = normalise(id);
      if (typeof key !== 'string') continue; // not an ID under this rule: it can join nothing
      const ids = waiting.get(key);
      if (ids === undefined) waiting.set(key, [id]);
      else ids.push(id);
    }
    return { rule, normalise, waiting, joined: [] };
  });

  // An unknown ID that a plan ID already equals is joined under the current rules, and its contacts are
  // unknown for another reason (another discipline, a line that does not read): no rule changes that,
  // so no rule is credited with it.
  const alreadyEqual = new Set<string>();
  let previous: string | undefined;
  for (const planId of planChildIds) {
    // A plans file has a row per provision line, so a child's ID often comes several times in a row.
    if (planId === previous) continue;
    previous = planId;
    if (contactsPerId.has(planId)) alreadyEqual.add(planId);
    for (const candidate of candidates) {
      if (candidate.waiting.size === 0) continue;
      const key = candidate.normalise(planId);
      if (typeof key !== 'string') continue;
      const ids = candidate.waiting.get(key);
      if (ids === undefined) continue;
      candidate.joined.push(...ids);
      candidate.waiting.delete(key);
    }
  }

  const suggestions = candidates
    .map((candidate) => ({ rule: candidate.rule, joined: candidate.joined.filter((id) => !alreadyEqual.has(id)) }))
    .filter((candidate) => candidate.joined.length > 0)
    .map(
      (candidate): ChildIdRuleSuggestion => ({
        rule: candidate.rule,
        matched: candidate.joined.reduce((sum, id) => sum + (contactsPerId.get(id) ?? 0), 0),
        of: unknownContactIds.length,
        distinctMatched: candidate.joined.length,
        distinctOf: contactsPerId.size,
      }),
    );
  // Array sort is stable: equal counts keep the candidates' order, strictest first.
  return suggestions.sort((a, b) => b.matched - a.matched);
}

function count(figure: number, noun: string): string {
  return `${figure.toLocaleString('en-GB')} ${noun}${figure === 1 ? '' : 's'}`;
}

/**
 * The sentence for a suggestion: "ignoring spaces and hyphens and checking NHS numbers would match 812
 * of 830 unknown contacts: use --ids nhs-number". When the unknown IDs given were a sample, pass the
 * number of unknown contacts in the whole file so that the figures are not read as the whole.
 * The sentence holds figures and rule names only, never an ID.
 */
export function describeChildIdRuleSuggestion(suggestion: ChildIdRuleSuggestion, unknownContactsInFile?: number): string {
  const doing = childIdRuleDefinition(suggestion.rule).doing;
  const sampled = unknownContactsInFile !== undefined && unknownContactsInFile > suggestion.of;
  const whole = sampled
    ? `of a sample of ${count(suggestion.of, 'unknown contact')} (${unknownContactsInFile.toLocaleString('en-GB')} in the file)`
    : `of ${count(suggestion.of, 'unknown contact')}`;
  const matchedText = suggestion.matched.toLocaleString('en-GB');
  return `${doing} would match ${matchedText} ${whole}: use --ids ${suggestion.rule}`;
}
