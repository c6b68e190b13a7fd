// The worklist, forecast and audit trail on the bundled example (docs/rules.md#forecast, #recovery-worklist, explain).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_INPUTS, temporaryDir } from './cli.js';
import { runInProcess } from './inProcess.js';

const example = EXAMPLE_INPUTS;

function csvRows(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { columns: true, bom: true }) as Record<string, string>[];
}

describe('worklist with capacity and rate on the example', async () => {
  const out = temporaryDir();
  const run = await runInProcess(['reconcile', ...example, '--capacity', '20', '--rate', '75', '--out', out, '--format', 'json', '--quiet']);
  const result = JSON.parse(run.stdout);
  const worklist = csvRows(join(out, 'worklist.csv'));

  it('runs', () => expect(run.status).toBe(0));

  it('gives in-house hours that do not exceed 20 × weeks left', () => {
    const weeksLeft = result.worklistTotals.weeksLeft;
    expect(weeksLeft).toBeGreaterThan(0);
    const inHouse = worklist.filter((row) => row.route === 'in-house').reduce((total, row) => total + Number(row.shortfall_hours), 0);
    expect(inHouse).toBeGreaterThan(0);
    expect(inHouse).toBeLessThanOrEqual(20 * weeksLeft + 1e-9);
    expect(worklist.some((row) => row.route === 'independent')).toBe(true);
  });

  it('has a cost total equal to the sum of its rows, to the penny', () => {
    const pence = worklist.reduce((total, row) => total + Math.round(Number(row.estimated_cost || 0) * 100), 0);
    expect(Math.round(result.worklistTotals.totalCost * 100)).toBe(pence);
    for (const row of result.worklist) {
      // £75 an hour of shortfall, to the penny, halves up.
      if (row.route === 'independent') expect(row.estimatedCost).toBe(Math.floor((row.shortfallMinutes * 75 * 100) / 60 + 0.5) / 100);
      else expect(row.estimatedCost).toBeNull();
    }
  });

  it('lists every child-year in shortfall or with no contact, ranked 1..n', () => {
    const owing = result.childYears.filter((row: { status: string }) => row.status === 'shortfall' || row.status === 'no-contact');
    expect(worklist).toHaveLength(owing.length);
    expect(worklist.map((row) => Number(row.rank))).toEqual(owing.map((_: unknown, index: number) => index + 1));
    expect(worklist.slice(0, result.headline.noContact).every((row) => row.status === 'no-contact')).toBe(true);
  });

  it('shows the forecast: booked minutes and children at risk', () => {
    expect(result.headline.atRisk).toBeGreaterThan(0);
    const booked = result.childYears.filter((row: { bookedMinutes: number }) => row.bookedMinutes > 0);
    expect(booked.length).toBeGreaterThan(0);
    for (const row of result.childYears) {
      expect(row.projectedMinutes).toBe(row.deliveredMinutes + row.bookedMinutes);
      expect(row.atRisk).toBe(row.requiredFullYearMinutes - row.projectedMinutes > 0);
      expect(row.terms.reduce((total: number, term: { deliveredMinutes: number }) => total + term.deliveredMinutes, 0)).toBe(
        row.deliveredMinutes - row.recoveryMinutes,
      );
    }
  });

  it('refuses a --recover-by on or before as-of (exit 2)', async () => {
    const refused = await runInProcess(['reconcile', ...example, '--recover-by', '2026-03-31']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--recover-by 2026-03-31 is not after the as-of date');
  });
});

describe('explain on a child of the example', async () => {
  const out = temporaryDir();
  await runInProcess(['reconcile', ...example, '--out', out, '--quiet']);
  const reconciliation = csvRows(join(out, 'reconciliation.csv'));
  const shortRow = reconciliation.find((row) => row.status === 'shortfall')!;
  const explained = await runInProcess(['explain', ...example, '--child', shortRow.child_id!, '--format', 'json']);
  const explanation = JSON.parse(explained.stdout);

  it("shows numbers that add up to the child's row in reconciliation.csv", () => {
    expect(explained.status).toBe(0);
    const childYear = explanation.childYears.find((row: { discipline: string }) => row.discipline === shortRow.discipline);
    expect(childYear.requiredMinutes).toBe(Number(shortRow.required_minutes));
    expect(childYear.deliveredMinutes).toBe(Number(shortRow.delivered_minutes));
    const lines = explanation.planRows.filter(
      (row: { bucket: string; discipline: string }) => row.bucket === 'reconciled' && row.discipline === shortRow.discipline,
    );
    const unrounded = lines.reduce((total: number, row: { minutes: number }) => total + row.minutes, 0);
    expect(Math.abs(unrounded - childYear.requiredMinutes)).toBeLessThanOrEqual(0.5 + 1e-6);
    const counted = explanation.contactRows.filter(
      (row: { bucket: string; discipline: string }) => row.bucket === 'counted' && row.discipline === shortRow.discipline,
    );
    expect(counted.reduce((total: number, row: { minutes: number }) => total + row.minutes, 0)).toBe(Number(shortRow.delivered_minutes));
    expect(counted).toHaveLength(Number(shortRow.sessions_delivered));
  });

  it('prints a readable audit trail with term fractions and line numbers', async () => {
    const text = await runInProcess(['explain', ...example, '--child', shortRow.child_id!]);
    expect(text.stdout).toMatch(/Autumn\s+covered \d+\/122/);
    expect(text.stdout).toMatch(/line \d+: \d{4}-\d{2}-\d{2} \w+ \d+ min attended direct .* → counted/);
  });

  it('says so when the child is in neither file (exit 2)', async () => {
    const missing = await runInProcess(['explain', ...example, '--child', 'NOT-A-CHILD']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('appears in neither');
  });
});
