// The duplicate rule with the reader thread's index: the thread claims, for each row, the latest earlier
// row whose key has the same fingerprint, and the ledger checks each claim. Whatever the fingerprints,
// even ones that many keys share, the ledger must give what it gives keeping the index itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContactIdIndex } from '../../../src/reconcile/contactIdIndex.js';
import { ContactLedger } from '../../../src/reconcile/contactLedger.js';
import { buildPlanBook } from '../../../src/reconcile/planBook.js';
import type { Contact } from '../../../src/schema/records.js';
import { contact, day, planLine, settings } from '../helpers.js';

const run = settings({ asOf: day('2025-03-31') });
const plans = ['C1', 'C2', 'C3'].map((childId) => planLine({ childId, start: day('2024-09-01') }));
const book = buildPlanBook(
  plans.map((line) => ({ line: line.line, reading: { ok: true, record: line } })),
  run,
);

/** The fold's totals, exceptions and buckets, as one comparable value. */
function outcomeOf(ledger: ContactLedger) {
  const totals = ledger.finish();
  return {
    buckets: totals.accounting.buckets,
    delivered: [...totals.deliveredMinutes],
    sessions: [...totals.sessionsDelivered],
    exceptions: [...totals.exceptions].map(({ line, bucket, reason }) => ({ line, bucket, reason })),
  };
}

function ownIndex(rows: readonly Contact[]) {
  const ledger = new ContactLedger(book, run, { recall: (row) => rows[row]! });
  rows.forEach((row, index) => {
    ledger.addContact(row, index);
  });
  return outcomeOf(ledger);
}

/** As the reader thread claims: by `fingerprint` alone, the latest row with it. */
function claimedElsewhere(rows: readonly Contact[], fingerprint: (key: string) => number) {
  const keys = new ContactIdIndex();
  const ledger = new ContactLedger(book, run, { recall: (row) => rows[row]! });
  rows.forEach((row, index) => {
    const claimed = row.contactId === null ? -1 : keys.stand(fingerprint(row.contactId), index, () => true);
    ledger.addContact(row, index, claimed);
  });
  return outcomeOf(ledger);
}

const rowsArbitrary = fc.array(
  fc.record({
    key: fc.constantFrom('K1', 'K2', 'K3', 'K4', 'K5', null),
    child: fc.constantFrom('C1', 'C2', 'C3'),
    minutes: fc.integer({ min: 15, max: 60 }),
    day: fc.constantFrom('2024-10-01', '2024-11-12', '2025-01-20', '2025-02-03'),
  }),
  { maxLength: 40 },
);

function contactsOf(rows: readonly { key: string | null; child: string; minutes: number; day: string }[]): Contact[] {
  return rows.map((row) => contact({ contactId: row.key, childId: row.child, minutes: row.minutes, day: day(row.day) }));
}

describe('claims from the reader thread', () => {
  it("give the same duplicates, totals and exceptions as the ledger's own index, even when keys share fingerprints", () => {
    fc.assert(
      fc.property(rowsArbitrary, fc.integer({ min: 1, max: 4 }), (rows, spread) => {
        const contacts = contactsOf(rows);
        const expected = ownIndex(contacts);
        // A fingerprint as good as the thread's, and ones that put several keys, or every key, on one.
        expect(claimedElsewhere(contacts, (key) => key.charCodeAt(1) * 2654435761)).toEqual(expected);
        expect(claimedElsewhere(contacts, (key) => key.charCodeAt(1) % spread)).toEqual(expected);
      }),
      { seed: 19, numRuns: 400 },
    );
  });

  it('tell apart two keys on one fingerprint, one row after another', () => {
    // K1, K2, K1, K2, K2: rows 0 and 1 stand until rows 2 and 3 come; row 3 then gives way to row 4.
    const contacts = contactsOf(['K1', 'K2', 'K1', 'K2', 'K2'].map((key) => ({ key, child: 'C1', minutes: 30, day: '2024-10-01' })));
    const outcome = claimedElsewhere(contacts, () => 7);
    expect(outcome).toEqual(ownIndex(contacts));
    expect(outcome.buckets).toMatchObject({ duplicate: 3 });
    expect(outcome.exceptions.map((record) => record.line)).toEqual([contacts[0]!.line, contacts[1]!.line, contacts[3]!.line]);
  });
});
