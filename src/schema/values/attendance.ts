// The attendance reader, made from the attendance table (src/schema/vocabulary.ts): each value's own
// name, its words and its NHS CSDS codes read as that value.
import { ATTENDANCE_TABLE, ATTENDANCES, type Attendance } from '../vocabulary.js';
import { createEnumerationReader, listWords, type EnumerationSpec } from './enumeration.js';
import { invalid, type Invalid } from './invalid.js';

function aliasesOfTable(): Record<string, Attendance> {
  const aliases: Record<string, Attendance> = {};
  for (const attendance of ATTENDANCES) {
    const meaning = ATTENDANCE_TABLE[attendance];
    for (const word of meaning.words) {
      aliases[word] = attendance;
      // American spelling, as some systems write it.
      if (word.includes('cancelled')) aliases[word.replace('cancelled', 'canceled')] = attendance;
    }
    for (const code of meaning.csdsCodes) aliases[code] = attendance;
  }
  return aliases;
}

export const ATTENDANCE_SPEC: EnumerationSpec<Attendance> = {
  noun: 'attendance',
  members: ATTENDANCES,
  expected: `${listWords(ATTENDANCES)} (or an NHS CSDS code: ${ATTENDANCES.map((attendance) => ATTENDANCE_TABLE[attendance].description).join(', ')})`,
  aliases: aliasesOfTable(),
  refusals: {
    cancelled: '"cancelled" does not say who cancelled: expected cancelled-family or cancelled-provider (map the value in the mapping file)',
    canceled: '"canceled" does not say who cancelled: expected cancelled-family or cancelled-provider (map the value in the mapping file)',
    no: '"no" does not say whether the child did not attend or the appointment was cancelled: map the value in the mapping file',
    n: '"N" does not say whether the child did not attend or the appointment was cancelled: map the value in the mapping file',
  },
};

/** A number with a sign or decimals: no CSDS code looks so, and folding would read "-5" as code 5. */
const SIGNED_OR_DECIMAL = /^[+-]\s*\d|^[+-]?\d*\.\d/;

export function createAttendanceReader(extraAliases?: Readonly<Record<string, string>>): (text: string) => Attendance | Invalid {
  const read = createEnumerationReader(ATTENDANCE_SPEC, extraAliases);
  const notACode = invalid('not an attendance code: CSDS codes are whole numbers such as 5 or 05, with no sign and no decimals');
  const mapped = new Set(Object.keys(extraAliases ?? {}).map((raw) => raw.trim()));
  return (text) => (SIGNED_OR_DECIMAL.test(text.trim()) && !mapped.has(text.trim()) ? notACode : read(text));
}
