// The council's term calendar (--calendar): one row per term, or per half-term. Without one, the
// default calendar. See docs/rules.md#term-calendar and docs/calendars.md.
import type { CalendarTermEntry } from '../calendar/termEntry.js';
import { buildCalendar, DEFAULT_CALENDAR, type TermCalendar } from '../calendar/terms.js';
import { parseIsoDay } from '../calendar/day.js';
import { InputError } from '../errors.js';
import { parseDecimal } from '../exact/rational.js';
import type { Encoding } from '../io/csvTypes.js';
import type { InputFingerprint } from '../io/inputFiles.js';
import { inputName, openCsvSource, type InputSource } from '../io/tableSource.js';
import { normaliseHeader } from '../schema/fields.js';
import { readAcademicYear } from '../schema/values/academicYear.js';
import { isInvalid } from '../schema/values/invalid.js';
import { cellTexts } from '../table/cells.js';

const COLUMNS = ['year', 'term', 'start', 'end', 'weeks'] as const;
const REQUIRED = ['year', 'term', 'start', 'end'] as const;

/** The calendar, and what was read of its file for the manifest (null without one). */
export async function loadCalendar(
  source: InputSource | undefined,
  reading: { readonly encoding: Encoding | undefined; readonly delimiter: string | undefined },
): Promise<{ calendar: TermCalendar; fingerprint: InputFingerprint | null }> {
  if (source === undefined) return { calendar: DEFAULT_CALENDAR, fingerprint: null };
  const name = inputName(source);
  const entries: CalendarTermEntry[] = [];
  const problems: string[] = [];
  let columns: Record<string, number> = {};
  const table = await openCsvSource(source, 'calendar', reading);
  const { fingerprint } = await table.read({
    header(cells) {
      const normalised = cellTexts(cells).map(normaliseHeader);
      columns = Object.fromEntries(COLUMNS.map((column) => [column, normalised.indexOf(column)]));
      const missing = REQUIRED.filter((column) => columns[column]! < 0);
      if (missing.length > 0)
        throw new InputError(`the calendar file "${name}" has no ${missing.join(', ')} column; it needs year,term,start,end and optionally weeks`);
    },
    row(cells) {
      const line = cells.line;
      const cell = (column: string) => {
        const index = columns[column]!;
        return index >= 0 && index < cells.fieldCount ? cells.text(index).trim() : '';
      };
      const year = readAcademicYear(cell('year'));
      const yearStart = isInvalid(year) ? undefined : year;
      const start = parseIsoDay(cell('start'));
      const end = parseIsoDay(cell('end'));
      const weeksText = cell('weeks');
      const weeks = weeksText === '' ? null : parseDecimal(weeksText);
      if (yearStart === undefined) problems.push(`line ${line}: year "${cell('year')}" is not an academic year such as 2024/25`);
      else if (cell('term') === '') problems.push(`line ${line}: term is blank`);
      else if (start === undefined || end === undefined) problems.push(`line ${line}: start and end must be dates as YYYY-MM-DD`);
      else if (weeks === undefined || (weeks !== null && weeks.num <= 0n)) problems.push(`line ${line}: weeks "${weeksText}" is not a positive number`);
      else entries.push({ yearStart, name: cell('term'), start, end, weeks, line });
    },
  });
  if (problems.length === 0) {
    const built = buildCalendar(entries);
    if ('calendar' in built) return { calendar: built.calendar, fingerprint };
    problems.push(...built.problems);
  }
  throw new InputError(`the calendar file "${name}" does not validate: ${problems.slice(0, 10).join('; ')}`);
}
