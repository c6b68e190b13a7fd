// The identifier rules as the contacts bytes reader needs them. That reader compares a child ID as the
// bytes of the file, with no string made: it can do so under a rule only when the rule leaves the ID
// exactly as it stands (an NHS number already written as ten digits with a good check digit, a
// reference with no leading zero…). Such an ID is "its own key". Any other ID is left to the text
// reader, which applies the rule; in a real export most IDs are written one way, so nearly every row
// still takes the fast path. See docs/performance.md and docs/operations.md#identifier-rules.
import type { ChildIdRule } from './childIdRules.js';

/** Whether bytes[start, end) is its own key under a rule; for visible ASCII bytes only (0x21–0x7e). */
export type OwnKeyTest = (bytes: Uint8Array, start: number, end: number) => boolean;

const ZERO = 0x30;
const NINE = 0x39;

function isDigits(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (byte < ZERO || byte > NINE) return false;
  }
  return true;
}

/** Ten digits whose last is the Modulus 11 check digit of the first nine (see childIdRules.ts). */
function isNhsNumber(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start !== 10 || !isDigits(bytes, start, end)) return false;
  let total = 0;
  for (let i = 0; i < 9; i++) total += (bytes[start + i]! - ZERO) * (10 - i);
  const result = 11 - (total % 11);
  const check = result === 11 ? 0 : result;
  return check !== 10 && check === bytes[start + 9]! - ZERO;
}

function hasNoLeadingZero(bytes: Uint8Array, start: number, end: number): boolean {
  return bytes[start] !== ZERO || end - start === 1;
}

/** Upper case by Unicode's mapping changes, among visible ASCII, only a to z. */
function hasNoLowerCase(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (byte >= 0x61 && byte <= 0x7a) return false;
  }
  return true;
}

/** The own-key test of a rule; undefined for `exact`, under which every ID is its own key. */
export function ownKeyTestOf(rule: ChildIdRule): OwnKeyTest | undefined {
  switch (rule) {
    case 'exact':
      return undefined;
    case 'nhs-number':
      return isNhsNumber;
    case 'trim-zeros':
      return hasNoLeadingZero;
    case 'case-insensitive':
      return hasNoLowerCase;
    case 'digits':
      return isDigits;
    default: {
      const unknown: never = rule;
      throw new Error(`no own-key test for identifier rule ${String(unknown)}`);
    }
  }
}
