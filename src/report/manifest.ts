// manifest.json under --out: the tool version, the options, and for each input its path, size, SHA-256
// and row accounting, so that any report can be traced back to the data it came from.
import type { Accounting } from '../reconcile/accounting.js';
import type { ReconciliationResult } from './result.js';

export interface ManifestInput {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly encoding: string;
  readonly delimiter: string;
}

export interface RunManifest {
  readonly tool: { readonly name: 'ehcp-recon'; readonly version: string };
  readonly command: string;
  readonly year: string;
  readonly asOf: string;
  readonly options: ReconciliationResult['options'];
  readonly pseudonymisation: ReconciliationResult['pseudonymisation'];
  readonly inputs: {
    readonly plans: ManifestInput & { readonly accounting: Accounting['plans'] };
    readonly contacts: ManifestInput & { readonly accounting: Accounting['contacts'] };
  };
  readonly outputs: readonly string[];
}

export function buildManifest(input: {
  readonly version: string;
  readonly command: string;
  readonly result: ReconciliationResult;
  readonly plans: ManifestInput;
  readonly contacts: ManifestInput;
  readonly outputs: readonly string[];
}): RunManifest {
  const { result } = input;
  return {
    tool: { name: 'ehcp-recon', version: input.version },
    command: input.command,
    year: result.year,
    asOf: result.asOf,
    options: result.options,
    pseudonymisation: result.pseudonymisation,
    inputs: {
      plans: { ...input.plans, accounting: result.accounting.plans },
      contacts: { ...input.contacts, accounting: result.accounting.contacts },
    },
    outputs: input.outputs,
  };
}
