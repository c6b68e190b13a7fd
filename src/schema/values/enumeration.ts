// Shared machinery of the closed-set readers (discipline, frequency, funding, attendance, contact
// type). Values are compared by a folded key so that "Half Term", "half_term" and "half-term." are
// one value; the user's mapping file adds raw values of its own (`values`, docs/operations.md#the-mapping-file).

import { memoise } from '../../memo.js';
import { invalid, type Invalid } from './invalid.js';

/**
 * The comparison key of a raw value: case, accents, spaces and punctuation are ignored and `&`
 * reads as "and". A plain number keeps its value ("05" and "5.0" are code 5), because folding
 * punctuation would otherwise turn "5.0" into "50".
 */
export function foldValue(text: string): string {
  const trimmed = text.trim();
  const code = /^0*(\d+)(?:\.0*)?$/.exec(trimmed);
  if (code) return code[1] as string;
  return trimmed
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

export interface EnumerationSpec<T extends string> {
  /** What the value is, for reasons: "not a frequency: …". */
  readonly noun: string;
  readonly members: readonly T[];
  /** Built-in raw values and the member each means; each member's own name always reads. */
  readonly aliases: Readonly<Record<string, T>>;
  /** Raw values that look meaningful but must not be guessed, with the reason to give. */
  readonly refusals?: Readonly<Record<string, string>>;
  /** How the accepted values are described in a reason, when the plain member list is not enough. */
  readonly expected?: string;
  /** Removes qualifiers that do not change the value, before it is folded. */
  readonly prepare?: (text: string) => string;
}

export function listWords(words: readonly string[], conjunction = 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1] as string}`;
}

/**
 * The member a mapping-file alias target names, compared by folded key so that "Personal Budget"
 * reads as `personal-budget`; throws a plain Error naming the target when it is no member (the
 * caller turns it into an input error).
 */
export function resolveAliasTarget<T extends string>(spec: EnumerationSpec<T>, rawValue: string, target: string): T {
  const folded = foldValue(target);
  const member = spec.members.find((candidate) => foldValue(candidate) === folded);
  if (member === undefined) {
    throw new Error(
      `the mapping maps "${rawValue}" to "${target}", which is not a${/^[aeiou]/.test(spec.noun) ? 'n' : ''} ${spec.noun}: use ${listWords(spec.members.map((m) => `"${m}"`))}`,
    );
  }
  return member;
}

/**
 * Longer than any value of a closed set, built-in or mapped. Some `prepare` patterns are not linear
 * in a run of spaces, so a pasted paragraph (cells run to 1 MB) would take minutes: past this length
 * a value is refused at once.
 */
const MAX_VALUE_CHARS = 200;

export function createEnumerationReader<T extends string>(
  spec: EnumerationSpec<T>,
  extraAliases?: Readonly<Record<string, string>>,
): (text: string) => T | Invalid {
  const meanings = new Map<string, T>();
  for (const member of spec.members) meanings.set(foldValue(member), member);
  for (const [raw, member] of Object.entries(spec.aliases)) meanings.set(foldValue(raw), member);
  const refusals = new Map<string, string>();
  for (const [raw, reason] of Object.entries(spec.refusals ?? {})) refusals.set(foldValue(raw), reason);
  // The user's mapping is applied last: it knows its own system's words better than our defaults.
  for (const [raw, target] of Object.entries(extraAliases ?? {})) {
    const key = foldValue(raw);
    meanings.set(key, resolveAliasTarget(spec, raw, target));
    refusals.delete(key);
  }

  const unknown = invalid(`not a${/^[aeiou]/.test(spec.noun) ? 'n' : ''} ${spec.noun}: expected ${spec.expected ?? listWords([...spec.members])}`);
  const refused = new Map<string, Invalid>();
  for (const [key, reason] of refusals) refused.set(key, invalid(reason));

  const prepare = spec.prepare;
  const article = /^[aeiou]/.test(spec.noun) ? 'n' : '';
  // A user's own alias may be longer than the built-in cap and must still read, with room to spare
  // for the spacing and punctuation that folding ignores.
  const maxChars = Math.max(MAX_VALUE_CHARS, ...Object.keys(extraAliases ?? {}).map((raw) => raw.length * 2));
  return memoise((text: string): T | Invalid => {
    if (text.length > maxChars)
      return invalid(`not a${article} ${spec.noun}: ${text.length.toLocaleString('en-GB')} characters is far longer than any ${spec.noun}`);
    const key = foldValue(text);
    const answer = meanings.get(key) ?? refused.get(key);
    if (answer !== undefined || prepare === undefined) return answer ?? unknown;
    const preparedKey = foldValue(prepare(text));
    return meanings.get(preparedKey) ?? refused.get(preparedKey) ?? unknown;
  }, 10_000);
}
