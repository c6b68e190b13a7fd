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

  it('a missing column counts the first row\'s cells and quotes none', () => {
    const resolution = resolveColumns('contacts', CONTACT_FIELDS, dataRow, undefined, withheld);
    expect(!resolution.ok && resolution.problem).toContain('no child_id column');
    expect(!resolution.ok && resolution.problem).toContain('the first row has 3 cells, not quoted under --pseudonymise');
    expect(!resolution.ok && resolution.problem).not.toContain('C0000001');
  });

  it('a header the mapping names, a plans file with no quantity, and two columns of one field: cells unquoted', () => {
    const mapped = resolveColumns('contacts', CONTACT_FIELDS, dataRow, { child_id: 'Learner' }, withheld);
    expect(!mapped.ok && mapped.problem).toMatch(/names column "Learner" for child_id, .* the first row has 3 cells/);
    const unquantified = resolveColumns('plans', PLAN_FIELDS, ['child_id', 'start_date', 'C0000001'], undefined, withheld);
    expect(!unquantified.ok && unquantified.problem).not.toContain('C0000001');
    const twice = resolveColumns('contacts', CONTACT_FIELDS, ['UPN', 'NHS Number', 'date', 'minutes'], undefined, withheld);
    expect(!twice.ok && twice.problem).toContain('reads as child_id: columns 1 and 2;');
  });
});

describe('mapping file (docs/operations.md#the-mapping-file)', () => {
  it('reads the documented example', () => {
    const parsed = parseMapping(
      JSON.stringify({
        plans: { columns: { child_id: 'Pupil Ref', start_date: 'Section F Start' }, values: { frequency: { wkly: 'week' } } },
        contacts: { columns: { child_id: 'Client Identifier', minutes: 'Duration (mins)' }, values: { attendance: { 'Patient Cancelled': 'cancelled-family' } } },
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
