// The command line: declares the commands, turns their options into typed requests, runs one, and maps
// whatever stops it to an exit status. Nothing below this file calls process.exit.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { InputError, UsageError } from '../errors.js';
import { CONFIG_COMMANDS, configArguments, parseConfig } from './configFile.js';
import { describeFsError } from './reading/inputFiles.js';
import { addInputOptions, hiddenSwitchOff, hiddenSwitchOn, runRequestOf } from './commonOptions.js';
import { guardOutputStreams, type CliContext } from './context.js';
import { decideExit, EXIT, type ExitStatus } from './exitStatus.js';
import { diffCommand } from './commands/diff.js';
import { explainCommand } from './commands/explain.js';
import { generateCommand } from './commands/generate.js';
import { inspectCommand } from './commands/inspect.js';
import { reconcileCommand } from './commands/reconcile.js';
import { validateCommand } from './commands/validate.js';
import { ENCODINGS, FORMATS, parseDayOption, parseDelimiter, parsePositiveDecimal, parseWholeNumber, parseYearOption, type Format } from './runOptions.js';

import type { Rational } from '../exact/rational.js';
import type { Encoding } from '../io/csvReader.js';
import { VERSION } from './version.js';
import { readFileMode } from '../io/fileModes.js';

export type { CliContext } from './context.js';

function parseChildren(text: string): number {
  const value = parseWholeNumber(text);
  if (value < 1 || value > 1_000_000) throw new InvalidArgumentError('expected a whole number from 1 to 1,000,000.');
  return value;
}

function parseFileMode(text: string): number {
  const read = readFileMode(text);
  if ('problem' in read) throw new InvalidArgumentError(`${read.problem}.`);
  return read.mode;
}

/** --file-mode, for the commands that write files (docs/output-folders.md). */
function fileModeOption(): Option {
  return new Option('--file-mode <octal>', 'mode of the files written, e.g. 640 for a team folder (default: 600, owner only)').argParser(parseFileMode);
}

function formatOption(): Option {
  return new Option('--format <format>', 'standard output format').choices(FORMATS).default('table');
}

/**
 * Replaces `--config FILE` with the words the file stands for, before the user's own (which win). Each
 * run command takes its own options from the file (configFile.ts); a key no command has stops the run.
 */
