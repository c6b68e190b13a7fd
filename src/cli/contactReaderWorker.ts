// The reader thread's own code: it reads, hashes and parses the contacts file, reads each row's cells
// from their bytes, and packs the rows into batches in memory shared with the main thread, which folds
// them (contactReaderThread.ts). Every row goes across in file order; nothing is folded here.
import { parentPort, workerData } from 'node:worker_threads';
import { CsvInputError } from '../io/csvProblems.js';
import { fieldTexts, readCsvRecords } from '../io/fastCsvEngine.js';
import { batchAreas, ContactBatchWriter } from '../schema/contactBatch.js';
import { contactFieldsWanted, createContactBytesReader, type ContactBytesReader } from '../schema/contactBytesRow.js';
import { InputError } from '../errors.js';
import { contactColumnsOf, withMappingErrors } from './contactFold.js';
import type { ReaderFailure, ReaderJob, ReaderMessage } from './contactReaderThread.js';
import { openFileInput, type InputFingerprint } from './inputs.js';

const BATCH_FREE = 0;
const BATCH_FULL = 1;

/** Thrown from inside the CSV engine to stop at once: the text is not the file's own bytes. */
class TranscodedText extends Error {}

const job = workerData as ReaderJob;
const post = (message: ReaderMessage) => parentPort!.postMessage(message);

async function readContacts(): Promise<void> {
  const states = new Int32Array(job.batchStates);
  const writers = Array.from({ length: states.length }, (_, index) => {
    const { words, ids } = batchAreas(job.batches, job.layout, index);
    return new ContactBatchWriter(words, ids);
  });
  let batch = 0;
  let writer = writers[0]!;
  let texts: string[][] = [];
  let bytesRead = 0;
  let bytesReader: ContactBytesReader | undefined;
  let wantedFields = Number.POSITIVE_INFINITY;
  let fingerprint: InputFingerprint | undefined;

  let isWriterFree = true;
  /** Hands the batch over; the next is not written to until the main thread has freed it. */
  const send = () => {
    Atomics.store(states, batch, BATCH_FULL);
    post({ kind: 'batch', batch, rows: writer.rows, texts, bytesRead });
    texts = [];
    batch = (batch + 1) % writers.length;
    writer = writers[batch]!;
    isWriterFree = false;
  };
  const awaitFreeWriter = () => {
    // The main thread frees a batch once it has folded it; until then this thread waits.
    while (Atomics.load(states, batch) !== BATCH_FREE) Atomics.wait(states, batch, BATCH_FULL);
    writer.clear();
    isWriterFree = true;
  };

  const read = await readCsvRecords(
    await openFileInput(job.path, 'contacts', (value) => (fingerprint = value)),
    { source: job.source, encoding: job.encoding, delimiter: job.delimiter, onProgress: (bytes) => (bytesRead = bytes) },
    {
      header(record) {
        const header = fieldTexts(record);
        post({ kind: 'header', header });
        const columns = contactColumnsOf(header, job.source, job.mapping);
        bytesReader = withMappingErrors(() => createContactBytesReader(columns, job.values));
        wantedFields = contactFieldsWanted(columns);
      },
      row(record) {
        if (!isWriterFree) awaitFreeWriter();
        const row = bytesReader!(record);
        if (row !== undefined) {
          writer.addBytesRow(row, record.offset);
        } else {
          writer.addTextRow(record.line, record.offset);
          texts.push(fieldTexts(record));
        }
        if (!writer.hasRoom()) send();
      },
    },
    {
      opened({ delimiter, inputOffset }) {
        // Rows are read again (the duplicate rule) from the file itself, which needs the file's own bytes.
        if (inputOffset === undefined) throw new TranscodedText();
        post({ kind: 'opened', delimiter, inputOffset });
      },
    },
    () => wantedFields,
  );
  if (isWriterFree && writer.rows > 0) send();
  post({ kind: 'done', read, fingerprint: fingerprint! });
}

function failureOf(error: unknown): ReaderFailure {
  if (error instanceof CsvInputError) return { kind: 'csv', problem: error.problem };
  if (error instanceof InputError) return { kind: 'input', message: error.message };
  return { kind: 'other', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

readContacts().catch((error: unknown) => {
  post(error instanceof TranscodedText ? { kind: 'transcoded' } : { kind: 'failed', failure: failureOf(error) });
});
