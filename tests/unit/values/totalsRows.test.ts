// Totals and footer rows a report adds under its records: named as such in the exception's reason,
// never read as a child.
import { describe, expect, it } from 'vitest';
import { createContactRowReader } from '../../../src/schema/contactRow.js';
import { resolveColumns } from '../../../src/schema/columns.js';
import { CONTACT_FIELDS } from '../../../src/schema/fields.js';
import { EMPTY_MAPPING } from '../../../src/schema/mapping.js';
import { describeTotalsId, describeTotalsRow, isTotalsRowReason } from '../../../src/schema/values/identifier.js';

describe('describeTotalsRow', () => {
  it('names a row labelled as a total in any column', () => {
    expect(describeTotalsRow(['', 'Total', '', '195'], 'contact')).toBe('a totals row, not a contact: child_id is blank and the row is labelled "Total"');
    expect(describeTotalsRow(['', '', 'Grand Total:', '1,234'], 'contact')).toContain('labelled "Grand Total:"');
    expect(describeTotalsRow(['Total hours', '', '12.5'], 'provision line')).toMatch(/^a totals row, not a provision line/);
  });

  it('names a row of only counts, and a footer', () => {
    expect(describeTotalsRow(['', '', '195', '£1,250.50', '98%'], 'contact')).toBe(
      'a totals row, not a contact: child_id is blank and the row holds only numbers',
    );
    expect(describeTotalsRow(['Rows: 5'], 'contact')).toBe('a footer row, not a contact: child_id is blank and the row reads "Rows: 5"');
    expect(describeTotalsRow(['End of report', ''], 'contact')).toMatch(/^a footer row/);
  });

  it('leaves other rows with a blank child_id alone', () => {
    expect(describeTotalsRow(['', '', '', ''], 'contact')).toBeUndefined();
    expect(describeTotalsRow(['K9', '', '2025-09-03', '45'], 'contact')).toBeUndefined();
    expect(describeTotalsRow(['# Exported from the clinical system 01/09/2025'], 'contact')).toBeUndefined();
    expect(describeTotalsRow(['Totally different', 'x'], 'contact')).toBeUndefined();
  });

  it('names a child_id that is a totals label or a footer, as long as no ID could read so', () => {
    expect(describeTotalsId('Grand Total:', 'contact')).toBe('a totals row, not a contact');
    expect(describeTotalsId('Total: 245 children', 'provision line')).toBe('a totals row, not a provision line: child_id reads "Total: 245 children"');
    expect(describeTotalsId('Rows: 2', 'provision line')).toBe('a footer row, not a provision line: child_id reads "Rows: 2"');
    // Without a space an ID is read as one (the bytes reader takes such IDs, and the two readers must agree).
    expect(describeTotalsId('Total:5', 'contact')).toBeUndefined();
    expect(describeTotalsId('C 1', 'contact')).toBeUndefined();
    expect(describeTotalsId('Totally Kids', 'contact')).toBeUndefined();
  });

  it('is the reason a contacts row with a blank child_id gives, and such reasons are known as totals rows', () => {
    const resolution = resolveColumns('contacts', CONTACT_FIELDS, ['contact_id', 'child_id', 'date', 'minutes'], undefined);
    if (!resolution.ok) throw new Error(resolution.problem);
    const read = createContactRowReader(resolution.columns, { mapping: EMPTY_MAPPING });
    const totals = read(['', ' ', '', ' 1,950 '], 40);
    const note = read(['', '', '', 'see notes'], 41);
    const label = read(['', 'Grand total', '', '1950'], 42);
    expect(totals.ok || totals.problem).toMatchObject({ field: 'child_id', reason: expect.stringMatching(/only numbers/) });
    expect(note.ok || note.problem.reason).toBe('child_id is blank: a row that is not a contact (a total or a note?)');
    expect(label.ok || label.problem.reason).toBe('a totals row, not a contact');
    expect([totals, note, label].map((reading) => !reading.ok && isTotalsRowReason(reading.problem.reason))).toEqual([true, false, true]);
  });
});
