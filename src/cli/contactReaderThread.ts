// Reading a large contacts file on two threads: a second thread reads, hashes and parses the file
// and reads each row's cells (contactReaderWorker.ts), while this thread folds the rows it is handed,
// in file order, through the same ContactFold as a one-thread run. The work splits about evenly
// (parsing on one side; child lookup, classifying and the duplicate rule on the other), so on a
// machine with two cores a large file takes a little over half as long. The rows cross in a few
// batches of shared memory, each handed back once folded, so memory stays flat however large the file.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.js';
import type { CsvReadSummary, Encoding } from '../io/csvReader.js';
import { CsvInputError, type CsvProblem } from '../io/csvProblems.js';
import { batchAreas, batchLayout, visitBatch, type BatchLayout } from '../schema/contactBatch.js';
import type { Mapping } from '../schema/mapping.js';
import type { ValueOptions } from '../schema/planRow.js';
import type { ContactFold } from './contactFold.js';
import type { InputFingerprint } from './inputs.js';

/** Below this size a second thread's start-up (about a tenth of a second) costs more than it saves. */
export const READER_THREAD_MIN_BYTES = 16 * 1024 * 1024;
const BATCH_ROWS = 8192;
/** Batches in flight: enough that neither thread waits on the other's pauses, few enough to stay small (about 5 MB). */
const BATCHES = 4;
const BATCH_FREE = 0;

/** What the reader thread is given. */
export interface ReaderJob {
  readonly path: string;
  readonly source: string;
  readonly encoding: Encoding | undefined;
  readonly delimiter: string | undefined;
  readonly mapping: Mapping;
  readonly values: ValueOptions;
  readonly layout: BatchLayout;
  readonly batches: SharedArrayBuffer;
  /** One word a batch: free (0) for the reader to fill, or full (1) until this thread has folded it. */
  readonly batchStates: SharedArrayBuffer;
}

export type ReaderFailure =
  | { readonly kind: 'csv'; readonly problem: CsvProblem }
  | { readonly kind: 'input'; readonly message: string }
  | { readonly kind: 'other'; readonly message: string };

/** What the reader thread says, in this order: opened, header, batches, done (or transcoded, or failed, at any point). */
export type ReaderMessage =
  | { readonly kind: 'opened'; readonly delimiter: string; readonly inputOffset: number }
  | { readonly kind: 'header'; readonly header: string[] }
  | { readonly kind: 'batch'; readonly batch: number; readonly rows: number; readonly texts: string[][]; readonly bytesRead: number }
  | { readonly kind: 'done'; readonly read: CsvReadSummary; readonly fingerprint: InputFingerprint }
  /** The file is not UTF-8 as it stands, so rows could not be read again from it: read it on one thread. */
  | { readonly kind: 'transcoded' }
  | { readonly kind: 'failed'; readonly failure: ReaderFailure };

const READER_SCRIPT = new URL('./contactReaderWorker.js', import.meta.url);

/**
 * Whether to read the contacts on a second thread: `threads` as asked (--threads), else by the file's
 * size and the cores. Only a file can be: standard input cannot be read again for the duplicate rule.
 */
export function wantsReaderThread(threads: number | undefined, fileBytes: number | undefined): boolean {
  if (fileBytes === undefined) return false;
  // Run from the TypeScript sources (as the in-process tests do), the thread's compiled script is not there.
  if (!existsSync(fileURLToPath(READER_SCRIPT))) return false;
  if (threads !== undefined) return threads >= 2;
  return fileBytes >= READER_THREAD_MIN_BYTES && availableParallelism() >= 2;
}

export interface ThreadedRead {
  readonly read: CsvReadSummary;
  readonly fingerprint: InputFingerprint;
}

/**
 * Reads the contacts file at `path` on a second thread into `fold`. Undefined when the file turns
 * out to need transcoding, before any row is folded: the caller then reads it on one thread.
 */
export function readContactsOnThread(
  path: string,
  fold: ContactFold,
  options: {
    source: string;
    encoding: Encoding | undefined;
    delimiter: string | undefined;
    mapping: Mapping;
    values: ValueOptions;
    onProgress?: ((bytes: number, rows: number) => void) | undefined;
  },
): Promise<ThreadedRead | undefined> {
  const layout = batchLayout(BATCH_ROWS);
  const batches = new SharedArrayBuffer(layout.bytes * BATCHES);
  const batchStates = new SharedArrayBuffer(4 * BATCHES);
  const states = new Int32Array(batchStates);
  const areas = Array.from({ length: BATCHES }, (_, index) => batchAreas(batches, layout, index));
  const job: ReaderJob = { path, source: options.source, encoding: options.encoding, delimiter: options.delimiter, mapping: options.mapping, values: options.values, layout, batches, batchStates };
  const worker = new Worker(READER_SCRIPT, { workerData: job });
  const onProgress = options.onProgress;

  return new Promise((resolve, reject) => {
    let isSettled = false;
    // The run goes on only once the thread has gone, and nothing here is left listening: its memory,
    // and the fold's (the contact-ID index) reached from these listeners, are then garbage at once.
    const settle = (finish: () => void) => {
      if (isSettled) return;
      isSettled = true;
      worker.removeAllListeners();
      worker.terminate().then(finish, finish);
    };
    const fail = (error: unknown) => settle(() => reject(error));

    const receive = (message: ReaderMessage) => {
      switch (message.kind) {
        case 'opened':
          fold.opened(path, message.delimiter, message.inputOffset);
          return;
        case 'header':
          fold.header(message.header);
          return;
        case 'batch': {
          const { words, ids } = areas[message.batch]!;
          const texts = message.texts;
          visitBatch(words, ids, message.rows, {
            bytesRow: (row, offset) => fold.addBytesRow(row, offset),
            textRow: (index, line, offset) => fold.addTextRow(texts[index]!, line, offset),
          });
          Atomics.store(states, message.batch, BATCH_FREE);
          Atomics.notify(states, message.batch);
          onProgress?.(message.bytesRead, fold.rowsFolded);
          return;
        }
        case 'done':
          onProgress?.(message.read.bytesRead, fold.rowsFolded);
          settle(() => resolve({ read: message.read, fingerprint: message.fingerprint }));
          return;
        case 'transcoded':
          settle(() => resolve(undefined));
          return;
        case 'failed':
          fail(errorOf(message.failure));
          return;
      }
    };

    worker.on('message', (message: ReaderMessage) => {
      if (isSettled) return;
      try {
        receive(message);
      } catch (error) {
        fail(error);
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the contacts reader thread stopped early (exit code ${code})`)));
  });
}

/** The reader thread's failure as the error the one-thread read would have thrown. */
function errorOf(failure: ReaderFailure): Error {
  switch (failure.kind) {
    case 'csv':
      return new CsvInputError(failure.problem);
    case 'input':
      return new InputError(failure.message);
    case 'other':
      return new Error(failure.message);
  }
}
