// Sessions owed (docs/rules.md#sessions-owed): a line in hours is booked as 60-minute sessions, a
// provision text's single duration in minutes is one session of that length, and a child-year met
// within --tolerance owes nothing.
import { describe, expect, it } from 'vitest';
import { computeChildYears, type ChildYear } from '../../../src/reconcile/childYear.js';
import { ContactLedger } from '../../../src/reconcile/contactLedger.js';
import { buildPlanBook } from '../../../src/reconcile/planBook.js';
import type { RunSettings } from '../../../src/reconcile/settings.js';
import type { Contact, PlanLine, Quantity } from '../../../src/schema/records.js';
import { readProvisionText } from '../../../src/schema/values/provisionText.js';
import { isInvalid } from '../../../src/schema/values/invalid.js';
import { contact, day, hours, planLine, sessions, settings } from '../helpers.js';

function childYearsOf(lines: readonly PlanLine[], contacts: readonly Contact[], run: RunSettings): ChildYear[] {
  const book = buildPlanBook(
    lines.map((line) => ({ line: line.line, reading: { ok: true as const, record: line } })),
    run,
  );
  const ledger = new ContactLedger(book, run, { recall: (row) => contacts[row]! });
  contacts.forEach((row, index) => {
    ledger.addContact(row, index);
  });
  return [...computeChildYears(book, ledger.finish(), run)];
}

function textQuantity(text: string): Quantity {
  const quantity = readProvisionText(text);
  if (isInvalid(quantity)) throw new Error(`"${text}" does not read: ${quantity.invalid}`);
  return quantity;
}

const wholeYear = settings({ asOf: day('2025-08-31') });

describe('sessions owed for a line given in hours', () => {
  it('counts 60-minute sessions for `hours = 3, frequency = week`, not one session of 180', () => {
    // 39 weeks × 180 minutes = 7,020 required; nothing delivered.
    const [childYear] = childYearsOf([planLine({ quantity: hours(3, 'week') })], [], wholeYear);
    expect(childYear).toMatchObject({ status: 'no-contact', requiredMinutes: 7020, sessionMinutes: 60, sessionsOwed: 117 });
  });

  it('counts 60-minute sessions whatever the number of hours, half an hour included', () => {
    const [half] = childYearsOf([planLine({ quantity: hours('0.5', 'week') })], [], wholeYear);
    // 39 × 30 = 1,170 minutes owed: 20 sessions of 60 (19.5 rounded up).
    expect(half).toMatchObject({ requiredMinutes: 1170, sessionMinutes: 60, sessionsOwed: 20 });
  });

  it('is worked example E4: 3 hours per term, 120 minutes delivered, 7 sessions of 60 owed', () => {
    const lines = [planLine({ childId: 'E4', discipline: 'PT', quantity: hours(3, 'term') })];
    const contacts = [
      contact({ childId: 'E4', discipline: 'PT', minutes: 60, day: day('2024-10-15') }),
      contact({ childId: 'E4', discipline: 'PT', minutes: 60, day: day('2025-02-04') }),
    ];
    const [childYear] = childYearsOf(lines, contacts, wholeYear);
    expect(childYear).toMatchObject({
      status: 'shortfall',
      requiredMinutes: 540,
      deliveredMinutes: 120,
      shortfallMinutes: 420,
      sessionMinutes: 60,
      sessionsOwed: 7,
    });
  });

  it('reads "1 hour weekly" and "3 hours per term" as hours (60-minute sessions), and "45 mins per fortnight" as one 45-minute session', () => {
    const cases = [
      { text: '1 hour weekly', requiredMinutes: 2340, sessionMinutes: 60, sessionsOwed: 39 },
      { text: '3 hours per term', requiredMinutes: 540, sessionMinutes: 60, sessionsOwed: 9 },
      // 39 / 2 × 45 = 877.5, rounded half up.
      { text: '45 mins per fortnight', requiredMinutes: 878, sessionMinutes: 45, sessionsOwed: 20 },
      { text: 'a 2 hour session monthly', requiredMinutes: 1080, sessionMinutes: 120, sessionsOwed: 9 },
    ];
    for (const { text, ...expected } of cases) {
      const [childYear] = childYearsOf([planLine({ quantity: textQuantity(text) })], [], wholeYear);
      expect({ text, ...childYear }).toMatchObject({ text, ...expected });
    }
  });
});

describe('sessions owed of a child-year met within the tolerance', () => {
  const line = planLine({ childId: 'T1', quantity: sessions(1, 45, 'week') });
  // 1,755 required; 38 × 45 + 40 = 1,750 delivered: 5 minutes short.
  const contacts = [
    ...Array.from({ length: 38 }, (_, week) => contact({ childId: 'T1', minutes: 45, day: day('2024-09-02') + week * 7 })),
    contact({ childId: 'T1', minutes: 40, day: day('2025-07-01') }),
  ];

  it('owes 0 sessions when the shortfall is within --tolerance, and its shortfall minutes still show', () => {
    const [childYear] = childYearsOf([line], contacts, settings({ asOf: day('2025-08-31'), tolerance: 5 }));
    expect(childYear).toMatchObject({ status: 'met', requiredMinutes: 1755, deliveredMinutes: 1750, shortfallMinutes: 5, sessionsOwed: 0 });
  });

  it('owes a session once the shortfall is a minute over the tolerance', () => {
    const [childYear] = childYearsOf([line], contacts, settings({ asOf: day('2025-08-31'), tolerance: 4 }));
    expect(childYear).toMatchObject({ status: 'shortfall', shortfallMinutes: 5, sessionsOwed: 1 });
  });
});
