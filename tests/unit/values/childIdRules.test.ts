// The identifier rules, and the NHS number check against the NHS Data Dictionary's Modulus 11 steps
// written out again here, apart from the code under test.
// FUZZ_RUNS=20000 npx vitest run tests/unit/values/childIdRules.test.ts  for a longer hunt.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHILD_ID_RULE_CHOICES,
  CHILD_ID_RULE_TABLE,
  CHILD_ID_RULES,
  DEFAULT_CHILD_ID_RULE,
  childIdRuleDefinition,
  childIdRuleOf,
  childIdRulesHelp,
  childIdRulesMarkdown,
  createChildIdNormaliser,
  isValidNhsNumber,
  nhsCheckDigit,
  normaliseNhsNumber,
  parseChildIdRule,
  type ChildIdRule,
} from '../../../src/schema/values/childIdRules.js';
import { isInvalid } from '../../../src/schema/values/invalid.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);

const WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2];

/** Weights 10..2 on the first nine digits, sum, 11 − (sum mod 11); 11 → 0; 10 → no valid number. */
function referenceCheckDigit(firstNine: readonly number[]): number | 'none' {
  const sum = firstNine.reduce((total, digit, position) => total + digit * WEIGHTS[position]!, 0);
  const result = 11 - (sum % 11);
  if (result === 11) return 0;
  if (result === 10) return 'none';
  return result;
}

function referenceIsValid(digits: readonly number[]): boolean {
  return digits.length === 10 && referenceCheckDigit(digits.slice(0, 9)) === digits[9];
}

const digitArray = (text: string): number[] => [...text].map(Number);

const nineDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 });

/** Valid NHS numbers as digit arrays, made by the reference algorithm. */
const validNhsNumber = nineDigits.filter((nine) => referenceCheckDigit(nine) !== 'none').map((nine) => [...nine, referenceCheckDigit(nine) as number]);

function reasonOf(answer: string | { invalid: string }): string {
  if (!isInvalid(answer)) throw new Error('expected an invalid answer');
  return answer.invalid;
}

