// Synthetic plans and contacts for demos, tests and benchmarks: `ehcp-recon generate`.

import { dayFromDate, type Day } from '../calendar/day.js';
import { UsageError } from '../errors.js';
import { ContactGenerator } from './contacts.js';
import { FLAVOURS, spellingsOf, type Flavour } from './flavours.js';
import { PlanGenerator } from './plans.js';
import { Random } from './random.js';
import { DateTable } from './schedule.js';
import { buildSchoolYear } from './schoolCalendar.js';
import { ChunkedWriter, type TextSink } from './textSink.js';

export { providerMapping } from './flavours.js';
export type { TextSink } from './textSink.js';

export const MAX_GENERATED_CHILDREN = 1_000_000;

export interface GenerateOptions {
  /** 1 … 1,000,000. */
  readonly children: number;
  /** Same seed and options give byte-identical files. */
  readonly seed: number;
  /** Academic year start: 2025 for 2025/26 (1 Sep 2025 – 31 Aug 2026). */
  readonly yearStart: number;
  /** Contacts up to this day have outcomes; later ones are `booked` future appointments. */
  readonly asOf: Day;
  readonly flavour: Flavour;
}

export function validateGenerateOptions(options: GenerateOptions): void {
  const { children, seed, yearStart, asOf, flavour } = options;
  if (!Number.isInteger(children) || children < 1 || children > MAX_GENERATED_CHILDREN) {
    throw new UsageError(`--children must be a whole number from 1 to ${MAX_GENERATED_CHILDREN.toLocaleString('en-GB')}, got ${children}.`);
  }
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a whole number, got ${seed}.`);
  if (!Number.isInteger(yearStart) || yearStart < 1900 || yearStart > 9000) {
    throw new UsageError(`--year must be an academic year such as 2025/26, got a start year of ${yearStart}.`);
  }
  if (!Number.isInteger(asOf)) throw new UsageError(`--as-of must be a date, got ${asOf}.`);
  if (!(FLAVOURS as readonly string[]).includes(flavour)) {
    throw new UsageError(`--flavour must be one of ${FLAVOURS.join(', ')}, got ${String(flavour)}.`);
  }
}

/**
 * Writes plans.csv and contacts.csv text through the sinks, a chunk of about 1 MB at a time,
 * awaiting each write so that a slow disk holds the generator back instead of filling memory.
 * Plans come in child order; contacts in date order, then a few re-stated contacts at the end.
 */
export async function generateDataset(
  options: GenerateOptions,
  sinks: { readonly plans: TextSink; readonly contacts: TextSink },
): Promise<{ planRows: number; contactRows: number }> {
  validateGenerateOptions(options);
  const { children, seed, yearStart, asOf, flavour } = options;
  const year = buildSchoolYear(yearStart);
  const spellings = spellingsOf(flavour);
  // Plan dates reach a few years either side of the year; rarer ones fall back to formatting on demand.
  const dates = new DateTable(dayFromDate(yearStart - 5, 1, 1), dayFromDate(yearStart + 4, 12, 31), spellings.isUkDates);
  // Separate streams: a change in how contacts are drawn must not change the plans file.
  const root = new Random(seed);
  const planRng = new Random(root.nextUint32());
  const contactRng = new Random(root.nextUint32());

  const plans = new PlanGenerator(children, year, spellings, dates, planRng);
  const planWriter = new ChunkedWriter(sinks.plans);
  planWriter.append(`${spellings.plansHeader}\n`);
  for (let index = 0; index < children; index++) {
    planWriter.append(plans.writeChild(index));
    if (planWriter.isFull) await planWriter.flush();
  }
  await planWriter.flush();

  const contacts = new ContactGenerator(plans.schedule, year, asOf, spellings, dates, contactRng, children);
  await contacts.writeAll(sinks.contacts, spellings.contactsHeader);

  return { planRows: plans.rows, contactRows: contacts.rows };
}
