// `ehcp-recon inspect FILE`: headers found, fields recognised, a mapping file to start from.
import { stat } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import { readCsv } from '../../io/csvReader.js';
import { readFileChunks } from '../../io/fileChunks.js';
import { formatNumber } from '../../report/headlineText.js';
import { resolveColumns } from '../../schema/columns.js';
import { CONTACT_FIELDS, PLAN_FIELDS } from '../../schema/fields.js';
import { inspectHeaders } from '../../schema/inspection.js';
import { visible } from '../../schema/visibleText.js';
import { writeText, type CliContext } from '../context.js';
import { EXIT, type ExitStatus } from '../exitStatus.js';
import { describeFsError } from '../../io/inputFiles.js';
import type { Encoding } from '../../io/csvReader.js';

export interface InspectRequest {
  readonly file: string;
  readonly encoding: Encoding | undefined;
  readonly delimiter: string | undefined;
  readonly format: 'table' | 'json';
}

export async function inspectCommand(request: InspectRequest, context: CliContext): Promise<ExitStatus> {
  try {
    await stat(request.file);
  } catch (error) {
    throw new InputError(`cannot read "${request.file}": ${describeFsError(error)}`);
  }
  let headers: string[] = [];
  // Opened as every input is (fileChunks.ts): a FIFO with no writer yet must not hold up a signal.
  const read = await readCsv(readFileChunks(request.file), { source: request.file, encoding: request.encoding, delimiter: request.delimiter }, {
    header(fields) {
      headers = fields;
    },
    row() {},
  });
  const inspection = inspectHeaders(headers);
  const mappingJson = `${JSON.stringify(inspection.mapping, null, 2)}\n`;
  if (request.format === 'json') {
    await writeText(context.stdout, mappingJson);
    return EXIT.done;
  }
  const delimiterName = read.delimiter === '\t' ? 'tab' : read.delimiter === ';' ? 'semicolon' : 'comma';
  const lines = [
    `${request.file}: ${read.encoding}${read.hadBom ? ' with BOM' : ''}, ${delimiterName}-separated, ${formatNumber(read.records)} data rows.`,
    `Looks like a ${inspection.kind} file.`,
    '',
    'Fields recognised:',
    ...Object.entries(inspection.placed).map(([field, header]) => `  ${field.padEnd(16)} ← "${header}"`),
    '',
    `Headers not used: ${inspection.unplacedHeaders.length === 0 ? 'none' : inspection.unplacedHeaders.map((header) => `"${header}"`).join(', ')}`,
  ];
  // The same check reconcile makes, so that inspect never calls a file fine that reconcile refuses.
  const resolution = resolveColumns(inspection.kind, inspection.kind === 'plans' ? PLAN_FIELDS : CONTACT_FIELDS, headers, undefined);
  if (!resolution.ok) lines.push(`Without a mapping file, reconcile would stop here: ${resolution.problem}.`);
  else if (inspection.missingRequired.length > 0) {
    lines.push(`Required fields not found: ${inspection.missingRequired.join(', ')} — name their columns in the mapping file.`);
  }
  lines.push('', 'A mapping file to start from (--format json prints only this):', mappingJson);
  // Headers came from the file: nothing in them may act on the terminal.
  await writeText(context.stdout, lines.join('\n').split('\n').map(visible).join('\n'));
  return EXIT.done;
}
