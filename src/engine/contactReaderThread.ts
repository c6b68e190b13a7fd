// Reading a large contacts file on two threads: a second thread reads, hashes and parses the file
// and reads each row's cells (contactReaderWorker.ts), while this thread folds the rows it is handed,
// in file order, through the same ContactFold as a one-thread run. The work splits about evenly:
// parsing and the duplicate rule's index on one side (the thread claims, for each row, the earlier row
// with its key), child lookup, classifying and checking each claim on the other. The rows
// cross in a few batches of shared memory, each handed back once folded, so memory stays flat
// however large the file.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ExceptionLimitError, InputError, UsageError } from '../errors.js';
import type { CsvReadSummary, Encoding } from '../io/csvReader.js';
import { CsvInputError, type CsvProblem } from '../io/csvProblems.js';
import type { FileIdentity } from '../io/fileChunks.js';
import type { InputFingerprint } from '../io/inputFiles.js';
import type { CsvTableSource, TableReadSummary } from '../io/tableSource.js';
import type { Mapping } from '../schema/mapping.js';
import type { ValueOptions } from '../schema/planRow.js';
import { BATCH_FREE, batchAreas, batchLayout, FOLDING, visitBatch, type BatchLayout } from './contactBatch.js';
import type { ContactFold } from '../reconcile/contactFold.js';
import { describeLinesAbove, type HeaderFound } from './headerFinding.js';
import type { Preset } from './presets.js';

/** Below this size (16 MB) a second thread's start-up (about a tenth of a second) costs more than it saves. */
export const READER_THREAD_MIN_BYTES = 16_000_000;

/** How rows are batched: sizes a test may make small, to make the batches go round many times. */
export interface BatchSizes {
  /** Rows a batch (8,192 rows: about 0.75 MB with their IDs). */
  readonly rows: number;
  /** Batches in flight: enough that neither thread waits on the other's pauses, few enough to stay small. */
  readonly batches: number;
  /** Characters of text rows' fields a batch may carry beside it before it is sent early. */
  readonly textChars: number;
}

export const BATCH_SIZES: BatchSizes = { rows: 8192, batches: 4, textChars: 1 << 20 };

/** What the reader thread is given. */
export interface ReaderJob {
  /** The path, for the manifest; the file is read through `descriptor`, opened by the main thread. */
  readonly path: string;
  /**
   * The main thread's descriptor of the contacts file (threads share them), and what the file was
   * when it was opened: the thread reads by position, and the duplicate rule's recall reads the same
   * file through the same descriptor, whatever the path names meanwhile.
   */
  readonly descriptor: number;
  readonly identity: FileIdentity;
  readonly source: string;
  readonly encoding: Encoding | undefined;
  readonly delimiter: string | undefined;
  readonly mapping: Mapping;
  readonly values: ValueOptions;
  readonly layout: BatchLayout;
  readonly batches: SharedArrayBuffer;
  /** One state word a batch (BATCH_FREE or BATCH_FULL), then FOLDING once a fold takes the rows. */
  readonly batchStates: SharedArrayBuffer;
  readonly batchTextChars: number;
  /** Presets to suggest when the header is one of theirs. */
  readonly presetHints: readonly Preset[];
  /** No message may quote a cell of the file (pseudonymisation). */
  readonly withholdsCells: boolean;
}

export type ReaderFailure =
  | { readonly kind: 'csv'; readonly problem: CsvProblem }
  | { readonly kind: 'input'; readonly message: string }
  | { readonly kind: 'usage'; readonly message: string }
  | { readonly kind: 'exception-limit'; readonly message: string }
  /** A fault of the tool's own: its stack is kept for EHCP_RECON_DEBUG, never shown in the message. */
  | { readonly kind: 'other'; readonly message: string; readonly stack: string | undefined };

/**
 * What the reader thread says, in this order: opened, header, batches, then done or failed. Or
 * transcoded, which can only come first (it is found as the file is opened, before any record).
 */
