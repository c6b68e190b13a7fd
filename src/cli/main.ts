// The command line: declares the commands (their options come from options.ts), turns what commander
// parsed into typed values, runs one command, and maps whatever stops it to an exit status. Nothing
// below this file calls process.exit.
import { Command, CommanderError } from 'commander';
import type { Encoding } from '../io/csvTypes.js';
import type { DiffFormat } from '../diff/render.js';
import { expandConfig } from './configFile.js';
import { guardOutputStreams, type CliContext } from './context.js';
import { decideExit, EXIT, type ExitStatus } from './exitStatus.js';
import { commanderOptions, optionValues, withOptions, type CommandName, type OptionValues } from './options.js';
import type { Invocation } from './runInputs.js';
import { diffCommand } from './commands/diff.js';
import { explainCommand } from './commands/explain.js';
import { generateCommand } from './commands/generate.js';
import { inspectCommand } from './commands/inspect.js';
import { reconcileCommand } from './commands/reconcile.js';
import { validateCommand } from './commands/validate.js';
import { VERSION } from './version.js';

export type { CliContext } from './context.js';

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

/** The commands, their help, and what each runs with the values of its options. */
const COMMAND_TABLE: ReadonlyArray<{
  readonly name: CommandName;
  readonly arguments?: ReadonlyArray<readonly [string, string]>;
  readonly description: string;
  readonly example: string;
  readonly run: (values: OptionValues, invocation: Invocation, args: readonly string[]) => Promise<ExitStatus>;
}> = [
  {
    name: 'reconcile',
    description: 'reconcile plans against contacts: child-years, shortfall, recovery worklist',
    example: 'ehcp-recon reconcile --plans plans.csv --contacts contacts.csv --as-of 2025-03-31 --out out/ --capacity 20 --rate 75',
    run: (values, invocation) => reconcileCommand(values, invocation),
  },
  {
    name: 'validate',
    description: 'read and check only: the row accounting and the exceptions',
    example: 'ehcp-recon validate --plans plans.csv --contacts contacts.csv --as-of 2025-03-31',
    run: (values, invocation) => validateCommand(values, invocation),
  },
  {
    name: 'explain',
    description: 'the audit trail of one child: each line, each contact row, the totals',
    example: 'ehcp-recon explain --child C0000123 --plans plans.csv --contacts contacts.csv --as-of 2025-03-31',
    run: (values, invocation) => explainCommand(values, invocation),
  },
  {
    name: 'inspect',
    arguments: [['[file]', 'a CSV file or .xlsx workbook (or name the two inputs with --plans and --contacts)']],
    description: 'headers found, fields recognised, the export a file looks like, and one mapping file to start from',
    example: 'ehcp-recon inspect --plans plans.csv --contacts contacts.csv --format json > mapping.json',
    run: (values, invocation, [file]) =>
      inspectCommand(
        {
          files: [
            ...(file === undefined ? [] : [{ path: file, kind: undefined }]),
            ...(values.plans === undefined ? [] : [{ path: values.plans, kind: 'plans' as const }]),
            ...(values.contacts === undefined ? [] : [{ path: values.contacts, kind: 'contacts' as const }]),
          ],
          encoding: values.encoding as Encoding | undefined,
          delimiter: values.delimiter,
          sheet: values.sheet,
          format: values.format === 'json' ? 'json' : 'table',
        },
        invocation.context,
      ),
  },
  {
    name: 'generate',
    description: 'realistic synthetic plans and contacts, for demos and benchmarks',
    example: 'ehcp-recon generate --children 20000 --seed 7 --flavour provider --as-of 2026-03-31 --out data/',
    run: (values, invocation) =>
      generateCommand(
        {
          children: values.children!,
          seed: values.seed ?? 1,
          out: values.out!,
          yearStart: values.dataYear ?? 2025,
          asOf: values.dataAsOf,
          flavour: values.flavour === 'provider' ? 'provider' : 'canonical',
          quiet: values.quiet === true,
          fileMode: values.fileMode,
        },
        invocation.context,
      ),
  },
  {
    name: 'diff',
    arguments: [
      ['<old>', 'the earlier summary.json, or the --out folder holding it'],
      ['<new>', 'the later summary.json, or the --out folder holding it'],
    ],
    description: 'compare two runs (summary.json files or --out folders): who entered, left, worsened or improved in shortfall',
    example: 'ehcp-recon diff runs/2026-02/ runs/2026-03/ --format csv > changes.csv',
    run: (values, invocation, [oldPath, newPath]) =>
      diffCommand(
        {
          old: oldPath!,
          new: newPath!,
          tolerance: values.minutesMoved ?? 0,
          force: values.force === true,
          format: (values.format ?? 'table') as DiffFormat,
          color: invocation.colorFlag,
        },
        invocation.context,
      ),
  },
];

/** `configFile`: the --config file the words came from, if any, an input no output may replace. */
async function runCommand(context: CliContext, argv: readonly string[], configFile: string | undefined): Promise<number> {
  let status: ExitStatus = EXIT.done;
  const program = new Command('ehcp-recon');
  program
    .description('Reconcile EHCP-required therapy hours against provider contact logs: who is short, by how much, and what it takes to recover.')
    .version(VERSION, '-V, --version')
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
  for (const option of commanderOptions(undefined)) program.addOption(option);
  const invocationOf = (): Invocation => ({ context, configFile, colorFlag: optionValues(undefined, program.opts()).color !== false });

  for (const entry of COMMAND_TABLE) {
    const command = withOptions(program.command(entry.name), entry.name).description(entry.description).addHelpText('after', `\nExample:\n  ${entry.example}`);
    for (const [name, description] of entry.arguments ?? []) command.argument(name, description);
    command.action(async (...args: unknown[]) => {
      // commander passes the arguments, then the parsed options, then the command.
      const positional = args.slice(0, (entry.arguments ?? []).length) as string[];
      const parsed = args[positional.length] as Record<string, unknown>;
      status = await entry.run(optionValues(entry.name, parsed), invocationOf(), positional);
    });
  }

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
