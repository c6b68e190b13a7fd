// --quiet keeps run-health warnings off standard error, except when they stop the run: then the
// sentence that says so points at them, and they must be there to point at.
import { describe, expect, it } from 'vitest';
import { fixture } from './cli.js';
import { runInProcess } from './inProcess.js';

const argv = [
  '--plans',
  fixture('health-nhs-spaces', 'plans.csv'),
  '--contacts',
  fixture('health-nhs-spaces', 'contacts.csv'),
  '--as-of',
  '2026-03-31',
  '--quiet',
];
const warningLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('ehcp-recon: warning: '));

describe('run-health warnings under --quiet', () => {
  it('are left off standard error when the run goes on (they are in summary.json and the manifest)', async () => {
    for (const command of ['reconcile', 'validate']) {
      const run = await runInProcess([command, ...argv, '--format', 'json']);
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      expect((JSON.parse(run.stdout) as { warnings: unknown[] }).warnings.length).toBeGreaterThan(0);
    }
  });

  it('are printed when --fail-on-warning stops the run, before the sentence that points at them', async () => {
    for (const command of ['reconcile', 'validate']) {
      const run = await runInProcess([command, ...argv, '--fail-on-warning']);
      expect(run.status).toBe(3);
      const lines = run.stderr.trimEnd().split('\n');
      expect(warningLines(run.stderr).length).toBeGreaterThan(0);
      expect(lines.at(-1)).toMatch(/and --fail-on-warning is set: the headline may be wrong; see the warnings? above/);
      expect(lines[0]).toMatch(/^ehcp-recon: warning: /);
    }
  });
});
