// `ehcp-recon generate`: realistic synthetic plans and contacts, for demos and benchmarks.
import { createWriteStream, type WriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Day } from '../../calendar/day.js';
import { lastDayOfYear } from '../../calendar/academicYear.js';
import { generateDataset, providerMapping, type TextSink } from '../../generate/dataset.js';
import { openOutputFolder } from '../../io/atomicFiles.js';
import { PRIVATE_FILE_MODE } from '../../io/fileModes.js';
import { counted } from '../../report/headlineText.js';
import { writeText, type CliContext } from '../context.js';
import { EXIT, type ExitStatus } from '../exitStatus.js';

export interface GenerateRequest {
  readonly children: number;
  readonly seed: number;
  readonly out: string;
  readonly yearStart: number;
  readonly asOf: Day | undefined;
  readonly flavour: 'canonical' | 'provider';
  readonly quiet: boolean;
  /** --file-mode: the mode of the files (0600 when not given): synthetic, but they look like children's records. */
  readonly fileMode: number | undefined;
}

function sinkOf(stream: WriteStream): TextSink {
  return {
    write: (chunk) =>
      new Promise((resolveWrite, reject) => {
        const ok = stream.write(chunk, (error) => (error ? reject(error) : undefined));
        if (ok) resolveWrite();
        else stream.once('drain', resolveWrite);
      }),
  };
}

function close(stream: WriteStream): Promise<void> {
  return new Promise((resolveClose, reject) => {
    stream.once('error', reject);
    stream.end(() => resolveClose());
  });
}

export async function generateCommand(request: GenerateRequest, context: CliContext): Promise<ExitStatus> {
  const names = request.flavour === 'provider' ? ['plans.csv', 'contacts.csv', 'mapping.json'] : ['plans.csv', 'contacts.csv'];
  // Written as reconcile writes its outputs: one run per folder, to temporaries, put in place together,
  // settled on a signal.
  const folder = await openOutputFolder(resolve(context.cwd, request.out), {
    shownAs: request.out,
    fileMode: request.fileMode,
    command: 'generate',
    onNote: (sentence) => (request.quiet ? undefined : context.stderr.write(`ehcp-recon: warning: ${sentence}\n`)),
  });
  const started = Date.now();
  let counts: { planRows: number; contactRows: number };
  try {
    const staging = await folder.stage(names);
    // Owner-only while they are written; given their final mode as they are put in place.
    const plans = createWriteStream(staging.temporaryOf('plans.csv'), { flags: 'wx', mode: PRIVATE_FILE_MODE });
    const contacts = createWriteStream(staging.temporaryOf('contacts.csv'), { flags: 'wx', mode: PRIVATE_FILE_MODE });
    try {
      counts = await generateDataset(
        {
          children: request.children,
          seed: request.seed,
          yearStart: request.yearStart,
          asOf: request.asOf ?? lastDayOfYear(request.yearStart),
          flavour: request.flavour,
        },
        { plans: sinkOf(plans), contacts: sinkOf(contacts) },
      );
      await Promise.all([close(plans), close(contacts)]);
      if (request.flavour === 'provider') {
        await writeFile(staging.temporaryOf('mapping.json'), `${JSON.stringify(providerMapping(), null, 2)}\n`, { flag: 'wx', mode: PRIVATE_FILE_MODE });
      }
    } catch (error) {
      plans.destroy();
      contacts.destroy();
      throw await staging.abandon(error);
    }
    await staging.putInPlace();
  } finally {
    folder.release();
  }
  if (!request.quiet) {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    await writeText(
      context.stderr,
      `Generated ${counted(request.children, 'child', 'children')}: ${counted(counts.planRows, 'plan row')}, ${counted(counts.contactRows, 'contact row')} in ${request.out} (${seconds} s).\n`,
    );
  }
  return EXIT.done;
}
