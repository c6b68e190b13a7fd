// The generator's output must read with the tool's own readers: the README's first command runs on
// it. These tests hold the generated spellings against the schema modules, not against copies.
import { describe, expect, it } from 'vitest';
import { providerMapping } from '../../../src/generate/dataset.js';
import { QUANTITIES, describeQuantity, vagueProvision, type PlanQuantity } from '../../../src/generate/quantities.js';
import { Random } from '../../../src/generate/random.js';
import { parseMapping } from '../../../src/schema/mapping.js';
import { isInvalid } from '../../../src/schema/values/invalid.js';
import { readProvisionText } from '../../../src/schema/values/provisionText.js';
import { toNumber } from '../../../src/exact/rational.js';
import type { Quantity } from '../../../src/schema/records.js';

function minutesPerPeriod(quantity: Quantity): number {
  return quantity.form === 'hours' ? toNumber(quantity.hours) * 60 : toNumber(quantity.sessions) * toNumber(quantity.sessionMinutes);
}

function textsOf(quantity: PlanQuantity): Set<string> {
  const texts = new Set<string>();
  for (let seed = 0; seed < 60; seed++) texts.add(describeQuantity(quantity, new Random(seed)));
  return texts;
}

describe('generated provision text', () => {
  it('reads back as the quantity it was written from', () => {
    let checked = 0;
    for (const quantity of QUANTITIES.items) {
      for (const text of textsOf(quantity)) {
        const read = readProvisionText(text);
        if (isInvalid(read)) throw new Error(`"${text}" did not read: ${read.invalid}`);
        expect(read.frequency, text).toBe(quantity.frequency);
        expect(minutesPerPeriod(read), text).toBeCloseTo(quantity.sessions * quantity.minutes, 9);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(QUANTITIES.items.length);
  });

  it('writes unquantified provision that the reader rejects as such', () => {
    for (let discipline = 0; discipline < 3; discipline++) {
      for (let seed = 0; seed < 40; seed++) {
        const text = vagueProvision(discipline, new Random(seed));
        expect(isInvalid(readProvisionText(text)), text).toBe(true);
      }
    }
  });
});

describe('providerMapping', () => {
  it('validates against the mapping file schema', () => {
    const parsed = parseMapping(JSON.stringify(providerMapping()));
    expect('problems' in parsed ? parsed.problems : []).toEqual([]);
  });
});
