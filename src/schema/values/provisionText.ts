// The free-text `provision` column of a plans file (docs/rules.md#plans-file). Section F must be "detailed and
// specific and … normally quantified" (SEND Code of Practice 9.69), so this reader takes the ways
// plans write an amount and a frequency and ignores who delivers it and where. Text that does not
// say how much and how often is not a parsing failure: it is a finding about the plan, and the
// reason says so in words the council can take back to the plan writer.

import { add, div, isZero, mul, parseDecimal, rational, type Rational } from '../../exact/rational.js';
import type { Quantity } from '../records.js';
import type { Frequency } from '../vocabulary.js';
import { memoise } from '../../memo.js';
import { resolveAliasTarget } from './enumeration.js';
import { FREQUENCY_SPEC } from './frequency.js';
import { invalid, isInvalid, type Invalid } from './invalid.js';

const FREQUENCY_TOKEN = ' ⟦f⟧ ';
const DURATION_TOKEN = ' ⟦d⟧ ';

const EXAMPLE = '"6 x 45 minute sessions per half term"';
const MUST_STATE = `Section F must state how many sessions, how long and how often, e.g. ${EXAMPLE}`;

const PER_PHRASE: Readonly<Record<Frequency, string>> = {
  week: 'per week',
  fortnight: 'per fortnight',
  month: 'per month',
  'half-term': 'per half term',
  term: 'per term',
  year: 'per year',
};

// ---------------------------------------------------------------------------------------------
// Normalising the wording

const SMALL_NUMBERS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS: Readonly<Record<string, number>> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const COMPOUND_NUMBER = new RegExp(String.raw`\b(${Object.keys(TENS).join('|')})(?:[\s-]+(${SMALL_NUMBERS.slice(1, 10).join('|')}))?\b`, 'g');
const SMALL_NUMBER = new RegExp(String.raw`\b(${SMALL_NUMBERS.join('|')})\b`, 'g');

function writeNumbersAsDigits(text: string): string {
  return text
    .replace(COMPOUND_NUMBER, (_, tens: string, unit: string | undefined) => String((TENS[tens] ?? 0) + (unit ? SMALL_NUMBERS.indexOf(unit) : 0)))
    .replace(SMALL_NUMBER, (word: string) => String(SMALL_NUMBERS.indexOf(word)));
}

const VULGAR_FRACTIONS: Readonly<Record<string, string>> = { '½': '.5', '¼': '.25', '¾': '.75' };

function normaliseWording(text: string): string {
  let wording = text
    // First, so that no pattern below meets a long run of spaces: "\s*" before a token that is not
    // there would try every length of the run at every position of it.
    .replace(/\s+/g, ' ')
    .replace(/(\d?)\s*([½¼¾])/g, (_, whole: string, fraction: string) => `${whole || '0'}${VULGAR_FRACTIONS[fraction] ?? ''}`)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/×/g, ' x ')
    .replace(/(\d)\s*[x*]\s*(?=\d)/g, '$1 x ');
  wording = writeNumbersAsDigits(wording)
    // Staffing ratios say who is in the room, not how much provision there is.
    .replace(/\b1\s*(?:-\s*to\s*-|\s+to\s+|-)\s*1\b/g, ' ')
    .replace(/(?<![\d.:])\d\s*:\s*\d(?![\d:])/g, ' ')
    .replace(/\b(?:an|1)\s+hours?\s+and\s+a\s+half\b/g, '90 minutes')
    .replace(/\b(\d+)\s+and\s+a\s+half\s+hours?\b/g, '$1.5 hours')
    .replace(/\b(\d+)\s+hours?\s+and\s+a\s+half\b/g, '$1.5 hours')
    .replace(/\bhalf\s+an\s+hour\b|\b(?:a\s+)?half[\s-]+hour\b/g, '30 minutes')
    .replace(/\b3\s+quarters\s+of\s+an\s+hour\b/g, '45 minutes')
    .replace(/\b(?:a\s+)?quarter\s+of\s+an\s+hour\b/g, '15 minutes')
    .replace(/\ban?\s+hour\b/g, '1 hour');
  return wording.replace(/\s+/g, ' ').trim();
}

