// Measures the workbook reader: generates a contacts-like .xlsx sheet (200,000 rows by default, text IDs
// with leading zeros in the shared-strings table as Excel keeps them, dates as date-formatted serials,
// minutes as numbers), then reads it in a separate process and prints the seconds and the peak resident
// set size of that process. Not a test, and not part of `npm run bench`:
//
//   npx tsc -p tsconfig.build.json && node tests/bench/workbookRead.mjs [--rows 200000] [--runs 1] [--file PATH]
//
// The workbook is written under the system temp folder and kept for the next run. --file reads an
// existing workbook instead. The figures are recorded in docs/xlsx.md.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { constants, crc32, deflateRawSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000' },
    runs: { type: 'string', default: '1' },
    file: { type: 'string' },
    read: { type: 'string' },
    generate: { type: 'string' },
  },
});

if (values.generate !== undefined) {
  // In a process of its own: Linux carries a parent's peak RSS into a child it spawns, so a parent that
  // had just built a large workbook would inflate the measured child's figure.
  generate(Number(values.rows), values.generate);
} else if (values.read !== undefined) {
  // The measured process: only the read, so that its peak RSS is the reader's.
  const { readWorkbookRows } = await import(join(ROOT, 'dist/io/workbook/workbookReader.js'));
  let cells = 0;
  let lastRow = 0;
  const summary = await readWorkbookRows(
    values.read,
    { source: values.read },
    {
      row(row, rowNumber) {
        cells += row.length;
        lastRow = rowNumber;
      },
    },
  );
  process.stdout.write(JSON.stringify({ rows: summary.rows, cells, lastRow, sheet: summary.sheet }));
} else {
  const rows = Number(values.rows);
  const file = values.file ?? generatedFile(rows);
  const runs = Math.max(1, Number(values.runs));
  let best;
  for (let run = 0; run < runs; run++) {
    const measured = measure(file);
    if (best === undefined || measured.seconds < best.seconds) best = measured;
  }
  const megabytes = statSync(file).size / 1e6;
  process.stdout.write(
    `${file}: ${megabytes.toFixed(1)} MB, ${best.rows.toLocaleString('en-GB')} rows (${best.cells.toLocaleString('en-GB')} cells), ` +
      `read in ${best.seconds.toFixed(2)} s, peak RSS ${best.maxRssMb.toFixed(0)} MB ` +
      `(Node ${process.version}, ${cpus().length} cores; best of ${runs})\n`,
  );
}

function measure(file) {
  const report = join(tmpdir(), `ehcp-workbook-read-${process.pid}.json`);
  const result = spawnSync(process.execPath, ['--require', join(ROOT, 'tests/bench/peakMemory.cjs'), fileURLToPath(import.meta.url), '--read', file], {
    env: { ...process.env, EHCP_RECON_BENCH_REPORT: report },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`reading ${file} failed (${result.status}): ${result.stderr}`);
  const measured = JSON.parse(readFileSync(report, 'utf8'));
  rmSync(report, { force: true });
  return { ...measured, ...JSON.parse(result.stdout) };
}

// ---- the generator: a plain zip of deflated parts, written the way Excel lays a workbook out ----

function generatedFile(rowCount) {
  const dir = join(tmpdir(), 'ehcp-recon-bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `contacts-${rowCount}.xlsx`);
  if (existsSync(path)) return path;
  process.stderr.write(`generating ${path}…\n`);
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--rows', String(rowCount), '--generate', path], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`generating ${path} failed (${result.status})`);
  return path;
}

function generate(rowCount, path) {
  const strings = [];
  const stringIndex = new Map();
  const shared = (text) => {
    let index = stringIndex.get(text);
    if (index === undefined) {
      index = strings.length;
      strings.push(text);
      stringIndex.set(text, index);
    }
    return index;
  };
  const header = ['Contact ID', 'Person ID', 'Contact Date', 'Duration (mins)', 'Discipline', 'Attendance', 'Contact Type', 'Provider', 'Staff ID'];
  const disciplines = ['OT', 'SLT', 'PT'];
  const attendances = ['Attended', 'Attended', 'Attended', 'DNA', 'Cancelled by Patient', 'Hospital Cancelled'];
  const minutes = [30, 45, 45, 60, 40];
  const columns = 'ABCDEFGHI';
  const textCell = (column, row, text) => `<c r="${columns[column]}${row}" t="s"><v>${shared(text)}</v></c>`;

  const sheetChunks = [];
  let pending =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">';
  pending += `<dimension ref="A1:I${rowCount + 1}"/><sheetData>`;
  pending += `<row r="1">${header.map((text, column) => textCell(column, 1, text)).join('')}</row>`;
  let seed = 1;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < rowCount; i++) {
    const row = i + 2;
    const child = String(Math.floor(random() * 40_000)).padStart(6, '0');
    // Serial days from 2024-09-02 (45537) over two academic years, as Excel stores a date.
    const serial = 45537 + Math.floor(random() * 600);
    pending +=
      `<row r="${row}">` +
      textCell(0, row, `K${String(i + 1).padStart(8, '0')}`) +
      textCell(1, row, child) +
      `<c r="C${row}" s="1"><v>${serial}</v></c>` +
      `<c r="D${row}"><v>${minutes[i % minutes.length]}</v></c>` +
      textCell(4, row, disciplines[i % 3]) +
      textCell(5, row, attendances[Math.floor(random() * attendances.length)]) +
      textCell(6, row, i % 10 === 0 ? 'indirect' : 'direct') +
      textCell(7, row, i % 2 === 0 ? 'North Trust' : 'South Community Services') +
      textCell(8, row, `S${String(Math.floor(random() * 300)).padStart(4, '0')}`) +
      '</row>';
    if (pending.length > 1 << 20) {
      sheetChunks.push(Buffer.from(pending, 'utf8'));
      pending = '';
    }
  }
  pending += '</sheetData></worksheet>';
  sheetChunks.push(Buffer.from(pending, 'utf8'));

  const sharedXml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${rowCount * 7 + 9}" uniqueCount="${strings.length}">` +
    strings.map((text) => `<si><t>${text}</t></si>`).join('') +
    '</sst>';

  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const parts = [
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${main}" xmlns:r="${rel}"><workbookPr/><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        `<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/>` +
        `<Relationship Id="rId3" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ],
    [
      'xl/styles.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${main}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>',
    ],
    ['xl/sharedStrings.xml', sharedXml],
    ['xl/worksheets/sheet1.xml', sheetChunks],
  ];
  writeZip(`${path}.partial`, parts);
  renameSync(`${path}.partial`, path);
}

/** A zip of deflated entries; enough of the format for a workbook, nothing more. */
function writeZip(path, parts) {
  const fd = openSync(path, 'w');
  const central = [];
  let offset = 0;
  const write = (bytes) => {
    writeSync(fd, bytes);
    offset += bytes.length;
  };
  for (const [name, content] of parts) {
    const raw = Array.isArray(content) ? Buffer.concat(content) : Buffer.from(content, 'utf8');
    const compressed = deflateRawSync(raw, { level: constants.Z_DEFAULT_COMPRESSION });
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(raw), 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc32(raw), 16);
    entry.writeUInt32LE(compressed.length, 20);
    entry.writeUInt32LE(raw.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    write(local);
    write(nameBytes);
    write(compressed);
  }
  const centralStart = offset;
  for (const bytes of central) write(bytes);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(offset - centralStart, 12);
  end.writeUInt32LE(centralStart, 16);
  write(end);
  closeSync(fd);
}
