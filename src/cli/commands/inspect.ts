// `ehcp-recon inspect FILE`, or `inspect --plans P --contacts C`: for each file, the header found (below
// any title block), the fields recognised, the known export it looks like; then ONE mapping file
// covering every file inspected (docs/exports.md#inspect).
// Opened as every input is (fileChunks.ts): a FIFO with no writer yet must not hold up a signal.
import { readFileChunks } from '../../io/fileChunks.js';
import { stat } from 'node:fs/promises';
import { InputError, UsageError } from '../../errors.js';
import { loadPresets, PRESET_TITLES, type Preset } from '../../engine/presets.js';
import { CsvInputError, readCsv, type CsvReadSummary, type Encoding } from '../../io/csvReader.js';
import { MAX_RECORDS_ABOVE_HEADER } from '../../io/csvTypes.js';
import { describeFsError } from '../../io/inputFiles.js';
import { formatNumber } from '../../report/headlineText.js';
import { chooseHeaderRow, inspectHeaders, mappingOfInspections, type FileInspection } from '../../schema/inspection.js';
import type { MappedHeader } from '../../schema/mapping.js';
import { visible } from '../../schema/visibleText.js';
import type { InputFile } from '../../schema/vocabulary.js';
import { writeText, type CliContext } from '../context.js';
import { EXIT, type ExitStatus } from '../exitStatus.js';

export interface InspectRequest {
  /** Each file, and the input it is when the command line says (--plans, --contacts). */
  readonly files: readonly { readonly path: string; readonly kind: InputFile | undefined }[];
  readonly encoding: Encoding | undefined;
  readonly delimiter: string | undefined;
  readonly format: 'table' | 'json';
}

/** A file's first rows and how it was read. */
interface FileHead {
  readonly rows: string[][];
  readonly lines: number[];
  readonly records: number;
  readonly read: CsvReadSummary;
  /** Read as windows-1252 because it is not UTF-8 and no --encoding was given. */
  readonly isFallbackEncoding: boolean;
}

async function readHead(path: string, encoding: Encoding | undefined, delimiter: string | undefined): Promise<FileHead> {
  const rows: string[][] = [];
  const lines: number[] = [];
  const keep = (fields: string[], line: number) => {
    if (rows.length > MAX_RECORDS_ABOVE_HEADER) return;
    rows.push(fields);
    lines.push(line);
  };
  const readAs = (as: Encoding | undefined) => readCsv(readFileChunks(path), { source: path, encoding: as, delimiter }, { header: keep, row: keep });
  try {
    const read = await readAs(encoding);
    return { rows, lines, records: read.records + 1, read, isFallbackEncoding: false };
  } catch (error) {
    // Exports from clinical systems are often windows-1252: inspect reads such a file anyway, and says so.
    if (!(error instanceof CsvInputError) || error.problem.code !== 'invalid-utf-8' || encoding !== undefined) throw error;
    rows.length = 0;
    lines.length = 0;
    const read = await readAs('windows-1252');
    return { rows, lines, records: read.records + 1, read, isFallbackEncoding: true };
  }
}

function showHeader(header: MappedHeader): string {
  return typeof header === 'string' ? `"${header}"` : header.map((part) => `"${part}"`).join(' + ');
}

function describeFile(path: string, head: FileHead, headerAt: number, inspection: FileInspection): string[] {
  const { read } = head;
  const delimiterName = read.delimiter === '\t' ? 'tab' : read.delimiter === ';' ? 'semicolon' : 'comma';
  const headerLine = head.lines[headerAt] ?? 1;
  const dataRows = head.records - headerAt - 1;
  const lines = [`${path}: ${read.encoding}${read.hadBom ? ' with BOM' : ''}, ${delimiterName}-separated, ${formatNumber(dataRows)} data rows.`];
  if (head.isFallbackEncoding)
    lines.push('It is not UTF-8: read as windows-1252 (reconcile needs --encoding windows-1252, or a mapping or preset that says so).');
  if (headerAt > 0) lines.push(`The header is line ${headerLine}: the ${headerLine - 1} lines above it are a title block, which reconcile reads past.`);
  const known = inspection.knownExport;
  lines.push(
    known === undefined
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
  else if (inspection.missingRequired.length > 0)
    lines.push(`Required fields not found: ${inspection.missingRequired.join(', ')} — name their columns in the mapping file.`);
  return lines;
}

export async function inspectCommand(request: InspectRequest, context: CliContext): Promise<ExitStatus> {
  if (request.files.length === 0)
    throw new UsageError('inspect needs a file: "ehcp-recon inspect FILE", or --plans FILE and --contacts FILE for one mapping covering both');
  const presets = await loadPresets();
  const inspections: FileInspection[] = [];
  const encodings: Partial<Record<InputFile, string>> = {};
  const sections: string[][] = [];
  for (const file of request.files) {
    try {
      await stat(file.path);
    } catch (error) {
      throw new InputError(`cannot read "${file.path}": ${describeFsError(error)}`);
    }
    const head = await readHead(file.path, request.encoding, request.delimiter);
    const headerAt = chooseHeaderRow(head.rows, file.kind, presets);
    const inspection = inspectHeaders(head.rows[headerAt] ?? [], { kind: file.kind, exports: presets });
    if (inspections.some((earlier) => earlier.kind === inspection.kind)) {
      throw new UsageError(`two of the files inspected read as ${inspection.kind} files: name each with --plans FILE and --contacts FILE`);
    }
    inspections.push(inspection);
    if (head.isFallbackEncoding) encodings[inspection.kind] = 'windows-1252';
    sections.push(describeFile(file.path, head, headerAt, inspection));
  }
  const mappingJson = `${JSON.stringify(mappingOfInspections(inspections, encodings), null, 2)}\n`;
  if (request.format === 'json') {
    await writeText(context.stdout, mappingJson);
    return EXIT.done;
  }
  const covers = inspections.length > 1 ? ', covering both files' : '';
  const lines = [...sections.flatMap((section) => [...section, '']), `A mapping file to start from${covers} (--format json prints only this):`, mappingJson];
  // Headers came from the file: nothing in them may act on the terminal.
  await writeText(context.stdout, lines.join('\n').split('\n').map(visible).join('\n'));
  return EXIT.done;
}
