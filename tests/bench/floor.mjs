// The floor for plain JavaScript: read a CSV file as the CLI does (1 MiB chunks, UTF-8) and split it
// into lines and commas by hand, with no quote handling and no work per field. Prints JSON.
import { createReadStream } from 'node:fs';

const path = process.argv[2];
const started = process.hrtime.bigint();
const decoder = new TextDecoder('utf-8');
let carried = '';
let rows = 0;
let fields = 0;
for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
  const text = carried + decoder.decode(chunk, { stream: true });
  let start = 0;
  for (let end = text.indexOf('\n', start); end >= 0; end = text.indexOf('\n', start)) {
    fields += text.slice(start, end).split(',').length;
    rows++;
    start = end + 1;
  }
  carried = text.slice(start);
}
if (carried.length > 0) {
  fields += carried.split(',').length;
  rows++;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${JSON.stringify({ rows, fields, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
