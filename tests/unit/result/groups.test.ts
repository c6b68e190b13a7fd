// Splitting a result by commissioner, provider or locality: every child-year in one group, every
// worklist row with its child-year, ranks and routes as the run decided them over everyone, and each
// group's headline its own (docs/outputs.md#split-by-folders).
import { describe, expect, it } from 'vitest';
import type { ChildYear } from '../../../src/reconcile/childYear.js';
import { splitResult } from '../../../src/result/groups.js';
import type { ReconciliationResult } from '../../../src/result/reconciliationResult.js';
import { SPLIT_RUN as RUN } from './splitRun.js';

function ids(childYears: Iterable<ChildYear>): string[] {
  return [...childYears].map((entry) => `${entry.childId} ${entry.discipline}`);
}

describe('splitResult', () => {
  const groups = splitResult(RUN, 'commissioner');

  it('puts every child-year in exactly one group, the groups in code-point order and those with no value last', () => {
    expect(groups.map((group) => group.value)).toEqual(['ICB', 'LA', null]);
    expect(groups.map((group) => ids(group.result.childYears))).toEqual([
      ['C02 OT', 'C05 SLT', 'C06 OT'],
      ['C01 OT', 'C03 OT', 'C05 OT', 'C07 OT'],
      ['C04 OT'],
    ]);
    expect(groups.flatMap((group) => ids(group.result.childYears)).sort()).toEqual(ids(RUN.childYears).sort());
    const la = groups[1]!.result.childYears;
    expect(la.length).toBe(4);
    expect(la.at(-1)?.childId).toBe('C07');
    expect(la.at(4)).toBeUndefined();
    expect(JSON.parse(JSON.stringify(la))).toHaveLength(4);
  });

  it("gives each group the run's worklist rows of its child-years, with the ranks, routes and costs the run decided over everyone", () => {
    // The run's plan: the 780 in-house minutes went in rank order across all commissioners, to ICB's
    // C02 (600) and then, past three that no longer fit, to LA's C01 (160).
    expect(RUN.worklist.map((row) => [row.rank, row.childId, row.route])).toEqual([
      [1, 'C02', 'in-house'],
      [2, 'C05', 'independent'],
      [3, 'C04', 'independent'],
      [4, 'C01', 'in-house'],
      [5, 'C07', 'independent'],
      [6, 'C05', 'independent'],
    ]);
    expect(groups.map((group) => group.result.worklist.map((row) => `${row.rank} ${row.childId} ${row.discipline}`))).toEqual([
      ['1 C02 OT', '2 C05 SLT'],
      ['4 C01 OT', '5 C07 OT', '6 C05 OT'],
      ['3 C04 OT'],
    ]);
    const rows = groups.flatMap((group) => group.result.worklist);
    expect(rows.sort((a, b) => a.rank - b.rank)).toEqual(RUN.worklist);
  });

  it("gives each group its own headline and summary, and the worklist's cost and in-house hours of its own rows", () => {
    const [icb, la, none] = groups.map((group) => group.result);
    // ICB: C02 (600 required, none delivered), C05 SLT (450, 100), C06 (not due): 1,050 minutes required, 950 owed.
    expect(icb!.headline).toMatchObject({
      childrenInScope: 3,
      distinctChildren: 3,
      notReceivingFullAllocation: 2,
      noContact: 1,
      requiredHours: 17.5,
      hoursOwed: 15.83,
    });
    expect(icb!.headline.deliveredWithinPlanHours).toBe(1.67);
    expect(icb!.summary.statuses).toMatchObject({ shortfall: 1, 'no-contact': 1, 'not-due': 1, met: 0 });
    expect(icb!.summary.byProvider.map((row) => [row.key, row.childYears])).toEqual([
      ['Kestrel', 2],
      ['Riverside Trust', 1],
    ]);
    expect(Object.keys(icb!.headlineByDiscipline)).toEqual(['OT', 'SLT']);
    // LA: C01 (720, 560), C03 met (720, 800), C05 OT (450, 400), C07 (1,200, 1,000).
    expect(la!.headline).toMatchObject({ childrenInScope: 4, requiredHours: 51.5, hoursOwed: 6.83, deliveredBeyondPlanHours: 1.33 });
    expect(none!.headline).toMatchObject({ childrenInScope: 1, requiredHours: 15, hoursOwed: 10 });
    // The figures of the groups make up the run's.
    const sum = (figure: (result: ReconciliationResult) => number) => groups.reduce((total, group) => total + figure(group.result), 0);
    expect(sum((result) => result.headline.childrenInScope)).toBe(RUN.headline.childrenInScope);
    expect(sum((result) => result.headline.notReceivingFullAllocation)).toBe(RUN.headline.notReceivingFullAllocation);
    // Each group's hours are rounded on their own: 950, 410 and 600 minutes owed are 15.83 + 6.83 + 10.00
    // hours, 32.66, where the run's 1,960 minutes are 32.67.
    expect(groups.map((group) => group.result.headline.hoursOwed)).toEqual([15.83, 6.83, 10]);
    expect(RUN.headline.hoursOwed).toBe(32.67);
    // Independent rows at £1 a minute: ICB's C05 SLT (350); LA's C07 (200) and C05 OT (50); C04 (600).
    expect(groups.map((group) => group.result.worklistTotals.totalCost)).toEqual([350, 250, 600]);
    expect(sum((result) => result.worklistTotals.totalCost!)).toBe(RUN.worklistTotals.totalCost);
    expect(groups.map((group) => group.result.worklistTotals.inHouseHours)).toEqual([10, 2.67, 0]);
    // The budget is the run's, shared by every group.
    for (const group of groups) expect(group.result.worklistTotals.capacityHours).toBe(RUN.worklistTotals.capacityHours);
  });

  it("keeps the run's options, accounting, warnings and inputs, and leaves the exceptions (input rows, not children) out", () => {
    for (const { result } of groups) {
      expect(result.options).toBe(RUN.options);
      expect(result.accounting).toBe(RUN.accounting);
      expect(result.inputs).toBe(RUN.inputs);
      expect(result.warnings).toBe(RUN.warnings);
      expect([...result.exceptions]).toEqual([]);
    }
  });

  it("splits by provider and by locality on the child-year's own values", () => {
    expect(splitResult(RUN, 'provider').map((group) => [group.value, ids(group.result.childYears)])).toEqual([
      ['Kestrel', ['C02 OT', 'C05 SLT']],
      ['Riverside Trust', ['C01 OT', 'C03 OT', 'C04 OT', 'C05 OT', 'C06 OT', 'C07 OT']],
    ]);
    expect(splitResult(RUN, 'locality').map((group) => [group.value, group.result.worklist.length])).toEqual([
      ['Coastal', 1],
      ['Northvale', 5],
    ]);
  });

  it('refuses, as a bug, a worklist row with no child-year', () => {
    const broken = { ...RUN, worklist: [...RUN.worklist, { ...RUN.worklist[0]!, rank: 7, childId: 'C99' }] };
    expect(() => splitResult(broken, 'commissioner')).toThrow('worklist row 7 has no child-year in the result');
  });
});
