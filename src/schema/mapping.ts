// The mapping file (docs/operations.md#the-mapping-file, docs/exports.md): names the header of any field
// the built-in aliases miss, other headers a field may have, and extra spellings of values. Validated
// strictly so that a misspelt key is named, not silently ignored. The presets that ship with the tool
// (presets/*.json) are mapping files too, combined with a user's by combineMappings.
import { z } from 'zod';
import { COMPOSITE_FIELDS, CONTACT_FIELDS, PLAN_FIELDS } from './fields.js';
import { parseChildIdRule } from './values/childIdRules.js';
import { isInvalid } from './values/invalid.js';

const valueAliases = z.record(z.string(), z.string());
const header = z.string().min(1);
/** More columns than any key needs: a longer list is a mistake. */
export const MAX_KEY_COLUMNS = 4;
/** The columns that together make one key, in order (a CSDS contact: its service request, then its care contact). */
const compositeHeader = z.array(header).min(2).max(MAX_KEY_COLUMNS);

/** `columns`: each field's header, exactly as the file writes it (or as forgivingly matched). */
function columnsOf<const F extends readonly string[]>(fields: F, composite: readonly string[]) {
  return z
    .strictObject(
      Object.fromEntries(fields.map((field) => [field, composite.includes(field) ? z.union([header, compositeHeader]) : header])) as unknown as {
        [K in F[number]]: z.ZodType<string | string[]>;
      },
    )
    .partial();
}

/** A file's identifier rule by name ("nhs-number", "NHS number"…), read as the rule; see docs/operations.md#identifier-rules. */
const childIdRule = z.string().transform((name, context) => {
  const rule = parseChildIdRule(name);
  if (!isInvalid(rule)) return rule;
  context.addIssue({ code: 'custom', message: rule.invalid });
  return z.NEVER;
});

/** `aliases`: other headers each field may have, tried in order before the built-in aliases; the first in the file wins. */
function aliasesOf<const F extends readonly string[]>(fields: F, composite: readonly string[]) {
  return z
    .strictObject(
      Object.fromEntries(
        fields.map((field) => [field, z.array(composite.includes(field) ? z.union([header, compositeHeader]) : header).min(1)]),
      ) as unknown as {
        [K in F[number]]: z.ZodType<Array<string | string[]>>;
      },
    )
    .partial();
}

/**
 * How one export is read: its encoding when it has no byte-order mark (a SystmOne extract is
 * windows-1252), whether plain numbers in its date and time columns are Excel serials (an EMIS
 * extract's are), and the sheet to read when it is a workbook (docs/xlsx.md#reading-workbooks). The
 * command line's --encoding, --excel-dates and --sheet win over these.
 */
const fileReading = {
  encoding: z.string().min(1).optional(),
  excelDates: z.boolean().optional(),
  sheet: z.string().min(1).optional(),
};

const planMapping = z.strictObject({
  ...fileReading,
  columns: columnsOf(PLAN_FIELDS, COMPOSITE_FIELDS.plans).optional(),
  aliases: aliasesOf(PLAN_FIELDS, COMPOSITE_FIELDS.plans).optional(),
  values: z.strictObject({ discipline: valueAliases, frequency: valueAliases, funding: valueAliases }).partial().optional(),
  ids: childIdRule.optional(),
});

const contactMapping = z.strictObject({
  ...fileReading,
  columns: columnsOf(CONTACT_FIELDS, COMPOSITE_FIELDS.contacts).optional(),
  aliases: aliasesOf(CONTACT_FIELDS, COMPOSITE_FIELDS.contacts).optional(),
  values: z.strictObject({ discipline: valueAliases, attendance: valueAliases, contact_type: valueAliases }).partial().optional(),
  ids: childIdRule.optional(),
});

export const MappingSchema = z.strictObject({
  /** What the mapping is for, in words (a preset's says which export it reads). */
  description: z.string().optional(),
  plans: planMapping.optional(),
  contacts: contactMapping.optional(),
  dateFormat: z.string().min(1).optional(),
});

