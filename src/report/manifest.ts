// manifest.json under --out: the tool version, the options, for each input file its path, size and
// SHA-256 (with the row accounting of the two CSV files), and how values were read, so that any report
// can be traced back to the data it came from and made again from it; and for each output its size and
// SHA-256, so that a folder holding anything but the whole set one run wrote is seen to (it is put in
// place last: see docs/output-folders.md).
import type { Accounting } from '../reconcile/accounting.js';
import type { InputRecord, ReconciliationResult, RunInputs, TableInputRecord } from '../result/reconciliationResult.js';

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
  readonly reading: RunInputs['reading'];
  readonly inputs: {
    readonly plans: TableInputRecord & { readonly accounting: Accounting['plans'] };
    readonly contacts: TableInputRecord & { readonly accounting: Accounting['contacts'] };
    /** null when the run had none. */
    readonly mapping: InputRecord | null;
    readonly calendar: InputRecord | null;
  };
  readonly outputs: readonly ManifestOutput[];
  /** The run-health warnings, as in summary.json: a job can check them without reading the summary. */
  readonly warnings: ReconciliationResult['warnings'];
}

export function buildManifest(input: {
  readonly version: string;
  readonly command: string;
  readonly result: ReconciliationResult;
  readonly outputs: readonly ManifestOutput[];
}): RunManifest {
  const { result } = input;
  const { inputs } = result;
  return {
    manifestVersion: MANIFEST_VERSION,
    tool: { name: 'ehcp-recon', version: input.version },
    command: input.command,
    year: result.year,
    asOf: result.asOf,
    options: result.options,
    pseudonymisation: result.pseudonymisation,
    reading: inputs.reading,
    inputs: {
      plans: { ...inputs.plans, accounting: result.accounting.plans },
      contacts: { ...inputs.contacts, accounting: result.accounting.contacts },
      mapping: inputs.mapping,
      calendar: inputs.calendar,
    },
    outputs: input.outputs.map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 })),
    warnings: result.warnings,
  };
}
