// One council's 2025/26 term dates given as three terms and as six half-terms (fixtures/half-term-calendar):
// a plan "per term" or "per half-term" requires the same whichever shape the file has; only what
// counts the weeks sees the half-term holidays, which the six-row file leaves out of term time.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runCli, temporaryDir } from './cli.js';

interface ChildYearJson {
  readonly childId: string;
  readonly status: string;
  readonly requiredMinutes: number;
  readonly requiredFullYearMinutes: number;
  readonly deliveredMinutes: number;
  readonly terms: readonly { readonly term: string; readonly requiredMinutes: number; readonly deliveredMinutes: number }[];
}

interface SummaryJson {
  readonly childYears: readonly ChildYearJson[];
  readonly worklistTotals: { readonly deadline: string; readonly weeksLeft: number };
}

const folder = (name: string) => fixture('half-term-calendar', name);
const inputs = ['--plans', folder('plans.csv'), '--contacts', folder('contacts.csv'), '--as-of', '2026-03-31', '--quiet'];

/** Runs the built CLI with the calendar; the summary is read when a test asks for it. */
function reconcileWith(calendar: string): { status: number | null; stderr: string; readonly summary: SummaryJson } {
  const out = temporaryDir();
  const run = runCli(['reconcile', ...inputs, '--calendar', calendar, '--out', out]);
  return {
    status: run.status,
    stderr: run.stderr,
    get summary() {
      return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as SummaryJson;
    },
  };
}

function byChild(summary: SummaryJson): Record<string, ChildYearJson> {
  return Object.fromEntries(summary.childYears.map((childYear) => [childYear.childId, childYear]));
}

describe('a council calendar as three terms or as six half-terms', () => {
  const threeTerms = reconcileWith(folder('terms.csv'));
  const sixHalves = reconcileWith(folder('half-terms.csv'));

  it('runs with either shape', () => {
    expect(threeTerms.status, threeTerms.stderr).toBe(0);
    expect(sixHalves.status, sixHalves.stderr).toBe(0);
  });

  it('requires the same of a "per term" and a "per half-term" plan with either shape', () => {
    for (const { summary } of [threeTerms, sixHalves]) {
      const children = byChild(summary);
      // H1, 6 × 45 min per term: Autumn and Spring by 31 March, 12 sessions; 18 in the year.
      expect(children.H1).toMatchObject({ requiredMinutes: 12 * 45, requiredFullYearMinutes: 18 * 45, deliveredMinutes: 90 });
      // H2, 3 × 30 min per half-term: 4 half-terms by 31 March, 12 sessions; 18 in the year.
      expect(children.H2).toMatchObject({ requiredMinutes: 12 * 30, requiredFullYearMinutes: 18 * 30, deliveredMinutes: 60 });
      expect(children.H1!.terms).toEqual([
        // The contact of 29 October, in the half-term holiday, is Autumn's.
        { term: 'Autumn', requiredMinutes: 270, deliveredMinutes: 90 },
        { term: 'Spring', requiredMinutes: 270, deliveredMinutes: 0 },
        { term: 'Summer', requiredMinutes: 0, deliveredMinutes: 0 },
      ]);
      expect(children.H2!.terms.map((term) => [term.term, term.requiredMinutes, term.deliveredMinutes])).toEqual([
        ['Autumn', 180, 0],
        ['Spring', 180, 60],
        ['Summer', 0, 0],
      ]);
    }
    const required = (summary: SummaryJson) =>
      summary.childYears
        .filter((row) => row.childId === 'H1' || row.childId === 'H2')
        .map((row) => [row.childId, row.requiredMinutes, row.requiredFullYearMinutes]);
    expect(required(sixHalves.summary)).toEqual(required(threeTerms.summary));
  });

  it('counts the weeks of the halves only: a weekly plan is short of the half-term weeks', () => {
    // H3, 1 × 60 min weekly. Weekdays / 5: three terms 16 + 12 (+ 14.2 in Summer); halves 8 + 7, 6 + 5 (+ 6 + 7.2).
    expect(byChild(threeTerms.summary).H3).toMatchObject({ status: 'no-contact', requiredMinutes: 28 * 60, requiredFullYearMinutes: 2532 });
    expect(byChild(sixHalves.summary).H3).toMatchObject({ status: 'no-contact', requiredMinutes: 26 * 60, requiredFullYearMinutes: 2352 });
    // The worklist's weeks left, 1 April to the end of Summer on 20 July.
    expect(threeTerms.summary.worklistTotals).toMatchObject({ deadline: '2026-07-20', weeksLeft: 14.2 });
    expect(sixHalves.summary.worklistTotals).toMatchObject({ deadline: '2026-07-20', weeksLeft: 13.2 });
  });

  it('starts a plan that begins in the half-term holiday with the second half', () => {
    // H4, 6 × 45 min per term from 27 October. Halves: 47 of Autumn's 101 days, so
    // 6 × 47/101 × 45 = 125.6 → 126 in Autumn and 6 × (47/101 + 1) × 45 = 395.6 → 396 to date.
    // Three terms: 54 of 110 days, 132.5 → 133 and 402.5 → 403.
    expect(byChild(sixHalves.summary).H4).toMatchObject({ requiredMinutes: 396, requiredFullYearMinutes: 666 });
    expect(byChild(sixHalves.summary).H4!.terms.map((term) => term.requiredMinutes)).toEqual([126, 270, 0]);
    expect(byChild(threeTerms.summary).H4).toMatchObject({ requiredMinutes: 403, requiredFullYearMinutes: 673 });
    expect(byChild(threeTerms.summary).H4!.terms.map((term) => term.requiredMinutes)).toEqual([133, 270, 0]);
  });

  it('stops with exit 3 naming the rows when a year is four rows', () => {
    const calendar = join(temporaryDir(), 'four.csv');
    const lines = readFileSync(folder('half-terms.csv'), 'utf8').trim().split('\n');
    // Autumn as one row, Spring as its two halves, Summer as one row.
    writeFileSync(calendar, `${[lines[0], '2025/26,Autumn,2025-09-01,2025-12-19,', lines[3], lines[4], '2025/26,Summer,2026-04-13,2026-07-20,'].join('\n')}\n`);
    const run = runCli(['reconcile', ...inputs, '--calendar', calendar]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('year 2025/26 has 4 terms (Autumn, Spring 1, Spring 2, Summer, on lines 2, 3, 4, 5): list three terms or six half-terms');
    expect(run.stdout).toBe('');
  });
});
