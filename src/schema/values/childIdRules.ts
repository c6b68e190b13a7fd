// How child_id is compared between the plans and the contacts file. Real exports key the same child in
// different ways: an NHS number written `4857773457` in one file and `485 777 3457` in the other, a
// council reference with and without leading zeros, an ID in upper case here and lower case there.
// Compared as written, such files do not join and every child looks as if no contact was made. A rule
// turns each (trimmed) ID into the key that is then compared exactly; pseudonyms are made from that key.
//
// Everything the tool says about the rules (the `--ids` choices, the help line, the docs table, the
// suggestion sentence) is made from the one table below, so that none of it can drift from the code.

import { memoise } from '../../memo.js';
import { listWords } from './enumeration.js';
import { invalid, type Invalid } from './invalid.js';

export const CHILD_ID_RULES = ['exact', 'nhs-number', 'trim-zeros', 'case-insensitive', 'digits'] as const;
export type ChildIdRule = (typeof CHILD_ID_RULES)[number];

export const DEFAULT_CHILD_ID_RULE: ChildIdRule = 'exact';

export interface ChildIdRuleDefinition {
  readonly name: ChildIdRule;
  /** One line for `--help`: what the rule does to an ID. */
  readonly summary: string;
  /** A fuller sentence for the docs: what it does, when to use it, and what it refuses. */
  readonly explanation: string;
  /** What the rule does, as the start of a suggestion sentence: "ignoring leading zeros would match …". */
  readonly doing: string;
  /**
   * The key an ID is compared by, or why the ID cannot be one under this rule (the row then becomes an
   * `invalid-row` exception). Takes the ID already trimmed. A reason never repeats the ID: the exception
   * record carries the value in a field of its own, and reasons are shown where IDs must not be.
   */
  readonly normalise: (trimmedId: string) => string | Invalid;
}

// ---------------------------------------------------------------------------------------------------
// NHS numbers. The NHS Data Dictionary (attribute NHS NUMBER) defines the check: multiply the first
// nine digits by 10, 9, … 2, add the products, take the remainder on division by 11 and subtract it
// from 11. A result of 11 means check digit 0; a result of 10 means the nine digits are never issued
// as an NHS number. Weight 1 on the check digit itself makes the weighted sum of a valid number a
// multiple of 11, and as 11 is prime every single mistyped digit and every swap of two neighbouring
// different digits breaks it: the check catches exactly the slips that keying a number makes.

const CODE_ZERO = 0x30;

function isAsciiDigit(code: number): boolean {
  return code >= CODE_ZERO && code <= CODE_ZERO + 9;
}

function isAllAsciiDigits(text: string): boolean {
  for (let index = 0; index < text.length; index++) if (!isAsciiDigit(text.charCodeAt(index))) return false;
  return true;
}

/**
 * The check digit the first nine digits of an NHS number call for, or null when the Modulus 11 result
 * is 10 (no NHS number starts with those nine digits). Throws on anything but nine ASCII digits: that
 * is a mistake in the caller, not in the data.
 */
export function nhsCheckDigit(firstNine: string): number | null {
  if (firstNine.length !== 9 || !isAllAsciiDigits(firstNine)) throw new RangeError('nhsCheckDigit takes exactly nine digits');
  let total = 0;
  for (let index = 0; index < 9; index++) total += (firstNine.charCodeAt(index) - CODE_ZERO) * (10 - index);
  const result = 11 - (total % 11);
  if (result === 11) return 0;
  if (result === 10) return null;
  return result;
}

/** Ten ASCII digits whose last is the Modulus 11 check digit of the first nine. No spaces: see normaliseNhsNumber. */
export function isValidNhsNumber(digits: string): boolean {
  if (digits.length !== 10 || !isAllAsciiDigits(digits)) return false;
  return nhsCheckDigit(digits.slice(0, 9)) === digits.charCodeAt(9) - CODE_ZERO;
}

const NOT_NHS = 'not a valid NHS number';
const NHS_LETTERS = invalid(`${NOT_NHS}: it holds letters, and an NHS number is ten digits`);
const NHS_OTHER_CHARACTERS = invalid(`${NOT_NHS}: it holds characters other than digits, spaces and hyphens`);
const NHS_NO_DIGITS = invalid(`${NOT_NHS}: it holds no digits`);
const NHS_CHECK_TEN = invalid(`${NOT_NHS}: its first nine digits give check digit 10, and no NHS number is issued with those`);