/** Words that are not part of the amount or frequency but contain numbers or frequency words. */
function removeNoise(text: string): string {
  return (
    text
      // "during term time" qualifies weekly provision; it is not a termly frequency.
      .replace(/\b(?:(?:during|in|within)\s+)?term[\s-]*time(?:\s+only)?\b/g, ' ')
      .replace(/\b(?:to\s+be\s+)?reviewed\b[^,.;()]*/g, ' ')
      .replace(/\bannual\s+reviews?\b|\breviews?\s+(?:annually|termly|yearly|each\s+term|every\s+term)\b/g, ' ')
      .replace(/\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{4}\s*\/\s*\d{2,4}\b/g, ' ')
      .replace(/\b(?:key\s+stage|ks)\s*\d\b|\b(?:in|for)\s+(?:year|yr)\s*\d{1,2}\b/g, ' ')
  );
}

// ---------------------------------------------------------------------------------------------
// Frequency

interface FoundFrequency {
  readonly frequency: Frequency;
  /** "every 3 weeks" is a weekly frequency with a third of the amount. */
  readonly divisor: bigint;
  readonly words: string;
}

interface FrequencyPattern {
  readonly pattern: RegExp;
  readonly read: (match: RegExpExecArray) => { frequency: Frequency; divisor: bigint };
}

const EACH = String.raw`(?:\b(?:(?:in|for|over|during)\s+(?:each|every)|per|each|every|a|an)\s+|\/\s*)`;
const OVER_THE = String.raw`(?:\b(?:over|across|during|within|in)\s+the\s+)`;
const INTERVAL_UNITS: Readonly<Record<string, Frequency>> = { week: 'week', wk: 'week', month: 'month', term: 'term', year: 'year' };
const ORDINALS: Readonly<Record<string, bigint>> = {
  other: 2n,
  alternate: 2n,
  second: 2n,
  '2nd': 2n,
  third: 3n,
  '3rd': 3n,
  fourth: 4n,
  '4th': 4n,
  sixth: 6n,
  '6th': 6n,
};

function intervalUnit(word: string): Frequency {
  const folded = word
    .replace(/[\s-]+/g, '')
    .replace(/s$/, '')
    .replace(/ly$/, '');
  if (folded === 'halfterm') return 'half-term';
  return INTERVAL_UNITS[folded] ?? 'week';
}

function every(unit: Frequency, divisor: bigint): { frequency: Frequency; divisor: bigint } {
  // Every two weeks is a fortnight, a unit of its own in the frequency table (docs/rules.md#frequency-table).
  if (unit === 'week' && divisor === 2n) return { frequency: 'fortnight', divisor: 1n };
  return { frequency: unit, divisor };
}

function fixed(frequency: Frequency): FrequencyPattern['read'] {
  return () => ({ frequency, divisor: 1n });
}

const UNIT_WORDS = String.raw`(half[\s-]*terms?|weeks?|wks?|months?|terms?|years?)`;

const BUILT_IN_FREQUENCIES: readonly FrequencyPattern[] = [
  { pattern: new RegExp(String.raw`\bevery\s+(\d+)\s*${UNIT_WORDS}\b`, 'g'), read: (m) => every(intervalUnit(m[2] as string), BigInt(m[1] as string)) },
  {
    pattern: new RegExp(String.raw`\b(?:every|on)\s+(${Object.keys(ORDINALS).join('|')})\s+${UNIT_WORDS}\b`, 'g'),
    read: (m) => every(intervalUnit(m[2] as string), ORDINALS[m[1] as string] ?? 1n),
  },
  { pattern: /\balternate\s+weeks\b/g, read: fixed('fortnight') },
  { pattern: /\b(\d+)-(weekly|monthly|termly|yearly)\b/g, read: (m) => every(intervalUnit(m[2] as string), BigInt(m[1] as string)) },
  { pattern: new RegExp(String.raw`(?:${EACH}|${OVER_THE})half[\s-]*terms?\b|\bhalf[\s-]*termly\b`, 'g'), read: fixed('half-term') },
  { pattern: new RegExp(String.raw`(?:${EACH}|${OVER_THE})(?:school\s+|academic\s+)?terms?\b|\btermly\b`, 'g'), read: fixed('term') },
  { pattern: new RegExp(String.raw`${EACH}fortnight\b|\bfortnightly\b`, 'g'), read: fixed('fortnight') },
  { pattern: new RegExp(String.raw`${EACH}(?:school\s+)?(?:week|wk)\b|\b(?:weekly|wkly)\b|\bp\s*\/\s*w\b|\bpw\b`, 'g'), read: fixed('week') },
  { pattern: new RegExp(String.raw`${EACH}(?:calendar\s+)?month\b|\bmonthly\b|\bpcm\b|\bp\s*\/\s*m\b`, 'g'), read: fixed('month') },
  {
    pattern: new RegExp(
      String.raw`(?:${EACH}|${OVER_THE})(?:academic\s+|school\s+)?year\b|\b(?:yearly|annually|annual)\b|\bper\s+annum\b|\bp\s*[./]\s*a\b\.?`,
      'g',
    ),
    read: fixed('year'),
  },
];

