// manifest.json under --out: the tool version, the options, for each input file its path, size and
// SHA-256 (with the row accounting of the two CSV files), and how values were read, so that any report
// can be traced back to the data it came from and made again from it.
import type { Accounting } from '../reconcile/accounting.js';
import type { InputRecord, ReconciliationResult, RunInputs, TableInputRecord } from '../result/reconciliationResult.js';

export interface RunManifest {
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
  readonly outputs: readonly string[];
  /** The run-health warnings, as in summary.json: a job can check them without reading the summary. */
  readonly warnings: ReconciliationResult['warnings'];
}

export function buildManifest(input: {
  readonly version: string;
  readonly command: string;
  readonly result: ReconciliationResult;
  readonly outputs: readonly string[];
}): RunManifest {
  const { result } = input;
  const { inputs } = result;
  return {
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
    outputs: input.outputs,
    warnings: result.warnings,
  };
}