describe('nhsCheckDigit and isValidNhsNumber', () => {
  // 943 476 5919 is NHS Digital's widely used test number; the other two are published examples of
  // valid numbers in open-source validators' documentation.
  it.each(['9434765919', '6541003238', '6716689966', '4857773457'])('%s is valid, by the reference too', (digits) => {
    expect(referenceIsValid(digitArray(digits))).toBe(true);
    expect(isValidNhsNumber(digits)).toBe(true);
    expect(nhsCheckDigit(digits.slice(0, 9))).toBe(Number(digits[9]));
  });

  it('finds the check digit of 485 777 345 to be 7, so 485 777 3456 is not an NHS number', () => {
    // 4·10 + 8·9 + 5·8 + 7·7 + 7·6 + 7·5 + 3·4 + 4·3 + 5·2 = 312; 312 mod 11 = 4; 11 − 4 = 7.
    expect(referenceCheckDigit(digitArray('485777345'))).toBe(7);
    expect(nhsCheckDigit('485777345')).toBe(7);
    expect(isValidNhsNumber('4857773456')).toBe(false);
    expect(isValidNhsNumber('4857773457')).toBe(true);
  });

  it('gives null when the result is 10, and then no last digit makes a valid number', () => {
    // 1·10 + 1·2 = 12; 12 mod 11 = 1; 11 − 1 = 10.
    expect(referenceCheckDigit(digitArray('100000001'))).toBe('none');
    expect(nhsCheckDigit('100000001')).toBeNull();
    for (let last = 0; last <= 9; last++) expect(isValidNhsNumber(`100000001${last}`)).toBe(false);
  });

  it('gives 0 when the remainder is 0', () => {
    // The weighted sum of 000000000 is 0, so 11 − 0 = 11, which stands for 0.
    expect(nhsCheckDigit('000000000')).toBe(0);
    expect(isValidNhsNumber('0000000000')).toBe(true);
  });

  it('takes bare digits only', () => {
    for (const text of ['943 476 5919', '943-476-5919', '943476591', '94347659190', '943476591X', '', '９４３４７６５９１９']) {
      expect(isValidNhsNumber(text)).toBe(false);
    }
  });

  it('refuses anything but nine digits as the first nine', () => {
    for (const text of ['12345678', '1234567890', '12345678a', '']) expect(() => nhsCheckDigit(text)).toThrow(RangeError);
  });

  it('agrees with the reference on every nine digits', () => {
    fc.assert(
      fc.property(nineDigits, (nine) => {
        const expected = referenceCheckDigit(nine);
        expect(nhsCheckDigit(nine.join(''))).toBe(expected === 'none' ? null : expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('passes every number the reference makes, however it is spaced', () => {
    fc.assert(
      fc.property(validNhsNumber, fc.constantFrom(' ', '-', '\u00a0', ' - ', '\u2013'), (digits, separator) => {
        const bare = digits.join('');
        expect(isValidNhsNumber(bare)).toBe(true);
        expect(normaliseNhsNumber(bare)).toBe(bare);
        const written = `${bare.slice(0, 3)}${separator}${bare.slice(3, 6)}${separator}${bare.slice(6)}`;
        expect(normaliseNhsNumber(written)).toBe(bare);
      }),
      { numRuns: RUNS },
    );
  });

  it('catches every single mistyped digit, the check digit included', () => {
    fc.assert(
      fc.property(validNhsNumber, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (digits, position, shift) => {
        const mistyped = [...digits];
        mistyped[position] = (digits[position]! + shift) % 10;
        expect(referenceIsValid(mistyped)).toBe(false);
        expect(isValidNhsNumber(mistyped.join(''))).toBe(false);
        expect(isInvalid(normaliseNhsNumber(mistyped.join('')))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('catches every swap of two neighbouring different digits, the check digit included', () => {
    fc.assert(
      fc.property(validNhsNumber, fc.integer({ min: 0, max: 8 }), (digits, position) => {
        fc.pre(digits[position] !== digits[position + 1]);
        const swapped = [...digits];
        swapped[position] = digits[position + 1]!;
        swapped[position + 1] = digits[position]!;
        expect(referenceIsValid(swapped)).toBe(false);
        expect(isValidNhsNumber(swapped.join(''))).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('catches every single error and neighbour swap of one number, exhaustively', () => {
    const digits = digitArray('9434765919');
    let variants = 0;
    for (let position = 0; position < 10; position++) {
      for (let digit = 0; digit <= 9; digit++) {
        if (digit === digits[position]) continue;
        const mistyped = [...digits];
        mistyped[position] = digit;
        expect(isValidNhsNumber(mistyped.join(''))).toBe(false);
        variants++;
      }
      if (position < 9 && digits[position] !== digits[position + 1]) {
        const swapped = [...digits];
        [swapped[position], swapped[position + 1]] = [digits[position + 1]!, digits[position]!];
        expect(isValidNhsNumber(swapped.join(''))).toBe(false);
        variants++;
      }
    }
    // 10 positions × 9 other digits, and the 9 neighbouring pairs of 9434765919, which all differ.
    expect(variants).toBe(90 + 9);
  });
});

describe('the nhs-number rule', () => {
  it.each(['485 777 3457', '485-777-3457', '4857773457', '485\u00a0777\u00a03457', '485 – 777 – 3457', '485\t777\t3457'])(
    'reads %j as 4857773457',
    (written) => {
      expect(normaliseNhsNumber(written)).toBe('4857773457');
    },
  );

  it('refuses a failing check digit and says what it should be', () => {
    for (const written of ['4857773456', '485 777 3456', '485-777-3456']) {
      const reason = reasonOf(normaliseNhsNumber(written));
      expect(reason).toMatch(/^not a valid NHS number: its check digit fails/);
      expect(reason).toContain('should be 7, not 6');
    }
  });

  it('refuses 9 and 11 digits, naming the count', () => {
    expect(reasonOf(normaliseNhsNumber('485 777 345'))).toBe('not a valid NHS number: it has 9 digits, not 10');
    expect(reasonOf(normaliseNhsNumber('48577734570'))).toBe('not a valid NHS number: it has 11 digits, not 10');
    expect(reasonOf(normaliseNhsNumber('7'))).toBe('not a valid NHS number: it has 1 digit, not 10');
  });

  it('refuses letters and other characters, and an ID of separators alone', () => {
    expect(reasonOf(normaliseNhsNumber('A85 777 3457'))).toMatch(/holds letters/);
    expect(reasonOf(normaliseNhsNumber('NHS4857773457'))).toMatch(/holds letters/);
    expect(reasonOf(normaliseNhsNumber('485.777.3457'))).toMatch(/holds characters other than digits, spaces and hyphens/);
    expect(reasonOf(normaliseNhsNumber('4857773457.0'))).toMatch(/holds characters other than digits/);
    expect(reasonOf(normaliseNhsNumber('--'))).toMatch(/holds no digits/);
  });

  it('refuses nine digits whose check would be 10', () => {
    expect(reasonOf(normaliseNhsNumber('100 000 0010'))).toMatch(/check digit 10/);
  });

  it('never repeats the ID in a reason', () => {
    const written = fc.string({ unit: fc.constantFrom(...'0123456789 -A.'), maxLength: 16 });
    fc.assert(
      fc.property(written, (text) => {
        const answer = normaliseNhsNumber(text);
        if (!isInvalid(answer)) return;
        // Reasons hold small figures ("it has 9 digits, not 10"), so an ID is looked for from four characters on.
        const digits = text.replace(/\D/g, '');
        if (text.trim().length >= 4) expect(answer.invalid).not.toContain(text.trim());
        for (let start = 0; start + 4 <= digits.length; start++) expect(answer.invalid).not.toContain(digits.slice(start, start + 4));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the other rules', () => {
  const examples: ReadonlyArray<[ChildIdRule, string, string]> = [
    ['exact', 'Ab 12', 'Ab 12'],
    ['exact', '000123', '000123'],
    ['trim-zeros', '000123', '123'],
    ['trim-zeros', '0123', '123'],
    ['trim-zeros', '123', '123'],
    ['trim-zeros', '1020', '1020'],
    ['trim-zeros', '0000', '0'],
    ['trim-zeros', '0', '0'],
    ['trim-zeros', '00A12', 'A12'],
    ['trim-zeros', 'A0012', 'A0012'],
    ['case-insensitive', 'ab12', 'AB12'],
    ['case-insensitive', 'AB12', 'AB12'],
    ['case-insensitive', 'Zoë-7', 'ZOË-7'],
    // The default Unicode mapping, never a Turkish locale's dotted capital İ.
    ['case-insensitive', 'mi5', 'MI5'],
    ['digits', 'RX-00123/a', '00123'],
    ['digits', '485 777 3456', '4857773456'],
    ['digits', '123', '123'],
  ];
  it.each(examples)('%s reads %j as %j', (rule, written, key) => {
    expect(childIdRuleDefinition(rule).normalise(written)).toBe(key);
    expect(createChildIdNormaliser(rule)(written)).toBe(key);
  });

  it('digits refuses an ID with no digits', () => {
    for (const written of ['abc', 'X-Y', '']) expect(reasonOf(childIdRuleDefinition('digits').normalise(written))).toMatch(/no digits/);
  });

  it('only nhs-number and digits ever refuse an ID', () => {
    const anyId = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(anyId, (id) => {
        for (const rule of ['exact', 'trim-zeros', 'case-insensitive'] as const) expect(typeof childIdRuleDefinition(rule).normalise(id)).toBe('string');
      }),
      { numRuns: RUNS },
    );
  });

  it('case-insensitive and trim-zeros make one key of IDs that differ only in case or leading zeros', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z1-9][A-Za-z0-9]{0,8}$/), fc.integer({ min: 0, max: 5 }), (id, zeros) => {
        const upper = childIdRuleDefinition('case-insensitive').normalise;
        expect(upper(id.toLowerCase())).toBe(upper(id.toUpperCase()));
        const trim = childIdRuleDefinition('trim-zeros').normalise;
        expect(trim('0'.repeat(zeros) + id)).toBe(id);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the memoised normaliser', () => {
  /** IDs as exports write them, drawn from a pool so that they repeat, sometimes in runs. */
  const idPool = fc.uniqueArray(
    fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789 -aAbB'), maxLength: 14 }),
      validNhsNumber.map((digits) => digits.join('')),
      fc.string({ maxLength: 8 }),
    ),
    { minLength: 1, maxLength: 12 },
  );
  const idSequence = fc.tuple(idPool, fc.array(fc.nat(), { maxLength: 60 })).map(([pool, picks]) => picks.map((pick) => pool[pick % pool.length]!));

  it('gives the plain function’s answers, with the cache cleared often and never', () => {
    fc.assert(
      fc.property(idSequence, fc.constantFrom(...CHILD_ID_RULES), fc.constantFrom(2, 5, undefined), (ids, rule, limit) => {
        const plain = childIdRuleDefinition(rule).normalise;
        const memoised = createChildIdNormaliser(rule, limit);
        for (const id of ids) expect(memoised(id)).toEqual(plain(id));
      }),
      { numRuns: RUNS },
    );
  });

  it('gives the same answer object for a repeated ID, so it did not work twice', () => {
    const normalise = createChildIdNormaliser('nhs-number');
    const first = normalise('485 777 3456');
    normalise('943 476 5919');
    expect(normalise('485 777 3456')).toBe(first);
  });
});

describe('the rule table', () => {
  it('has one entry per rule, in the order of CHILD_ID_RULES, exact the default', () => {
    expect(CHILD_ID_RULE_TABLE.map((entry) => entry.name)).toEqual([...CHILD_ID_RULES]);
    expect(CHILD_ID_RULES).toEqual(['exact', 'nhs-number', 'trim-zeros', 'case-insensitive', 'digits']);
    expect(DEFAULT_CHILD_ID_RULE).toBe('exact');
    for (const entry of CHILD_ID_RULE_TABLE) {
      expect(entry.summary).not.toMatch(/\n/);
      expect(entry.summary.length).toBeLessThan(90);
      expect(entry.explanation.length).toBeGreaterThan(entry.summary.length);
      expect(entry.doing).toMatch(/^[a-z]+ing /);
    }
  });

  it('makes the help line and the docs table from every entry', () => {
    const help = childIdRulesHelp();
    const markdown = childIdRulesMarkdown().split('\n');
    expect(markdown).toHaveLength(2 + CHILD_ID_RULES.length);
    for (const entry of CHILD_ID_RULE_TABLE) {
      expect(help).toContain(`${entry.name}${entry.name === 'exact' ? ' (default)' : ''}: ${entry.summary}`);
      expect(markdown.some((row) => row.startsWith(`| \`${entry.name}\``) && row.includes(entry.explanation))).toBe(true);
    }
    expect(help).not.toMatch(/\n/);
  });

  it.each([
    ['nhs-number', 'nhs-number'],
    ['NHS number', 'nhs-number'],
    [' Case_Insensitive ', 'case-insensitive'],
    ['TRIM-ZEROS', 'trim-zeros'],
    ['digits', 'digits'],
    ['exact', 'exact'],
  ])('reads the rule name %j', (name, rule) => {
    expect(childIdRuleOf(name)).toBe(rule);
    expect(parseChildIdRule(name)).toBe(rule);
  });

  it('refuses a name that is no rule, listing the rules', () => {
    for (const name of ['nhs', 'zeros', '', 'exactly']) {
      expect(childIdRuleOf(name)).toBeUndefined();
      expect(reasonOf(parseChildIdRule(name))).toBe(`not an identifier rule: expected ${CHILD_ID_RULE_CHOICES}`);
    }
    expect(CHILD_ID_RULE_CHOICES).toBe('exact, nhs-number, trim-zeros, case-insensitive or digits');
  });
});
