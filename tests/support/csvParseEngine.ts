// The reference engine on csv-parse: slower, but an independent reading that the fast engine is
// checked against. Decoding, the byte-order mark and the delimiter are shared (csvText.ts); splitting
// and quoting are csv-parse's.
//
// Three rules need help from outside csv-parse:
// - Line numbers. csv-parse counts a CRLF inside a quoted field as two lines, so a record's start
//   line is worked out here: the previous record's end line, plus the blank lines skipped since (its
//   own `empty_lines` count), plus one.
// - A quote in the middle of an unquoted field is literal (relax_quotes), but text after a closing
//   quote is an error, which relax_quotes also lets through. Each record is rebuilt from its fields
//   and compared with csv-parse's raw text of it: a well-formed record always rebuilds exactly, and a
//   relaxed closing quote never does (csv-parse keeps the opening quote in the value, which then
//   rebuilds with its quotes doubled). A cast function could report quoting per field, but costs ten
//   times the parse.
// - Mixed line ends: csv-parse settles on the first one it sees unless all three are listed.
import { finished } from 'node:stream/promises';
import { CsvError, Parser, type InfoRecord, type Options } from 'csv-parse';
import { CsvInputError, MAX_FIELD_CHARS, MAX_FIELDS_PER_RECORD } from '../../src/io/csvProblems.js';
import { openCsvText } from '../../src/io/csvText.js';
import type { CsvReadOptions, CsvReadSummary, CsvRowSink } from '../../src/io/csvTypes.js';

/** csv-parse can only bound a whole record while it grows; this stops a runaway quoted field early. */
const MAX_RECORD_CHARS = 16 << 20;

/** What csv-parse hands to on_record when `raw` is on. */
interface RawRecord {
  readonly record: string[];
  readonly raw: string;
}

interface ParsedRecord {
  readonly fields: string[];
  readonly line: number;
}

export async function readCsvWithCsvParse(input: AsyncIterable<Uint8Array>, options: CsvReadOptions, sink: CsvRowSink): Promise<CsvReadSummary> {
  const text = await openCsvText(input, options);
  const { source } = options;
  const delimiter = text.delimiter;

  let endLine = 0; // line on which the last record ended
  let emptyLines = 0; // csv-parse's count of skipped blank lines at that record

  const parserOptions: Options<ParsedRecord, RawRecord> = {
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
    raw: true,
    // Runs as each record completes, so the counts in `info` are those at this record.
    on_record: ({ record: fields, raw }: RawRecord, info: InfoRecord): ParsedRecord => {
      const line = endLine + 1 + info.empty_lines - emptyLines;
      if (!rebuildsExactly(fields, raw, delimiter)) throw new CsvInputError({ code: 'text-after-quote', source, line });
      if (fields.length > MAX_FIELDS_PER_RECORD) throw new CsvInputError({ code: 'too-many-fields', source, line });
      let breaks = 0;
      for (const field of fields) {
        if (field.length > MAX_FIELD_CHARS) throw new CsvInputError({ code: 'field-too-long', source, line: line + breaks });
        breaks += countLineBreaks(field);
      }
      endLine = line + breaks;
      emptyLines = info.empty_lines;
      return { fields, line };
    },
  };
  // The Parser typings tie the record type to string[] unless `columns` is set; on_record may return anything.
  const parser = new Parser(parserOptions as unknown as Options);

  let hasHeader = false;
  let records = 0;
  let sinkFailure: { error: unknown } | undefined;
  let parseFailure: { error: unknown } | undefined;
  parser.on('data', (record: ParsedRecord) => {
    if (sinkFailure !== undefined) return;
    try {
      if (hasHeader) {
        records++;
        sink.row(record.fields, record.line);
      } else {
        hasHeader = true;
        sink.header(record.fields, record.line);
      }
    } catch (error) {
      sinkFailure = { error };
      parser.destroy();
    }
  });
  parser.on('error', (error: unknown) => {
    parseFailure ??= { error };
  });

  const hasFailed = () => sinkFailure !== undefined || parseFailure !== undefined;
  try {
    for await (const chunk of text.chunks) {
      if (!parser.write(chunk)) await drainedOrClosed(parser);
      if (hasFailed()) break;
    }
    if (!hasFailed()) {
      parser.end();
      await finished(parser).catch(() => undefined);
    }
  } finally {
    // Also when decoding failed in text.chunks: the parser must not wait for input that never comes.
    parser.destroy();
  }
  if (sinkFailure !== undefined) throw sinkFailure.error;
  if (parseFailure !== undefined) throw describeFailure(parseFailure.error, source, endLine + 1 + parser.info.empty_lines - emptyLines);
  if (!hasHeader) throw new CsvInputError({ code: 'empty', source });
  return { encoding: text.encoding, delimiter, bytesRead: text.bytesRead(), records, hadBom: text.hadBom };
}

function drainedOrClosed(parser: Parser): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      parser.off('drain', done);
      parser.off('close', done);
      resolve();
    };
    parser.on('drain', done);
    parser.on('close', done);
  });
}

function describeFailure(error: unknown, source: string, line: number): unknown {
  if (!(error instanceof CsvError)) return error;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CsvInputError({ code: 'unclosed-quote', source, line }, { cause: error });
    case 'CSV_MAX_RECORD_SIZE':
      return new CsvInputError({ code: 'record-too-long', source, line, limit: MAX_RECORD_CHARS }, { cause: error });
    default:
      return new CsvInputError({ code: 'parser-failure', source, line, detail: error.message }, { cause: error });
  }
}

/**
 * Whether writing the fields back gives csv-parse's raw text of the record, less the line ends around
 * it (its raw text can carry those of skipped blank lines). A field whose raw text starts with a quote
 * was quoted, since a quote opens quoting only at the start of a field; any other field is its raw text.
 */
function rebuildsExactly(fields: readonly string[], raw: string, delimiter: string): boolean {
  let pos = 0;
  let end = raw.length;
  while (pos < end && (raw[pos] === '\n' || raw[pos] === '\r')) pos++;
  while (end > pos && (raw[end - 1] === '\n' || raw[end - 1] === '\r')) end--;
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) {
      if (raw[pos] !== delimiter) return false;
      pos++;
    }
    const field = fields[i]!;
    const written = raw[pos] === '"' ? `"${field.replaceAll('"', '""')}"` : field;
    if (!raw.startsWith(written, pos)) return false;
    pos += written.length;
  }
  return pos === end;
}

function countLineBreaks(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text[i + 1] !== '\n') lines++;
  return lines;
}