export type ReaderMessage =
  | { readonly kind: 'opened'; readonly delimiter: string; readonly inputOffset: number }
  | { readonly kind: 'header'; readonly found: HeaderFound }
  | { readonly kind: 'batch'; readonly batch: number; readonly rows: number; readonly texts: string[][]; readonly bytesRead: number }
  | { readonly kind: 'done'; readonly read: CsvReadSummary; readonly fingerprint: InputFingerprint }
  /** The file is not UTF-8 as it stands, so rows could not be read again from it: read it on one thread. */
  | { readonly kind: 'transcoded' }
  | { readonly kind: 'failed'; readonly failure: ReaderFailure };

const READER_SCRIPT = new URL('./contactReaderWorker.js', import.meta.url);

/**
 * Whether to read the contacts on a second thread: `threads` as asked (--threads), else by the file's
 * size and the cores. Only a plain file can be (standard input or a pipe cannot be read again for the
 * duplicate rule, and the thread must never wait on one); a file that turns out to need transcoding
 * is handed back by the thread before any row.
 */
export function wantsReaderThread(threads: number | undefined, fileBytes: number | undefined): boolean {
  if (fileBytes === undefined) return false;
  // Run from the TypeScript sources (as the in-process tests do), the thread's compiled script is not there.
  if (!existsSync(fileURLToPath(READER_SCRIPT))) return false;
  if (threads !== undefined) return threads >= 2;
  return fileBytes >= READER_THREAD_MIN_BYTES && availableParallelism() >= 2;
}

/** What the fold of a thread's rows is told as it goes. */
export interface ContactReaderOptions {
  readonly values: ValueOptions;
  readonly onProgress?: ((bytes: number, rows: number) => void) | undefined;
  readonly onNote?: ((message: string) => void) | undefined;
  readonly presetHints?: readonly Preset[] | undefined;
  readonly withholdsCells?: boolean | undefined;
}

/**
 * A reader thread started ahead of its fold: it reads and parses the contacts while this thread
 * reads the plans, and its rows wait in the batches until `fold` takes them. `stop` ends it when the
 * run ends before then (the plans failed).
 */
export interface ContactReader {
  /**
   * Folds every row of the file into `fold`, in file order. Undefined when the file turns out to need
   * transcoding, before any row is folded: the caller then reads it on one thread.
   */
  fold(fold: ContactFold): Promise<TableReadSummary | undefined>;
  stop(): Promise<void>;
}

/**
 * Starts reading the contacts file of `table` (a CSV file) on a second thread. Until a fold takes its
 * rows the thread fills the batches and then waits, and what it says is kept, in order, for the fold.
 */
