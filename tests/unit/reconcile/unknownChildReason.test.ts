// A contact whose child's only plan lines do not read points at the line that failed, not at a plans
// file that seems to lack the child.
import { describe, expect, it } from 'vitest';
import { ContactLedger } from '../../../src/reconcile/contactLedger.js';
import { buildPlanBook } from '../../../src/reconcile/planBook.js';
import { contact, day, planLine, settings } from '../helpers.js';

describe('the reason of an unknown-child contact', () => {
  const run = settings({ asOf: day('2025-03-31') });
  const book = buildPlanBook(
    [
      { line: 8, reading: { ok: false as const, problem: { field: 'provision', value: 'as required', reason: 'not quantified' }, childId: 'C7' } },
      { line: 9, reading: { ok: false as const, problem: { field: 'start_date', value: '', reason: 'start_date is blank' }, childId: 'C7' } },
      { line: 10, reading: { ok: true as const, record: planLine({ line: 10, childId: 'C1' }) } },
    ],
    run,
  );
  const contacts = [contact({ childId: 'C7', day: day('2024-10-01') }), contact({ childId: 'C9', day: day('2024-10-01') })];
  const ledger = new ContactLedger(book, run, { recall: (row) => contacts[row]! });
  contacts.forEach((row, index) => {
    ledger.addContact(row, index);
  });
  const reasons = [...ledger.finish().exceptions].map((record) => [record.childId, record.bucket, record.reason]);

  it('names the first plan line of the child that does not read, and why', () => {
    expect(reasons[0]).toEqual([
      'C7',
      'unknown-child',
      'no OT provision line that reads in the plans file for this child: its plan line 8 is invalid (provision: not quantified)',
    ]);
  });

  it('says the plans file has no line for a child it does not name at all', () => {
    expect(reasons[1]).toEqual(['C9', 'unknown-child', 'no OT provision line in the plans file for this child']);
  });
});
