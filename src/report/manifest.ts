// manifest.json under --out: the tool version, the options, for each input file its path, size and
// SHA-256 (with the row accounting of the two CSV files), and how values were read, so that any report
// can be traced back to the data it came from and made again from it; and for each output its size and
// SHA-256, so that a folder holding anything but the whole set one run wrote is seen to (it is put in
// place last: see docs/output-folders.md).
import type { Accounting } from '../reconcile/accounting.js';
import type { ReconciliationResult } from './result.js';

/** A file read: where, how large, and its SHA-256. */
export interface ManifestFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface ManifestInput extends ManifestFile {
  readonly encoding: string;
  readonly delimiter: string;
}

/** Options that change how values are read, and so the numbers, beside the result's own options. */
export interface ManifestReading {
  readonly dateFormat: string | null;
  readonly excelDates: boolean;
}

/** manifestVersion 2: `outputs` lists objects with sizes and hashes (version 1, unnumbered, listed names). */
export const MANIFEST_VERSION = 2;

/** An output file as written: its name in the folder, size and SHA-256. The manifest does not list itself. */
export interface ManifestOutput {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface RunManifest {
  readonly manifestVersion: typeof MANIFEST_VERSION;
  readonly tool: { readonly name: 'ehcp-recon'; readonly version: string };
  readonly command: string;
  readonly year: string;
  readonly asOf: string;
  readonly options: ReconciliationResult['options'];
  readonly pseudonymisation: ReconciliationResult['pseudonymisation'];
  readonly reading: ManifestReading;
  readonly inputs: {
    readonly plans: ManifestInput & { readonly accounting: Accounting['plans'] };
    readonly contacts: ManifestInput & { readonly accounting: Accounting['contacts'] };
    /** null when the run had none. */
    readonly mapping: ManifestFile | null;
    readonly calendar: ManifestFile | null;
  };
  readonly outputs: readonly ManifestOutput[];
}

export function buildManifest(input: {
  readonly version: string;
  readonly command: string;
  readonly result: ReconciliationResult;
  readonly reading: ManifestReading;
  readonly plans: ManifestInput;
  readonly contacts: ManifestInput;
  readonly mapping: ManifestFile | null;
  readonly calendar: ManifestFile | null;
  readonly outputs: readonly ManifestOutput[];
}): RunManifest {
  const { result } = input;
  return {
    manifestVersion: MANIFEST_VERSION,
    tool: { name: 'ehcp-recon', version: input.version },
    command: input.command,
    year: result.year,
    asOf: result.asOf,
    options: result.options,
    pseudonymisation: result.pseudonymisation,
    reading: input.reading,
    inputs: {
      plans: { ...input.plans, accounting: result.accounting.plans },
      contacts: { ...input.contacts, accounting: result.accounting.contacts },
      mapping: input.mapping,
      calendar: input.calendar,
    },
    outputs: input.outputs.map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 })),
  };
}
