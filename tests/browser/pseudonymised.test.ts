// report.html of a --pseudonymise run: a board paper travels, so no child's own ID may be on it.
// Needs no browser: it reads the file as text.
import { readFileSync, rmSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fixture } from '../e2e/cli.js';
import { produceExampleReportFolder } from './reportFolder.js';

function column(file: string, header: string): string[] {
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((row) => (row[header] ?? '').trim()).filter((value) => value !== '');
}

describe('report.html of a pseudonymised run', () => {
  it('shows pseudonyms and not one child ID from the input files', async () => {
    const folder = await produceExampleReportFolder({ pseudonymiseKey: 'board-paper-test-key-0001' });
    try {
      const page = readFileSync(folder.reportPath, 'utf8');
      const rawIds = new Set([...column(fixture('example', 'plans.csv'), 'Pupil Ref'), ...column(fixture('example', 'contacts.csv'), 'Client Identifier')]);
      expect(rawIds.size).toBeGreaterThan(100);
      expect([...rawIds].filter((id) => page.includes(id))).toEqual([]);
      expect(folder.summary.pseudonymisation).not.toBeNull();
      for (const row of folder.summary.worklist.slice(0, 25)) expect(page).toContain(`<td>${row.childId}</td>`);
      expect(page).toContain('Child IDs are keyed pseudonyms');
      expect(page).not.toContain('board-paper-test-key-0001');
    } finally {
      rmSync(folder.dir, { recursive: true, force: true });
    }
  });
});
