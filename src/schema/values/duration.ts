// Contact durations as providers' systems export them: plain minutes, clock times (h:mm, h:mm:ss),
// minutes or hours with a unit, and ISO 8601 durations. Each contact is rounded to whole minutes
// on its own (docs/rules.md#contacts-file) before any sum, halves up, from the exact decimal written.

import { add, compare, div, mul, rational, roundHalfUp, type Rational, parseDecimal } from '../../exact/rational.js';
import { memoise } from '../../memo.js';
import { invalid, type Invalid } from './invalid.js';

export const MAX_CONTACT_MINUTES = 600;

const EXPECTED = 'expected minutes such as 45, 0:45, 00:45:00, 45 mins, 0.75h or 1 hr 15 min';
const NOT_A_DURATION = invalid(`not a duration: ${EXPECTED}`);

const NUMBER = String.raw`(\d+(?:\.\d*)?|\.\d+)`;
const CLOCK = /^(\d{1,2}):([0-5]\d)(?::([0-5]\d(?:\.\d+)?))?$/;
const MINUTES_ONLY = new RegExp(String.raw`^${NUMBER}\s*(?:m|mins?|minutes?|mns?)?\.?$`, 'i');
const HOURS_AND_MINUTES = new RegExp(String.raw`^${NUMBER}\s*(?:h|hrs?|hours?)\.?(?:\s*(?:and\s*|,\s*)?${NUMBER}\s*(?:m|mins?|minutes?)?\.?)?$`, 'i');
const ISO_DURATION = new RegExp(`^PT(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?$`, 'i');

const SIXTY = rational(60n);

function decimal(text: string | undefined): Rational {
  return text === undefined ? rational(0n) : (parseDecimal(text) ?? rational(0n));
}

function exactMinutes(text: string): Rational | undefined {
  let match = MINUTES_ONLY.exec(text);
  if (match) return decimal(match[1]);
  match = CLOCK.exec(text);
  if (match) return add(add(mul(decimal(match[1]), SIXTY), decimal(match[2])), div(decimal(match[3]), SIXTY));
  match = HOURS_AND_MINUTES.exec(text);
  if (match) return add(mul(decimal(match[1]), SIXTY), decimal(match[2]));
  match = ISO_DURATION.exec(text);
  if (match && (match[1] !== undefined || match[2] !== undefined || match[3] !== undefined)) {
    return add(add(mul(decimal(match[1]), SIXTY), decimal(match[2])), div(decimal(match[3]), SIXTY));
  }
  return undefined;
}

/** Longer than any way of writing up to 600 minutes: refused before the patterns (and BigInt) see it. */
const MAX_DURATION_CHARS = 100;

export function readMinutes(text: string): number | Invalid {
  const trimmed = text.trim();
  if (trimmed === '') return invalid('no duration given');
  if (trimmed.length > MAX_DURATION_CHARS)
    return invalid(`not a duration: ${trimmed.length.toLocaleString('en-GB')} characters is far longer than any duration`);
  const minutes = exactMinutes(trimmed);
  if (minutes === undefined) {
    if (/^\d+,\d+\b/.test(trimmed)) {
      return invalid(`a decimal comma is not read: write ${trimmed.replace(',', '.')} with a decimal point, or whole minutes`);
    }
    if (/^-\s*\d/.test(trimmed)) return invalid('a duration cannot be negative');
    return NOT_A_DURATION;
  }
  return describeWholeMinutes(roundHalfUp(minutes), compare(minutes, rational(0n)) === 0);
}

/**
 * A contact's whole minutes held to the rules of one contact: 1 to MAX_CONTACT_MINUTES. `isZero`: the
 * duration was nothing at all, rather than under half a minute.
 */
export function describeWholeMinutes(whole: number, isZero: boolean): number | Invalid {
  if (whole <= 0) return invalid(isZero ? 'a duration of zero minutes is not a contact' : 'the duration rounds to 0 minutes');
  if (whole > MAX_CONTACT_MINUTES) {
    // A huge value would print as "1e+35 minutes"; past a day's worth, the number itself says nothing more.
    const amount = whole < 100_000 ? `${whole} minutes is` : 'the duration is';
    return invalid(`${amount} over the ${MAX_CONTACT_MINUTES}-minute limit for one contact: check the value and its unit`);
  }
  return whole;
}

/** readMinutes, remembering each distinct text: the hot path of a contacts file. */
export function createMinutesReader(): (text: string) => number | Invalid {
  return memoise(readMinutes);
}
