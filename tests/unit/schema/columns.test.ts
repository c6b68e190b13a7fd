import { describe, expect, it } from 'vitest';
import { resolveColumns } from '../../../src/schema/columns.js';
import { CONTACT_FIELDS, PLAN_FIELDS } from '../../../src/schema/fields.js';
import { parseMapping } from '../../../src/schema/mapping.js';

describe('header matching (docs/rules.md#inputs)', () => {
  it('ignores case, surrounding spaces, _, - and inner spaces, and knows the aliases', () => {
    const resolution = resolveColumns('contacts', CONTACT_FIELDS, [' Client ID ', 'Contact-Date', 'DURATION', 'Attend Status'], undefined);
    expect(resolution.ok && resolution.columns).toMatchObject({ child_id: 0, date: 1, minutes: 2, contact_id: -1 });
  });

  it('the field name itself wins over an alias', () => {
    const resolution = resolveColumns('contacts', CONTACT_FIELDS, ['Client ID', 'child_id', 'date', 'minutes'], undefined);
    expect(resolution.ok && resolution.columns.child_id).toBe(1);
  });

  it('two aliases of one field are refused, naming both', () => {
    const resolution = resolveColumns('contacts', CONTACT_FIELDS, ['UPN', 'NHS Number', 'date', 'minutes'], undefined);
    expect(!resolution.ok && resolution.problem).toContain('"UPN" (column 1) and "NHS Number" (column 2)');
  });

  it('a missing required column names the column and lists the headers found', () => {
    const resolution = resolveColumns('contacts', CONTACT_FIELDS, ['Pupil', 'When', 'Minutes'], undefined);
    expect(!resolution.ok && resolution.problem).toMatch(/no child_id column .* headers found: "Pupil", "When", "Minutes"/);
  });

  it('a mapping names any other header', () => {
    const resolution = resolveColumns('contacts', CONTACT_FIELDS, ['Pupil', 'When', 'Minutes'], { child_id: 'pupil', date: 'When' });
    expect(resolution.ok && resolution.columns).toMatchObject({ child_id: 0, date: 1, minutes: 2 });
    const wrong = resolveColumns('contacts', CONTACT_FIELDS, ['Pupil', 'When', 'Minutes'], { child_id: 'Learner' });
    expect(!wrong.ok && wrong.problem).toContain('names column "Learner" for child_id');
  });

  it('a plans file needs a quantity', () => {
    const resolution = resolveColumns('plans', PLAN_FIELDS, ['child_id', 'start_date', 'sessions'], undefined);
    expect(!resolution.ok && resolution.problem).toContain('no quantity columns');
    expect(resolveColumns('plans', PLAN_FIELDS, ['child_id', 'start_date', 'provision'], undefined).ok).toBe(true);
  });
});

describe('header messages under --pseudonymise (docs/operations.md#pseudonymisation)', () => {
  // A file with no header row has a row of data where the headers should be: no message quotes it.
  const dataRow = ['C0000001', '2025-09-10', '45'];
  const withheld = { withholdsCells: true };

  it("a missing column counts the first row's cells and quotes none", () => {
    const resolution = resolveColumns('contacts', CONTACT_FIELDS, dataRow, undefined, undefined, withheld);
    expect(!resolution.ok && resolution.problem).toContain('no child_id column');
    expect(!resolution.ok && resolution.problem).toContain('the first row has 3 cells, not quoted under --pseudonymise');
    expect(!resolution.ok && resolution.problem).not.toContain('C0000001');
  });

  it('a header the mapping names, a plans file with no quantity, and two columns of one field: cells unquoted', () => {
    const mapped = resolveColumns('contacts', CONTACT_FIELDS, dataRow, { child_id: 'Learner' }, undefined, withheld);
    expect(!mapped.ok && mapped.problem).toMatch(/names column "Learner" for child_id, .* the first row has 3 cells/);
    const unquantified = resolveColumns('plans', PLAN_FIELDS, ['child_id', 'start_date', 'C0000001'], undefined, undefined, withheld);
    expect(!unquantified.ok && unquantified.problem).not.toContain('C0000001');
    const twice = resolveColumns('contacts', CONTACT_FIELDS, ['UPN', 'NHS Number', 'date', 'minutes'], undefined, undefined, withheld);
    expect(!twice.ok && twice.problem).toContain('reads as child_id: columns 1 and 2;');
  });
});

describe('mapping file (docs/operations.md#the-mapping-file)', () => {
  it('reads the documented example', () => {
    const parsed = parseMapping(
      JSON.stringify({
        plans: { columns: { child_id: 'Pupil Ref', start_date: 'Section F Start' }, values: { frequency: { wkly: 'week' } } },
        contacts: {
          columns: { child_id: 'Client Identifier', minutes: 'Duration (mins)' },
          values: { attendance: { 'Patient Cancelled': 'cancelled-family' } },
        },
        dateFormat: 'dd/MM/yyyy',
      }),
    );
    expect('mapping' in parsed).toBe(true);
  });

  it('names an unknown key and a wrong type', () => {
    const parsed = parseMapping(JSON.stringify({ plans: { columns: { child_idd: 'X' } }, dateFormat: 5 }));
    expect('problems' in parsed && parsed.problems.join('; ')).toMatch(/unknown key "plans\.columns\.child_idd".*"dateFormat"/);
  });

  it('says when the file is not JSON', () => {
    const parsed = parseMapping('{ plans: ');
    expect('problems' in parsed && parsed.problems[0]).toMatch(/not valid JSON/);
  });
});

