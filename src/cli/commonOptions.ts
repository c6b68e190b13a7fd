// Options shared by the commands that read the two inputs, declared once.
import { Option, type Command } from 'commander';
import { DISCIPLINES } from '../schema/vocabulary.js';
import {
  ENCODINGS,
  parseDayOption,
  parseDelimiter,
  parseDisciplineOption,
  parseWholeNumber,
  parseYearOption,
  type RunRequest,
} from './runOptions.js';

export function addInputOptions(command: Command): Command {
  return command
    .requiredOption('--plans <file>', 'plans CSV: one row per provision line ("-" for standard input)')
    .requiredOption('--contacts <file>', 'contacts CSV: one row per contact ("-" for standard input)')
    .option('--year <year>', 'academic year to reconcile, e.g. 2024/25 (default: the year holding --as-of)', parseYearOption)
    .option('--as-of <date>', 'reconcile up to this date, YYYY-MM-DD (default: today, or the last day of a --year that has ended)', parseDayOption)
    .option('--calendar <file>', 'the council\'s term dates: CSV with year,term,start,end[,weeks]')
    .option('--mapping <file>', 'mapping file (JSON) naming columns and values the built-in aliases miss')
    .addOption(new Option('--discipline <discipline>', `reconcile one discipline only (${DISCIPLINES.join(', ')})`).argParser(parseDisciplineOption))
    .option('--tolerance <minutes>', 'shortfall minutes at or under this count as met', parseWholeNumber, 0)
    .option('--count-indirect', 'count indirect contacts (reports, liaison) as delivered', false)
    .addOption(new Option('--encoding <encoding>', 'input encoding when there is no BOM').choices(ENCODINGS))
    .option('--delimiter <delimiter>', 'comma, semicolon or tab (default: detected from the header)', parseDelimiter)
    .option('--date-format <tokens>', 'date-fns tokens for input dates, e.g. dd/MM/yyyy (default: detected)')
    .option('--excel-dates', 'read plain numbers in date columns as Excel serial days', false)
    .option('--strict', 'stop with exit 3 when any row is an exception', false)
    .option('--max-errors <n>', 'stop with exit 3 when there are more than N exception rows', parseWholeNumber)
    .addOption(new Option('--threads <n>', '1, or 2 to read the contacts file on a thread of its own (default: 2 for a file of 16 MB or more on a machine with 2 or more cores; standard input, a file that must be transcoded and explain are read on one)').choices(['1', '2']))
    .option('--pseudonymise', 'replace every child ID in every output with a keyed pseudonym (key in EHCP_RECON_KEY)', false)
    .option('-q, --quiet', 'no notes or progress on standard error', false)
    .addOption(hiddenSwitchOff('count-indirect'))
    .addOption(hiddenSwitchOff('excel-dates'))
    .addOption(hiddenSwitchOff('strict'))
    .addOption(hiddenSwitchOff('pseudonymise'))
    .addOption(hiddenSwitchOff('quiet'));
}

/**
 * `--no-NAME`, which turns off a switch a config file turned on (the command line wins). Left out of
 * --help, where it would double every switch for a use the README describes.
 */
export function hiddenSwitchOff(name: string): Option {
  return new Option(`--no-${name}`).hideHelp();
}

/** `--NAME` for a switch that is on unless `--no-NAME` (bom, color): turns it on again after a config file's false. */
export function hiddenSwitchOn(name: string): Option {
  return new Option(`--${name}`).hideHelp();
}

/** The typed request of the input options; commander has already parsed and checked each value. */
export function runRequestOf(options: Record<string, unknown>, configFile: string | undefined): RunRequest {
  return {
    configFile,
    plans: options.plans as string,
    contacts: options.contacts as string,
    year: options.year as number | undefined,
    asOf: options.asOf as number | undefined,
    calendar: options.calendar as string | undefined,
    mapping: options.mapping as string | undefined,
    discipline: options.discipline as RunRequest['discipline'],
    tolerance: options.tolerance as number,
    countIndirect: options.countIndirect === true,
    encoding: options.encoding as RunRequest['encoding'],
    delimiter: options.delimiter as string | undefined,
    dateFormat: options.dateFormat as string | undefined,
    excelDates: options.excelDates === true,
    strict: options.strict === true,
    maxErrors: options.maxErrors as number | undefined,
    quiet: options.quiet === true,
    pseudonymise: options.pseudonymise === true,
    threads: options.threads === undefined ? undefined : options.threads === '2' ? 2 : 1,
  };
}
