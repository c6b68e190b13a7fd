import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCsvRow, type CsvCell } from '../../../src/io/csvWriter.js';
import type { ExceptionRecord } from '../../../src/reconcile/accounting.js';
import type { ChildYear } from '../../../src/reconcile/childYear.js';
import type { WorklistRow } from '../../../src/recovery/worklist.js';
import { exceptionsCsv, reconciliationCsv, shortfallCsv, termColumnPrefixes, worklistCsv } from '../../../src/report/csvOutputs.js';
import type { ReconciliationResult } from '../../../src/result/reconciliationResult.js';
import { hoursOf } from '../../../src/result/summary.js';
import { childYearArbitrary, worklistRowArbitrary } from './arbitraries.js';

// The columns of the CSV outputs, cell by cell, through the one generic row writer.
const hours = (minutes: number) => hoursOf(minutes).toFixed(2);

function childYearCells(childYear: ChildYear): CsvCell[] {
  return [
    childYear.childId,
    childYear.discipline,
    childYear.year,
    childYear.status,
    hours(childYear.requiredMinutes),
    hours(childYear.deliveredMinutes),
    hours(childYear.shortfallMinutes),
    hours(childYear.surplusMinutes),
    childYear.deliveredPercent === null ? null : childYear.deliveredPercent.toFixed(1),
    childYear.requiredMinutes,
    childYear.deliveredMinutes,
    childYear.shortfallMinutes,
    childYear.surplusMinutes,
    childYear.sessionsDelivered,
    childYear.sessionsOwed,
    childYear.sessionMinutes,
    childYear.recoveryMinutes,
    childYear.planEnd,
    childYear.provider,
    childYear.locality,
    childYear.commissioner,
    childYear.establishment,
    childYear.requiredFullYearMinutes,
    childYear.bookedMinutes,
    childYear.projectedMinutes,
    childYear.atRisk ? 'yes' : 'no',
    ...childYear.terms.flatMap((term) => [term.requiredMinutes, term.deliveredMinutes]),
  ];
}

function worklistCells(row: WorklistRow): CsvCell[] {
  return [
    row.rank,
    row.childId,
    row.discipline,
    row.status,
    row.provider,
    row.locality,
    hours(row.requiredMinutes),
    hours(row.deliveredMinutes),
    hours(row.shortfallMinutes),
    row.sessionsOwed,
    row.sessionMinutes,
    row.planEnd,
    row.deadline,
    row.weeksLeft.toFixed(2),
    row.sessionsPerWeek === null ? null : row.sessionsPerWeek.toFixed(2),
    row.route,
    row.estimatedCost === null ? null : row.estimatedCost.toFixed(2),
  ];
}

const minutes = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(0, 1, 30, 45, 1755));
const percent = fc.option(fc.integer({ min: 0, max: 5000 }).map((tenths) => tenths / 10));
const money = fc.option(
  fc.oneof(
    fc.integer({ min: 0, max: 100_000 }).map((pence) => pence / 100),
    fc.double({ min: 0, max: 1e5, noNaN: true }),
  ),
);

function resultOf(childYears: ChildYear[], worklist: WorklistRow[], exceptions: ExceptionRecord[]): ReconciliationResult {
  const byTerm = ['Autumn', 'Spring term', 'Summer!'].map((term) => ({ term, requiredHours: 0, deliveredHours: 0, owedHours: 0 }));
  return { childYears, worklist, exceptions, summary: { byTerm } } as unknown as ReconciliationResult;
}

