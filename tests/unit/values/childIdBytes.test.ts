// The bytes reader's test of "the rule leaves this ID as it is": it must agree with the rule itself on
// every ID the bytes reader can see (visible ASCII), or a row would be read differently by the two readers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ownKeyTestOf } from '../../../src/schema/values/childIdBytes.js';
import { CHILD_ID_RULES, childIdRuleDefinition } from '../../../src/schema/values/childIdRules.js';

const visibleAscii = fc.stringMatching(/^[\x21-\x7e]{1,14}$/);
const idLike = fc.oneof(
  visibleAscii,
  fc.stringMatching(/^[0-9]{8,12}$/),
  fc.constantFrom('4857773457', '4857773456', '9434765919', '0000000000', '1000000010', '0', '00', '000123', 'ab12', 'AB12', 'RX-00123', 'rx-00123'),
);

describe('the own-key test of each identifier rule', () => {
  it('is true exactly when the rule keeps the ID as it is', () => {
    for (const rule of CHILD_ID_RULES) {
      const test = ownKeyTestOf(rule);
      const normalise = childIdRuleDefinition(rule).normalise;
      fc.assert(
        fc.property(idLike, (id) => {
          const bytes = Buffer.from(`,${id},`, 'latin1');
          const isOwnKey = test === undefined ? true : test(bytes, 1, 1 + id.length);
          expect({ rule, id, isOwnKey }).toEqual({ rule, id, isOwnKey: normalise(id) === id });
        }),
        { numRuns: 500, seed: 11 },
      );
    }
  });

  it('takes a valid NHS number as it stands and leaves a failing check digit to the text reader', () => {
    const test = ownKeyTestOf('nhs-number')!;
    const at = (id: string) => test(Buffer.from(id, 'latin1'), 0, id.length);
    expect(at('4857773457')).toBe(true);
    expect(at('4857773456')).toBe(false);
    expect(at('485777345')).toBe(false);
  });
});
