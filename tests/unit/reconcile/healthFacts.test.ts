// The facts the folds gather for the run-health checks (docs/operations.md#when-the-numbers-look-wrong):
// why each unknown child is unknown, the rows that did not read, the first contact, the contacts by
// discipline, the day each child-year's provision began to be due, and a plans column that names
// disciplines when the file has no discipline column.
import { describe, expect, it } from 'vitest';
import { firstTermDayFrom } from '../../../src/calendar/terms.js';
import { ChildYearPlans } from '../../../src/reconcile/childYearPlans.js';
import { ContactLedger } from '../../../src/reconcile/contactLedger.js';
import { InvalidRowTally } from '../../../src/reconcile/invalidRows.js';
import { buildPlanBook } from '../../../src/reconcile/planBook.js';
import type { ColumnPlan } from '../../../src/schema/columns.js';
import { DisciplineColumnSearch } from '../../../src/schema/disciplineColumnSearch.js';
import { PLAN_FIELDS, type PlanField } from '../../../src/schema/fields.js';
import { createDisciplineReader } from '../../../src/schema/values/discipline.js';
import type { Contact } from '../../../src/schema/records.js';
import { THREE_TERMS, yearOf } from '../calendar/councilTerms.js';
import { contact, day, planLine, settings } from '../helpers.js';

describe('the contact fold, for the run-health checks', () => {
  const run = settings({ asOf: day('2025-03-31') });
  const book = buildPlanBook(
    [
      { line: 2, reading: { ok: true as const, record: planLine({ line: 2, childId: 'C1', discipline: 'OT' }) } },
      { line: 3, reading: { ok: true as const, record: planLine({ line: 3, childId: 'C2', discipline: 'SLT' }) } },
      { line: 4, reading: { ok: false as const, problem: { field: 'provision', value: 'as required', reason: 'not quantified' }, childId: 'C3' } },
    ],
    run,
  );

  function fold(rows: readonly Contact[], invalid: readonly { line: number; field: string; value: string; reason: string }[] = []) {
    const ledger = new ContactLedger(book, run, { recall: (row) => rows[row]! });
    rows.forEach((row, index) => {
      ledger.addContact(row, index);
    });
    for (const { line, ...problem } of invalid) ledger.addInvalid(line, problem, null);
    return ledger.finish().health;
  }

  it('tells an ID on no plan line from a child of another discipline and one whose lines do not read', () => {
    const health = fold([
      contact({ childId: 'C1', discipline: 'SLT' }), // C1 has OT lines only
      contact({ childId: 'C2', discipline: 'PT' }), // C2 has SLT lines only
      contact({ childId: 'C3' }), // C3's only line does not read
      contact({ childId: 'C9' }),
      contact({ childId: 'C9' }),
      contact({ childId: 'C1' }), // known: counted
    ]);
    expect(health.unknownChildCauses).toEqual({ 'not-in-plans': 2, 'other-discipline': 2, 'unread-plan-line': 1 });
    // Only IDs that no plan line has are sampled for the identifier rules.
    expect(health.unknownChildSample).toEqual(['C9', 'C9']);
  });

  it('takes an unknown child back when its row becomes a duplicate', () => {
    const rows = [contact({ childId: 'C1', discipline: 'SLT', contactId: 'K1' }), contact({ childId: 'C1', contactId: 'K1' })];
    expect(fold(rows).unknownChildCauses).toEqual({ 'not-in-plans': 0, 'other-discipline': 0, 'unread-plan-line': 0 });
  });

  it('counts contacts by discipline whatever their bucket, and notes the first day of the run’s discipline', () => {
    const otOnly = settings({ asOf: day('2025-03-31'), discipline: 'OT' });
    const rows = [
      contact({ childId: 'C1', day: day('2024-10-07') }),
      contact({ childId: 'C2', discipline: 'SLT', day: day('2024-09-02') }), // other-discipline under --discipline OT
      contact({ childId: 'C1', day: day('2023-11-01') }), // other-year
      contact({ childId: 'C1', day: day('2025-05-01') }), // after as-of
    ];
    const ledger = new ContactLedger(book, otOnly, { recall: (row) => rows[row]! });
    rows.forEach((row, index) => {
      ledger.addContact(row, index);
    });
    const health = ledger.finish().health;
    expect(health.disciplines).toEqual({ OT: 3, SLT: 1, PT: 0 });
    expect(health.firstDay).toBe(day('2023-11-01'));
    expect(fold([]).firstDay).toBeNull();
  });

  it('tallies the rows that did not read by field and reason, leaving out totals rows', () => {
    const health = fold(
      [],
      [
        { line: 2, field: 'date', value: '13/02/2026', reason: 'not a date in the format MM/dd/yyyy given, e.g. 09/03/2024' },
        { line: 3, field: 'minutes', value: 'x', reason: 'not a duration' },
        { line: 4, field: 'date', value: '14/02/2026', reason: 'not a date in the format MM/dd/yyyy given, e.g. 09/03/2024' },
      ],
    );
    expect(health.invalidRows).toEqual({
      rows: 3,
      commonest: { field: 'date', reason: 'not a date in the format MM/dd/yyyy given, e.g. 09/03/2024', rows: 2, line: 2, value: '13/02/2026' },
    });
  });
});

