// --config FILE: the options of a run (reconcile, validate, explain), as JSON, for scheduled runs. The
// file is validated strictly (a misspelt option is named) and turned into command-line words placed
// before the user's own, so every value goes through the same parser as on the command line and a
// flag given there wins.
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
    // A string, as on the command line ("640"): a mode is octal, and a JSON number reads as decimal.
    fileMode: text,
    color: z.boolean(),
    failOnShortfall: z.boolean(),
    recoverBy: text,
    capacity: positive,
    rate: positive,
  })
  .partial();

export type Config = z.infer<typeof ConfigSchema>;
type ConfigKey = keyof Config;

/** The options every run command reads its inputs with. */
const INPUT_KEYS: readonly ConfigKey[] = [
  'plans', 'contacts', 'year', 'asOf', 'calendar', 'mapping', 'discipline', 'tolerance', 'countIndirect', 'encoding',
  'delimiter', 'dateFormat', 'excelDates', 'strict', 'maxErrors', 'quiet', 'pseudonymise', 'threads', 'color',
];

/**
 * What each command takes from a config file; the rest of the file is another command's. One file
 * serves all three: validate takes the inputs and the format, never reconcile's output folder (its
 * exceptions.csv would land among another run's files); explain takes the inputs alone (its formats
 * are not reconcile's). The other commands have no use for a run's options, and take no config file.
 */
const KEYS_BY_COMMAND: Readonly<Record<string, ReadonlySet<ConfigKey>>> = {
  reconcile: new Set(Object.keys(ConfigSchema.shape) as ConfigKey[]),
  validate: new Set([...INPUT_KEYS, 'format', 'fileMode']),
  explain: new Set(INPUT_KEYS),
};

/** The commands a config file serves. */
export const CONFIG_COMMANDS: readonly string[] = Object.keys(KEYS_BY_COMMAND);

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
 * The command-line words a config stands for, for `command` (one of CONFIG_COMMANDS): the options it
 * takes, paths made relative to the file. Booleans that are false switch a default off, or say nothing.
 */
export function configArguments(config: Config, configPath: string, command: string): { global: string[]; command: string[] } {
  const keys = KEYS_BY_COMMAND[command] ?? new Set<ConfigKey>();
  const folder = dirname(configPath);
  const global: string[] = [];
  const words: string[] = [];
  for (const [key, value] of Object.entries(config) as Array<[ConfigKey, Config[ConfigKey]]>) {
    if (value === undefined || !keys.has(key)) continue;
    if (key === 'color') {
      if (value === false) global.push('--no-color');
      continue;
    }
    if (key === 'bom') {
      if (value === false) words.push('--no-bom');
      continue;
    }
    if (typeof value === 'boolean') {
      if (value) words.push(flagOf(key));
      continue;
    }
    const word = String(value);
    const resolved = PATH_OPTIONS.has(key) && word !== '-' && !isAbsolute(word) ? resolve(folder, word) : word;
    words.push(flagOf(key), resolved);
  }
  return { global, command: words };
}
