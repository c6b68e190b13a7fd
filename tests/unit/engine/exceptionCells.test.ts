// An exception of a workbook input names its cell as the spreadsheet shows it.
import { describe, expect, it } from 'vitest';
import { exceptionCell, locateExceptions } from '../../../src/engine/exceptionCells.js';
import type { ExceptionRecord } from '../../../src/reconcile/accounting.js';

const record = (field: string, line: number): ExceptionRecord => ({
  file: 'contacts',
  line,
  bucket: 'invalid-row',
  field,
  value: 'x',
  reason: 'r',
  childId: null,
});
const columns = { child_id: 0, date: 2, minutes: -1, contact_id: 27 };

describe('the cell of an exception', () => {
  it("is the field's column on the record's row, the sheet quoted as Excel quotes it", () => {
    expect(exceptionCell(record('date', 14), 'Contacts', columns)).toBe('Contacts!C14');
    expect(exceptionCell(record('contact_id', 3), 'Care contacts', columns)).toBe("'Care contacts'!AB3");
  });

  it('is the whole row when the field has no column of its own', () => {
    expect(exceptionCell(record('minutes', 9), 'Sheet1', columns)).toBe('Sheet1!9:9');
    expect(exceptionCell(record('provision', 9), 'Sheet1', columns)).toBe('Sheet1!9:9');
  });

  it('is added to every record when either input is a workbook (null for the CSV one), and to none otherwise', () => {
    const plans = [{ ...record('date', 2), file: 'plans' as const }];
    const contacts = [record('date', 14), record('child_id', 15)];
    const workbook = { sheet: 'Contacts', columns };
    const csv = { sheet: undefined, columns: undefined };
    expect([...locateExceptions(plans, contacts, { plans: csv, contacts: workbook })].map((located) => located.cell)).toEqual([
      null,
      'Contacts!C14',
      'Contacts!A15',
    ]);
    const neither = [...locateExceptions(plans, contacts, { plans: csv, contacts: csv })];
    expect(neither).toEqual([...plans, ...contacts]);
    expect(neither.every((located) => !('cell' in located))).toBe(true);
  });
});
