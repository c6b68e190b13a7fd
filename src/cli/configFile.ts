// --config FILE: any option of a command, as JSON, for scheduled runs. The file is validated strictly
// (a misspelt option is named) and turned into command-line words placed before the user's own, so
// every value goes through the same parser as on the command line and a flag given there wins.
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { describeSchemaProblems } from '../schema/mapping.js';

const text = z.string().min(1);
const wholeNumber = z.number().int().min(0);
const positive = z.number().positive();

export const ConfigSchema = z
  .strictObject({
    plans: text,
    contacts: text,
    year: text,
    asOf: text,
    calendar: text,
    mapping: text,
    discipline: text,
    tolerance: wholeNumber,
    countIndirect: z.boolean(),
    encoding: text,
    delimiter: text,
    dateFormat: text,
    excelDates: z.boolean(),
    strict: z.boolean(),
    maxErrors: wholeNumber,
    quiet: z.boolean(),
    pseudonymise: z.boolean(),
    threads: z.union([z.literal(1), z.literal(2)], { error: 'expected 1 or 2' }),
    format: text,
    out: text,
    bom: z.boolean(),
    color: z.boolean(),
    failOnShortfall: z.boolean(),
    recoverBy: text,
    capacity: positive,
    rate: positive,
  })
  .partial();

export type Config = z.infer<typeof ConfigSchema>;

/** Paths in a config file are relative to the file, so a scheduled job can run from anywhere. */
const PATH_OPTIONS = new Set(['plans', 'contacts', 'calendar', 'mapping', 'out']);

function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

export function parseConfig(textOfFile: string): { config: Config } | { problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(textOfFile.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { problems: [`not valid JSON (${(error as Error).message})`] };
  }
  const parsed = ConfigSchema.safeParse(json);
  return parsed.success ? { config: parsed.data } : { problems: describeSchemaProblems(parsed.error) };
}

/**
 * The command-line words a config stands for. Booleans that are false switch a default off, or say
 * nothing. Only the options the command has (`commandFlags`, its long flags) become its words.
 */
export function configArguments(config: Config, configPath: string, commandFlags: ReadonlySet<string>): { global: string[]; command: string[] } {
  const folder = dirname(configPath);
  const global: string[] = [];
  const command: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    if (key === 'color') {
      if (value === false) global.push('--no-color');
      continue;
    }
    if (key === 'bom') {
      if (value === false && commandFlags.has('--no-bom')) command.push('--no-bom');
      continue;
    }
    if (!commandFlags.has(flagOf(key))) continue;
    if (typeof value === 'boolean') {
      if (value) command.push(flagOf(key));
      continue;
    }
    const word = String(value);
    const resolved = PATH_OPTIONS.has(key) && word !== '-' && !isAbsolute(word) ? resolve(folder, word) : word;
    command.push(flagOf(key), resolved);
  }
  return { global, command };
}
