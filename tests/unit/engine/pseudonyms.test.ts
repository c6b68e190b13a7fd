// The pseudonyms of a key, and finding the child IDs a run read in any text (docs/operations.md#pseudonymisation).
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { childIdRedactor, pseudonymisationOf, pseudonymiseInputs, pseudonymiserOf, ReadChildIds } from '../../../src/engine/pseudonyms.js';
import { TextFingerprints } from '../../../src/engine/textFingerprints.js';
import { buildPlanBook } from '../../../src/reconcile/planBook.js';
import { DEFAULT_CALENDAR } from '../../../src/calendar/terms.js';
import type { RunSettings } from '../../../src/reconcile/settings.js';
import { day, planLine } from '../helpers.js';

const KEY = 'a council secret of thirty-two ch';
const { pseudonymOf, provisionPseudonymOf, contactPseudonymOf } = pseudonymisationOf(KEY);

const settings: RunSettings = {
  calendar: DEFAULT_CALENDAR,
  year: DEFAULT_CALENDAR.yearTerms(2024),
  asOf: day('2025-03-31'),
  discipline: null,
  tolerance: 0,
  countIndirect: false,
};

/** The IDs a run read: C12 and "485 777 3456" from the plans (in the book), X9 and "#Q7#" from elsewhere. */
function readIds(): ReadChildIds {
  const ids = new ReadChildIds();
  const lines = [planLine({ childId: 'C12' }), planLine({ childId: '485 777 3456', discipline: 'SLT' })];
  for (const line of lines) ids.note(line.childId, true);
  ids.knowPlanBook(
    buildPlanBook(
      lines.map((line) => ({ line: line.line, reading: { ok: true, record: line } })),
      settings,
    ),
  );
  ids.note('X9');
  ids.note('#Q7#');
  return ids;
}

describe('pseudonyms', () => {
  it('a child ID: P and the first 16 hex digits of its HMAC-SHA256, as every earlier month made it', () => {
    const hmac = createHmac('sha256', KEY).update('C0002607', 'utf8').digest('hex');
    expect(pseudonymOf('C0002607')).toBe(`P${hmac.slice(0, 16)}`);
  });

  it("a run's pseudonymiser gives the same pseudonyms, a plan book child's kept as its 64 bits", () => {
    const { pseudonymisation } = pseudonymiserOf(KEY, readIds());
    for (const id of ['C12', '485 777 3456', 'X9', 'never read']) {
      expect(pseudonymisation.pseudonymOf(id)).toBe(pseudonymOf(id));
      expect(pseudonymisation.pseudonymOf(id)).toBe(pseudonymOf(id));
    }
  });

  it('provision and contact IDs: R and K, hashed apart, so that the same text gives unrelated pseudonyms', () => {
    const id = 'C0002607';
    const provision = provisionPseudonymOf(id);
    const contact = contactPseudonymOf(id);
    expect(provision).toMatch(/^R[0-9a-f]{16}$/);
    expect(contact).toMatch(/^K[0-9a-f]{16}$/);
    const digits = new Set([pseudonymOf(id), provision, contact].map((pseudonym) => pseudonym.slice(1)));
    expect(digits.size).toBe(3);
    expect(provision).toBe(`R${createHmac('sha256', KEY).update(`provision_id:${id}`, 'utf8').digest('hex').slice(0, 16)}`);
  });
});

