// The monthly rhythm: recovery into the next year, pseudonymised sharing, config files, unattended
// runs, interruption, packaging; plus inspect, validate and standard input.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BIN, EXAMPLE_INPUTS, fixture, ROOT, runCli, temporaryDir } from './cli.js';
import { runInProcess } from './inProcess.js';

const KEY = { EHCP_RECON_KEY: 'a-test-key-of-some-length-2026' };
const example = EXAMPLE_INPUTS;

describe('recovery contacts in a closed year (docs/rules.md#recovery-contacts)', () => {
  const inputs = [
    '--plans',
    fixture('recovery-next-year', 'plans.csv'),
    '--contacts',
    fixture('recovery-next-year', 'contacts.csv'),
    '--year',
    '2024/25',
    '--format',
    'json',
  ];

  it('counts late contacts for the year only when run with a later as-of, and never others', async () => {
    const atYearEnd = JSON.parse((await runInProcess(['reconcile', ...inputs, '--as-of', '2025-08-31'])).stdout);
    const later = JSON.parse((await runInProcess(['reconcile', ...inputs, '--as-of', '2025-12-31'])).stdout);
    expect(atYearEnd.childYears[0]).toMatchObject({ childId: 'R1', deliveredMinutes: 60, recoveryMinutes: 0 });
    // K2 and K3 (for_year 2024/25, attended, by 31 Dec) count; K4 was a DNA; K5 has no for_year; K7 is after as-of.
    expect(later.childYears[0]).toMatchObject({ childId: 'R1', deliveredMinutes: 180, recoveryMinutes: 120, sessionsDelivered: 3 });
    expect(later.accounting.contacts.buckets).toEqual({ 'other-year': 2, 'after-as-of': 1, dna: 1, counted: 3 });
    // Recovery minutes are in no term of the year.
    expect(later.childYears[0].terms.reduce((total: number, term: { deliveredMinutes: number }) => total + term.deliveredMinutes, 0)).toBe(60);
  });

  it('explain marks the recovery contacts', async () => {
    const text = (await runInProcess(['explain', ...inputs.slice(0, -2), '--as-of', '2025-12-31', '--child', 'R1'])).stdout;
    expect(text).toContain('120 were recovery after the year ended');
  });
});

