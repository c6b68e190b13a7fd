// The scale benchmark: generate tiers of synthetic data, reconcile each with --out in a separate
// process, and set the time beside the floor (a plain line-and-comma split of the same contacts file,
// measured in the same run). Not part of npm test: run `npm run bench` (add `-- --xl` for 650,000
// children, `-- --tiers S,M` to choose, `-- --runs 3` to take the best of several).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin', 'ehcp-recon.js');
const TIERS = { S: 1_000, M: 20_000, L: 100_000, XL: 650_000 };

const { values } = parseArgs({
  options: {
    tiers: { type: 'string', default: 'S,M,L' },
    xl: { type: 'boolean', default: false },
    runs: { type: 'string', default: '1' },
    data: { type: 'string', default: join(tmpdir(), 'ehcp-recon-bench') },
  },
});
const tiers = values.tiers
  .split(',')
  .concat(values.xl ? ['XL'] : [])
  .filter((tier, i, all) => TIERS[tier] && all.indexOf(tier) === i);
const runs = Math.max(1, Number(values.runs));

function measure(args, env = {}) {
  const report = join(values.data, `report-${process.pid}.json`);
  const result = spawnSync(process.execPath, ['--require', join(ROOT, 'tests/bench/peakMemory.cjs'), ...args], {
    env: { ...process.env, ...env, EHCP_RECON_BENCH_REPORT: report },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  const measured = JSON.parse(readFileSync(report, 'utf8'));
  rmSync(report, { force: true });
  return measured;
}

function floor(path) {
  const result = spawnSync(process.execPath, [join(ROOT, 'tests/bench/floor.mjs'), path], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

function ensureTier(tier) {
  const folder = join(values.data, tier);
  const marker = join(folder, 'generated.json');
  if (!existsSync(marker)) {
    mkdirSync(folder, { recursive: true });
    process.stderr.write(`generating tier ${tier} (${TIERS[tier].toLocaleString('en-GB')} children)…\n`);
    measure([BIN, 'generate', '--children', String(TIERS[tier]), '--seed', '1', '--as-of', '2026-03-31', '--out', folder, '--quiet']);
    spawnSync('sh', ['-c', `echo '{"children":${TIERS[tier]}}' > '${marker}'`]);
  }
  return folder;
}

const rows = [];
for (const tier of tiers) {
  const folder = ensureTier(tier);
  const contacts = join(folder, 'contacts.csv');
  const megabytes = statSync(contacts).size / 1e6;
  let best;
  let bestFloor;
  for (let run = 0; run < runs; run++) {
    const out = join(folder, 'out');
    rmSync(out, { recursive: true, force: true });
    const base = floor(contacts);
    const measured = measure([
      BIN,
      'reconcile',
      '--plans',
      join(folder, 'plans.csv'),
      '--contacts',
      contacts,
      '--as-of',
      '2026-03-31',
      '--out',
      out,
      '--quiet',
    ]);
    if (!best || measured.seconds < best.seconds) best = measured;
    if (!bestFloor || base.seconds < bestFloor.seconds) bestFloor = base;
  }
  const contactRows = bestFloor.rows - 1;
  rows.push({
    tier,
    children: TIERS[tier],
    contactRows,
    megabytes,
    floorSeconds: bestFloor.seconds,
    seconds: best.seconds,
    ratio: best.seconds / bestFloor.seconds,
    rowsPerSecond: contactRows / best.seconds,
    megabytesPerSecond: megabytes / best.seconds,
    peakRssMb: best.maxRssMb,
  });
  process.stderr.write(`tier ${tier} done\n`);
}

const format = (value, digits = 0) => value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const header = '| tier | children | contact rows | MB | floor s | reconcile --out s | × floor | rows/s | MB/s | peak RSS MB |';
const lines = [
  `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${format(totalmem() / 2 ** 30)} GiB; best of ${runs} run${runs === 1 ? '' : 's'}.`,
  '',
  header,
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (row) =>
      `| ${row.tier} | ${format(row.children)} | ${format(row.contactRows)} | ${format(row.megabytes)} | ${format(row.floorSeconds, 2)} | ${format(row.seconds, 2)} | ${format(row.ratio, 2)} | ${format(row.rowsPerSecond)} | ${format(row.megabytesPerSecond, 1)} | ${format(row.peakRssMb)} |`,
  ),
];
const medium = rows.find((row) => row.tier === 'M');
const large = rows.find((row) => row.tier === 'L');
if (medium && large) lines.push('', `Tier L peak RSS is ${format(large.peakRssMb / medium.peakRssMb, 2)}× tier M's.`);
process.stdout.write(`${lines.join('\n')}\n`);
