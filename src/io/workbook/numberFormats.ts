// Which cells hold dates: Excel stores a date as a plain number (days since 1900 or 1904) and only the
// cell's number format says it is one. A format is a date, a date and time, a time of day, an elapsed
// time ("[h]:mm"), or anything else (kept as a number). See docs/xlsx.md for the rules.

export const VALUE_FORMATS = ['number', 'date', 'date-time', 'time', 'elapsed-time'] as const;
export type ValueFormat = (typeof VALUE_FORMATS)[number];

/**
 * The built-in formats that show a date or time (ECMA-376 Part 1, 18.8.30): 14–17 dates, 18–21 times,
 * 22 date and time, 45–47 minutes and seconds ("[h]:mm:ss" among them); 27–36 and 50–58 are the East
 * Asian built-ins, all dates but for two times. Every other built-in is a number or text format.
 */
export function builtInFormat(id: number): ValueFormat {
  if (id >= 14 && id <= 17) return 'date';
  if (id >= 18 && id <= 21) return 'time';
  if (id === 22) return 'date-time';
  if (id === 45 || id === 47) return 'time';
  if (id === 46) return 'elapsed-time';
  if (id === 32 || id === 33) return 'time';
  if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return 'date';
  return 'number';
}

/**
 * A custom format code read for its date and time tokens, outside quoted text, escaped characters,
 * fill and padding characters and [bracketed] colours, locales and conditions; only the first section
 * (positive numbers) counts. "m" is a month unless the code also has hours or seconds, where it is
 * minutes; "[h]", "[m]" and "[s]" are elapsed time.
 */
export function classifyFormatCode(code: string): ValueFormat {
  let hasDate = false;
  let hasTime = false;
  let hasMonthOrMinute = false;
  let isElapsed = false;
  for (let i = 0; i < code.length; i++) {
    const character = code[i]!;
    switch (character) {
      case ';':
        i = code.length; // only the first section
        break;
      case '"': {
        const end = code.indexOf('"', i + 1);
        i = end < 0 ? code.length : end;
        break;
      }
      case '\\':
      case '_':
      case '*':
        i++; // the next character is literal, padding or fill
        break;
      case '[': {
        const end = code.indexOf(']', i + 1);
        const inside = code.slice(i + 1, end < 0 ? code.length : end).toLowerCase();
        if (/^(h+|m+|s+)$/.test(inside)) {
          hasTime = true;
          isElapsed = true;
        }
        i = end < 0 ? code.length : end;
        break;
      }
      default: {
        const lower = character.toLowerCase();
        if (lower === 'y' || lower === 'd') hasDate = true;
        else if (lower === 'h' || lower === 's') hasTime = true;
        else if (lower === 'm') hasMonthOrMinute = true;
        else if (lower === 'a' && /^(am\/pm|a\/p)/i.test(code.slice(i))) hasTime = true;
      }
    }
  }
  if (hasMonthOrMinute && !hasTime) hasDate = true;
  if (hasDate) return hasTime ? 'date-time' : 'date';
  if (hasTime) return isElapsed ? 'elapsed-time' : 'time';
  return 'number';
}
