// The academic year runs 1 September – 31 August and is named by both calendar years it spans
// ("2024/25"); it is held as its start year.

import { formatYear } from '../../calendar/academicYear.js';
import { invalid, type Invalid } from './invalid.js';

const EXPECTED = 'expected an academic year such as 2024/25, 2024-25, 2024/2025 or 2024';

export function readAcademicYear(text: string): number | Invalid {
  const match = /^(\d{4})(?:\s*[/\-–]\s*(\d{2}|\d{4}))?$/.exec(text.trim());
  if (!match) return invalid(`not an academic year: ${EXPECTED}`);
  const startYear = Number(match[1]);
  if (startYear < 1900 || startYear > 2100) return invalid(`academic year ${startYear} is outside 1900–2100`);
  const second = match[2];
  if (second !== undefined) {
    const endYear = second.length === 2 ? (startYear + 1) % 100 : startYear + 1;
    if (Number(second) !== endYear) {
      return invalid(`not an academic year: the second year must follow the first, e.g. ${formatAcademicYear(startYear)}`);
    }
  }
  return startYear;
}

/** "2024/25" for 2024 (the calendar's own formatting, named here for the value readers). */
export const formatAcademicYear = formatYear;
