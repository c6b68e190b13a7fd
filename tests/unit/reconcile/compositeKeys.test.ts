// A contact key of two columns (docs/exports.md#composite-contact-keys): CSDS reuses a care contact
// identifier across referrals, so two referrals' contacts with one care contact ID are two contacts;
// the same referral and care contact again is a resubmission, and the last row stands. Rows read from
// bytes (two ranges hashed as one key) and as text (the joined key) must meet in one index.
import { describe, expect, it } from 'vitest';
import { ContactLedger } from '../../../src/reconcile/contactLedger.js';
import { hashIdText, hashKeyBytes } from '../../../src/reconcile/contactIdIndex.js';
import { buildPlanBook } from '../../../src/reconcile/planBook.js';
import type { Contact, ContactBytesRow } from '../../../src/schema/records.js';
import { joinContactKey } from '../../../src/schema/values/identifier.js';
import { contact, day, planLine, settings } from '../helpers.js';

const run = settings({ asOf: day('2025-03-31') });
const book = () =>
  buildPlanBook(
    [planLine({ childId: 'C1' })].map((line) => ({ line: line.line, reading: { ok: true as const, record: line } })),
    run,
  );

/** A contact row as the bytes reader gives it: the child ID and the two key parts as ranges of one buffer. */
function bytesRow(of: Contact, referral: string, careContact: string): ContactBytesRow {
  const bytes = Buffer.from(`${of.childId},${referral},${careContact}`, 'latin1');
  const childIdEnd = of.childId.length;
  const contactIdStart = childIdEnd + 1;
  const keyTailStart = contactIdStart + referral.length + 1;
  return {
    line: of.line,
    day: of.day,
    minutes: of.minutes,
    discipline: of.discipline,
    attendance: of.attendance,
    isAttendanceBlank: of.isAttendanceBlank,
    contactType: of.contactType,
    forYear: of.forYear,
    bytes,
    childIdStart: 0,
    childIdEnd,
    contactIdStart,
    contactIdEnd: contactIdStart + referral.length,
    keyTailStart,
    keyTailEnd: keyTailStart + careContact.length,
  };
}

describe('composite contact keys', () => {
  it('joins the parts so that different keys never meet, and hashes two ranges as the joined text', () => {
    expect(joinContactKey(['SR123', 'CC45'])).toBe('SR123/CC45');
    expect(joinContactKey(['A/B', 'C'])).not.toBe(joinContactKey(['A', 'B/C']));
    expect(joinContactKey(['A\\', 'B'])).not.toBe(joinContactKey(['A', '\\B']));
    const bytes = Buffer.from('xSR123yCC45z', 'latin1');
    expect(hashKeyBytes(bytes, 1, 6, 7, 11)).toBe(hashIdText('SR123/CC45'));
  });

  it('counts two referrals reusing one care contact ID, and takes the last row of a true resubmission', () => {
    const rows = [
      contact({ contactId: 'SR1/CC45', minutes: 45, day: day('2024-10-01') }), // referral 1
      contact({ contactId: 'SR2/CC45', minutes: 30, day: day('2024-10-08') }), // referral 2 reuses CC45
      contact({ contactId: 'SR1/CC45', minutes: 40, day: day('2024-10-01') }), // referral 1 resubmitted: stands
    ];
    const ledger = new ContactLedger(book(), run, { recall: (row) => rows[row]! });
    ledger.addContact(rows[0]!, 0);
    // The second and third rows come from bytes, as most rows of a large file do.
    ledger.addContactBytes(bytesRow(rows[1]!, 'SR2', 'CC45'), 1);
    ledger.addContactBytes(bytesRow(rows[2]!, 'SR1', 'CC45'), 2);
    const totals = ledger.finish();
    expect(totals.accounting.buckets).toEqual({ duplicate: 1, counted: 2 });
    expect(totals.deliveredMinutes[0]).toBe(70);
    expect(totals.exceptions).toEqual([
      expect.objectContaining({
        bucket: 'duplicate',
        line: rows[0]!.line,
        field: 'contact_id',
        value: 'SR1/CC45',
        reason: `contact_id appears again on line ${rows[2]!.line}; the later row stands`,
      }),
    ]);
  });

  it('under the care contact ID alone, the second referral would wrongly replace the first', () => {
    const rows = [contact({ contactId: 'CC45', minutes: 45 }), contact({ contactId: 'CC45', minutes: 30, day: day('2024-10-08') })];
    const ledger = new ContactLedger(book(), run, { recall: (row) => rows[row]! });
    for (const [index, row] of rows.entries()) ledger.addContact(row, index);
    expect(ledger.finish().deliveredMinutes[0]).toBe(30);
  });
});
