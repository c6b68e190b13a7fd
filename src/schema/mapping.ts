// The mapping file (docs/operations.md#the-mapping-file): names the header of any field the built-in aliases miss, and extra
// spellings of values. Validated strictly so that a misspelt key is named, not silently ignored.
import { z } from 'zod';
import { CONTACT_FIELDS, PLAN_FIELDS } from './fields.js';
import { parseChildIdRule } from './values/childIdRules.js';
import { isInvalid } from './values/invalid.js';

const valueAliases = z.record(z.string(), z.string());

function columnsOf<const F extends readonly string[]>(fields: F) {
  return z.strictObject(Object.fromEntries(fields.map((field) => [field, z.string().min(1)])) as { [K in F[number]]: z.ZodString }).partial();
}

/** A file's identifier rule by name ("nhs-number", "NHS number"…), read as the rule; see docs/operations.md#identifier-rules. */
const childIdRule = z.string().transform((name, context) => {
  const rule = parseChildIdRule(name);
  if (!isInvalid(rule)) return rule;
  context.addIssue({ code: 'custom', message: rule.invalid });
  return z.NEVER;
});

const planMapping = z.strictObject({
  columns: columnsOf(PLAN_FIELDS).optional(),
  values: z
    .strictObject({ discipline: valueAliases, frequency: valueAliases, funding: valueAliases })
    .partial()
    .optional(),
  ids: childIdRule.optional(),
});

const contactMapping = z.strictObject({
  columns: columnsOf(CONTACT_FIELDS).optional(),
  values: z
    .strictObject({ discipline: valueAliases, attendance: valueAliases, contact_type: valueAliases })
    .partial()
    .optional(),
  ids: childIdRule.optional(),
});

export const MappingSchema = z.strictObject({
  plans: planMapping.optional(),
  contacts: contactMapping.optional(),
  dateFormat: z.string().min(1).optional(),
});

export type Mapping = z.infer<typeof MappingSchema>;

export const EMPTY_MAPPING: Mapping = {};

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