const WHITE_SPACE = /\s/;

/**
 * Spaces (any Unicode white space, as a non-breaking space pasted from a letter) and hyphens or dashes
 * separate the 3-3-4 groups people write; they are the only characters an NHS number may carry besides
 * its digits.
 */
function isNhsSeparator(code: number): boolean {
  if (code === 0x20 || code === 0x2d) return true;
  if ((code >= 0x2010 && code <= 0x2015) || code === 0x2212) return true;
  return WHITE_SPACE.test(String.fromCharCode(code));
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-GB')} ${noun}${count === 1 ? '' : 's'}`;
}

/** The ten digits of an NHS number as written (`485 777 3457`, `485-777-3457`), or why it is not one. */
export function normaliseNhsNumber(trimmedId: string): string | Invalid {
  // The common case first: ten bare digits need no copy.
  let digits = trimmedId;
  if (trimmedId.length !== 10 || !isAllAsciiDigits(trimmedId)) {
    digits = '';
    let hasOther = false;
    for (let index = 0; index < trimmedId.length; index++) {
      const code = trimmedId.charCodeAt(index);
      if (isAsciiDigit(code)) digits += trimmedId[index];
      else if (!isNhsSeparator(code)) hasOther = true;
    }
    if (hasOther) return /\p{L}/u.test(trimmedId) ? NHS_LETTERS : NHS_OTHER_CHARACTERS;
    if (digits.length === 0) return NHS_NO_DIGITS;
    if (digits.length !== 10) return invalid(`${NOT_NHS}: it has ${plural(digits.length, 'digit')}, not 10`);
  }
  const expected = nhsCheckDigit(digits.slice(0, 9));
  if (expected === null) return NHS_CHECK_TEN;
  const written = digits.charCodeAt(9) - CODE_ZERO;
  if (expected !== written) {
    return invalid(`${NOT_NHS}: its check digit fails (it should be ${expected}, not ${written}), so a digit is likely mistyped or two swapped`);
  }
  return digits;
}

// ---------------------------------------------------------------------------------------------------
// The other rules.

/** `000123` and `123` are one reference; an ID of zeros alone keeps one (`0000` is `0`). */
export function trimLeadingZeros(trimmedId: string): string {
  let start = 0;
  while (start < trimmedId.length - 1 && trimmedId.charCodeAt(start) === CODE_ZERO) start++;
  return start === 0 ? trimmedId : trimmedId.slice(start);
}

/**
 * Upper case by Unicode's default mapping, never the machine's locale: on a Turkish system a
 * locale-aware upper case would turn `i` into `İ`, and the same files would join differently.
 */
export function upperCaseId(trimmedId: string): string {
  return trimmedId.toUpperCase();
}

const NO_DIGITS = invalid('no digits to compare: the digits rule keeps only the digits of an ID');

/** The ASCII digits of an ID in order (`RX-00123/a` is `00123`), or invalid when it has none. */
export function keepDigits(trimmedId: string): string | Invalid {
  if (isAllAsciiDigits(trimmedId)) return trimmedId === '' ? NO_DIGITS : trimmedId;
  let digits = '';
  for (let index = 0; index < trimmedId.length; index++) if (isAsciiDigit(trimmedId.charCodeAt(index))) digits += trimmedId[index];
  return digits === '' ? NO_DIGITS : digits;
}

function asWritten(trimmedId: string): string {
  return trimmedId;
}

// ---------------------------------------------------------------------------------------------------
// The table. Its order is also the order of strictness, used to break ties between suggestions.