describe('InvalidRowTally', () => {
  it('gives a tie to the problem seen first, and sets totals and footer rows aside', () => {
    const tally = new InvalidRowTally();
    tally.note(5, { field: 'start_date', value: '', reason: 'start_date is blank' });
    tally.note(6, { field: 'frequency', value: 'often', reason: 'not a frequency' });
    expect(tally.finish().commonest).toMatchObject({ field: 'start_date', rows: 1, line: 5 });
    const totals = new InvalidRowTally();
    totals.note(99, { field: 'child_id', value: 'Total', reason: 'a totals row, not a provision line' });
    expect(totals.finish()).toEqual({ rows: 0, commonest: null });
  });
});

describe('the day provision began to be due, per child-year', () => {
  it('is the first term day on or after the year start and the earliest line, counting only child-years with something due', () => {
    const year = yearOf(THREE_TERMS); // autumn from 1 September, spring from 5 January
    const plans = new ChildYearPlans(year, day('2026-03-31'));
    plans.add('C1', 'OT', [planLine({ start: day('2023-01-09') })]); // before the year: from its start
    plans.add('C2', 'OT', [planLine({ start: day('2025-12-24') }), planLine({ start: day('2026-02-02') })]); // Christmas holiday: spring's first day
    plans.add('C3', 'OT', [planLine({ start: day('2026-04-20') })]); // after as-of: nothing due
    expect(plans.firstDueDay()).toBe(day('2025-09-01'));
    expect(plans.dueBefore(day('2025-09-01'))).toBe(0);
    expect(plans.dueBefore(day('2025-09-02'))).toBe(1);
    expect(plans.dueBefore(day('2026-01-05'))).toBe(1);
    expect(plans.dueBefore(day('2026-01-06'))).toBe(2);
    expect(plans.dueBefore(day('2027-01-01'))).toBe(2);
    expect(new ChildYearPlans(year, day('2026-03-31')).firstDueDay()).toBeNull();
  });

  it('skips the holidays between terms and the half-term inside one', () => {
    const year = yearOf(THREE_TERMS);
    expect(firstTermDayFrom(year, day('2025-12-20'))).toBe(day('2026-01-05'));
    expect(firstTermDayFrom(year, day('2025-10-01'))).toBe(day('2025-10-01'));
    expect(firstTermDayFrom(year, day('2026-07-21'))).toBeNull();
  });
});

describe('DisciplineColumnSearch', () => {
  const header = ['Child Ref', 'Provision Type', 'Hours', 'Provision', 'Notes'];
  const columns = Object.fromEntries(PLAN_FIELDS.map((field) => [field, -1])) as Record<PlanField, number>;
  const placed: ColumnPlan<PlanField> = { ...columns, child_id: 0, hours: 2, provision: 3 };
  const read = createDisciplineReader();

  it('finds the column whose cells read as disciplines, and the field it is read as instead', () => {
    const search = new DisciplineColumnSearch(header, placed, read);
    const types = ['Occupational Therapy', 'Speech and Language Therapy', 'Physiotherapy', 'SALT'];
    for (let row = 0; row < 40; row++) search.note([`C${row}`, types[row % 4]!, '1', `${row} hours weekly`, row % 5 === 0 ? 'OT' : 'see file']);
    expect(search.finish()).toEqual({ number: 2, header: 'Provision Type', readAs: null, disciplines: ['OT', 'SLT', 'PT'], cells: 40 });
    const asProvision = new DisciplineColumnSearch(header, placed, read);
    for (let row = 0; row < 5; row++) asProvision.note([`C${row}`, '', '1', 'Physio', '']);
    expect(asProvision.finish()).toMatchObject({ number: 4, header: 'Provision', readAs: 'provision', disciplines: ['PT'] });
  });

  it('finds none where fewer than nine in ten filled cells read as disciplines', () => {
    const search = new DisciplineColumnSearch(header, placed, read);
    for (let row = 0; row < 40; row++) search.note([`C${row}`, row % 8 === 0 ? 'Music therapy' : 'OT', '1', '', '']);
    expect(search.finish()).toBeNull();
    const nineInTen = new DisciplineColumnSearch(header, placed, read);
    for (let row = 0; row < 40; row++) nineInTen.note([`C${row}`, row % 10 === 0 ? 'Music therapy' : 'OT', '1', '', '']);
    expect(nineInTen.finish()).toMatchObject({ number: 2, disciplines: ['OT'], cells: 36 });
  });
});
