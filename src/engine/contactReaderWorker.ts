// The reader thread's own code: it reads, hashes and parses the contacts file, reads each row's cells
// from their bytes, keeps the duplicate rule's index of contact keys, and packs the rows into batches
// in memory shared with the main thread, which folds them (contactReaderThread.ts). Every row goes
// across in file order, with the earlier row its key fingerprint was last seen on; nothing is folded
// here, and no claim is taken on trust there (ContactLedger.settleClaim).
import { parentPort, workerData } from 'node:worker_threads';
import { ExceptionLimitError, InputError, UsageError } from '../errors.js';
import { CsvInputError } from '../io/csvProblems.js';
import { FileChunks } from '../io/fileChunks.js';
import { fieldTexts, readCsvRecords, type CsvRecord } from '../io/fastCsvEngine.js';
import { fingerprinted, type InputFingerprint } from '../io/inputFiles.js';
import { contactFieldsWanted, createContactBytesReader, type ContactBytesReader } from '../schema/contactBytesRow.js';
import { contactColumnsOf, withMappingErrors } from '../schema/columns.js';
import { createContactRowReader, type ContactRowReader } from '../schema/contactRow.js';
import { ContactIdIndex, estimatedContactIds, hashIdText, ROWS_BEFORE_ID_ESTIMATE } from '../reconcile/contactIdIndex.js';
import { BATCH_FREE, BATCH_FULL, batchAreas, ContactBatchWriter, FOLDING } from './contactBatch.js';
import type { ReaderFailure, ReaderJob, ReaderMessage } from './contactReaderThread.js';
import { HeaderFinder } from './headerFinding.js';

/** Thrown from inside the CSV engine to stop at once: the text is not the file's own bytes. */
class TranscodedText extends Error {}

const job = workerData as ReaderJob;
const post = (message: ReaderMessage) => parentPort!.postMessage(message);

async function readContacts(): Promise<void> {
  const states = new Int32Array(job.batchStates);
  // The last word says whether the main thread folds yet (FOLDING); the others are the batches'.
  const foldingWord = states.length - 1;
  const writers = Array.from({ length: foldingWord }, (_, index) => {
    const { words, ids } = batchAreas(job.batches, job.layout, index);
    return new ContactBatchWriter(words, ids);
  });
  let batch = 0;
  let writer = writers[0]!;
  let isWriterFree = true;
  let texts: string[][] = [];
  let textChars = 0;
  let bytesRead = 0;
  let bytesReader: ContactBytesReader | undefined;
  let textReader: ContactRowReader | undefined;
  // The index claims by fingerprint alone: every key with the fingerprint is taken as the same here,
  // and the main thread, which reads the claimed row again, tells them apart.
  const keys = new ContactIdIndex();
  let rows = 0;
  let rowsSent = 0;
  let hasReserved = false;
  let wantedFields = Number.POSITIVE_INFINITY;
  let fingerprint: InputFingerprint | undefined;
  const headerFinder = new HeaderFinder('contacts', job.source, job.mapping, job.presetHints, { withholdsCells: job.withholdsCells });

  /** Hands the batch over; the next is not written to until the main thread has freed it. */
  const send = () => {
    // Numbered by the rows sent before it: a row that failed as it was read was counted, never added.
    writer.claimKeys(keys, rowsSent);
    rowsSent += writer.rows;
    Atomics.store(states, batch, BATCH_FULL);
    post({ kind: 'batch', batch, rows: writer.rows, texts, bytesRead });
    texts = [];
    textChars = 0;
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

  try {
    const read = await readCsvRecords(
      // The main thread's descriptor, read by position and left open: it is the main thread's to close.
      fingerprinted(new FileChunks(job.descriptor, job.identity, 'contacts', false), job.path, (value) => (fingerprint = value)),
      { source: job.source, encoding: job.encoding, delimiter: job.delimiter, onProgress: (bytes) => (bytesRead = bytes) },
      {
        header(record) {
          const found = headerFinder.offer(fieldTexts(record), record.line);
          if (found === undefined) return false;
          post({ kind: 'header', found });
          const columns = contactColumnsOf(found.header, job.source, job.mapping, { withholdsCells: job.withholdsCells });
          bytesReader = withMappingErrors(() => createContactBytesReader(columns, job.values));
          textReader = createContactRowReader(columns, job.values);
          wantedFields = contactFieldsWanted(columns);
          return true;
        },
        noHeader: () => headerFinder.giveUp(),
        row(record) {
          if (!isWriterFree) awaitFreeWriter();
          const rowNumber = rows++;
          // Room for every contact ID at once, made once the main thread folds: while it reads the
          // plans, their garbage and a full-size index are never held together (docs/performance.md#memory).
          if (!hasReserved && rowNumber >= ROWS_BEFORE_ID_ESTIMATE && record.offset > 0 && Atomics.load(states, foldingWord) === FOLDING) {
            keys.reserve(estimatedContactIds(Number(job.identity.size), record.offset, rowNumber));
            hasReserved = true;
          }
          const row = bytesReader!(record);
          if (row !== undefined) {
            writer.addBytesRow(row, record.offset);
            const hash = writer.lastKeyHash();
            if (hash !== undefined) writer.noteKeyOfLast(hash);
          } else {
            writer.addTextRow(record.line, record.offset);
            const fields = leadingTexts(record, wantedFields);
            texts.push(fields);
            for (const field of fields) textChars += field.length;
            // The row's key as the main thread will read it: a row that does not read takes no part in the rule.
            const reading = textReader!(fields, record.line);
            if (reading.ok && reading.record.contactId !== null) {
              writer.noteKeyOfLast(hashIdText(reading.record.contactId));
            }
          }
          // Text rows travel beside the batch, so they too must not make it grow without end.
          if (!writer.hasRoom() || textChars >= job.batchTextChars) send();
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
  } catch (error) {
    if (error instanceof TranscodedText) {
      post({ kind: 'transcoded' });
      return;
    }
    // The rows before the failure are folded first, as on one thread: one of them may fail first there.
    if (isWriterFree && writer.rows > 0) send();
    post({ kind: 'failed', failure: failureOf(error) });
  }
}

/**
 * The texts of a record's first `count` fields: for a row left to the text reader, the fields the
 * fold reads (from contact_id to contact_type and for_year, in a usual export). Provider, staff and
 * team, which only `explain` shows and which is read on one thread, stay behind: a notes column of
 * kilobytes a row would be copied across for nothing.
 */
function leadingTexts(record: CsvRecord, count: number): string[] {
  // The engine has split at least these fields already (FastCsvParser's wantedFields).
  const fields = new Array<string>(Math.min(record.fieldCount, count));
  for (let i = 0; i < fields.length; i++) fields[i] = record.text(i);
  return fields;
}

function failureOf(error: unknown): ReaderFailure {
  if (error instanceof CsvInputError) return { kind: 'csv', problem: error.problem };
  if (error instanceof InputError) return { kind: 'input', message: error.message };
  if (error instanceof UsageError) return { kind: 'usage', message: error.message };
  if (error instanceof ExceptionLimitError) return { kind: 'exception-limit', message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'other', message, stack: error instanceof Error ? error.stack : undefined };
}

void readContacts();
