// The mapping file: the columns and values a provider's export names in its own way.
import { InputError } from '../errors.js';
import { readWholeInput, type InputFingerprint } from '../io/inputFiles.js';
import { EMPTY_MAPPING, parseMapping, unfilledColumns, type Mapping } from '../schema/mapping.js';

/** A mapping file's path, or a mapping already made (a script may build one in code). */
export type MappingSource = string | Mapping;

/** The mapping's rules (none without one), and what was read of its file, for the manifest. */
export async function loadMapping(source: MappingSource | undefined): Promise<{ mapping: Mapping; fingerprint: InputFingerprint | null }> {
  if (source === undefined) return { mapping: EMPTY_MAPPING, fingerprint: null };
  if (typeof source !== 'string') {
    const checked = parseMapping(JSON.stringify(source));
    if ('problems' in checked) throw new InputError(`the mapping does not validate: ${checked.problems.join('; ')}`);
    refuseUnfilled(checked.mapping, 'the mapping');
    return { mapping: checked.mapping, fingerprint: null };
  }
  let fingerprint: InputFingerprint | null = null;
  const bytes = await readWholeInput(source, 'mapping', (value) => (fingerprint = value));
  const parsed = parseMapping(bytes.toString('utf8'));
  if ('problems' in parsed) throw new InputError(`the mapping file "${source}" does not validate: ${parsed.problems.join('; ')}`);
  refuseUnfilled(parsed.mapping, `the mapping file "${source}"`);
  return { mapping: parsed.mapping, fingerprint };
}

/**
 * A mapping `inspect` wrote for a file short of a required column holds a placeholder for it: a run
 * stops on it with what to do, rather than on a header the file does not have.
 */
function refuseUnfilled(mapping: Mapping, named: string): void {
  const unfilled = unfilledColumns(mapping);
  if (unfilled.length === 0) return;
  const which = unfilled.join(', ');
  throw new InputError(
    `${named} still has ${unfilled.length === 1 ? 'a placeholder' : 'placeholders'} to fill in (${which}): replace each "<fill in: …>" with the header of the file's column that holds that field, then run again`,
  );
}