describe("header matching with a mapping's aliases, composite keys and times", () => {
  it("tries a mapping's aliases in order before the built-in ones, the first in the file winning", () => {
    const headers = ['NHS NUMBER', 'Person_ID', 'CARE CONTACT DATE', 'CLINICAL CONTACT DURATION OF CARE CONTACT'];
    const aliases = { child_id: ['Person_ID', 'NHS NUMBER'], date: ['CARE CONTACT DATE'], minutes: ['Duration', 'CLINICAL CONTACT DURATION OF CARE CONTACT'] };
    const resolution = resolveColumns('contacts', CONTACT_FIELDS, headers, undefined, aliases);
    // Without the aliases, "NHS NUMBER" is the built-in alias; with them, Person_ID comes first and no two columns compete.
    expect(resolution.ok && resolution.columns).toMatchObject({ child_id: 1, date: 2, minutes: 3 });
    // A mapping's columns win over its aliases.
    const columns = resolveColumns('contacts', CONTACT_FIELDS, headers, { child_id: 'NHS NUMBER' }, aliases);
    expect(columns.ok && columns.columns.child_id).toBe(0);
  });

  it('names a key of several columns, in order, as columns or as an alias', () => {
    const headers = ['CareContactID', 'ServiceRequestID', 'Person_ID', 'Contact_Date', 'CareContact_Duration'];
    const mapped = resolveColumns('contacts', CONTACT_FIELDS, headers, {
      contact_id: ['ServiceRequestID', 'CareContactID'],
      child_id: 'Person_ID',
      date: 'Contact_Date',
      minutes: 'CareContact_Duration',
    });
    expect(mapped.ok && mapped.keys).toEqual({ contact_id: [1, 0] });
    expect(mapped.ok && mapped.columns.contact_id).toBe(1);
    const aliased = resolveColumns(
      'contacts',
      CONTACT_FIELDS,
      headers,
      { child_id: 'Person_ID', date: 'Contact_Date', minutes: 'CareContact_Duration' },
      {
        contact_id: [
          ['SERVICE REQUEST IDENTIFIER', 'CARE CONTACT IDENTIFIER'],
          ['ServiceRequestID', 'CareContactID'],
        ],
      },
    );
    expect(aliased.ok && aliased.keys).toEqual({ contact_id: [1, 0] });
    // A composite alias with a column missing does not match; a mapped one is an error naming it.
    const missing = resolveColumns('contacts', CONTACT_FIELDS, headers, {
      contact_id: ['Referral', 'CareContactID'],
      child_id: 'Person_ID',
      date: 'Contact_Date',
      minutes: 'CareContact_Duration',
    });
    expect(!missing.ok && missing.problem).toContain('names column "Referral" for contact_id');
  });

  it('lets start and end times stand in for the date and the minutes', () => {
    const systmOne = resolveColumns('contacts', CONTACT_FIELDS, ['RowIdentifier', 'IDPatient', 'DateStart', 'DateEnd'], { child_id: 'IDPatient' });
    expect(systmOne.ok && systmOne.columns).toMatchObject({ date: -1, minutes: -1, start_time: 2, end_time: 3 });
    const startOnly = resolveColumns('contacts', CONTACT_FIELDS, ['child_id', 'Start Time', 'minutes'], undefined);
    expect(startOnly.ok && startOnly.columns).toMatchObject({ date: -1, start_time: 1, minutes: 2 });
    const noEnd = resolveColumns('contacts', CONTACT_FIELDS, ['child_id', 'date', 'Start Time'], undefined);
    expect(!noEnd.ok && noEnd.problem).toContain('no minutes column (read as "minutes" or "duration"');
    expect(!noEnd.ok && noEnd.problem).toContain('or start_time and end_time)');
  });

  it('reads fallback aliases only when no other alias is in the file', () => {
    const bare = resolveColumns('contacts', CONTACT_FIELDS, ['child_id', 'Start', 'End'], undefined);
    expect(bare.ok && bare.columns).toMatchObject({ start_time: 1, end_time: 2 });
    const both = resolveColumns('contacts', CONTACT_FIELDS, ['child_id', 'Start', 'Start Time', 'End', 'End Time'], undefined);
    expect(both.ok && both.columns).toMatchObject({ start_time: 2, end_time: 4 });
    const school = resolveColumns('plans', PLAN_FIELDS, ['Child Ref', 'School', 'School Type', 'Start Date', 'Provision'], undefined);
    expect(school.ok && school.columns).toMatchObject({ child_id: 0, establishment: 2, start_date: 3, provision: 4 });
    const schoolAlone = resolveColumns('plans', PLAN_FIELDS, ['Pupil Ref', 'School', 'startdate', 'Provision'], undefined);
    expect(schoolAlone.ok && schoolAlone.columns).toMatchObject({ child_id: 0, establishment: 1, start_date: 2 });
  });

  it('validates keys of several columns and aliases in a mapping file', () => {
    expect(
      parseMapping('{"contacts":{"columns":{"contact_id":["SR","CC"]},"aliases":{"child_id":["Person_ID"]},"excelDates":true,"encoding":"windows-1252"}}'),
    ).toHaveProperty('mapping');
    expect(parseMapping('{"contacts":{"columns":{"child_id":["A","B"]}}}')).toMatchObject({ problems: [expect.stringContaining('contacts.columns.child_id')] });
    expect(parseMapping('{"contacts":{"columns":{"contact_id":["A","B","C","D","E"]}}}')).toHaveProperty('problems');
    expect(parseMapping('{"plans":{"aliases":{"child":["X"]}}}')).toMatchObject({ problems: ['unknown key "plans.aliases.child"'] });
  });
});
