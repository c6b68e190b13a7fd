// The identifier rules as the row readers apply them (docs/operations.md#identifier-rules): after
// trimming, before matching, in both files; an ID the rule refuses is an invalid row naming child_id.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveColumns } from '../../../src/schema/columns.js';
import { createContactRowReader } from '../../../src/schema/contactRow.js';
import { CONTACT_FIELDS, PLAN_FIELDS } from '../../../src/schema/fields.js';
import { EMPTY_MAPPING, parseMapping } from '../../../src/schema/mapping.js';
import { childIdRuleFor, createPlanRowReader, type ValueOptions } from '../../../src/schema/planRow.js';
import { childIdRulesMarkdown } from '../../../src/schema/values/childIdRules.js';

function planReader(options: ValueOptions) {
  const resolution = resolveColumns('plans', PLAN_FIELDS, ['child_id', 'sessions', 'session_minutes', 'frequency', 'start_date'], undefined);
  if (!resolution.ok) throw new Error(resolution.problem);
  const read = createPlanRowReader(resolution.columns, options);
  return (childId: string) => read([childId, '1', '45', 'week', '2024-09-01'], 2);
}

function contactReader(options: ValueOptions) {
  const resolution = resolveColumns('contacts', CONTACT_FIELDS, ['child_id', 'date', 'minutes'], undefined);
  if (!resolution.ok) throw new Error(resolution.problem);
  const read = createContactRowReader(resolution.columns, options);
  return (childId: string, minutes = '45') => {
    const reading = read([childId, '2024-09-10', minutes], 2);
    return reading.ok ? { ok: true, childId: reading.record.childId } : { ok: false, ...reading.problem, childId: reading.childId };
  };
}

const NHS: ValueOptions = { mapping: EMPTY_MAPPING, ids: 'nhs-number' };

describe('the identifier rule in the plans and contacts readers', () => {
  it('reads 485 777 3457, 485-777-3457 and 4857773457 as one NHS number in both files', () => {
    const plan = planReader(NHS);
    const contact = contactReader(NHS);
    for (const written of ['485 777 3457', ' 485-777-3457 ', '4857773457', '485\u00a0777\u00a03457']) {
      const reading = plan(written);
      expect(reading.ok && reading.record.childId).toBe('4857773457');
      expect(contact(written)).toEqual({ ok: true, childId: '4857773457' });
    }
  });

  it("makes a failing check digit an invalid row on child_id, quoting the ID as written, with the rule's reason", () => {
    const refused = contactReader(NHS)('485 777 3456');
    expect(refused).toMatchObject({ ok: false, field: 'child_id', value: '485 777 3456', childId: '485 777 3456' });
    expect(refused).toMatchObject({ reason: expect.stringContaining('check digit fails (it should be 7, not 6)') });
    const plan = planReader(NHS)('4857773456');
    expect(!plan.ok && plan.problem).toMatchObject({ field: 'child_id', value: '4857773456', reason: expect.stringContaining('not a valid NHS number') });
  });

  it("keeps the normalised ID on a row refused for another column, so the row is still the child's", () => {
    expect(contactReader(NHS)('485 777 3457', 'lots')).toMatchObject({ ok: false, field: 'minutes', childId: '4857773457' });
  });

  it("compares exactly without a rule, and a mapping file's rule applies to its own file only", () => {
    expect(contactReader({ mapping: EMPTY_MAPPING })('485 777 3457')).toEqual({ ok: true, childId: '485 777 3457' });
    const parsed = parseMapping(JSON.stringify({ plans: { ids: 'trim-zeros' }, contacts: { ids: 'NHS number' } }));
    if (!('mapping' in parsed)) throw new Error(parsed.problems.join('; '));
    const options: ValueOptions = { mapping: parsed.mapping };
    expect(childIdRuleFor(options, 'plans')).toBe('trim-zeros');
    expect(childIdRuleFor(options, 'contacts')).toBe('nhs-number');
    const plan = planReader(options)('000123');
    expect(plan.ok && plan.record.childId).toBe('123');
    expect(contactReader(options)('000123')).toMatchObject({ ok: false, field: 'child_id' });
  });

  it('lets --ids win over the mapping for both files', () => {
    const parsed = parseMapping(JSON.stringify({ plans: { ids: 'trim-zeros' } }));
    if (!('mapping' in parsed)) throw new Error(parsed.problems.join('; '));
    const options: ValueOptions = { mapping: parsed.mapping, ids: 'case-insensitive' };
    expect([childIdRuleFor(options, 'plans'), childIdRuleFor(options, 'contacts')]).toEqual(['case-insensitive', 'case-insensitive']);
  });

  it('refuses a mapping file naming no rule, naming the key and the rules', () => {
    const parsed = parseMapping(JSON.stringify({ contacts: { ids: 'nhs' } }));
    expect('problems' in parsed && parsed.problems).toEqual([
      '"contacts.ids": not an identifier rule: expected exact, nhs-number, trim-zeros, case-insensitive or digits',
    ]);
  });
});

describe('the identifier rules in the docs', () => {
  it('are the table the rules module makes, word for word', () => {
    const operations = readFileSync(new URL('../../../docs/operations.md', import.meta.url), 'utf8');
    expect(operations).toContain(childIdRulesMarkdown());
  });
});