describe('pseudonymised sharing', async () => {
  const rawIds = new Set<string>();
  for (const file of ['plans.csv', 'contacts.csv']) {
    const lines = readFileSync(fixture('example', file), 'utf8').split('\n').slice(1);
    for (const line of lines) {
      const id = line.split(',')[file === 'plans.csv' ? 0 : 1];
      if (id) rawIds.add(id);
    }
  }
  const first = temporaryDir();
  const second = temporaryDir();
  const runs = [
    await runInProcess(['reconcile', ...example, '--pseudonymise', '--out', first], { env: KEY }),
    await runInProcess(['reconcile', ...example, '--pseudonymise', '--out', second], { env: KEY }),
  ];

  it('puts no raw child ID in any output file, on standard output or on standard error', () => {
    expect(runs.map((run) => run.status)).toEqual([0, 0]);
    expect(rawIds.size).toBeGreaterThan(300);
    const texts = [...readdirSync(first).map((name) => readFileSync(join(first, name), 'utf8')), runs[0]!.stdout, runs[0]!.stderr];
    const leaked = [...rawIds].filter((id) => texts.some((text) => text.includes(id)));
    expect(leaked).toEqual([]);
  });

  it('gives the same pseudonyms every run, and records the key fingerprint, never the key', () => {
    for (const name of readdirSync(first)) {
      if (name === 'manifest.json') continue;
      expect(readFileSync(join(second, name)).equals(readFileSync(join(first, name))), name).toBe(true);
    }
    const summary = JSON.parse(readFileSync(join(first, 'summary.json'), 'utf8'));
    expect(summary.pseudonymisation.keyFingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(readFileSync(join(first, 'summary.json'), 'utf8')).not.toContain(KEY.EHCP_RECON_KEY);
    expect(summary.childYears[0].childId).toMatch(/^P[0-9a-f]{16}$/);
  });

  it('refuses to run without a key (exit 2)', async () => {
    const refused = await runInProcess(['reconcile', ...example, '--pseudonymise']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('EHCP_RECON_KEY');
  });

  it('explain and validate hide the raw ID too', async () => {
    const explained = await runInProcess(['explain', ...example, '--pseudonymise', '--child', 'C0001834'], { env: KEY });
    expect(explained.status).toBe(0);
    expect(explained.stdout + explained.stderr).not.toContain('C0001834');
    const validated = await runInProcess(['validate', ...example, '--pseudonymise', '--format', 'csv'], { env: KEY });
    expect([...rawIds].filter((id) => validated.stdout.includes(id))).toEqual([]);
  });
});

describe('the run manifest', () => {
  it('traces the outputs to the inputs: path, size, SHA-256, accounting, version, options', async () => {
    const out = temporaryDir();
    expect((await runInProcess(['reconcile', ...example, '--out', out, '--quiet'])).status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    expect(manifest.tool).toEqual({ name: 'ehcp-recon', version });
    expect(manifest.inputs.contacts.bytes).toBe(statSync(fixture('example', 'contacts.csv')).size);
    const sha = spawnSync('sha256sum', [fixture('example', 'contacts.csv')], { encoding: 'utf8' }).stdout.split(' ')[0];
    expect(manifest.inputs.contacts.sha256).toBe(sha);
    expect(manifest.inputs.plans.accounting.rowsRead).toBeGreaterThan(0);
    expect(manifest.options.asOf).toBe('2026-03-31');
    // manifestVersion 2: each output with its size and SHA-256 (docs/output-folders.md).
    expect(manifest.manifestVersion).toBe(2);
    const reportSha = spawnSync('sha256sum', [join(out, 'report.html')], { encoding: 'utf8' }).stdout.split(' ')[0];
    expect(manifest.outputs).toContainEqual({ name: 'report.html', bytes: statSync(join(out, 'report.html')).size, sha256: reportSha });
    // The mapping changes what every value means: it is traced too; there was no calendar file.
    const mappingSha = spawnSync('sha256sum', [fixture('example', 'mapping.json')], { encoding: 'utf8' }).stdout.split(' ')[0];
    expect(manifest.inputs.mapping).toEqual({
      path: fixture('example', 'mapping.json'),
      bytes: statSync(fixture('example', 'mapping.json')).size,
      sha256: mappingSha,
    });
    expect(manifest.inputs.calendar).toBeNull();
    expect(manifest.reading).toEqual({ dateFormat: null, excelDates: false, ids: { plans: 'exact', contacts: 'exact' } });
  });

  it('traces a calendar file and the reading options when given', async () => {
    const out = temporaryDir();
    const calendar = join(temporaryDir(), 'terms.csv');
    writeFileSync(
      calendar,
      'year,term,start,end\n2025/26,Autumn,2025-09-01,2025-12-19\n2025/26,Spring,2026-01-05,2026-03-31\n2025/26,Summer,2026-04-13,2026-07-22\n',
    );
    const run = await runInProcess(['reconcile', ...example, '--calendar', calendar, '--date-format', 'dd/MM/yyyy', '--out', out, '--quiet']);
    expect(run.stderr).toBe('');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.inputs.calendar).toMatchObject({ path: calendar, bytes: statSync(calendar).size });
    expect(manifest.inputs.calendar.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.reading).toEqual({ dateFormat: 'dd/MM/yyyy', excelDates: false, ids: { plans: 'exact', contacts: 'exact' } });
  });
});

describe('unattended runs', () => {
  it('a config-file run equals the same run by flags, and flags on the command line win', async () => {
    const dir = temporaryDir();
    const config = join(dir, 'monthly.json');
    writeFileSync(
      config,
      JSON.stringify({
        plans: fixture('example', 'plans.csv'),
        contacts: fixture('example', 'contacts.csv'),
        mapping: fixture('example', 'mapping.json'),
        asOf: '2026-03-31',
        tolerance: 15,
        capacity: 20,
        rate: 75,
        format: 'json',
        quiet: true,
      }),
    );
    const byConfig = await runInProcess(['reconcile', '--config', config]);
    const byFlags = await runInProcess(['reconcile', ...example, '--tolerance', '15', '--capacity', '20', '--rate', '75', '--format', 'json', '--quiet']);
    expect(byConfig.status).toBe(0);
    expect(byConfig.stdout).toBe(byFlags.stdout);
    const overridden = await runInProcess(['reconcile', '--config', config, '--tolerance', '0']);
    expect(JSON.parse(overridden.stdout).options.tolerance).toBe(0);
  });

  it('one config file serves reconcile, validate and explain, each taking its own options from it', async () => {
    const dir = temporaryDir();
    const config = join(dir, 'monthly.json');
    writeFileSync(
      config,
      JSON.stringify({
        plans: fixture('example', 'plans.csv'),
        contacts: fixture('example', 'contacts.csv'),
        mapping: fixture('example', 'mapping.json'),
        asOf: '2026-03-31',
        capacity: 20,
        rate: 75,
        failOnShortfall: true,
        bom: false,
        out: join(dir, 'out'),
        quiet: true,
        format: 'csv',
      }),
    );
    const validated = await runInProcess(['validate', '--config', config]);
    expect(validated.stderr).toBe('');
    expect(validated.status).toBe(0);
    expect(validated.stdout.startsWith('file,line,bucket,')).toBe(true);
    // reconcile's output folder is reconcile's: validate's exceptions.csv never lands among another run's files.
    expect(existsSync(join(dir, 'out'))).toBe(false);
    const explained = await runInProcess(['explain', '--config', config, '--child', 'C0001834']);
    expect(explained.stderr).toBe('');
    expect(explained.status).toBe(0);
    expect(explained.stdout).toContain('C0001834');
    for (const command of [
      ['generate', '--children', '5'],
      ['diff', dir, dir],
      ['inspect', fixture('example', 'plans.csv')],
    ]) {
      const refused = await runInProcess([command[0]!, '--config', config, ...command.slice(1)]);
      expect(refused.status, command[0]).toBe(2);
      expect(refused.stderr, command[0]).toContain('--config serves reconcile, validate, explain');
    }
    expect(readdirSync(dir)).toEqual(['monthly.json']);
  });

  it('a switch the config file turns on is turned off by its --no- form on the command line', async () => {
    const dir = temporaryDir();
    const config = join(dir, 'strict.json');
    writeFileSync(
      config,
      JSON.stringify({
        plans: fixture('example', 'plans.csv'),
        contacts: fixture('example', 'contacts.csv'),
        mapping: fixture('example', 'mapping.json'),
        asOf: '2026-03-31',
        strict: true,
        failOnShortfall: true,
        quiet: true,
        format: 'json',
      }),
    );
    // The example has exception rows and shortfalls: strict stops it (3); without strict, the shortfall gives 4.
    expect((await runInProcess(['reconcile', '--config', config])).status).toBe(3);
    expect((await runInProcess(['reconcile', '--config', config, '--no-strict'])).status).toBe(4);
    expect((await runInProcess(['reconcile', '--config', config, '--no-strict', '--no-fail-on-shortfall'])).status).toBe(0);
    // And a switch the file turns off (bom) is turned on again by its plain form.
    const noBom = join(dir, 'no-bom.json');
    writeFileSync(
      noBom,
      JSON.stringify({
        plans: fixture('example', 'plans.csv'),
        contacts: fixture('example', 'contacts.csv'),
        mapping: fixture('example', 'mapping.json'),
        asOf: '2026-03-31',
        bom: false,
        quiet: true,
        out: 'out',
      }),
    );
    expect((await runInProcess(['reconcile', '--config', noBom])).status).toBe(0);
    expect(
      readFileSync(join(dir, 'out', 'shortfall.csv'))
        .subarray(0, 3)
        .toString('hex'),
    ).not.toBe('efbbbf');
    expect((await runInProcess(['reconcile', '--config', noBom, '--bom'])).status).toBe(0);
    expect(
      readFileSync(join(dir, 'out', 'shortfall.csv'))
        .subarray(0, 3)
        .toString('hex'),
    ).toBe('efbbbf');
  });

  it('an output never replaces the config file the run was given', async () => {
    const dir = temporaryDir();
    const config = join(dir, 'summary.json');
    const text = JSON.stringify({
      plans: fixture('example', 'plans.csv'),
      contacts: fixture('example', 'contacts.csv'),
      mapping: fixture('example', 'mapping.json'),
      asOf: '2026-03-31',
      out: '.',
    });
    writeFileSync(config, text);
    const run = await runInProcess(['reconcile', '--config', config, '--quiet']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('summary.json');
    expect(readFileSync(config, 'utf8')).toBe(text);
  });

  it('a config file with an unknown option stops with exit 3 naming it', async () => {
    const dir = temporaryDir();
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ asof: '2026-03-31' }));
    const run = await runInProcess(['reconcile', '--config', join(dir, 'bad.json')]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('unknown key "asof"');
  });

  it('--quiet leaves standard error empty on success; errors still print one sentence', async () => {
    const quiet = await runInProcess(['reconcile', ...example, '--format', 'json', '--quiet']);
    expect(quiet.stderr).toBe('');
    const failing = runCli(['reconcile', ...example, '--quiet', '--calendar', 'missing.csv']);
    expect(failing.status).toBe(3);
    expect(failing.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a SIGTERM mid-run leaves --out as it was', async () => {
    const data = temporaryDir();
    expect(runCli(['generate', '--children', '20000', '--seed', '9', '--as-of', '2026-03-31', '--out', data, '--quiet']).status).toBe(0);
    const out = join(temporaryDir(), 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'summary.json'), '{"last":"month"}\n');
    const child = spawn(
      process.execPath,
      [BIN, 'reconcile', '--plans', join(data, 'plans.csv'), '--contacts', join(data, 'contacts.csv'), '--as-of', '2026-03-31', '--out', out],
      { stdio: 'ignore' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGTERM');
    const status = await new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + 15 : null))));
    expect(status).toBe(143);
    expect(readdirSync(out)).toEqual(['summary.json']);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('{"last":"month"}\n');
  });

  it('an interrupted generate leaves no temporaries and no folder it made', async () => {
    const root = temporaryDir();
    const child = spawn(process.execPath, [BIN, 'generate', '--children', '300000', '--out', join(root, 'new', 'data'), '--quiet'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // Interrupted while its files are being made: wait until they exist.
    await vi.waitFor(
      () => expect(existsSync(join(root, 'new', 'data')) && readdirSync(join(root, 'new', 'data')).filter((name) => name.endsWith('.tmp')).length).toBe(2),
      { timeout: 10_000, interval: 20 },
    );
    child.kill('SIGINT');
    const status = await new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + 2 : null))));
    expect(status).toBe(130);
    expect(stderr).toContain('no output files were changed');
    expect(readdirSync(root)).toEqual([]);
  });

  it('a reader that stops early (| head) ends nothing: the run keeps its exit status, with no stack trace', () => {
    // About 600 KB of JSON, far more than a pipe holds: head has gone long before the run has written it all.
    const command = [process.execPath, BIN, 'reconcile', ...example, '--format', 'json', '--fail-on-shortfall'].map((word) => `'${word}'`).join(' ');
    const piped = spawnSync('bash', ['-c', `${command} | head -c 20; echo " status \${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(piped.stdout).toBe('{\n  "schemaVersion": status 4\n');
    expect(piped.stderr).toContain('exit 4 because --fail-on-shortfall is set');
    expect(piped.stderr).not.toMatch(/EPIPE|internal error|\n\s+at /);
    // Help text too.
    const help = spawnSync('bash', ['-c', `'${process.execPath}' '${BIN}' reconcile --help | head -1; echo "status \${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(help.stdout).toBe('Usage: ehcp-recon reconcile [options]\nstatus 0\n');
    expect(help.stderr).toBe('');
  });

  it.skipIf(!existsSync('/dev/full'))('standard output that cannot be written (a full disk) fails the run with one sentence', () => {
    const command = [process.execPath, BIN, 'validate', ...example, '--format', 'csv'].map((word) => `'${word}'`).join(' ');
    const full = spawnSync('bash', ['-c', `${command} > /dev/full`], { encoding: 'utf8' });
    expect(full.status).toBe(2);
    expect(full.stderr).toContain('ehcp-recon: could not write to standard output (ENOSPC');
    expect(full.stderr).not.toMatch(/\n\s+at /);
  });

  it("every command's --help shows an example", () => {
    for (const command of ['reconcile', 'validate', 'explain', 'inspect', 'generate', 'diff']) {
      const help = runCli([command, '--help']);
      expect(help.status, command).toBe(0);
      expect(help.stdout, command).toMatch(/Example:\n\s+ehcp-recon /);
    }
  });
});

