// Columns from a header, and mapping problems as input errors: the contacts' are placed both by the
// fold on the main thread and by the contacts reader thread.
import { InputError } from '../errors.js';
import { resolveColumns, type ColumnPlan } from '../schema/columns.js';
import { CONTACT_FIELDS, type ContactField } from '../schema/fields.js';
import type { Mapping } from '../schema/mapping.js';

/** The columns of a contacts header, or an InputError naming what is missing. */
export function contactColumnsOf(header: readonly string[], source: string, mapping: Mapping): ColumnPlan<ContactField> {
  const resolution = resolveColumns('contacts', CONTACT_FIELDS, header, mapping.contacts?.columns);
  if (!resolution.ok) throw new InputError(`${source}: ${resolution.problem}`);
  return resolution.columns;
}

/** Value readers refuse a mapping alias whose target is not a value the tool knows. */
export function withMappingErrors<T>(create: () => T): T {
  try {
    return create();
  } catch (error) {
    throw new InputError(`the mapping file does not validate: ${(error as Error).message}`);
  }
}
