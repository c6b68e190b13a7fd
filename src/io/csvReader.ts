// The row reader the rest of the tool uses. It runs the hand-written engine; the csv-parse engine
// (tests/support/csvParseEngine.ts) reads the same way and exists to check it.
import { readCsvFast } from './fastCsvEngine.js';
import type { CsvReadOptions, CsvReadSummary, CsvRowSink } from './csvTypes.js';

export type { CsvReadOptions, CsvReadSummary, CsvRowSink, Encoding } from './csvTypes.js';
export { CsvInputError } from './csvProblems.js';

/**
 * Streams the records of a CSV file to `sink`: header first, then each data record with the line it
 * starts on. Throws CsvInputError (an InputError, exit 3) for a file that is empty, not text, or not
 * well-formed CSV; an error thrown by the sink stops the read and comes out unchanged.
 */
export function readCsv(input: AsyncIterable<Uint8Array>, options: CsvReadOptions, sink: CsvRowSink): Promise<CsvReadSummary> {
  return readCsvFast(input, options, sink);
}
