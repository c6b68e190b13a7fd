// Preloaded into a measured process (node --require): reports its own wall time and peak resident set
// size on exit, to the file named by EHCP_RECON_BENCH_REPORT, so the benchmark needs no GNU time.
const { writeFileSync } = require('node:fs');
const started = process.hrtime.bigint();
process.on('exit', (code) => {
  const report = process.env.EHCP_RECON_BENCH_REPORT;
  if (!report) return;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  writeFileSync(report, JSON.stringify({ code, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
});
