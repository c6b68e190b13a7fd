// The words for a refused diff: one sentence naming both files and what to do (docs/operations.md#comparing-months). No full stop:
// the CLI's exit handler appends its pointer to --help.
import type { DiffSide, Refusal } from './compare.js';

function listOf(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.join(', ');
}

function keyDescription(fingerprint: string | null): string {
  return fingerprint === null ? 'raw child IDs' : `child IDs pseudonymised with the key whose fingerprint is ${fingerprint}`;
}

export function describeRefusals(refusals: readonly Refusal[], older: DiffSide, newer: DiffSide): string {
  const oldFile = `"${older.file}"`;
  const newFile = `"${newer.file}"`;
  const keys = refusals.find((refusal) => refusal.code === 'different-keys');
  if (keys !== undefined) {
    return (
      `cannot compare ${oldFile} (${keyDescription(keys.old)}) with ${newFile} (${keyDescription(keys.new)}): the same child would not match itself; ` +
      'reconcile both months with --pseudonymise and the same EHCP_RECON_KEY, or both without it (--force does not override this)'
    );
  }
  const differences = refusals.flatMap((refusal) => {
    switch (refusal.code) {
      case 'different-year':
        return [`different academic years (${refusal.old} in ${oldFile}, ${refusal.new} in ${newFile})`];
      case 'different-disciplines':
        return [`different disciplines (${listOf(refusal.old)} in ${oldFile}, ${listOf(refusal.new)} in ${newFile})`];
      default:
        return [];
    }
  });
  return `will not compare ${oldFile} with ${newFile}: they cover ${differences.join(' and ')}; pass --force to compare them anyway`;
}
