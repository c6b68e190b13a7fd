// What `inspect` tells about a file: which fields its headers read as, and a mapping file to start from.
import { CONTACT_FIELDS, FIELD_ALIASES, normaliseHeader, PLAN_FIELDS, REQUIRED_FIELDS } from './fields.js';
import type { InputFile } from './vocabulary.js';

export interface FileInspection {
  readonly headers: readonly string[];
  /** Which input the headers look like: the one with more fields placed. */
  readonly kind: InputFile;
  readonly placed: Readonly<Record<string, string>>;
  readonly unplacedHeaders: readonly string[];
  readonly missingRequired: readonly string[];
  readonly mapping: object;
}

function place(file: InputFile, headers: readonly string[]): Record<string, string> {
  const fields: readonly string[] = file === 'plans' ? PLAN_FIELDS : CONTACT_FIELDS;
  const aliases = FIELD_ALIASES[file] as Record<string, readonly string[]>;
  const placed: Record<string, string> = {};
  const taken = new Set<number>();
  for (const field of fields) {
    const candidates = [field, ...(aliases[field] ?? [])].map(normaliseHeader);
    const index = headers.findIndex((header, i) => !taken.has(i) && candidates.includes(normaliseHeader(header)));
    if (index >= 0) {
      taken.add(index);
      placed[field] = headers[index]!;
    }
  }
  return placed;
}

export function inspectHeaders(headers: readonly string[]): FileInspection {
  const plans = place('plans', headers);
  const contacts = place('contacts', headers);
  const looksLikeContacts = Object.keys(contacts).length > Object.keys(plans).length || 'date' in contacts || 'minutes' in contacts;
  const kind: InputFile = looksLikeContacts ? 'contacts' : 'plans';
  const placed = kind === 'plans' ? plans : contacts;
  const used = new Set(Object.values(placed));
  const fields: readonly string[] = kind === 'plans' ? PLAN_FIELDS : CONTACT_FIELDS;
  return {
    headers,
    kind,
    placed,
    unplacedHeaders: headers.filter((header) => !used.has(header)),
    missingRequired: REQUIRED_FIELDS[kind].filter((field) => !(field in placed)),
    mapping: {
      [kind]: {
        columns: Object.fromEntries(fields.filter((field) => field in placed).map((field) => [field, placed[field]])),
      },
    },
  };
}
