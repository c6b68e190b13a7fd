// --config FILE: the options of a run (reconcile, validate, explain), as JSON, for scheduled runs. The
// file is validated strictly (a misspelt option is named) and turned into command-line words placed
// before the user's own, so every value goes through the same parser as on the command line and a
// flag given there wins. The keys and their types are the options table's (options.ts).
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { describeFsError } from '../io/inputFiles.js';
import { describeSchemaProblems } from '../schema/mapping.js';
import { CONFIG_COMMANDS, ConfigSchema, configArguments, type CommandName, type Config } from './options.js';

export function parseConfig(textOfFile: string): { config: Config } | { problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(textOfFile.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { problems: [`not valid JSON (${(error as Error).message})`] };
  }
  const parsed = ConfigSchema.safeParse(json);
  return parsed.success ? { config: parsed.data as Config } : { problems: describeSchemaProblems(parsed.error) };
}

/**
 * Replaces `--config FILE` with the words the file stands for, before the user's own (which win). Each
 * run command takes its own options from the file; a key no command has stops the run. Also returns
 * the file's path: an input, which no output may replace.
 */
export async function expandConfig(argv: readonly string[], cwd: string): Promise<{ argv: string[]; configFile: string | undefined }> {
  const at = argv.findIndex((word) => word === '--config' || word.startsWith('--config='));
  if (at < 0) return { argv: [...argv], configFile: undefined };
  const word = argv[at]!;
  const path = word.includes('=') ? word.slice('--config='.length) : argv[at + 1];
  if (path === undefined || path === '') throw new UsageError('--config needs the path of a JSON file');
  const rest = [...argv.slice(0, at), ...argv.slice(at + (word.includes('=') ? 1 : 2))];
  const commandAt = rest.findIndex((candidate) => !candidate.startsWith('-'));
  if (commandAt < 0) throw new UsageError('--config needs a command, e.g. "ehcp-recon reconcile --config monthly.json"');
  const command = rest[commandAt]!;
  if (!(CONFIG_COMMANDS as readonly string[]).includes(command)) throw new UsageError(`--config serves ${CONFIG_COMMANDS.join(', ')}, not ${command}`);
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the config file "${path}": ${describeFsError(error)}`);
  }
  const parsed = parseConfig(text);
  if ('problems' in parsed) throw new InputError(`the config file "${path}" does not validate: ${parsed.problems.join('; ')}`);
  // Paths in a config file are relative to the file, so a scheduled job can run from anywhere.
  const folder = dirname(file);
  const words = configArguments(parsed.config, (given) => (isAbsolute(given) ? given : resolve(folder, given)), command as CommandName);
  return { argv: [...words.global, ...rest.slice(0, commandAt + 1), ...words.command, ...rest.slice(commandAt + 1)], configFile: file };
}
