import { describe, expect, it } from 'vitest';
import { describeChildIdRuleSuggestion, suggestChildIdRule, type ChildIdRuleSuggestion } from '../../../src/schema/idRuleSuggestion.js';

const WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2];

/** Valid NHS numbers, made here by the Modulus 11 steps rather than by the code under test. */
function validNhsNumbers(count: number): string[] {
  const numbers: string[] = [];
  for (let prefix = 400_000_000; numbers.length < count; prefix += 7_919) {
    const nine = String(prefix);
    const sum = [...nine].reduce((total, digit, position) => total + Number(digit) * WEIGHTS[position]!, 0);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    numbers.push(`${nine}${check === 11 ? 0 : check}`);
  }
  return numbers;
}

const spaced = (digits: string): string => `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;

describe('suggestChildIdRule', () => {
  it('suggests nhs-number when plans write NHS numbers bare and contacts write them spaced', () => {
    const plans = validNhsNumbers(200);
    // 30 children, the first ten with three contacts each, and four contacts of children in no plan.
    const children = plans.slice(0, 30).map(spaced);
    const unknown = [...children, ...children.slice(0, 10), ...children.slice(0, 10), 'ZZ1', 'ZZ1', 'ZZ2', '999 999 999'];

    const suggestions = suggestChildIdRule(unknown, plans);

    // digits joins the same contacts; nhs-number, the stricter, comes first.
    expect(suggestions).toEqual<ChildIdRuleSuggestion[]>([
      { rule: 'nhs-number', matched: 50, of: 54, distinctMatched: 30, distinctOf: 33 },
      { rule: 'digits', matched: 50, of: 54, distinctMatched: 30, distinctOf: 33 },
    ]);
  });

  it('credits no rule with an unknown ID that a plan ID already equals: the rule would change nothing', () => {
    // The contacts of 4857773457 are unknown for another reason (the child is in the plans for another
    // discipline); every rule maps it to the plan ID it already equals.
    const [nhs] = validNhsNumbers(1);
    expect(suggestChildIdRule([nhs!, nhs!, nhs!], [nhs!])).toEqual([]);
    // Beside an ID that a rule does join, only that one counts.
    const suggestions = suggestChildIdRule([nhs!, nhs!, '000123'], [nhs!, '123']);
    expect(suggestions).toEqual([{ rule: 'trim-zeros', matched: 1, of: 3, distinctMatched: 1, distinctOf: 2 }]);
  });

  it('does not suggest nhs-number for numbers whose check digit fails', () => {
    // 485 777 3456 fails the Modulus 11 check (its check digit should be 7): only digits joins it.
    const suggestions = suggestChildIdRule(['485 777 3456', '485-777-3456'], ['4857773456']);
    expect(suggestions).toEqual([{ rule: 'digits', matched: 2, of: 2, distinctMatched: 2, distinctOf: 2 }]);
  });

  it('suggests trim-zeros for references with and without leading zeros', () => {
    const suggestions = suggestChildIdRule(['000123', '000123', '04567', '0999'], ['123', '4567', 'X9']);
    expect(suggestions).toEqual([{ rule: 'trim-zeros', matched: 3, of: 4, distinctMatched: 2, distinctOf: 3 }]);
  });

  it('suggests case-insensitive before digits when both join', () => {
    const suggestions = suggestChildIdRule(['ab12', 'Ab12', 'cd34'], ['AB12', 'XY99']);
    expect(suggestions.map((suggestion) => [suggestion.rule, suggestion.matched, suggestion.distinctMatched])).toEqual([
      ['case-insensitive', 2, 2],
      ['digits', 2, 2],
    ]);
  });

  it('ranks the rule that joins more contacts first, strict or not', () => {
    const suggestions = suggestChildIdRule(['0123', 'B456', 'B456', 'C456'], ['123', 'A456']);
    expect(suggestions.map((suggestion) => [suggestion.rule, suggestion.matched])).toEqual([
      ['digits', 3],
      ['trim-zeros', 1],
    ]);
  });

  it('suggests nothing when the files have no child in common under any rule', () => {
    expect(suggestChildIdRule(['P-1', 'P-2', 'Q'], ['A-3', 'B-4', 'R'])).toEqual([]);
    expect(suggestChildIdRule([], validNhsNumbers(5))).toEqual([]);
    expect(suggestChildIdRule(['ab12'], [])).toEqual([]);
  });

  it('reads the plan IDs once, as a one-pass sequence', () => {
    const plans = validNhsNumbers(1_000);
    let pulled = 0;
    function* planIds(): Generator<string> {
      for (const id of plans) {
        pulled++;
        yield id;
        yield id; // a second provision line of the same child
      }
    }
    const unknown = [...plans.slice(0, 20), ...plans.slice(980)].map(spaced);
    const suggestions = suggestChildIdRule(unknown, planIds());
    expect(suggestions.map((suggestion) => [suggestion.rule, suggestion.matched])).toEqual([
      ['nhs-number', 40],
      ['digits', 40],
    ]);
    expect(pulled).toBe(1_000);
  });
});

describe('describeChildIdRuleSuggestion', () => {
  const suggestion: ChildIdRuleSuggestion = { rule: 'nhs-number', matched: 812, of: 830, distinctMatched: 40, distinctOf: 41 };

  it('says what the rule does, what it would join, and what to pass', () => {
    expect(describeChildIdRuleSuggestion(suggestion)).toBe(
      'ignoring spaces and hyphens and checking NHS numbers would match 812 of 830 unknown contacts: use --ids nhs-number',
    );
    expect(describeChildIdRuleSuggestion({ rule: 'trim-zeros', matched: 1, of: 1, distinctMatched: 1, distinctOf: 1 })).toBe(
      'ignoring leading zeros would match 1 of 1 unknown contact: use --ids trim-zeros',
    );
  });

  it('says when the figures are of a sample', () => {
    expect(describeChildIdRuleSuggestion(suggestion, 41_200)).toBe(
      'ignoring spaces and hyphens and checking NHS numbers would match 812 of a sample of 830 unknown contacts (41,200 in the file): use --ids nhs-number',
    );
    expect(describeChildIdRuleSuggestion(suggestion, 830)).toBe(describeChildIdRuleSuggestion(suggestion));
  });

  it('holds no ID', () => {
    const plans = validNhsNumbers(3);
    const unknown = plans.map(spaced);
    for (const found of suggestChildIdRule(unknown, plans)) {
      const sentence = describeChildIdRuleSuggestion(found, 5_000);
      for (const id of [...plans, ...unknown]) expect(sentence).not.toContain(id);
      expect(sentence).toMatch(/: use --ids (nhs-number|digits)$/);
    }
  });
});