describe('CSV outputs', () => {
  it('write each child-year and worklist row as the generic row writer writes its cells', () => {
    fc.assert(
      fc.property(
        fc.array(childYearArbitrary(minutes, percent), { maxLength: 6 }),
        fc.array(worklistRowArbitrary(minutes, money), { maxLength: 6 }),
        fc.boolean(),
        (childYears, worklist, bom) => {
          const result = resultOf(childYears, worklist, []);
          const header = (line: string) => (bom ? `\uFEFF${line}` : line);
          const reconciliation = [...reconciliationCsv(result, bom)].join('');
          const termColumns =
            'autumn_required_minutes,autumn_delivered_minutes,spring_term_required_minutes,spring_term_delivered_minutes,summer_required_minutes,summer_delivered_minutes';
          expect(reconciliation.startsWith(header('child_id,discipline,year,status,'))).toBe(true);
          expect(reconciliation.split('\n', 1)[0]!.endsWith(`at_risk,${termColumns}`)).toBe(true);
          const rows = (records: ChildYear[]) => records.map((record) => formatCsvRow(childYearCells(record))).join('');
          expect(reconciliation.slice(reconciliation.indexOf('\n') + 1)).toBe(rows(childYears));
          const shortfall = [...shortfallCsv(result, bom)].join('');
          const owing = childYears.filter((childYear) => childYear.status === 'shortfall' || childYear.status === 'no-contact');
          expect(shortfall.slice(shortfall.indexOf('\n') + 1)).toBe(rows(owing));
          const worklistText = [...worklistCsv(result, bom)].join('');
          expect(worklistText.startsWith(header('rank,child_id,'))).toBe(true);
          expect(worklistText.slice(worklistText.indexOf('\n') + 1)).toBe(worklist.map((row) => formatCsvRow(worklistCells(row))).join(''));
        },
      ),
      { seed: 31, numRuns: 300 },
    );
  });

  it('write the exceptions with their header', () => {
    const exceptions: ExceptionRecord[] = [
      { file: 'plans', line: 7, bucket: 'invalid-row', field: 'provision', value: '=access "as required"', reason: 'not quantified', childId: null },
      { file: 'contacts', line: 9, bucket: 'unknown-child', field: 'child_id', value: 'X1', reason: 'no plan line', childId: 'X1' },
    ];
    expect([...exceptionsCsv(exceptions, false, false)].join('')).toBe(
      'file,line,bucket,field,value,reason,child_id\nplans,7,invalid-row,provision,"\'=access ""as required""",not quantified,\ncontacts,9,unknown-child,child_id,X1,no plan line,X1\n',
    );
  });

  it("add a cell column when a run read a workbook: each record's cell, empty for a row of a CSV input", () => {
    const exceptions: ExceptionRecord[] = [
      {
        file: 'plans',
        line: 22,
        bucket: 'end-before-start',
        field: 'end_date',
        value: '2022-08-21',
        reason: 'before start',
        childId: 'C1',
        cell: "'EHCP Plans'!F22",
      },
      { file: 'contacts', line: 9, bucket: 'unknown-child', field: 'child_id', value: 'X1', reason: 'no plan line', childId: 'X1' },
    ];
    expect([...exceptionsCsv(exceptions, false, true)].join('')).toBe(
      "file,line,bucket,field,value,reason,child_id,cell\nplans,22,end-before-start,end_date,2022-08-21,before start,C1,'EHCP Plans'!F22\ncontacts,9,unknown-child,child_id,X1,no plan line,X1,\n",
    );
  });

  it('refuse a number that is not finite, as every CSV cell does', () => {
    const [childYear] = fc.sample(childYearArbitrary(minutes, percent), { seed: 1, numRuns: 1 });
    expect(() => [...reconciliationCsv(resultOf([{ ...childYear!, sessionsDelivered: Number.NaN }], [], []), false)]).toThrow(RangeError);
  });
});

describe('term column prefixes', () => {
  it('are the lower-case slugs of the term names, numbered where two would share a header', () => {
    expect(termColumnPrefixes(['Autumn', 'Spring', 'Summer'])).toEqual(['autumn', 'spring', 'summer']);
    expect(termColumnPrefixes(['Autumn 1', 'Autumn-1', 'Autumn_1'])).toEqual(['autumn_1', 'autumn_1_2', 'autumn_1_3']);
    expect(termColumnPrefixes(['Hydref', 'Зима', 'Весна'])).toEqual(['hydref', 'term', 'term_2']);
  });
});
