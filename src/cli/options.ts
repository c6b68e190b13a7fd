// Every option of the command line, declared once. From this table are made: each command's commander
// options (flags, help, parsers, choices, defaults, the hidden --no- forms), the config file's schema
// and the words a config file stands for, and the engine's options. Adding an option is one entry here.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { z } from 'zod';
import { formatYear } from '../calendar/academicYear.js';
import { formatDay, parseIsoDay, type Day } from '../calendar/day.js';
import { parseDecimal } from '../exact/rational.js';
import type { ReconcileOptions } from '../engine/options.js';
import { PRESETS, type PresetName } from '../engine/presets.js';
import { ENCODINGS } from '../io/csvTypes.js';
import { readFileMode } from '../io/fileModes.js';
import { formatsFor } from '../report/reporters.js';
import { SPLIT_FIELDS, type SplitField } from '../result/groups.js';
import { readAcademicYear } from '../schema/values/academicYear.js';
import { childIdRulesHelp, parseChildIdRule, type ChildIdRule } from '../schema/values/childIdRules.js';
import { createDateReader } from '../schema/values/dates.js';
import { isInvalid } from '../schema/values/invalid.js';
import { DISCIPLINES, type Discipline } from '../schema/vocabulary.js';

export const COMMANDS = ['reconcile', 'validate', 'explain', 'inspect', 'generate', 'diff'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** The commands that read a run's two inputs. */
const RUN_COMMANDS = ['reconcile', 'validate', 'explain'] as const satisfies readonly CommandName[];

/** Where an option's value goes in the engine's options. */
type EnginePath =
  | 'year'
  | 'asOf'
  | 'discipline'
  | 'tolerance'
  | 'countIndirect'
  | 'ids'
  | 'preset'
  | 'reading.encoding'
  | 'reading.delimiter'
  | 'reading.dateFormat'
  | 'reading.excelDates'
  | 'reading.threads'
  | 'reading.sheet'
  | 'recovery.recoverBy'
  | 'recovery.capacity'
  | 'recovery.rate';

interface OptionSpec<T> {
  readonly flags: string;
  /** The help text, or one per command where they differ. */
  readonly description: string | Readonly<Partial<Record<CommandName, string>>>;
  /** The commands that take it; none: the program itself (before the command). */
  readonly commands: readonly CommandName[];
  /** Turns the text into the value; throws InvalidArgumentError with what it expects. */
  readonly parse?: (text: string) => T;
  readonly choices?: readonly string[] | ((command: CommandName) => readonly string[]);
  readonly defaultValue?: T;
  /** Required by every command that takes it, or by these. */
  readonly required?: boolean | readonly CommandName[];
  /**
   * A switch. 'off': false unless given, and a hidden --no-NAME turns off a config file's true;
   * 'on': true unless --no-NAME is given, and a hidden --NAME turns on a config file's false.
   */
  readonly switch?: 'off' | 'on';
  /** Its key in a config file (the entry's name) and JSON type; the commands that take it from one. */
  readonly config?: { readonly schema: z.ZodType; readonly commands?: readonly CommandName[]; readonly isPath?: boolean };
  readonly engine?: EnginePath;
}

function option<T = string>(spec: OptionSpec<T>): OptionSpec<T> {
  return spec;
}

export function parseWholeNumber(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new InvalidArgumentError('expected a whole number of 0 or more.');
  return Number(text);
}

function parseChildren(text: string): number {
  const value = parseWholeNumber(text);
  if (value < 1 || value > 1_000_000) throw new InvalidArgumentError('expected a whole number from 1 to 1,000,000.');
  return value;
}

function yearStartOf(text: string): number {
  const year = readAcademicYear(text);
  if (isInvalid(year)) throw new InvalidArgumentError(`${year.invalid}.`);
  return year;
}

/** An academic year in its usual form (2024/25), however it was written. */
function parseYear(text: string): string {
  return formatYear(yearStartOf(text));
}

function dayOf(text: string): Day {
  const day = parseIsoDay(text);
  if (day === undefined) throw new InvalidArgumentError('expected a date as YYYY-MM-DD, such as 2025-03-31.');
  return day;
}

function parseDay(text: string): string {
  return formatDay(dayOf(text));
}

function parsePositiveDecimal(text: string): string {
  const value = parseDecimal(text);
  if (value === undefined || value.num <= 0n) throw new InvalidArgumentError('expected a positive number such as 20 or 72.50.');
  return text.trim();
}

function parseDelimiter(text: string): string {
  const named: Record<string, string> = { comma: ',', ',': ',', semicolon: ';', ';': ';', tab: '\t', '\\t': '\t', '\t': '\t' };
  const delimiter = named[text.toLowerCase()];
  if (delimiter === undefined) throw new InvalidArgumentError('expected comma, semicolon or tab.');
  return delimiter;
}

/** An output file mode in octal (640 or 0640): the owner reads and writes, nobody executes. */
function parseFileMode(text: string): number {
  const read = readFileMode(text);
  if ('problem' in read) throw new InvalidArgumentError(`${read.problem}.`);
  return read.mode;
}

/** A date format the date reader can use; a bad one is a usage error naming the option, before any read. */
function parseDateFormat(text: string): string {
  try {
    createDateReader({ dateFormat: text });
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}.`);
  }
  return text;
}

/** An identifier rule by name; "NHS number" and "nhs_number" read as nhs-number. */
function parseIdRule(text: string): ChildIdRule {
  const rule = parseChildIdRule(text);
  if (isInvalid(rule)) throw new InvalidArgumentError(`${rule.invalid}.`);
  return rule;
}

function parseDiscipline(text: string): Discipline {
  const upper = text.toUpperCase();
  if (upper === 'SALT') return 'SLT';
  if (!(DISCIPLINES as readonly string[]).includes(upper)) throw new InvalidArgumentError(`expected one of ${DISCIPLINES.join(', ')}.`);
  return upper as Discipline;
}

const text = z.string().min(1);
const wholeNumber = z.number().int().min(0);
const positive = z.number().positive();

export const OPTIONS = {
  color: option<boolean>({
    flags: '--no-color',
    description: 'no colour, even on a terminal (NO_COLOR is honoured too)',
    commands: [],
    switch: 'on',
    config: { schema: z.boolean(), commands: RUN_COMMANDS },
  }),
  config: option({ flags: '--config <file>', description: 'read options from a JSON file; options on the command line win', commands: [] }),

  plans: option({
    flags: '--plans <file>',
    description: { reconcile: 'plans CSV: one row per provision line ("-" for standard input)', inspect: 'the plans CSV, inspected as such' },
    commands: [...RUN_COMMANDS, 'inspect'],
    required: RUN_COMMANDS,
    config: { schema: text, isPath: true, commands: RUN_COMMANDS },
  }),
  contacts: option({
    flags: '--contacts <file>',
    description: { reconcile: 'contacts CSV: one row per contact ("-" for standard input)', inspect: 'the contacts CSV, inspected as such' },
    commands: [...RUN_COMMANDS, 'inspect'],
    required: RUN_COMMANDS,
    config: { schema: text, isPath: true, commands: RUN_COMMANDS },
  }),
  child: option({ flags: '--child <id>', description: 'the child ID, exactly as in the files', commands: ['explain'], required: true }),
  year: option({
    flags: '--year <year>',
    description: 'academic year to reconcile, e.g. 2024/25 (default: the year holding --as-of)',
    commands: RUN_COMMANDS,
    parse: parseYear,
    config: { schema: text },
    engine: 'year',
  }),
  asOf: option({
    flags: '--as-of <date>',
    description: 'reconcile up to this date, YYYY-MM-DD (default: today, or the last day of a --year that has ended)',
    commands: RUN_COMMANDS,
    parse: parseDay,
    config: { schema: text },
    engine: 'asOf',
  }),
  calendar: option({
    flags: '--calendar <file>',
    description: "the council's term dates: CSV with year,term,start,end[,weeks]",
    commands: RUN_COMMANDS,
    config: { schema: text, isPath: true },
  }),
  mapping: option({
    flags: '--mapping <file>',
    description: 'mapping file (JSON) naming columns and values the built-in aliases miss',
    commands: RUN_COMMANDS,
    config: { schema: text, isPath: true },
  }),
  preset: option<PresetName>({
    flags: '--preset <name>',
    description:
      'read the contacts as a known export: csds (NHS Community Services Data Set care contacts), systmone (SRAppointment), emis (appointments); a --mapping file wins over it key by key',
    commands: RUN_COMMANDS,
    choices: PRESETS,
    config: { schema: z.enum(PRESETS) },
    engine: 'preset',
  }),
  discipline: option<Discipline>({
    flags: '--discipline <discipline>',
    description: `reconcile one discipline only (${DISCIPLINES.join(', ')})`,
    commands: RUN_COMMANDS,
    parse: parseDiscipline,
    config: { schema: text },
    engine: 'discipline',
  }),
  tolerance: option<number>({
    flags: '--tolerance <minutes>',
    description: 'shortfall minutes at or under this count as met',
    commands: RUN_COMMANDS,
    parse: parseWholeNumber,
    defaultValue: 0,
    config: { schema: wholeNumber },
    engine: 'tolerance',
  }),
  countIndirect: option<boolean>({
    flags: '--count-indirect',
    description: 'count indirect contacts (reports, liaison) as delivered',
    commands: RUN_COMMANDS,
    switch: 'off',
    config: { schema: z.boolean() },
    engine: 'countIndirect',
  }),
  ids: option<ChildIdRule>({
    flags: '--ids <rule>',
    description: childIdRulesHelp(),
    commands: RUN_COMMANDS,
    parse: parseIdRule,
    config: { schema: text },
    engine: 'ids',
  }),
  encoding: option({
    flags: '--encoding <encoding>',
    description: 'input encoding when there is no BOM',
    commands: [...RUN_COMMANDS, 'inspect'],
    choices: ENCODINGS,
    config: { schema: text },
    engine: 'reading.encoding',
  }),
  delimiter: option({
    flags: '--delimiter <delimiter>',
    description: {
      inspect: 'comma, semicolon or tab (default: detected)',
      reconcile: 'comma, semicolon or tab (default: detected from the header)',
      validate: 'comma, semicolon or tab (default: detected from the header)',
      explain: 'comma, semicolon or tab (default: detected from the header)',
    },
    commands: [...RUN_COMMANDS, 'inspect'],
    parse: parseDelimiter,
    config: { schema: text },
    engine: 'reading.delimiter',
  }),
  dateFormat: option({
    flags: '--date-format <tokens>',
    description: 'date-fns tokens for input dates, e.g. dd/MM/yyyy (default: detected)',
    commands: RUN_COMMANDS,
    parse: parseDateFormat,
    config: { schema: text },
    engine: 'reading.dateFormat',
  }),
  excelDates: option<boolean>({
    flags: '--excel-dates',
    description: 'read plain numbers in date columns as Excel serial days',
    commands: RUN_COMMANDS,
    switch: 'off',
    config: { schema: z.boolean() },
    engine: 'reading.excelDates',
  }),
  sheet: option({
    flags: '--sheet <name>',
    description: 'the sheet to read from an input that is an .xlsx workbook (default: its first visible sheet)',
    commands: [...RUN_COMMANDS, 'inspect'],
    config: { schema: text },
    engine: 'reading.sheet',
  }),
  strict: option<boolean>({
    flags: '--strict',
    description: 'stop with exit 3 when any row is an exception or the run has a run-health warning',
    // explain follows one child: a run that stops on the whole file's exceptions is validate's job.
    commands: ['reconcile', 'validate'],
    switch: 'off',
    config: { schema: z.boolean() },
  }),
  maxErrors: option<number>({
    flags: '--max-errors <n>',
    description: 'stop with exit 3 when there are more than N exception rows',
    commands: ['reconcile', 'validate'],
    parse: parseWholeNumber,
    config: { schema: wholeNumber },
  }),
  threads: option<1 | 2>({
    flags: '--threads <n>',
    description:
      '1, or 2 to read the contacts file on a thread of its own (default: 2 for a file of 16 MB or more on a machine with 2 or more cores; standard input, a file that must be transcoded and explain are read on one)',
    commands: RUN_COMMANDS,
    choices: ['1', '2'],
    parse: (value) => (value === '2' ? 2 : 1),
    config: { schema: z.union([z.literal(1), z.literal(2)], { error: 'expected 1 or 2' }) },
    engine: 'reading.threads',
  }),
  pseudonymise: option<boolean>({
    flags: '--pseudonymise',
    description: 'replace every child ID in every output with a keyed pseudonym (key in EHCP_RECON_KEY)',
    commands: RUN_COMMANDS,
    switch: 'off',
    config: { schema: z.boolean() },
  }),
  quiet: option<boolean>({
    flags: '-q, --quiet',
    description: {
      reconcile: 'no notes or progress on standard error',
      validate: 'no notes or progress on standard error',
      explain: 'no notes or progress on standard error',
      generate: 'no notes on standard error',
    },
    commands: [...RUN_COMMANDS, 'generate'],
    switch: 'off',
    config: { schema: z.boolean() },
  }),

  format: option({
    flags: '--format <format>',
    description: {
      reconcile: 'standard output format',
      validate: 'standard output format',
      explain: 'table (text) or json',
      diff: 'standard output format',
      inspect: 'table (text), or json for the mapping file alone',
    },
    commands: ['reconcile', 'validate', 'explain', 'diff', 'inspect'],
    choices: (command) =>
      command === 'explain'
        ? formatsFor('explanation')
        : command === 'inspect'
          ? ['table', 'json']
          : command === 'validate'
            ? formatsFor('validation')
            : formatsFor('reconciliation'),
    defaultValue: 'table',
    config: { schema: text, commands: ['reconcile', 'validate'] },
  }),
  out: option({
    flags: '--out <dir>',
    description: {
      reconcile: 'write reconciliation.csv, shortfall.csv, worklist.csv, exceptions.csv, summary.json, report.html, shortfall.xlsx and manifest.json here',
      validate: 'write exceptions.csv here',
      generate: 'folder for plans.csv and contacts.csv (and mapping.json)',
    },
    commands: ['reconcile', 'validate', 'generate'],
    required: ['generate'],
    config: { schema: text, commands: ['reconcile'], isPath: true },
  }),
  splitBy: option<SplitField>({
    flags: '--split-by <field>',
    description:
      'also write, under --out, a folder for each commissioner, provider or locality (by-<field>/<name>/) with its shortfall.csv, worklist.csv and shortfall.xlsx, and by-<field>/index.csv listing them',
    commands: ['reconcile'],
    choices: SPLIT_FIELDS,
    config: { schema: z.enum(SPLIT_FIELDS) },
  }),
  fileMode: option<number>({
    flags: '--file-mode <octal>',
    description: 'mode of the files written under --out, e.g. 640 for a shared team folder (default 600: owner only)',
    commands: ['reconcile', 'validate', 'generate'],
    parse: parseFileMode,
    config: { schema: text, commands: ['reconcile', 'validate'] },
  }),
  bom: option<boolean>({
    flags: '--no-bom',
    description: 'leave the UTF-8 BOM out of CSV files under --out',
    commands: ['reconcile', 'validate'],
    switch: 'on',
    config: { schema: z.boolean(), commands: ['reconcile'] },
  }),
  failOnShortfall: option<boolean>({
    flags: '--fail-on-shortfall',
    description: 'exit 4 when any child-year is short',
    commands: ['reconcile'],
    switch: 'off',
    config: { schema: z.boolean() },
  }),
  failOnWarning: option<boolean>({
    flags: '--fail-on-warning',
    description: {
      reconcile: 'stop with exit 3, writing no output, when the run has a run-health warning (--strict does too)',
      validate: 'exit 3 when the run has a run-health warning (--strict does too)',
    },
    commands: ['reconcile', 'validate'],
    switch: 'off',
    config: { schema: z.boolean() },
  }),
  recoverBy: option({
    flags: '--recover-by <date>',
    description: 'recovery deadline, YYYY-MM-DD (default: end of the next term)',
    commands: ['reconcile'],
    parse: parseDay,
    config: { schema: text },
    engine: 'recovery.recoverBy',
  }),
  capacity: option({
    flags: '--capacity <hours>',
    description: 'in-house recovery capacity, hours per week',
    commands: ['reconcile'],
    parse: parsePositiveDecimal,
    config: { schema: positive },
    engine: 'recovery.capacity',
  }),
  rate: option({
    flags: '--rate <gbp>',
    description: 'cost of independent provision, £ per hour',
    commands: ['reconcile'],
    parse: parsePositiveDecimal,
    config: { schema: positive },
    engine: 'recovery.rate',
  }),

  children: option<number>({ flags: '--children <n>', description: 'number of children', commands: ['generate'], parse: parseChildren, required: true }),
  seed: option<number>({
    flags: '--seed <n>',
    description: 'random seed: the same seed gives the same files',
    commands: ['generate'],
    parse: parseWholeNumber,
    defaultValue: 1,
  }),
  dataYear: option<number>({
    flags: '--year <year>',
    description: 'academic year of the data',
    commands: ['generate'],
    parse: yearStartOf,
    defaultValue: 2025,
  }),
  dataAsOf: option<Day>({
    flags: '--as-of <date>',
    description: 'contacts after this date are booked, not yet delivered (default: the year end)',
    commands: ['generate'],
    parse: dayOf,
  }),
  flavour: option({
    flags: '--flavour <flavour>',
    description: 'canonical headers, or a provider export with its mapping file',
    commands: ['generate'],
    choices: ['canonical', 'provider'],
    defaultValue: 'canonical',
  }),

  minutesMoved: option<number>({
    flags: '--tolerance <minutes>',
    description: 'a child must move by more than this many minutes of shortfall to count as worsened or improved',
    commands: ['diff'],
    parse: parseWholeNumber,
    defaultValue: 0,
  }),
  force: option<boolean>({
    flags: '--force',
    description: 'compare different years or disciplines (never different pseudonymisation keys)',
    commands: ['diff'],
    switch: 'off',
  }),
} as const;

type Options = typeof OPTIONS;
export type OptionName = keyof Options;

/** The values of the options a command was given (commander has parsed and checked each one). */
export type OptionValues = { readonly [K in OptionName]?: Options[K] extends OptionSpec<infer T> ? T : never };

/** The long name of a flag without its no-: "--no-bom" → "bom", "-q, --quiet" → "quiet". */
function longNameOf(flags: string): string {
  return /--(?:no-)?([a-z][a-z-]*)/.exec(flags)![1]!;
}

/** The commander attribute of a flag: --as-of → asOf, --no-bom → bom. */
function attributeOf(flags: string): string {
  return longNameOf(flags).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function entries(): Array<[OptionName, OptionSpec<unknown>]> {
  return Object.entries(OPTIONS) as Array<[OptionName, OptionSpec<unknown>]>;
}

function descriptionOf(spec: OptionSpec<unknown>, command: CommandName | undefined): string {
  if (typeof spec.description === 'string') return spec.description;
  return (command === undefined ? undefined : spec.description[command]) ?? Object.values(spec.description)[0] ?? '';
}

/** The commander options of `command` (undefined: the program's own), in the table's order. */
export function commanderOptions(command: CommandName | undefined): Option[] {
  const options: Option[] = [];
  for (const [, spec] of entries()) {
    if (command === undefined ? spec.commands.length > 0 : !spec.commands.includes(command)) continue;
    const made = new Option(spec.flags, descriptionOf(spec, command));
    const choices = typeof spec.choices === 'function' ? spec.choices(command!) : spec.choices;
    if (choices !== undefined) made.choices(choices);
    if (spec.parse !== undefined) {
      // After the choices are checked (commander's own check, with its wording), the value is parsed.
      const checkChoice = made.parseArg;
      const parse = spec.parse;
      made.argParser((value: string, previous: unknown) => parse(checkChoice === undefined ? value : (checkChoice(value, previous) as string)));
    }
    if (spec.defaultValue !== undefined) made.default(spec.defaultValue);
    if (spec.switch === 'off') made.default(false);
    if (spec.required === true || (Array.isArray(spec.required) && command !== undefined && spec.required.includes(command))) made.makeOptionMandatory();
    options.push(made);
    // The other form of a switch, left out of --help (it would double every switch for a use the README describes).
    const name = longNameOf(spec.flags);
    if (spec.switch === 'off') options.push(new Option(`--no-${name}`).hideHelp());
    if (spec.switch === 'on') options.push(new Option(`--${name}`).hideHelp());
  }
  return options;
}

/** Adds `command`'s options to a commander command. */
export function withOptions(program: Command, command: CommandName): Command {
  for (const made of commanderOptions(command)) program.addOption(made);
  return program;
}

/** The values commander parsed for `command`, by option name. */
export function optionValues(command: CommandName | undefined, parsed: Readonly<Record<string, unknown>>): OptionValues {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of entries()) {
    if (command === undefined ? spec.commands.length > 0 : !spec.commands.includes(command)) continue;
    const value = parsed[attributeOf(spec.flags)];
    if (value !== undefined) values[name] = value;
  }
  // One cast, here: each value came through its own entry's parser, choices or switch.
  return values as OptionValues;
}

/** The engine's options made from the values of a run command. */
export function engineOptionsOf(values: OptionValues): ReconcileOptions {
  const options: Record<string, unknown> = {};
  for (const [name, spec] of entries()) {
    const value = values[name];
    if (spec.engine === undefined || value === undefined) continue;
    const [group, key] = spec.engine.includes('.') ? spec.engine.split('.') : [undefined, spec.engine];
    if (group !== undefined) options[group] ??= {};
    const target = group === undefined ? options : (options[group] as Record<string, unknown>);
    target[key!] = value;
  }
  return options as ReconcileOptions;
}

// ---- The config file ----

type ConfigKey = { [K in OptionName]: Options[K] extends { readonly config: object } ? K : never }[OptionName];

const CONFIG_KEYS = entries()
  .filter(([, spec]) => spec.config !== undefined)
  .map(([name]) => name as ConfigKey);

/** The config file (--config): every option a run can take, by its name in this table. */
export const ConfigSchema = z.strictObject(Object.fromEntries(CONFIG_KEYS.map((key) => [key, (OPTIONS[key] as OptionSpec<unknown>).config!.schema]))).partial();

export type Config = Partial<Record<ConfigKey, unknown>>;

/** The commands a config file serves: each takes the keys of its own options (the rest are another command's). */
export const CONFIG_COMMANDS: readonly CommandName[] = RUN_COMMANDS;

function takesFromConfig(spec: OptionSpec<unknown>, command: CommandName): boolean {
  if (spec.config === undefined) return false;
  // The program's own options (colour) serve every command a config file serves.
  if (spec.commands.length === 0) return (spec.config.commands ?? CONFIG_COMMANDS).includes(command);
  return (spec.config.commands ?? spec.commands).includes(command);
}

/**
 * The command-line words a config stands for, for `command`: the options it takes, paths made
 * relative to the config file's folder. A switch's value that is its default says nothing.
 */
export function configArguments(config: Config, resolvePath: (path: string) => string, command: CommandName): { global: string[]; command: string[] } {
  const global: string[] = [];
  const words: string[] = [];
  for (const [name, spec] of entries()) {
    const value = (config as Record<string, unknown>)[name];
    if (value === undefined || !takesFromConfig(spec, command)) continue;
    const target = spec.commands.length === 0 ? global : words;
    const longName = longNameOf(spec.flags);
    if (spec.switch === 'off') {
      if (value === true) target.push(`--${longName}`);
      continue;
    }
    if (spec.switch === 'on') {
      if (value === false) target.push(`--no-${longName}`);
      continue;
    }
    const word = String(value);
    target.push(`--${longName}`, spec.config?.isPath === true && word !== '-' ? resolvePath(word) : word);
  }
  return { global, command: words };
}