const AMBIGUOUS_FREQUENCY = /\bbi-?(weekly|monthly)\b/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The mapping file's frequency words, read inside the text before the built-in ones. */
function compileFrequencyAliases(extraAliases: Readonly<Record<string, string>> | undefined): FrequencyPattern[] {
  const patterns: FrequencyPattern[] = [];
  const entries = Object.entries(extraAliases ?? {}).sort(([a], [b]) => b.length - a.length);
  for (const [raw, target] of entries) {
    const frequency = resolveAliasTarget(FREQUENCY_SPEC, raw, target);
    const phrase = normaliseWording(raw);
    if (phrase === '') continue;
    const words = phrase.split(' ').map(escapeRegExp).join(String.raw`\s*`);
    patterns.push({ pattern: new RegExp(String.raw`(?<![\p{L}\p{N}])${words}(?![\p{L}\p{N}])`, 'gu'), read: fixed(frequency) });
  }
  return patterns;
}

/** Replaces each match with a token, calling back with the match; text order is kept. */
function tokenise(text: string, pattern: RegExp, token: string, onMatch: (match: RegExpExecArray) => void): string {
  let result = '';
  let last = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0] === '') {
      pattern.lastIndex += 1;
      continue;
    }
    result += text.slice(last, match.index) + token;
    last = match.index + match[0].length;
    onMatch(match);
  }
  return result + text.slice(last);
}

// ---------------------------------------------------------------------------------------------
// Amounts

const NUMBER = String.raw`(?<![\d.])(\d+(?:\.\d+)?|\.\d+)`;
const DURATION = new RegExp(
  String.raw`${NUMBER}\s*-?\s*(?:(hours?|hrs?|h)(?![a-z])(?:\s*(?:and\s+)?(\d{1,2})\s*-?\s*(?:minutes?|mins?|m)(?![a-z])|(\d{2})(?![\d.a-z]))?|(?:minutes?|mins?|m)(?![a-z]))`,
  'g',
);
const RANGE =
  /(?<![\d.])\d+(?:\.\d+)?\s*(?:-|to|or)\s*\d+(?:\.\d+)?\s*-?\s*(?:x(?![a-z])|minutes?|mins?|m(?![a-z])|hours?|hrs?|h(?![a-z])|sessions?|times)|\bbetween\s+\d+(?:\.\d+)?\s+and\s+\d+/;
const DECIMAL_COMMA = /(?<![\d.,])\d{1,2},\d{1,2}\s*-?\s*(?:hours?|hrs?|h|minutes?|mins?|m)(?![a-z])/;

interface FoundDuration {
  readonly minutes: Rational;
  /** Written in hours alone ("3 hours"), which may be the hours form of a line (docs/rules.md#plans-file). */
  readonly isHoursOnly: boolean;
  readonly words: string;
}

const SIXTY = rational(60n);

function decimal(text: string | undefined): Rational {
  return (text === undefined ? undefined : parseDecimal(text)) ?? rational(0n);
}

function readDuration(match: RegExpExecArray): FoundDuration {
  const amount = decimal(match[1]);
  if (match[2] === undefined) return { minutes: amount, isHoursOnly: false, words: match[0].trim() };
  const extraMinutes = match[3] ?? match[4];
  const minutes = mul(amount, SIXTY);
  if (extraMinutes === undefined) return { minutes, isHoursOnly: true, words: match[0].trim() };
  return { minutes: add(minutes, decimal(extraMinutes)), isHoursOnly: false, words: match[0].trim() };
}

const SESSION_WORD = '(?:sessions?|appointments?|visits?|slots?)';
const PER_SESSION_BEFORE = new RegExp(String.raw`(?:\d\s*x|\b${SESSION_WORD}\s+of|\blasting|\beach\s+of)\s*$`);
const PER_SESSION_AFTER = new RegExp(String.raw`^(?:(?:[a-z-]+\s+){0,2}${SESSION_WORD}\b|each\b|x\s*\d)`);
const TOTAL_AFTER = /^(?:(?!(?:times|x|once|twice|thrice)\b)[a-z]+\s+){0,3}⟦f⟧/;
const HAS_SESSION_WORD = new RegExp(String.raw`\b${SESSION_WORD}\b`);