describe('inspect, validate and standard input', () => {
  it('inspect names the fields it recognised and prints a mapping to start from', async () => {
    const text = await runInProcess(['inspect', fixture('bom-crlf-semicolon', 'contacts.csv')]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('semicolon-separated');
    expect(text.stdout).toContain('Looks like a contacts file');
    const mapping = JSON.parse((await runInProcess(['inspect', fixture('example', 'plans.csv'), '--format', 'json'])).stdout);
    expect(mapping.plans.columns.provision).toBe('Section F Provision');
  });

  it('validate prints the accounting and each exception with file, line and reason', async () => {
    const run = await runInProcess([
      'validate',
      '--plans',
      fixture('spec-worked-examples', 'plans.csv'),
      '--contacts',
      fixture('spec-worked-examples', 'contacts.csv'),
      '--year',
      '2024/25',
      '--as-of',
      '2025-08-31',
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Contacts: 24 rows read');
    expect(run.stdout).toMatch(/plans line 6: invalid-row — provision "access to OT as required": provision is not quantified/);
  });

  it('reads one input from standard input', () => {
    const run = runCli(
      [
        'reconcile',
        '--plans',
        fixture('spec-worked-examples', 'plans.csv'),
        '--contacts',
        '-',
        '--year',
        '2024/25',
        '--as-of',
        '2025-08-31',
        '--format',
        'json',
      ],
      {
        input: readFileSync(fixture('spec-worked-examples', 'contacts.csv')),
      },
    );
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).accounting.contacts.rowsRead).toBe(24);
    expect(runCli(['reconcile', '--plans', '-', '--contacts', '-']).status).toBe(2);
  });
});

describe('packaging', () => {
  it('npm pack gives a tarball that installs globally and runs', { timeout: 240_000 }, () => {
    const dir = temporaryDir();
    const packed = spawnSync('npm', ['pack', '--pack-destination', dir, '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(packed.status, packed.stderr).toBe(0);
    const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'))!;
    const prefix = join(dir, 'prefix');
    const installed = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', join(dir, tarball)], { encoding: 'utf8' });
    expect(installed.status, installed.stderr).toBe(0);
    const bin = join(prefix, 'bin', 'ehcp-recon');
    expect(existsSync(bin)).toBe(true);
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('terminal safety and honest messages', () => {
  it('control characters from the data are spelled out in table, validate, explain and inspect output', async () => {
    const dir = temporaryDir();
    const hostile = '\u001b]0;pwned\u0007E9';
    writeFileSync(
      join(dir, 'plans.csv'),
      `child_id,sessions,session_minutes,frequency,start_date,provider\n${hostile},1,45,week,2024-09-01,\u001b[31mRED\u001b[0m\n`,
    );
    writeFileSync(join(dir, 'contacts.csv'), `child_id,date,minutes\n${hostile},2024-09-10,45\n`);
    const inputs = ['--plans', join(dir, 'plans.csv'), '--contacts', join(dir, 'contacts.csv'), '--year', '2024/25', '--as-of', '2025-08-31'];
    const outputs = [
      (await runInProcess(['reconcile', ...inputs])).stdout,
      (await runInProcess(['validate', ...inputs])).stdout,
      (await runInProcess(['explain', ...inputs, '--child', hostile])).stdout,
      (await runInProcess(['inspect', join(dir, 'plans.csv')])).stdout,
    ];
    for (const output of outputs) expect(output).not.toMatch(/[\u0007\u001b]/);
    expect(outputs[0]).toContain('\\u001b[31mRED');
    expect(outputs[2]).toContain('\\u001b]0;pwned\\u0007E9');
  });

  it('inspect warns about the duplicate headers that reconcile refuses', async () => {
    const text = (await runInProcess(['inspect', fixture('bad', 'duplicate-headers', 'contacts.csv')])).stdout;
    expect(text).toContain('reconcile would stop here');
  });
});