const DEFINITIONS = {
  exact: {
    summary: 'compare IDs as written (spaces at either end ignored)',
    explanation:
      'The ID as written in the cell, with spaces at either end removed, is compared character for character. The default: use it when both files come from systems that write the same ID the same way.',
    doing: 'comparing IDs exactly as written',
    normalise: asWritten,
  },
  'nhs-number': {
    summary: 'NHS numbers: spaces and hyphens ignored, ten digits, Modulus 11 check digit',
    explanation:
      'Each ID must be an NHS number: spaces and hyphens are dropped (485 777 3457 and 485-777-3457 are 4857773457), ten digits must remain and the last must be the Modulus 11 check digit of the first nine. An ID with letters or other characters, with too few or too many digits, or whose check digit fails is an invalid row, so that a mistyped number is shown rather than silently matched to no one.',
    doing: 'ignoring spaces and hyphens and checking NHS numbers',
    normalise: normaliseNhsNumber,
  },
  'trim-zeros': {
    summary: 'leading zeros ignored (000123 is 123)',
    explanation:
      'Leading zeros do not distinguish IDs: 000123, 0123 and 123 are one child. An ID of zeros alone is 0. Use it when one system pads council references to a fixed width and the other, often a spreadsheet, drops the zeros.',
    doing: 'ignoring leading zeros',
    normalise: trimLeadingZeros,
  },
  'case-insensitive': {
    summary: 'upper and lower case are the same (ab12 is AB12)',
    explanation:
      'IDs are compared in upper case, by the same Unicode mapping on every machine whatever its language settings: ab12, Ab12 and AB12 are one child.',
    doing: 'ignoring upper and lower case',
    normalise: upperCaseId,
  },
  digits: {
    summary: 'only the digits are compared (RX-00123 is 00123)',
    explanation:
      'Every character but the digits is dropped and the digits that remain, in order, are compared: RX-00123 and 00123 are one child. An ID with no digits is an invalid row. The loosest rule: two references that differ only in letters become one child, so use it only when the letters are a prefix or decoration that one system adds.',
    doing: 'comparing the digits of IDs alone',
    normalise: keepDigits,
  },
} satisfies Record<ChildIdRule, Omit<ChildIdRuleDefinition, 'name'>>;

/** The rules in order, each with its words and its normalising function. */
export const CHILD_ID_RULE_TABLE: readonly ChildIdRuleDefinition[] = CHILD_ID_RULES.map((name) => ({ name, ...DEFINITIONS[name] }));

export function childIdRuleDefinition(rule: ChildIdRule): ChildIdRuleDefinition {
  return { name: rule, ...DEFINITIONS[rule] };
}

// ---------------------------------------------------------------------------------------------------
// Reading a rule's name from the command line or a mapping file.

/** "exact, nhs-number, trim-zeros, case-insensitive or digits". */
export const CHILD_ID_RULE_CHOICES = listWords([...CHILD_ID_RULES]);

/**
 * The rule a name means, or undefined. Case, and spaces or underscores for hyphens, are forgiven, so
 * that a mapping file's "NHS number" or "case_insensitive" reads.
 */
export function childIdRuleOf(name: string): ChildIdRule | undefined {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return (CHILD_ID_RULES as readonly string[]).includes(key) ? (key as ChildIdRule) : undefined;
}

const UNKNOWN_RULE = invalid(`not an identifier rule: expected ${CHILD_ID_RULE_CHOICES}`);

/** childIdRuleOf, with the reason a mapping file or option error can give when the name is no rule. */
export function parseChildIdRule(name: string): ChildIdRule | Invalid {
  return childIdRuleOf(name) ?? UNKNOWN_RULE;
}

// ---------------------------------------------------------------------------------------------------
// Applying a rule to a file's rows.

/**
 * The normalising function of a rule for reading a whole file: a contacts file repeats each child's ID
 * on every one of their rows, so each distinct ID is normalised once (and the row before's answer is
 * kept in front, as exports are often sorted by child). `exact` needs no memory. `cacheLimit` bounds
 * the memory as the other value readers do.
 */
export function createChildIdNormaliser(rule: ChildIdRule, cacheLimit?: number): (trimmedId: string) => string | Invalid {
  const normalise = DEFINITIONS[rule].normalise;
  if (rule === 'exact') return normalise;
  return memoise(normalise, cacheLimit);
}

// ---------------------------------------------------------------------------------------------------
// Words made from the table.

/** The description of an `--ids` option: each rule's name and summary, the default marked. */
export function childIdRulesHelp(): string {
  const rules = CHILD_ID_RULE_TABLE.map((entry) => `${entry.name}${entry.name === DEFAULT_CHILD_ID_RULE ? ' (default)' : ''}: ${entry.summary}`);
  return `how child_id is compared between the files; ${rules.join('; ')}`;
}

/** A Markdown table of the rules for the docs: name and explanation. */
export function childIdRulesMarkdown(): string {
  const rows = CHILD_ID_RULE_TABLE.map((entry) => `| \`${entry.name}\`${entry.name === DEFAULT_CHILD_ID_RULE ? ' (default)' : ''} | ${entry.explanation} |`);
  return ['| rule | what it does |', '| --- | --- |', ...rows].join('\n');
}
