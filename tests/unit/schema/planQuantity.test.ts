// A plan line's quantity columns: what a number that does not read is told.
import { describe, expect, it } from 'vitest';
import { resolveColumns } from '../../../src/schema/columns.js';
import { PLAN_FIELDS } from '../../../src/schema/fields.js';
import { EMPTY_MAPPING } from '../../../src/schema/mapping.js';
import { createPlanRowReader } from '../../../src/schema/planRow.js';

function readHours(hours: string) {
  const resolution = resolveColumns('plans', PLAN_FIELDS, ['child_id', 'hours', 'frequency', 'start_date'], undefined);
  if (!resolution.ok) throw new Error(resolution.problem);
  const reading = createPlanRowReader(resolution.columns, { mapping: EMPTY_MAPPING })(['C1', hours, 'week', '2025-09-01'], 2);
  return reading.ok ? undefined : reading.problem;
}

describe('hours that do not read', () => {
  it('say a decimal comma is one, and what to write instead', () => {
    expect(readHours('0,75')).toEqual({ field: 'hours', value: '0,75', reason: 'hours must be a positive number: "0,75" has a decimal comma; write 0.75' });
  });

  it('say only that the hours must be a positive number otherwise', () => {
    expect(readHours('none')).toMatchObject({ reason: 'hours must be a positive number' });
    expect(readHours('1,000,5')).toMatchObject({ reason: 'hours must be a positive number' });
    expect(readHours('1.5')).toBeUndefined();
  });
});
