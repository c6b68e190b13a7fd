// Micro-benchmark of the CSV readers against splitting lines and commas by hand.
//
//   npx tsc -p tsconfig.build.json && node tests/bench/readers.mjs [--mb 50] [--runs 3] [--style lf|crlf|quoted] [--file PATH] [--skip-csv-parse]
//
// Generates a synthetic contacts file (ids, ISO dates, minutes, a text field that is sometimes quoted
// with commas, doubled quotes or a line break in it) under the system temp folder unless --file is
// given, then times each reader over the same bytes read as the CLI reads them (1 MiB chunks).
// --style crlf ends lines with CRLF; --style quoted quotes every field, as some exports do.
import { createReadStream, existsSync, mkdirSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as csvParse } from 'csv-parse';
import { readCsvFast } from '../../dist/io/fastCsvEngine.js';
import { readCsvWithCsvParse } from '../../dist/io/csvParseEngine.js';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
    file: { type: 'string' },
    style: { type: 'string', default: 'lf' },
    'skip-csv-parse': { type: 'boolean', default: false },
  },
});
const CHUNK = 1 << 20;
const targetBytes = Number(values.mb) * 1e6;
const runs = Number(values.runs);
const style = values.style;
if (!['lf', 'crlf', 'quoted'].includes(style)) throw new Error('--style must be lf, crlf or quoted');
const file = values.file ?? generate(targetBytes);
const bytes = statSync(file).size;

function generate(size) {
  const dir = join(tmpdir(), 'ehcp-recon-bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `contacts-${Math.round(size / 1e6)}mb-${style}.csv`);
  const eol = style === 'crlf' ? '\r\n' : '\n';
  const quoteAll = (line) =>
    line
      .split(',')
      .map((cell) => (cell.startsWith('"') ? cell : `"${cell}"`))
      .join(',');
  if (existsSync(path)) return path;
  let seed = 20240903;
  const random = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const pick = (list) => list[Math.floor(random() * list.length)];
  const attendance = ['Attended', 'Attended', 'Attended', 'Attended', 'DNA', 'Cancelled by Patient', 'Hospital Cancelled', 'Booked'];
  const notes = ['', '', 'Sensory diet reviewed', 'Handwriting programme', 'Seen in class', 'Fine motor', 'Parent attended'];
  const fd = openSync(path, 'w');
  let written = 0;
  let lines = ['contact_id,child_id,date,minutes,discipline,attendance,contact_type,provider,staff_id,note'];
  for (let id = 1; written < size; id++) {
    const day = new Date(Date.UTC(2024, 8, 1) + Math.floor(random() * 330) * 86_400_000).toISOString().slice(0, 10);
    const r = random();
    let note = pick(notes);
    if (r < 0.08) note = `"Reviewed with school, parent and SENCo, ${pick(notes)}"`;
    else if (r < 0.09) note = `"Used the ""zones"" chart, then ${pick(notes)}"`;
    else if (r < 0.0905) note = `"First line\nsecond line"`;
    const line = `C${String(id).padStart(8, '0')},CH${String(Math.floor(random() * 40_000)).padStart(6, '0')},${day},${pick(['30', '45', '45', '60'])},OT,${pick(attendance)},direct,North Trust,S${Math.floor(random() * 300)},`;
    lines.push(style === 'quoted' ? `${quoteAll(line)}${note.startsWith('"') ? note : `"${note}"`}` : line + note);
    if (lines.length >= 10_000) {
      written += writeSync(fd, lines.join(eol) + eol);
      lines = [];
    }
  }
  if (lines.length > 0) writeSync(fd, lines.join(eol) + eol);
  closeSync(fd);
  return path;
}

async function handSplit() {
  const decoder = new TextDecoder('utf-8');
  let carried = '';
  let rows = 0;
  let fields = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) {
    const lines = (carried + decoder.decode(chunk, { stream: true })).split('\n');
    carried = lines.pop() ?? '';
    for (const line of lines) {
      if (line.length === 0) continue;
      fields += line.split(',').length;
      rows++;
    }
  }
  if (carried.length > 0) {
    fields += carried.split(',').length;
    rows++;
  }
  return { rows: rows - 1, fields };
}

async function engine(read) {
  let rows = 0;
  let fields = 0;
  await read(
    createReadStream(file, { highWaterMark: CHUNK }),
    { source: file },
    {
      header() {},
      row(cells) {
        rows++;
        fields += cells.length;
      },
    },
  );
  return { rows, fields };
}

async function plainCsvParse() {
  let rows = -1;
  let fields = 0;
  const parser = createReadStream(file, { highWaterMark: CHUNK }).pipe(csvParse({ relax_column_count: true, skip_empty_lines: true }));
  for await (const record of parser) {
    rows++;
    fields += record.length;
  }
  return { rows, fields };
}

const readers = [
  ['hand split (lines, then commas)', handSplit],
  ['fast engine (readCsv)', () => engine(readCsvFast)],
];
if (!values['skip-csv-parse']) {
  readers.push(['csv-parse engine (reference)', () => engine(readCsvWithCsvParse)]);
  readers.push(['csv-parse alone, for-await', plainCsvParse]);
}

console.log(`file: ${file} (${(bytes / 1e6).toFixed(1)} MB, ${style}), best of ${runs} runs, Node ${process.version}`);
let baseline;
for (const [name, run] of readers) {
  let best = Infinity;
  let result;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await run();
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  baseline ??= best;
  const at334 = (best * 334e6) / bytes;
  console.log(
    `${name.padEnd(34)} ${best.toFixed(2).padStart(6)} s  ${(bytes / 1e6 / best).toFixed(0).padStart(4)} MB/s  ` +
      `${(best / baseline).toFixed(2)}×  ~${at334.toFixed(1)} s at 334 MB  rows ${result.rows} fields ${result.fields}`,
  );
}