export type Mapping = z.infer<typeof MappingSchema>;

/** A header as a mapping names it: one column, or (contact_id) the columns that together make the key. */
export type MappedHeader = string | readonly string[];

/** What a mapping says about one file's columns. */
export interface FileColumnsMapping<F extends string> {
  readonly columns?: Partial<Record<F, MappedHeader>> | undefined;
  readonly aliases?: Partial<Record<F, readonly MappedHeader[]>> | undefined;
}

export const EMPTY_MAPPING: Mapping = {};

/**
 * What `inspect` writes for a required field it found no column for: a header no export has, which
 * a run recognises and refuses until a person writes the real header in its place
 * (docs/exports.md#inspect).
 */
export function columnPlaceholder(file: 'plans' | 'contacts', field: string): string {
  return `<fill in: the header of the ${file} file's ${field} column>`;
}

const PLACEHOLDER_START = '<fill in';

/** The columns of a mapping still holding inspect's placeholder, as "contacts.columns.minutes". */
export function unfilledColumns(mapping: Mapping): string[] {
  const unfilled: string[] = [];
  for (const file of ['plans', 'contacts'] as const) {
    const columns = (mapping[file]?.columns ?? {}) as Record<string, MappedHeader | undefined>;
    for (const [field, mapped] of Object.entries(columns)) {
      const headers = mapped === undefined ? [] : typeof mapped === 'string' ? [mapped] : mapped;
      if (headers.some((header) => header.trim().toLowerCase().startsWith(PLACEHOLDER_START))) unfilled.push(`${file}.columns.${field}`);
    }
  }
  return unfilled;
}

/**
 * `over` laid over `base`, key by key: each field's column, each field's aliases, each raw value, each
 * file's encoding and Excel switch, and the date format of `over` replace `base`'s; what `over` does
 * not name, `base` keeps. So a user's mapping file wins over a preset wherever the two say different things.
 */
export function combineMappings(base: Mapping, over: Mapping): Mapping {
  const combined: Mapping = { ...base, ...over };
  const plans = combineSections(base.plans, over.plans);
  const contacts = combineSections(base.contacts, over.contacts);
  if (plans !== undefined) combined.plans = plans;
  if (contacts !== undefined) combined.contacts = contacts;
  return combined;
}

type Section = { columns?: object; aliases?: object; values?: Readonly<Record<string, object | undefined>> };

function combineSections<S extends Section>(under: S | undefined, above: S | undefined): S | undefined {
  if (under === undefined || above === undefined) return above ?? under;
  const combined: Section = { ...under, ...above };
  if (under.columns !== undefined || above.columns !== undefined) combined.columns = { ...under.columns, ...above.columns };
  if (under.aliases !== undefined || above.aliases !== undefined) combined.aliases = { ...under.aliases, ...above.aliases };
  if (under.values !== undefined || above.values !== undefined) {
    const values: Record<string, object> = {};
    for (const kind of new Set([...Object.keys(under.values ?? {}), ...Object.keys(above.values ?? {})]))
      values[kind] = { ...under.values?.[kind], ...above.values?.[kind] };
    combined.values = values;
  }
  return combined as S;
}

/** Every problem of a parsed JSON value against a schema, one sentence each, naming the key. */
export function describeSchemaProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the top level';
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => (issue.path.length > 0 ? `${issue.path.join('.')}.${key}` : key));
      return `unknown key ${keys.map((key) => `"${key}"`).join(', ')}`;
    }
    return `"${where}": ${issue.message}`;
  });
}

/** Parses mapping JSON text; returns the mapping or the list of problems. */
export function parseMapping(text: string): { mapping: Mapping } | { problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { problems: [`not valid JSON (${(error as Error).message})`] };
  }
  const parsed = MappingSchema.safeParse(json);
  return parsed.success ? { mapping: parsed.data } : { problems: describeSchemaProblems(parsed.error) };
}