describe('finding child IDs in text', () => {
  const redact = childIdRedactor(readIds(), pseudonymOf);

  it('replaces a known ID that stands as whole words, wherever it is in the text', () => {
    expect(redact('C12')).toBe(pseudonymOf('C12'));
    expect(redact('see C12, then X9.')).toBe(`see ${pseudonymOf('C12')}, then ${pseudonymOf('X9')}.`);
    expect(redact('(C12)')).toBe(`(${pseudonymOf('C12')})`);
  });

  it('finds an ID of several words, the longest first, and one with punctuation at its ends by its words', () => {
    expect(redact('NHS 485 777 3456 seen')).toBe(`NHS ${pseudonymOf('485 777 3456')} seen`);
    // An ID with punctuation at an end is found by its inner words, replaced by their own pseudonym.
    expect(redact('#Q7# and Q7')).toBe(`#${pseudonymOf('Q7')}# and ${pseudonymOf('Q7')}`);
  });

  it('finds an ID as an export wrote it, when an identifier rule compared it otherwise, and gives it the compared pseudonym', () => {
    // 4857773457 is a valid NHS number (check digit 7). Compared as 4857773457, 123 and AB12; written in cells as the exports had them.
    const ids = new ReadChildIds(['nhs-number', 'trim-zeros', 'case-insensitive']);
    for (const id of ['4857773457', '123', 'AB12']) ids.note(id);
    const byRule = childIdRedactor(ids, pseudonymOf);
    expect(byRule('Trust 485 777 3457')).toBe(`Trust ${pseudonymOf('4857773457')}`);
    expect(byRule('485-777-3457 and 000123')).toBe(`${pseudonymOf('4857773457')} and ${pseudonymOf('123')}`);
    expect(byRule('North ab12 Trust')).toBe(`North ${pseudonymOf('AB12')} Trust`);
    // Under exact IDs the written forms are other texts.
    const exactIds = new ReadChildIds(['exact']);
    for (const id of ['4857773457', '123', 'AB12']) exactIds.note(id);
    expect(childIdRedactor(exactIds, pseudonymOf)('North ab12 Trust, 000123')).toBe('North ab12 Trust, 000123');
  });

  it("redacts a workbook's sheet name in the inputs the manifest names, as it does a cell's sheet", () => {
    const table = { path: '/data/plans.xlsx', bytes: 1, sha256: 'a', encoding: 'xlsx', delimiter: ',' };
    const inputs = {
      plans: { ...table, sheet: 'C12' },
      contacts: { ...table, sheet: 'Contacts' },
      mapping: null,
      calendar: null,
      reading: { dateFormat: null, excelDates: false, ids: { plans: 'exact', contacts: 'exact' } },
    } as const;
    const redacted = pseudonymiseInputs(inputs, redact);
    expect(redacted.plans.sheet).toBe(pseudonymOf('C12'));
    expect(redacted.contacts.sheet).toBe('Contacts');
    expect(redacted.plans.path).toBe('/data/plans.xlsx');
  });

  it('leaves a longer word, another ID and any other text as they are', () => {
    for (const text of ['C123', 'XC12', 'C12x', '485 777', 'not an ID', '', '2025-09-10', 'Zoë £5']) expect(redact(text)).toBe(text);
  });

  it('never leaves a known ID standing as whole words, whatever text surrounds it', () => {
    const separator = fc.constantFrom(' ', ', ', '; ', '(', ')', '"', '\t', '/', '-', '.');
    const filler = fc.string({ unit: fc.constantFrom(...'abcdefghij0123456789 ,.;()'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, separator, fc.constantFrom('C12', 'X9', '485 777 3456'), separator), { maxLength: 5 }), filler, (parts, tail) => {
        const text = parts.map(([before, open, id, close]) => `${before}${open}${id}${close}`).join('') + tail;
        const redacted = redact(text);
        for (const id of ['C12', 'X9', '485 777 3456']) {
          expect(new RegExp(`(^|[^\\p{L}\\p{N}])${id}($|[^\\p{L}\\p{N}])`, 'u').test(redacted), `${JSON.stringify(text)} → ${JSON.stringify(redacted)}`).toBe(
            false,
          );
        }
      }),
    );
  });

  it('is linear in the text: a megabyte of words is scanned at once', () => {
    const text = 'word C12 and more '.repeat(60_000);
    const started = performance.now();
    const redacted = redact(text);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(redacted.split(pseudonymOf('C12')).length - 1).toBe(60_000);
  });
});

describe('text fingerprints', () => {
  it('hold every text added, through growth, and none other among a hundred thousand', () => {
    const set = new TextFingerprints();
    const added = Array.from({ length: 50_000 }, (_, index) => `C${index.toString(36)}`);
    for (const text of added) set.add(text);
    for (const text of added) set.add(text);
    expect(set.size).toBe(50_000);
    for (const text of added) expect(set.has(text)).toBe(true);
    let found = 0;
    for (let index = 0; index < 100_000; index++) if (set.has(`D${index.toString(36)}`) || set.has(`C${index.toString(36)}!`)) found++;
    expect(found).toBe(0);
    expect(set.has('')).toBe(false);
    set.add('');
    expect(set.has('')).toBe(true);
  });
});