/**
 * Whether a duration is the length of each session ("6 x 45 minutes", "45 minutes per session")
 * or the total for the period ("90 minutes per week, in 2 sessions").
 */
function isTotalForPeriod(tokenised: string, tokenIndex: number): boolean {
  const before = tokenised.slice(0, tokenIndex).trimEnd();
  const after = tokenised.slice(tokenIndex + DURATION_TOKEN.trim().length).trimStart();
  if (PER_SESSION_BEFORE.test(before) || PER_SESSION_AFTER.test(after)) return false;
  return TOTAL_AFTER.test(after);
}

interface FoundCount {
  readonly index: number;
  readonly sessions: Rational;
}

const COUNT_PATTERNS: readonly { readonly pattern: RegExp; readonly read: (match: RegExpExecArray) => FoundCount }[] = [
  { pattern: /(?<![\d.])(\d+(?:\.\d+)?)\s*x(?![a-z])/g, read: (m) => ({ index: m.index, sessions: decimal(m[1]) }) },
  { pattern: /⟦d⟧\s*x\s*(\d+(?:\.\d+)?)/g, read: (m) => ({ index: m.index + m[0].length - (m[1] as string).length, sessions: decimal(m[1]) }) },
  { pattern: /(?<![\d.])(\d+(?:\.\d+)?)\s*times\b/g, read: (m) => ({ index: m.index, sessions: decimal(m[1]) }) },
  {
    pattern: new RegExp(String.raw`(?<![\d.])(\d+(?:\.\d+)?)\s+(?:[^\s\d]+\s+){0,3}?${SESSION_WORD}\b`, 'g'),
    read: (m) => ({ index: m.index, sessions: decimal(m[1]) }),
  },
  { pattern: /\b(once|twice|thrice)\b/g, read: (m) => ({ index: m.index, sessions: rational(m[1] === 'once' ? 1n : m[1] === 'twice' ? 2n : 3n) }) },
];

function findCounts(tokenised: string): FoundCount[] {
  const byIndex = new Map<number, FoundCount>();
  for (const { pattern, read } of COUNT_PATTERNS) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(tokenised); match !== null; match = pattern.exec(tokenised)) {
      const count = read(match);
      if (!byIndex.has(count.index)) byIndex.set(count.index, count);
    }
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

// ---------------------------------------------------------------------------------------------
// Vague wording

const VAGUE_PHRASES = [
  'as and when',
  'as required',
  'as needed',
  'when needed',
  'where needed',
  'if needed',
  'when required',
  'where required',
  'if required',
  'as appropriate',
  'where appropriate',
  'when appropriate',
  'if appropriate',
  'as necessary',
  'where necessary',
  'when necessary',
  'if necessary',
  'as directed',
  'as advised',
  'as recommended',
  'as determined',
  'as agreed',
  'at the discretion of',
  'regularly',
  'regular',
  'ongoing',
  'access to',
  'opportunities',
  'opportunity',
  'input from',
  'support from',
  'advice from',
  'periodically',
  'periodic',
  'frequently',
  'frequent',
  'occasionally',
  'occasional',
  'sufficient',
  'flexible',
  'up to',
  'a maximum of',
  'no more than',
];
const VAGUE = new RegExp(String.raw`\b(?:${[...VAGUE_PHRASES].sort((a, b) => b.length - a.length).join('|')})\b`, 'g');
const CEILING = /\b(?:up to|a maximum of|no more than)\b/;

function findVagueWords(wording: string): string[] {
  return [...new Set(wording.match(VAGUE) ?? [])];
}

function quoted(words: readonly string[]): string {
  // A handful is enough to see the problem; a pasted document would otherwise become the reason.
  const shown = words
    .slice(0, 6)
    .map((word) => `"${word}"`)
    .join(', ');
  return words.length > 6 ? `${shown} and ${words.length - 6} more` : shown;
}

function notQuantified(vagueWords: readonly string[], detail?: string): Invalid {
  const found = vagueWords.length > 0 ? ` (${quoted(vagueWords)})` : '';
  return invalid(detail === undefined ? `provision is not quantified${found}: ${MUST_STATE}` : `provision is not quantified${found}: ${detail}`);
}

