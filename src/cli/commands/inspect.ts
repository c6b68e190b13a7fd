// `ehcp-recon inspect FILE`, or `inspect --plans P --contacts C`: for each file, the header found (below
// any title block), the fields recognised, the known export it looks like; then ONE mapping file
// covering every file inspected (docs/exports.md#inspect). A file is opened as a run opens it
// (engine/tableOpening.ts): a workbook is read as a sheet, anything else as CSV.
import { stat } from 'node:fs/promises';
import { InputError, UsageError } from '../../errors.js';
import { swappedInputs } from '../../engine/headerFinding.js';
import { loadPresets, PRESET_TITLES, type Preset } from '../../engine/presets.js';
import { openInputTable } from '../../engine/tableOpening.js';
import { CsvInputError, type Encoding } from '../../io/csvReader.js';
import { MAX_RECORDS_ABOVE_HEADER } from '../../io/csvTypes.js';
import { describeFsError } from '../../io/inputFiles.js';
import type { TableReadSummary } from '../../io/tableSource.js';
import { counted } from '../../report/headlineText.js';
import { chooseHeaderRow, inspectHeaders, mappingOfInspections, type FileInspection, type FileReadingFound } from '../../schema/inspection.js';
import { REQUIRED_STAND_INS } from '../../schema/fields.js';
import { unfilledColumns, type MappedHeader } from '../../schema/mapping.js';
import { visible } from '../../schema/visibleText.js';
import type { InputFile } from '../../schema/vocabulary.js';
import { cellTexts, type Cells } from '../../table/cells.js';
import { writeText, type CliContext } from '../context.js';
import { EXIT, type ExitStatus } from '../exitStatus.js';

export interface InspectRequest {
  /** Each file, and the input it is when the command line says (--plans, --contacts). */
  readonly files: readonly { readonly path: string; readonly kind: InputFile | undefined }[];
  readonly encoding: Encoding | undefined;
  readonly delimiter: string | undefined;
  /** The sheet to read of a file that is a workbook (--sheet); the mapping written then names it. */
  readonly sheet: string | undefined;
  readonly format: 'table' | 'json';
}

/** A file's first rows and how it was read. */
interface FileHead {
  readonly rows: string[][];
  readonly lines: number[];
  readonly records: number;
  readonly read: TableReadSummary;
  /** Read as windows-1252 because it is not UTF-8 and no --encoding was given. */
  readonly isFallbackEncoding: boolean;
}

async function readHead(path: string, what: string, request: InspectRequest): Promise<FileHead> {
  const readAs = async (encoding: Encoding | undefined) => {
    const rows: string[][] = [];
    const lines: number[] = [];
    // Every row is kept as a candidate header (up to the rows a run would look through), and counted.
    const keep = (cells: Cells) => {
      if (rows.length > MAX_RECORDS_ABOVE_HEADER) return;
      rows.push(cellTexts(cells));
      lines.push(cells.line);
    };
    const table = await openInputTable(path, what, { encoding, delimiter: request.delimiter, sheet: request.sheet });
    try {
      const read = await table.read({ header: (cells) => keep(cells), row: keep });
      return { rows, lines, records: read.records + 1, read };
    } finally {
      table.close();
    }
  };
  try {
    return { ...(await readAs(request.encoding)), isFallbackEncoding: false };
  } catch (error) {
    // Exports from clinical systems are often windows-1252: inspect reads such a file anyway, and says so.
    if (!(error instanceof CsvInputError) || error.problem.code !== 'invalid-utf-8' || request.encoding !== undefined) throw error;
    return { ...(await readAs('windows-1252')), isFallbackEncoding: true };
  }
}

function showHeader(header: MappedHeader): string {
  return typeof header === 'string' ? `"${header}"` : header.map((part) => `"${part}"`).join(' + ');
}

/** How the file was read: its encoding and delimiter, or the sheet of a workbook and the others it has. */
function describeReading(path: string, head: FileHead, dataRows: number): string[] {
  const { read } = head;
  if (read.sheet !== undefined) {
    const others = (read.sheets ?? []).filter((sheet) => sheet !== read.sheet);
    const rows = counted(dataRows, 'data row');
    if (others.length === 0) return [`${path}: an .xlsx workbook; its only sheet, "${read.sheet}", read: ${rows}.`];
    return [
      `${path}: an .xlsx workbook; sheet "${read.sheet}" read: ${rows}.`,
      `Its other sheets: ${others.map((sheet) => `"${sheet}"`).join(', ')} (--sheet NAME reads another).`,
    ];
  }
  const delimiterName = read.delimiter === '\t' ? 'tab' : read.delimiter === ';' ? 'semicolon' : 'comma';
  const lines = [`${path}: ${read.encoding}${read.hadBom ? ' with BOM' : ''}, ${delimiterName}-separated, ${counted(dataRows, 'data row')}.`];
  if (head.isFallbackEncoding)
    lines.push('It is not UTF-8: read as windows-1252 (reconcile needs --encoding windows-1252, or a mapping or preset that says so).');
  return lines;
}

