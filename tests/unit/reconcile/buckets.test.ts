import { describe, expect, it } from 'vitest';
import { ContactLedger } from '../../../src/reconcile/contactLedger.js';
import { buildPlanBook, type PlanRowReading } from '../../../src/reconcile/planBook.js';
import { bucketTotal } from '../../../src/reconcile/accounting.js';
import type { Contact, PlanLine } from '../../../src/schema/records.js';
import { contact, day, planLine, settings } from '../helpers.js';

function ok(line: PlanLine): PlanRowReading {
  return { line: line.line, reading: { ok: true, record: line } };
}

function bookOf(lines: PlanLine[], run = settings()) {
  return buildPlanBook(lines.map(ok), run);
}

function bucketsOfContacts(lines: PlanLine[], contacts: Contact[], run = settings()) {
  const ledger = new ContactLedger(bookOf(lines, run), run, { recall: (row) => contacts[row]! });
  contacts.forEach((contact, row) => {
    ledger.addContact(contact, row);
  });
  return ledger.finish();
}

describe('plan buckets (docs/rules.md#row-accounting), first that applies', () => {
  const run = settings({ asOf: day('2025-03-31'), discipline: 'OT' });

  it('invalid-row: a value that does not read', () => {
    const book = buildPlanBook(
      [{ line: 2, reading: { ok: false, problem: { field: 'start_date', value: '31/02/2025', reason: 'not a real date' }, childId: 'C1' } }],
      run,
    );
    expect(book.accounting.buckets).toEqual({ 'invalid-row': 1 });
    expect([...book.exceptions][0]).toMatchObject({ file: 'plans', line: 2, bucket: 'invalid-row', field: 'start_date', value: '31/02/2025', childId: 'C1' });
  });

  it('duplicate: a later row that reads has the same provision_id, and the last row stands', () => {
    const first = planLine({ provisionId: 'P1', quantity: { form: 'hours', hours: { num: 1n, den: 1n }, frequency: 'week' } });
    const last = planLine({ provisionId: 'P1' });
    const book = bookOf([first, last], run);
    expect(book.bucketOfLine.get(first.line)).toBe('duplicate');
    expect(book.bucketOfLine.get(last.line)).toBe('reconciled');
    // The child-year is made of the standing row alone.
    expect(book.childYears.at(0)).toEqual(bookOf([last], run).childYears.at(0));
    expect([...book.exceptions][0]?.reason).toContain(`line ${last.line}`);
  });

  it('end-before-start comes before other-discipline', () => {
    const line = planLine({ discipline: 'SLT', start: day('2024-10-01'), end: day('2024-09-01') });
    expect(bookOf([line], run).bucketOfLine.get(line.line)).toBe('end-before-start');
  });

  it('other-discipline only with --discipline', () => {
    const line = planLine({ discipline: 'SLT' });
    expect(bookOf([line], run).bucketOfLine.get(line.line)).toBe('other-discipline');
    expect(bookOf([line], settings({ asOf: day('2025-03-31') })).bucketOfLine.get(line.line)).toBe('reconciled');
  });

  it('other-year: its dates miss the year', () => {
    const before = planLine({ start: day('2023-09-01'), end: day('2024-08-31') });
    const after = planLine({ start: day('2025-09-01') });
    const book = bookOf([before, after], run);
    expect(book.bucketOfLine.get(before.line)).toBe('other-year');
    expect(book.bucketOfLine.get(after.line)).toBe('other-year');
  });

  it('after-as-of: it starts after as_of', () => {
    const line = planLine({ start: day('2025-04-01') });
    expect(bookOf([line], run).bucketOfLine.get(line.line)).toBe('after-as-of');
  });

  it('excluded-funding: personal budget and private lines', () => {
    const budget = planLine({ funding: 'personal-budget' });
    const privately = planLine({ funding: 'private', childId: 'C2' });
    const book = bookOf([budget, privately], run);
    expect(book.accounting.buckets).toEqual({ 'excluded-funding': 2 });
    expect(book.excludedLines).toEqual({ 'personal-budget': 1, private: 1 });
    expect(book.childYears).toHaveLength(0);
  });

  it('the latest line is the reconciled line with the latest start, the later row on a tie', () => {
    const a = planLine({ start: day('2024-09-01'), provider: 'A' });
    const b = planLine({ start: day('2024-11-01'), provider: 'B' });
    const c = planLine({ start: day('2024-11-01'), provider: 'C' });
    expect(bookOf([a, b, c], run).childYears.at(0).provider).toBe('C');
  });
});

