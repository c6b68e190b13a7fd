// The package as a library: imported by its name, as a script does after `npm install ehcp-recon`, it
// gives the figures the command line gives. Run `npm run build` first (the package's entry is dist/).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, fixture, runCli, temporaryDir } from './cli.js';

const folder = temporaryDir();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A script's own folder with the package installed in it (linked, as `npm link` would). */
function scriptFolder(): string {
  mkdirSync(join(folder, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, join(folder, 'node_modules', 'ehcp-recon'), 'dir');
  return folder;
}

describe('the library', () => {
  it('imported by name, reconciles the example to the figures of the CLI', () => {
    const cwd = scriptFolder();
    const docsExample = /```js\n(import \{ reconcile \}[\s\S]*?)```/.exec(readFileSync(join(ROOT, 'docs', 'library.md'), 'utf8'))![1]!;
    // The documentation's own example, with its paths made absolute, then the figures as JSON.
    const script = `${docsExample.replaceAll("'fixtures/", `'${ROOT}/fixtures/`)}\nconsole.log(JSON.stringify({ headline: result.headline, worklist: result.worklist.length, accounting: result.accounting }));\n`;
    writeFileSync(join(cwd, 'script.mjs'), script);
    const run = spawnSync(process.execPath, ['script.mjs'], { cwd, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const fromLibrary = JSON.parse(lines.at(-1)!) as { headline: Record<string, unknown>; worklist: number; accounting: unknown };

    const example = fixture('example');
    const cli = runCli([
      'reconcile',
      '--plans',
      join(example, 'plans.csv'),
      '--contacts',
      join(example, 'contacts.csv'),
      '--mapping',
      join(example, 'mapping.json'),
      '--as-of',
      '2026-03-31',
      '--format',
      'json',
      '--quiet',
    ]);
    expect(cli.status).toBe(0);
    const fromCli = JSON.parse(cli.stdout) as { headline: Record<string, unknown>; worklist: unknown[]; accounting: unknown };
    expect(fromLibrary.headline).toEqual(fromCli.headline);
    expect(fromLibrary.worklist).toBe(fromCli.worklist.length);
    expect(fromLibrary.accounting).toEqual(fromCli.accounting);
    // The example's own figures, so that both cannot be wrong together.
    expect(fromCli.headline).toMatchObject({ childrenInScope: 448, notReceivingFullAllocation: 350, noContact: 2, hoursOwed: 1500.98 });
    // The documented lines: the headline sentence, then the top five of the worklist.
    expect(lines[0]).toBe('350 of 448 short, 1500.98 hours owed');
    expect(lines).toHaveLength(7);
  });

  it('throws a UsageError naming an option that does not read', () => {
    const cwd = folder;
    writeFileSync(
      join(cwd, 'bad.mjs'),
      `import { reconcile, UsageError } from 'ehcp-recon';\ntry { await reconcile({ plans: 'p.csv', contacts: 'c.csv' }, { asOf: '31/03/2026' }); } catch (error) { console.log(error instanceof UsageError, error.message); }\n`,
    );
    const run = spawnSync(process.execPath, ['bad.mjs'], { cwd, encoding: 'utf8' });
    expect(run.stdout).toContain('true option asOf "31/03/2026" does not read');
  });
});