function describeFile(path: string, head: FileHead, headerAt: number, inspection: FileInspection): string[] {
  const headerLine = head.lines[headerAt] ?? 1;
  const lines = describeReading(path, head, head.records - headerAt - 1);
  if (headerAt > 0) {
    const where = head.read.sheet === undefined ? 'line' : 'row';
    const above = counted(headerLine - 1, where);
    lines.push(`The header is ${where} ${headerLine}: the ${above} above it ${headerLine === 2 ? 'is' : 'are'} a title block, which reconcile reads past.`);
  }
  const known = inspection.knownExport;
  const { looksLike } = inspection;
  lines.push(
    looksLike !== undefined && looksLike !== inspection.kind
      ? `Given as the ${inspection.kind} file, but ${swappedInputs(looksLike)}`
      : known === undefined
        ? `Looks like a ${inspection.kind} file.`
        : `This looks like ${PRESET_TITLES[known.name as Preset['name']] ?? known.name}: use --preset ${known.name}.`,
  );
  lines.push(
    '',
    'Fields recognised:',
    ...Object.entries(inspection.placed).map(([field, header]) => `  ${field.padEnd(16)} ← ${showHeader(header)}`),
    '',
    `Headers not used: ${inspection.unplacedHeaders.length === 0 ? 'none' : inspection.unplacedHeaders.map((header) => `"${header}"`).join(', ')}`,
  );
  // The same check reconcile makes, so that inspect never calls a file fine that reconcile refuses.
  const withWhat = known === undefined ? 'a mapping file' : `a mapping file or --preset ${known.name}`;
  if (inspection.problem !== undefined) lines.push(`Without ${withWhat}, reconcile would stop here: ${inspection.problem}.`);
  const missing = inspection.missingRequired;
  if (missing.length > 0) {
    const standIns = REQUIRED_STAND_INS[inspection.kind];
    const alternatives = missing.flatMap((field) => (standIns[field] === undefined ? [] : [`or name ${standIns[field].join(' and ')} instead of ${field}`]));
    lines.push(
      `FILL IN: no column reads as ${missing.join(' or ')}, which a run needs. The mapping below holds a placeholder for ${missing.length === 1 ? 'it' : 'each'}: ` +
        `replace "<fill in: …>" with the header of the column that holds ${missing.length === 1 ? 'it' : 'each'}${alternatives.length === 0 ? '' : ` (${alternatives.join('; ')})`}; ` +
        'until then a run with this mapping stops.',
    );
  }
  return lines;
}

/** Said wherever the mapping goes, when it holds placeholders: it is not ready to use as it is. */
function describeUnfilled(unfilled: readonly string[]): string {
  return `the mapping leaves ${unfilled.join(', ')} to fill in: replace each "<fill in: …>" with the header of the file's column that holds that field; a run with it stops until then`;
}

export async function inspectCommand(request: InspectRequest, context: CliContext): Promise<ExitStatus> {
  if (request.files.length === 0)
    throw new UsageError('inspect needs a file: "ehcp-recon inspect FILE", or --plans FILE and --contacts FILE for one mapping covering both');
  const presets = await loadPresets();
  const inspections: FileInspection[] = [];
  const reading: Partial<Record<InputFile, FileReadingFound>> = {};
  const sections: string[][] = [];
  for (const file of request.files) {
    try {
      await stat(file.path);
    } catch (error) {
      throw new InputError(`cannot read "${file.path}": ${describeFsError(error)}`);
    }
    const head = await readHead(file.path, file.kind ?? 'input', request);
    const headerAt = chooseHeaderRow(head.rows, file.kind, presets);
    const inspection = inspectHeaders(head.rows[headerAt] ?? [], { kind: file.kind, exports: presets });
    if (inspections.some((earlier) => earlier.kind === inspection.kind)) {
      throw new UsageError(`two of the files inspected read as ${inspection.kind} files: name each with --plans FILE and --contacts FILE`);
    }
    inspections.push(inspection);
    reading[inspection.kind] = {
      encoding: head.isFallbackEncoding ? 'windows-1252' : undefined,
      // Only a sheet asked for: the first visible sheet is read anyway, whatever next month's is called.
      sheet: request.sheet === undefined ? undefined : head.read.sheet,
    };
    sections.push(describeFile(file.path, head, headerAt, inspection));
  }
  const mapping = mappingOfInspections(inspections, reading);
  const unfilled = unfilledColumns(mapping);
  const mappingJson = `${JSON.stringify(mapping, null, 2)}\n`;
  if (request.format === 'json') {
    await writeText(context.stdout, mappingJson);
    // Standard output is likely a file: the warning goes where the person running it will see it.
    if (unfilled.length > 0) await writeText(context.stderr, `ehcp-recon: warning: ${visible(describeUnfilled(unfilled))}\n`);
    return EXIT.done;
  }
  const covers = inspections.length > 1 ? ', covering both files' : '';
  const lines = [...sections.flatMap((section) => [...section, '']), `A mapping file to start from${covers} (--format json prints only this):`, mappingJson];
  if (unfilled.length > 0) lines.push(`Not ready as it is: ${describeUnfilled(unfilled)}.`, '');
  // Headers came from the file: nothing in them may act on the terminal.
  await writeText(context.stdout, lines.join('\n').split('\n').map(visible).join('\n'));
  return EXIT.done;
}