function formatRational(value: Rational): string {
  if (value.den === 1n) return String(value.num);
  return String(Number(value.num) / Number(value.den));
}

// ---------------------------------------------------------------------------------------------
// Settling on one frequency

interface FoundBlock {
  readonly weeks: bigint;
  readonly frequency: Frequency;
  readonly words: string;
}

// "30 minutes per week for 6 weeks each term": a weekly block that recurs each term.
const BLOCK = /\bfor\s+(\d+)\s+(?:consecutive\s+)?weeks?\s+(?:in\s+)?(?:each|every|per|a)\s+(half[\s-]*term|term|year)\b/g;
const ONE_OFF_BLOCK = /\bfor\s+\d+\s+(?:consecutive\s+)?weeks?\b/;

// "1 hour weekly in the Autumn term only", "until Christmas", "for one term": provision for part of
// the year. A text is read as running through the line's whole period, so such a limit would be
// dropped and the required hours overstated: the period belongs in the line's start and end dates.
const TERM_NAME = '(?:autumn|spring|summer)';
const PART_OF_YEAR = new RegExp(
  [
    String.raw`\b(?:in|during)\s+(?:the\s+)?${TERM_NAME}(?:\s+(?:and|&)\s+${TERM_NAME})?\s+(?:half[\s-]*)?terms?\b`,
    String.raw`\b${TERM_NAME}\b[^.;]{0,40}?\bonly\b`,
    String.raw`\b(?:half[\s-]*)?terms?\s+only\b`,
    String.raw`\buntil\b[^.;]*`,
    String.raw`\bfor\s+(?:(?:a|one|two|three|\d+)\s+|the\s+(?:first|second|last|next)\s+)(?:half[\s-]*)?terms?\b`,
  ].join('|'),
);

// "6 weekly 30-minute sessions per term": "weekly" says how the sessions are spread, "per term"
// how many there are.
const ATTRIBUTIVE_FREQUENCY = new RegExp(
  String.raw`\b(weekly|fortnightly|monthly)\s+(?:\d+(?:\.\d+)?\s*-?\s*(?:minutes?|mins?|m|hours?|hrs?|h)\s+)?(?:[a-z:-]+\s+)?${SESSION_WORD}\b`,
  'g',
);

const FREQUENCY_ORDER: readonly Frequency[] = ['week', 'fortnight', 'month', 'half-term', 'term', 'year'];
const WEEKS_IN: Partial<Record<Frequency, bigint>> = { week: 1n, fortnight: 2n };

interface SettledFrequency {
  readonly frequency: Frequency | undefined;
  readonly words: string;
  /** What the amount written per the inner frequency is multiplied by to be per `frequency`. */
  readonly scale: Rational;
}

