// inspect's reading of a header: council and provider names it knows, the known export a file looks
// like, which row is the header below a title, and one mapping for both files.
import { describe, expect, it } from 'vitest';
import { chooseHeaderRow, inspectHeaders, judgeFileKind, mappingOfInspections, recogniseExport, type KnownExport } from '../../../src/schema/inspection.js';
import { parseMapping, unfilledColumns } from '../../../src/schema/mapping.js';

const SYSTMONE: KnownExport = {
  name: 'systmone',
  mapping: {
    contacts: {
      encoding: 'windows-1252',
      aliases: { contact_id: ['RowIdentifier'], child_id: ['IDPatient'], start_time: ['DateStart'], end_time: ['DateEnd'], attendance: ['AppointmentStatus'] },
      values: { attendance: { Finished: 'attended' } },
    },
  },
};

describe('inspect', () => {
  it('recognises common council headers', () => {
    const plans = inspectHeaders(['Child Ref', 'School', 'Setting', 'Section F Provision', 'Start Date', 'Cease Date']);
    expect(plans.kind).toBe('plans');
    // "Setting" is the establishment's own alias; "School" only stands in when no other is there.
    expect(plans.placed).toEqual({
      child_id: 'Child Ref',
      provision: 'Section F Provision',
      start_date: 'Start Date',
      end_date: 'Cease Date',
      establishment: 'Setting',
    });
    expect(plans.unplacedHeaders).toEqual(['School']);
    expect(inspectHeaders(['Pupil Ref', 'School', 'Provision', 'Start']).placed).toMatchObject({ child_id: 'Pupil Ref', establishment: 'School' });
    const contacts = inspectHeaders(['Client Identifier', 'Appointment Date', 'Start Time', 'End Time', 'Outcome']);
    expect(contacts).toMatchObject({ kind: 'contacts', missingRequired: [], problem: undefined });
    expect(contacts.placed).toMatchObject({ child_id: 'Client Identifier', date: 'Appointment Date', start_time: 'Start Time', end_time: 'End Time' });
  });

  it('recognises a known export only when its names read the file and name three or more headers', () => {
    const headers = ['RowIdentifier', 'IDPatient', 'DateStart', 'DateEnd', 'AppointmentStatus', 'RotaName'];
    expect(recogniseExport('contacts', headers, [SYSTMONE])).toMatchObject({ known: SYSTMONE, headersNamed: 5 });
    expect(recogniseExport('contacts', ['child_id', 'date', 'minutes', 'AppointmentStatus'], [SYSTMONE])).toBeUndefined();
    const inspection = inspectHeaders(headers, { exports: [SYSTMONE] });
    expect(inspection).toMatchObject({ kind: 'contacts', knownExport: SYSTMONE, problem: undefined });
    expect(mappingOfInspections([inspection])).toEqual({
      contacts: {
        encoding: 'windows-1252',
        columns: { contact_id: 'RowIdentifier', child_id: 'IDPatient', start_time: 'DateStart', end_time: 'DateEnd', attendance: 'AppointmentStatus' },
        values: { attendance: { Finished: 'attended' } },
      },
    });
  });

  it('takes the header below a title block, or the row most like one', () => {
    const rows = [['EHCP Provision Report'], ['Generated 01/04/2025'], ['Child Ref', 'Provision', 'Start Date'], ['C1', '1 hour weekly', '01/09/2024']];
    expect(chooseHeaderRow(rows, undefined, [])).toBe(2);
    // A header short of a required column is still the row shown.
    expect(chooseHeaderRow([['Report'], ['Child Ref', 'Provision'], ['C1', '1 hour weekly']], 'plans', [])).toBe(1);
    expect(chooseHeaderRow([['a'], ['b']], undefined, [])).toBe(0);
  });

  it('writes the sheet and encoding a file had to be read with into its section, and the mapping reads back', () => {
    const plans = inspectHeaders(['Child Ref', 'Hours', 'Frequency', 'Start Date'], { kind: 'plans' });
    const contacts = inspectHeaders(['NHS Number', 'Appointment Date', 'Minutes'], { kind: 'contacts' });
    const mapping = mappingOfInspections([plans, contacts], { plans: { sheet: 'EHCP Plans' }, contacts: { encoding: 'windows-1252' } });
    expect(mapping.plans).toEqual({
      sheet: 'EHCP Plans',
      columns: { child_id: 'Child Ref', hours: 'Hours', frequency: 'Frequency', start_date: 'Start Date' },
    });
    expect(mapping.contacts).toEqual({ encoding: 'windows-1252', columns: { child_id: 'NHS Number', date: 'Appointment Date', minutes: 'Minutes' } });
    expect(parseMapping(JSON.stringify(mapping))).toEqual({ mapping });
  });

  it('writes a placeholder for a required field it found no column for, which unfilledColumns names', () => {
    const contacts = inspectHeaders(['NHS Number', 'Appointment Date', 'Time spent', 'Outcome']);
    expect(contacts).toMatchObject({ kind: 'contacts', missingRequired: ['minutes'] });
    const mapping = mappingOfInspections([contacts]);
    expect(mapping.contacts?.columns).toEqual({
      child_id: 'NHS Number',
      date: 'Appointment Date',
      minutes: "<fill in: the header of the contacts file's minutes column>",
      attendance: 'Outcome',
    });
    expect(unfilledColumns(mapping)).toEqual(['contacts.columns.minutes']);
    // Start and end times stand in for the minutes: nothing is then left to fill in.
    const timed = mappingOfInspections([inspectHeaders(['NHS Number', 'Appointment Date', 'Start Time', 'End Time'])]);
    expect(unfilledColumns(timed)).toEqual([]);
    expect(unfilledColumns({ contacts: { columns: { contact_id: ['Ref', ' <Fill in: the ref>'] } } })).toEqual(['contacts.columns.contact_id']);
  });

  it('judges which input a header looks like, whatever it was named as', () => {
    expect(judgeFileKind(['NHS Number', 'Appointment Date', 'Duration (mins)', 'Outcome', 'Service'])).toBe('contacts');
    expect(judgeFileKind(['Child Ref', 'Provision', 'Hours', 'Frequency', 'Start Date', 'End Date'])).toBe('plans');
    // Neither reads, but the fields only one file has say which: hours and frequency against a date.
    expect(judgeFileKind(['Child Ref', 'Date', 'Hours', 'Frequency'])).toBe('plans');
    expect(judgeFileKind(['Client ID', 'Service', 'Outcome'])).toBe('contacts');
    expect(judgeFileKind(['Child Ref', 'Service'])).toBeUndefined();
    expect(judgeFileKind(['RowIdentifier', 'IDPatient', 'DateStart', 'DateEnd', 'AppointmentStatus'], { exports: [SYSTMONE] })).toBe('contacts');
    const named = inspectHeaders(['NHS Number', 'Appointment Date', 'Duration (mins)'], { kind: 'plans' });
    expect(named).toMatchObject({ kind: 'plans', looksLike: 'contacts' });
  });
});