export function startContactReader(table: CsvTableSource, options: ContactReaderOptions, sizes: BatchSizes = BATCH_SIZES): ContactReader {
  const path = table.path;
  const file = table.file;
  if (path === undefined || file === undefined) throw new Error('the contacts reader thread reads a plain file, not a stream');
  const layout = batchLayout(sizes.rows);
  const batches = new SharedArrayBuffer(layout.bytes * sizes.batches);
  // A state word a batch, then one that says whether a fold has taken the rows (FOLDING).
  const batchStates = new SharedArrayBuffer(4 * (sizes.batches + 1));
  const states = new Int32Array(batchStates);
  const areas = Array.from({ length: sizes.batches }, (_, index) => batchAreas(batches, layout, index));
  const { values } = options;
  const { encoding, delimiter } = table.csvOptions;
  const { descriptor, identity } = file;
  const job: ReaderJob = {
    path,
    descriptor,
    identity,
    source: table.name,
    encoding,
    delimiter,
    mapping: values.mapping,
    values,
    layout,
    batches,
    batchStates,
    batchTextChars: sizes.textChars,
    presetHints: options.presetHints ?? [],
    withholdsCells: options.withholdsCells === true,
  };
  const worker = new Worker(READER_SCRIPT, { workerData: job });
  // Until a fold waits on it, the thread must not keep the process alive: a run that stops while
  // reading the plans ends as it would without it.
  worker.unref();
  const onProgress = options.onProgress;

  /** What the thread said before a fold took its rows, in order; then, the fold's own listener. */
  const waiting: (() => void)[] = [];
  let listener: ((event: () => void) => void) | undefined;
  let isStopped = false;
  const hear = (event: () => void) => {
    if (listener === undefined) waiting.push(event);
    else listener(event);
  };
  let heard: { message?: (message: ReaderMessage) => void; failure?: (error: unknown) => void } = {};
  worker.on('message', (message: ReaderMessage) => hear(() => heard.message?.(message)));
  worker.on('error', (error) => hear(() => heard.failure?.(error)));
  worker.on('exit', (code) => hear(() => heard.failure?.(new Error(`the contacts reader thread stopped early (exit code ${code})`))));

  const stop = async (): Promise<void> => {
    if (isStopped) return;
    isStopped = true;
    worker.removeAllListeners();
    worker.on('error', () => {});
    await worker.terminate().catch(() => undefined);
  };

  const foldRows = (fold: ContactFold): Promise<TableReadSummary | undefined> =>
    new Promise((resolve, reject) => {
      if (isStopped) throw new Error('the contacts reader thread was stopped before its rows were folded');
      let isSettled = false;
      let hasBegun = false;
      // The run goes on only once the thread has gone, and nothing here is left listening: its memory,
      // and the fold's (the contact-ID index) reached from these listeners, are then garbage at once.
      // A late error from the thread being stopped has nowhere to go, and must not become an uncaught one.
      const settle = (finish: () => void) => {
        if (isSettled) return;
        isSettled = true;
        stop().then(finish, finish);
      };
      const fail = (error: unknown) => settle(() => reject(error));

      const receive = (message: ReaderMessage) => {
        switch (message.kind) {
          case 'opened':
            hasBegun = true;
            table.recallFrom(message.delimiter, message.inputOffset);
            return;
          case 'header': {
            const linesAbove = describeLinesAbove(table.name, message.found);
            if (linesAbove !== undefined) options.onNote?.(linesAbove);
            fold.header(message.found.header);
            return;
          }
          case 'batch': {
            const { words, ids } = areas[message.batch]!;
            const texts = message.texts;
            visitBatch(words, ids, message.rows, {
              bytesRow: (row, offset, claimed) => {
                table.noteRow(fold.rowsFolded, offset, row.line);
                fold.addBytesRow(row, offset, claimed);
              },
              textRow: (index, line, offset, claimed) => {
                table.noteRow(fold.rowsFolded, offset, line);
                fold.addTextRow(texts[index]!, line, offset, claimed);
              },
            });
            Atomics.store(states, message.batch, BATCH_FREE);
            Atomics.notify(states, message.batch);
            onProgress?.(message.bytesRead, fold.rowsFolded);
            return;
          }
          case 'done':
            onProgress?.(message.read.bytesRead, fold.rowsFolded);
            settle(() => resolve({ ...message.read, fingerprint: message.fingerprint }));
            return;
          case 'transcoded':
            // The fold is read afresh on one thread: it must not have been fed anything yet.
            if (hasBegun) throw new Error('the contacts reader thread found the file transcoded after reading from it');
            settle(() => resolve(undefined));
            return;
          case 'failed':
            fail(errorOf(message.failure));
            return;
        }
      };

      heard = {
        message: (message) => {
          if (isSettled) return;
          try {
            receive(message);
          } catch (error) {
            fail(error);
          }
        },
        failure: fail,
      };
      worker.ref();
      Atomics.store(states, sizes.batches, FOLDING);
      // What the thread said while the plans were read comes first, in order; then it is heard as it speaks.
      for (const event of waiting.splice(0)) event();
      listener = (event) => event();
    });

  return { fold: foldRows, stop };
}

/** The reader thread's failure as the error the one-thread read would have thrown. */
function errorOf(failure: ReaderFailure): Error {
  switch (failure.kind) {
    case 'csv':
      return new CsvInputError(failure.problem);
    case 'input':
      return new InputError(failure.message);
    case 'usage':
      return new UsageError(failure.message);
    case 'exception-limit':
      return new ExceptionLimitError(failure.message);
    case 'other': {
      const error = new Error(failure.message);
      if (failure.stack !== undefined) error.stack = failure.stack;
      return error;
    }
  }
}