async function expandConfig(argv: readonly string[], cwd: string): Promise<{ argv: string[]; configFile: string | undefined }> {
  const at = argv.findIndex((word) => word === '--config' || word.startsWith('--config='));
  if (at < 0) return { argv: [...argv], configFile: undefined };
  const word = argv[at]!;
  const path = word.includes('=') ? word.slice('--config='.length) : argv[at + 1];
  if (path === undefined || path === '') throw new UsageError('--config needs the path of a JSON file');
  const rest = [...argv.slice(0, at), ...argv.slice(at + (word.includes('=') ? 1 : 2))];
  const commandAt = rest.findIndex((candidate) => !candidate.startsWith('-'));
  if (commandAt < 0) throw new UsageError('--config needs a command, e.g. "ehcp-recon reconcile --config monthly.json"');
  const command = rest[commandAt]!;
  if (!CONFIG_COMMANDS.includes(command)) throw new UsageError(`--config serves ${CONFIG_COMMANDS.join(', ')}, not ${command}`);
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the config file "${path}": ${describeFsError(error)}`);
  }
  const parsed = parseConfig(text);
  if ('problems' in parsed) throw new InputError(`the config file "${path}" does not validate: ${parsed.problems.join('; ')}`);
  const words = configArguments(parsed.config, file, command);
  return { argv: [...words.global, ...rest.slice(0, commandAt + 1), ...words.command, ...rest.slice(commandAt + 1)], configFile: file };
}

export async function run(context: CliContext): Promise<number> {
  guardOutputStreams(context);
  try {
    const { argv, configFile } = await expandConfig(context.argv, context.cwd);
    return await runCommand(context, argv, configFile);
  } catch (error) {
    return reportFailure(context, error);
  }
}

function reportFailure(context: CliContext, error: unknown): ExitStatus {
  const decision = decideExit(error);
  context.stderr.write(`ehcp-recon: ${decision.message}\n`);
  if (decision.detail !== undefined && context.env.EHCP_RECON_DEBUG) context.stderr.write(`${decision.detail}\n`);
  return decision.status;
}

/** `configFile`: the --config file the words came from, if any, an input no output may replace. */
async function runCommand(context: CliContext, argv: readonly string[], configFile: string | undefined): Promise<number> {
  let status: ExitStatus = EXIT.done;
  const program = new Command('ehcp-recon');
  program
    .description('Reconcile EHCP-required therapy hours against provider contact logs: who is short, by how much, and what it takes to recover.')
    .version(VERSION, '-V, --version')
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR is honoured too)')
    .addOption(hiddenSwitchOn('color'))
    .option('--config <file>', 'read options from a JSON file; options on the command line win')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      // One sentence, as every other failure prints: commander's own wording, then where to look.
      outputError: (text, write) => {
        const sentence = text.replace(/^error: /, '').trim();
        write(`ehcp-recon: ${/[.!?]$/.test(sentence) ? sentence : `${sentence}.`} See "ehcp-recon --help".\n`);
      },
    });
  const colorFlag = () => program.opts<{ color: boolean }>().color;

  addInputOptions(program.command('reconcile'))
    .description('reconcile plans against contacts: child-years, shortfall, recovery worklist')
    .addOption(formatOption())
    .option('--out <dir>', 'write reconciliation.csv, shortfall.csv, worklist.csv, exceptions.csv, summary.json, report.html and manifest.json here')
    .option('--no-bom', 'leave the UTF-8 BOM out of CSV files under --out')
    .addOption(hiddenSwitchOn('bom'))
    .addOption(fileModeOption())
    .option('--fail-on-shortfall', 'exit 4 when any child-year is short', false)
    .addOption(hiddenSwitchOff('fail-on-shortfall'))
    .option('--recover-by <date>', 'recovery deadline, YYYY-MM-DD (default: end of the next term)', parseDayOption)
    .option('--capacity <hours>', 'in-house recovery capacity, hours per week', parsePositiveDecimal)
    .option('--rate <gbp>', 'cost of independent provision, £ per hour', parsePositiveDecimal)
    .addHelpText('after', '\nExample:\n  ehcp-recon reconcile --plans plans.csv --contacts contacts.csv --as-of 2025-03-31 --out out/ --capacity 20 --rate 75')
    .action(async (options: Record<string, unknown>) => {
      const request = runRequestOf(options, configFile);
      const recoverBy = options.recoverBy as number | undefined;
      status = await reconcileCommand(
        {
          ...request,
          format: options.format as Format,
          out: options.out as string | undefined,
          bom: options.bom !== false,
          fileMode: options.fileMode as number | undefined,
          failOnShortfall: options.failOnShortfall === true,
          recoverBy,
          capacity: options.capacity as Rational | undefined,
          rate: options.rate as Rational | undefined,
        },
        context,
        colorFlag(),
      );
    });

  addInputOptions(program.command('validate'))
    .description('read and check only: the row accounting and the exceptions')
    .addOption(formatOption())
    .option('--out <dir>', 'write exceptions.csv here')
    .option('--no-bom', 'leave the UTF-8 BOM out of CSV files under --out')
    .addOption(hiddenSwitchOn('bom'))
    .addOption(fileModeOption())
    .addHelpText('after', '\nExample:\n  ehcp-recon validate --plans plans.csv --contacts contacts.csv --as-of 2025-03-31')
    .action(async (options: Record<string, unknown>) => {
      status = await validateCommand(
        { ...runRequestOf(options, configFile), format: options.format as Format, out: options.out as string | undefined, bom: options.bom !== false, fileMode: options.fileMode as number | undefined },
        context,
      );
    });

  addInputOptions(program.command('explain'))
    .description('the audit trail of one child: each line, each contact row, the totals')
    .requiredOption('--child <id>', 'the child ID, exactly as in the files')
    .addOption(new Option('--format <format>', 'table (text) or json').choices(['table', 'json']).default('table'))
    .addHelpText('after', '\nExample:\n  ehcp-recon explain --child C0000123 --plans plans.csv --contacts contacts.csv --as-of 2025-03-31')
    .action(async (options: Record<string, unknown>) => {
      status = await explainCommand({ ...runRequestOf(options, configFile), childId: options.child as string, format: options.format as Format }, context);
    });

  program
    .command('inspect')
    .description('headers found, fields recognised, and a mapping file to start from')
    .argument('<file>', 'a CSV file')
    .addOption(new Option('--encoding <encoding>', 'input encoding when there is no BOM').choices(ENCODINGS))
    .option('--delimiter <delimiter>', 'comma, semicolon or tab (default: detected)', parseDelimiter)
    .addOption(new Option('--format <format>', 'table (text), or json for the mapping file alone').choices(['table', 'json']).default('table'))
    .addHelpText('after', '\nExample:\n  ehcp-recon inspect contacts.csv --format json > mapping.json')
    .action(async (file: string, options: Record<string, unknown>) => {
      status = await inspectCommand(
        { file, encoding: options.encoding as Encoding | undefined, delimiter: options.delimiter as string | undefined, format: options.format as 'table' | 'json' },
        context,
      );
    });

  program
    .command('generate')
    .description('realistic synthetic plans and contacts, for demos and benchmarks')
    .requiredOption('--children <n>', 'number of children', parseChildren)
    .requiredOption('--out <dir>', 'folder for plans.csv and contacts.csv (and mapping.json)')
    .option('--seed <n>', 'random seed: the same seed gives the same files', parseWholeNumber, 1)
    .option('--year <year>', 'academic year of the data', parseYearOption, 2025)
    .option('--as-of <date>', 'contacts after this date are booked, not yet delivered (default: the year end)', parseDayOption)
    .addOption(new Option('--flavour <flavour>', 'canonical headers, or a provider export with its mapping file').choices(['canonical', 'provider']).default('canonical'))
    .option('-q, --quiet', 'no notes on standard error', false)
    .addOption(fileModeOption())
    .addHelpText('after', '\nExample:\n  ehcp-recon generate --children 20000 --seed 7 --flavour provider --as-of 2026-03-31 --out data/')
    .action(async (options: Record<string, unknown>) => {
      status = await generateCommand(
        {
          children: options.children as number,
          seed: options.seed as number,
          out: options.out as string,
          yearStart: options.year as number,
          asOf: options.asOf as number | undefined,
          flavour: options.flavour as 'canonical' | 'provider',
          quiet: options.quiet === true,
          fileMode: options.fileMode as number | undefined,
        },
        context,
      );
    });

  program
    .command('diff')
    .description('compare two runs (summary.json files or --out folders): who entered, left, worsened or improved in shortfall')
    .argument('<old>', 'the earlier summary.json, or the --out folder holding it')
    .argument('<new>', 'the later summary.json, or the --out folder holding it')
    .option('--tolerance <minutes>', 'a child must move by more than this many minutes of shortfall to count as worsened or improved', parseWholeNumber, 0)
    .option('--force', 'compare different years or disciplines (never different pseudonymisation keys)', false)
    .addOption(formatOption())
    .addHelpText('after', '\nExample:\n  ehcp-recon diff runs/2026-02/ runs/2026-03/ --format csv > changes.csv')
    .action(async (oldPath: string, newPath: string, options: Record<string, unknown>) => {
      status = await diffCommand(
        { old: oldPath, new: newPath, tolerance: options.tolerance as number, force: options.force === true, format: options.format as Format, color: colorFlag() },
        context,
      );
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.done;
      // Help shown because no command was given is a usage error, not a success.
      if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT.done : EXIT.usage;
      if (error.code === 'commander.executeSubCommandAsync') return EXIT.done;
      return EXIT.usage;
    }
    return reportFailure(context, error);
  }
}