function settleFrequency(wording: string, found: readonly FoundFrequency[], block: FoundBlock | undefined): SettledFrequency | Invalid {
  const inTextOrder = [...found].sort((a, b) => wording.indexOf(a.words) - wording.indexOf(b.words));
  let distinct = [...new Map(inTextOrder.map((f) => [`${f.frequency}/${f.divisor}`, f])).values()];
  if (distinct.length > 1) {
    const attributive = new Set([...wording.matchAll(ATTRIBUTIVE_FREQUENCY)].map((match) => match[1]));
    const widest = Math.max(...distinct.map((f) => FREQUENCY_ORDER.indexOf(f.frequency)));
    const governing = distinct.filter((f) => !(attributive.has(f.words) && FREQUENCY_ORDER.indexOf(f.frequency) < widest));
    if (governing.length === 1) distinct = governing;
  }
  if (distinct.length > 1) {
    return invalid(`provision gives more than one frequency (${quoted(distinct.map((f) => f.words))}): write one line per frequency, e.g. ${EXAMPLE}`);
  }
  const inner = distinct[0];
  if (block === undefined) {
    return inner === undefined
      ? { frequency: undefined, words: '', scale: rational(1n) }
      : { frequency: inner.frequency, words: inner.words, scale: rational(1n, inner.divisor) };
  }
  if (inner === undefined) return { frequency: block.frequency, words: block.words, scale: rational(1n) };
  const weeksPerInner = WEEKS_IN[inner.frequency];
  if (weeksPerInner === undefined) {
    return invalid(`provision gives a block ("${block.words}") of ${PER_PHRASE[inner.frequency].replace('per ', '')}ly provision: ${MUST_STATE}`);
  }
  return { frequency: block.frequency, words: block.words, scale: rational(block.weeks, weeksPerInner * inner.divisor) };
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Longer than any one provision line (a sentence or two, a short paragraph at most). The patterns
 * below are not linear in the worst case, so a pasted document or a runaway quoted field would take
 * minutes to read; past this length the text is reported instead.
 */
export const MAX_PROVISION_CHARS = 2000;

function readProvision(text: string, aliasPatterns: readonly FrequencyPattern[]): Quantity | Invalid {
  if (text.length > MAX_PROVISION_CHARS) {
    return invalid(
      `provision text is ${text.length.toLocaleString('en-GB')} characters long, more than one provision line (at most ${MAX_PROVISION_CHARS.toLocaleString('en-GB')}): is another column mapped as provision, or a quote missing? ${MUST_STATE}`,
    );
  }
  const wording = normaliseWording(text);
  if (wording === '') return notQuantified([]);
  const vagueWords = findVagueWords(wording);

  const ambiguous = AMBIGUOUS_FREQUENCY.exec(wording);
  if (ambiguous) {
    return invalid(`provision frequency "${ambiguous[0]}" can mean twice a ${ambiguous[1] === 'weekly' ? 'week' : 'month'} or every other one: ${MUST_STATE}`);
  }
  if (DECIMAL_COMMA.test(wording)) return invalid(`a decimal comma is not read in provision text: write a decimal point, e.g. 1.5 hours`);
  const range = RANGE.exec(wording);
  if (range) return invalid(`provision gives a range ("${range[0].trim()}"), not an amount: ${MUST_STATE}`);

  let tokenised = removeNoise(wording);
  let block: FoundBlock | undefined;
  tokenised = tokenise(tokenised, BLOCK, ' ', (match) => {
    block = { weeks: BigInt(match[1] as string), frequency: intervalUnit(match[2] as string), words: match[0].trim() };
  });
  const oneOffBlock = ONE_OFF_BLOCK.exec(tokenised);
  if (oneOffBlock) {
    return invalid(
      `provision runs "${oneOffBlock[0].trim()}" but does not say how often that block recurs: say "each term" or "per year", or give the block's dates as its start and end dates`,
    );
  }
  const partOfYear = PART_OF_YEAR.exec(wording);
  if (partOfYear) {
    return invalid(
      `provision is for part of the year ("${partOfYear[0].trim()}"), which a provision text cannot set: give that period as the line's start and end dates, and the text without it`,
    );
  }
  const frequencies: FoundFrequency[] = [];
  for (const { pattern, read } of [...aliasPatterns, ...BUILT_IN_FREQUENCIES]) {
    tokenised = tokenise(tokenised, pattern, FREQUENCY_TOKEN, (match) => frequencies.push({ ...read(match), words: match[0].trim() }));
  }
  const durations: FoundDuration[] = [];
  tokenised = tokenise(tokenised, DURATION, DURATION_TOKEN, (match) => durations.push(readDuration(match)));
  tokenised = tokenised.replace(/\s+/g, ' ').trim();
  const counts = findCounts(tokenised);

  const settled = settleFrequency(wording, frequencies, block);
  if (isInvalid(settled)) return settled;
  const frequency = settled.frequency === undefined ? undefined : { frequency: settled.frequency, words: settled.words };
  const distinctCounts = new Map(counts.map((count) => [formatRational(count.sessions), count]));
  if (distinctCounts.size > 1) {
    return invalid(`provision gives more than one number of sessions (${[...distinctCounts.keys()].join(', ')}): ${MUST_STATE}`);
  }
  const count = counts[0]?.sessions;

  if (durations.length === 0) {
    if (frequency === undefined && count === undefined) return notQuantified(vagueWords);
    if (frequency === undefined) {
      return notQuantified(vagueWords, `it gives ${formatRational(count as Rational)} sessions but not how long or how often; ${MUST_STATE}`);
    }
    const per = PER_PHRASE[frequency.frequency];
    if (count === undefined) {
      return notQuantified(
        vagueWords,
        `it says how often ("${frequency.words}") but not how many sessions or how long; Section F must state them, e.g. "1 x 45 minute session ${per}"`,
      );
    }
    const sessions = formatRational(count);
    return notQuantified(
      vagueWords,
      `it gives ${sessions} session${sessions === '1' ? '' : 's'} ${frequency.words} but not how long each is; Section F must state it, e.g. "${sessions} x 45 minute session${sessions === '1' ? '' : 's'} ${per}"`,
    );
  }

  // Each duration token, in text order, is the length of a session or the total for the period.
  let tokenIndex = -1;
  let sessionMinutes: Rational | undefined;
  let totalMinutes: Rational | undefined;
  const amounts: string[] = [];
  for (const duration of durations) {
    tokenIndex = tokenised.indexOf('⟦d⟧', tokenIndex + 1);
    amounts.push(duration.words);
    if (isZero(duration.minutes)) return invalid(`provision gives an amount of zero ("${duration.words}"): ${MUST_STATE}`);
    const isTotal = isTotalForPeriod(tokenised, tokenIndex);
    const previous = isTotal ? totalMinutes : sessionMinutes;
    if (previous !== undefined && (previous.num !== duration.minutes.num || previous.den !== duration.minutes.den)) {
      return invalid(`provision gives more than one amount (${quoted(amounts)}): write one line per amount, e.g. ${EXAMPLE}`);
    }
    if (isTotal) totalMinutes = duration.minutes;
    else sessionMinutes = duration.minutes;
  }
  if (durations.length > 2) {
    return invalid(`provision gives more than one amount (${quoted(amounts)}): write one line per amount, e.g. ${EXAMPLE}`);
  }
  if (count !== undefined && isZero(count)) return invalid(`provision gives zero sessions: ${MUST_STATE}`);

  if (frequency === undefined) {
    const amount = count === undefined ? amounts.join(', ') : `${formatRational(count)} x ${amounts.join(', ')}`;
    return notQuantified(vagueWords, `it gives an amount (${amount}) but not how often; Section F must state it, e.g. ${EXAMPLE}`);
  }
  if (CEILING.test(wording)) {
    const ceiling = CEILING.exec(wording)?.[0] ?? 'up to';
    return invalid(`provision is not specific ("${ceiling}"): it sets a ceiling, not an amount the child must receive; ${MUST_STATE}`);
  }

  const perPeriod = (value: Rational): Rational => mul(value, settled.scale);
  const only = durations[0] as FoundDuration;
  // "3 hours per term" is the hours form of a line (docs/rules.md#sessions-owed); "a 1 hour session monthly" is one session.
  if (durations.length === 1 && only.isHoursOnly && count === undefined && !HAS_SESSION_WORD.test(tokenised)) {
    return { form: 'hours', hours: perPeriod(div(only.minutes, SIXTY)), frequency: frequency.frequency };
  }
  if (sessionMinutes !== undefined) {
    let sessions = count ?? rational(1n);
    if (totalMinutes !== undefined) {
      const impliedSessions = div(totalMinutes, sessionMinutes);
      if (count !== undefined && (impliedSessions.num !== count.num || impliedSessions.den !== count.den)) {
        return invalid(`provision amounts do not agree (${quoted(amounts)} with ${formatRational(count)} sessions): ${MUST_STATE}`);
      }
      sessions = impliedSessions;
    }
    return { form: 'sessions', sessions: perPeriod(sessions), sessionMinutes, frequency: frequency.frequency };
  }
  const total = totalMinutes as Rational;
  if (count !== undefined) {
    return { form: 'sessions', sessions: perPeriod(count), sessionMinutes: div(total, count), frequency: frequency.frequency };
  }
  return { form: 'sessions', sessions: perPeriod(rational(1n)), sessionMinutes: total, frequency: frequency.frequency };
}

export function createProvisionTextReader(extraFrequencyAliases?: Readonly<Record<string, string>>): (text: string) => Quantity | Invalid {
  const aliasPatterns = compileFrequencyAliases(extraFrequencyAliases);
  return memoise((text: string) => readProvision(text, aliasPatterns), 10_000);
}

const compiledAliases = new WeakMap<object, readonly FrequencyPattern[]>();

export function readProvisionText(text: string, extraFrequencyAliases?: Readonly<Record<string, string>>): Quantity | Invalid {
  if (extraFrequencyAliases === undefined) return readProvision(text, []);
  let aliasPatterns = compiledAliases.get(extraFrequencyAliases);
  if (aliasPatterns === undefined) {
    aliasPatterns = compileFrequencyAliases(extraFrequencyAliases);
    compiledAliases.set(extraFrequencyAliases, aliasPatterns);
  }
  return readProvision(text, aliasPatterns);
}