describe('contact buckets (docs/rules.md#row-accounting), first that applies', () => {
  const run = settings({ asOf: day('2025-03-31'), discipline: 'OT' });
  const plans = [
    planLine({ childId: 'C1', start: day('2024-09-01'), end: day('2025-01-31') }),
    planLine({ childId: 'C2', funding: 'personal-budget' }),
    planLine({ childId: 'C3', start: day('2022-01-01'), end: day('2023-01-01') }),
  ];
  const bucketOf = (row: Contact) => Object.keys(bucketsOfContacts(plans, [row], run).accounting.buckets)[0];

  it('invalid-row', () => {
    const ledger = new ContactLedger(bookOf(plans, run), run, { recall: () => expect.unreachable() });
    ledger.addInvalid(5, { field: 'minutes', value: '∞', reason: 'not a duration' }, 'C1');
    const totals = ledger.finish();
    expect(totals.accounting.buckets).toEqual({ 'invalid-row': 1 });
    expect([...totals.exceptions][0]).toMatchObject({ file: 'contacts', line: 5, field: 'minutes', value: '∞' });
  });
  it('other-discipline', () => expect(bucketOf(contact({ discipline: 'SLT' }))).toBe('other-discipline'));
  it('other-year', () => expect(bucketOf(contact({ day: day('2024-08-30') }))).toBe('other-year'));
  it('after-as-of', () => expect(bucketOf(contact({ day: day('2025-04-01') }))).toBe('after-as-of'));
  it('unknown-child', () => expect(bucketOf(contact({ childId: 'NOBODY' }))).toBe('unknown-child'));
  it('unknown-child is "no line in any year": a child with only old lines is outside-plan-period', () =>
    expect(bucketOf(contact({ childId: 'C3' }))).toBe('outside-plan-period'));
  it('outside-plan-period', () => expect(bucketOf(contact({ day: day('2025-02-03') }))).toBe('outside-plan-period'));
  it('excluded-funding', () => expect(bucketOf(contact({ childId: 'C2' }))).toBe('excluded-funding'));
  it('dna', () => expect(bucketOf(contact({ attendance: 'dna' }))).toBe('dna'));
  it('cancelled-family', () => expect(bucketOf(contact({ attendance: 'cancelled-family' }))).toBe('cancelled-family'));
  it('cancelled-provider', () => expect(bucketOf(contact({ attendance: 'cancelled-provider' }))).toBe('cancelled-provider'));
  it('late-not-seen', () => expect(bucketOf(contact({ attendance: 'late-not-seen' }))).toBe('late-not-seen'));
  it('no-outcome: booked yet dated on or before as_of', () => expect(bucketOf(contact({ attendance: 'booked' }))).toBe('no-outcome'));
  it('indirect, unless --count-indirect', () => {
    expect(bucketOf(contact({ contactType: 'indirect' }))).toBe('indirect');
    const counting = settings({ asOf: day('2025-03-31'), countIndirect: true });
    expect(Object.keys(bucketsOfContacts(plans, [contact({ contactType: 'indirect' })], counting).accounting.buckets)).toEqual(['counted']);
  });
  it('counted, with minutes, sessions and the term they fall in', () => {
    const totals = bucketsOfContacts(plans, [contact({ day: day('2025-01-10'), minutes: 40 })], run);
    expect(totals.accounting.buckets).toEqual({ counted: 1 });
    expect(totals.deliveredMinutes[0]).toBe(40);
    expect(totals.sessionsDelivered[0]).toBe(1);
    expect([...totals.termDeliveredMinutes.slice(0, 3)]).toEqual([0, 40, 0]);
  });
});

describe('duplicate contacts: the last row that reads stands', () => {
  const run = settings({ asOf: day('2025-03-31') });
  const plans = [planLine({ childId: 'C1' })];

  it('takes back what the earlier row contributed', () => {
    const totals = bucketsOfContacts(
      plans,
      [
        contact({ contactId: 'A1', attendance: 'attended', minutes: 45 }),
        contact({ contactId: 'A2', minutes: 30 }),
        contact({ contactId: 'A1', attendance: 'dna', minutes: 45 }),
      ],
      run,
    );
    expect(totals.accounting.buckets).toEqual({ duplicate: 1, dna: 1, counted: 1 });
    expect(totals.accounting.rowsRead).toBe(3);
    expect(totals.deliveredMinutes[0]).toBe(30);
    expect(totals.exceptions).toHaveLength(1);
    expect([...totals.exceptions][0]).toMatchObject({ bucket: 'duplicate', field: 'contact_id', value: 'A1' });
  });

  it('an earlier exception row becomes a duplicate exception, not two exceptions', () => {
    const totals = bucketsOfContacts(plans, [contact({ contactId: 'X', childId: 'NOBODY' }), contact({ contactId: 'X' })], run);
    expect(totals.accounting.buckets).toEqual({ duplicate: 1, counted: 1 });
    expect([...totals.exceptions].map((record) => record.bucket)).toEqual(['duplicate']);
  });

  it('rows read equals the sum of the buckets', () => {
    const rows = [contact({ contactId: 'A' }), contact({ contactId: 'A' }), contact({ contactId: 'A', attendance: 'dna' }), contact({ contactId: null })];
    const totals = bucketsOfContacts(plans, rows, run);
    expect(bucketTotal(totals.accounting)).toBe(totals.accounting.rowsRead);
    expect(totals.accounting.buckets.duplicate).toBe(2);
  });
});

describe('recovery contacts and the forecast', () => {
  it('a contact after the year with for_year counts as recovery when as-of is later', () => {
    const run = settings({ asOf: day('2025-10-31') });
    const totals = bucketsOfContacts([planLine({ end: day('2025-03-31') })], [contact({ day: day('2025-10-01'), forYear: 2024 })], run);
    expect(totals.accounting.buckets).toEqual({ counted: 1 });
    expect(totals.recoveryMinutes[0]).toBe(45);
    expect([...totals.termDeliveredMinutes.slice(0, 3)]).toEqual([0, 0, 0]);
  });

  it('booked contacts after as-of feed the forecast but stay after-as-of', () => {
    const run = settings({ asOf: day('2025-03-31') });
    const totals = bucketsOfContacts(
      [planLine({ end: day('2025-06-30') })],
      [
        contact({ day: day('2025-05-01'), attendance: 'booked' }),
        contact({ day: day('2025-07-15'), attendance: 'booked' }), // outside the plan period
        contact({ day: day('2025-05-02'), attendance: 'booked', contactType: 'indirect' }),
        contact({ day: day('2025-09-02'), attendance: 'booked' }), // after the year end: other-year
      ],
      run,
    );
    expect(totals.accounting.buckets).toEqual({ 'other-year': 1, 'after-as-of': 3 });
    expect(totals.bookedMinutes[0]).toBe(45);
  });
});
