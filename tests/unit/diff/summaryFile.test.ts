import { describe, expect, it } from 'vitest';
import { parseSummary } from '../../../src/diff/summaryFile.js';
import { childYear, summary } from './builders.js';

// A parsed summary with only what a test is about (as in compare.test.ts).
function text(value: unknown): string {
  return JSON.stringify(value);
}

function problemOf(input: string): string {
  const parsed = parseSummary(input);
  if (!('problem' in parsed)) throw new Error('expected a problem');
  return parsed.problem;
}

const valid = { ...summary([childYear('C1', 'shortfall', 30)]), summary: {}, worklist: [], futureField: { anything: true } };

describe('parseSummary', () => {
  it('reads the parts diff uses and ignores the rest', () => {
    const parsed = parseSummary(text(valid));
    if (!('summary' in parsed)) throw new Error(parsed.problem);
    expect(parsed.summary.childYears).toEqual([{ childId: 'C1', discipline: 'OT', status: 'shortfall', shortfallMinutes: 30, planEnd: null }]);
    expect(parsed.summary).not.toHaveProperty('futureField');
  });

  it('treats a missing pseudonymisation field as raw IDs, and reads a key fingerprint', () => {
    const { pseudonymisation: _, ...withoutField } = valid;
    const raw = parseSummary(text(withoutField));
    expect('summary' in raw && raw.summary.pseudonymisation).toBeNull();
    const keyed = parseSummary(text({ ...valid, pseudonymisation: { keyFingerprint: '0f3a' } }));
    expect('summary' in keyed && keyed.summary.pseudonymisation).toEqual({ keyFingerprint: '0f3a' });
  });

  it('reads a headline figure missing from an older file as null, and a UTF-8 BOM as nothing', () => {
    const { atRisk: _, ...headline } = valid.headline;
    const parsed = parseSummary(`\uFEFF${text({ ...valid, headline })}`);
    expect('summary' in parsed && parsed.summary.headline.atRisk).toBeNull();
  });

  it('says what is wrong: not JSON, not a summary, a newer schema, a bad field, a repeated child-year', () => {
    expect(problemOf('{"schemaVersion": 1,')).toMatch(/^is not valid JSON/);
    expect(problemOf('[1, 2]')).toMatch(/not an ehcp-recon summary \(no "schemaVersion": 1\)/);
    expect(problemOf(text({ plans: {} }))).toMatch(/not an ehcp-recon summary/);
    expect(problemOf(text({ ...valid, schemaVersion: 2 }))).toMatch(/schemaVersion 2, written by a newer ehcp-recon/);
    expect(problemOf(text({ ...valid, childYears: [{ ...childYear('C1', 'met'), status: 'fine' }] }))).toMatch(/childYears\.0\.status/);
    expect(problemOf(text({ ...valid, asOf: '31/03/2026' }))).toMatch(/"asOf"/);
    expect(problemOf(text({ ...valid, childYears: [childYear('C1', 'met'), childYear('C1', 'shortfall', 5)] }))).toMatch(/child "C1" \(OT\) twice/);
  });
});
