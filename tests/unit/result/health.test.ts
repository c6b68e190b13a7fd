// The run-health checks (docs/operations.md#when-the-numbers-look-wrong), each at its threshold: just
// under gives no warning, just over gives one, with the figures and the words that name the cause.
import { describe, expect, it } from 'vitest';
import type { ContactHealthFacts } from '../../../src/reconcile/contactHealth.js';
import { checkRunHealth, HEALTH_THRESHOLDS, HEALTH_WARNING_CODES, mapWarningIds, type HealthWarning, type RunHealthFacts } from '../../../src/result/health.js';
import type { ContactBucket, PlanBucket } from '../../../src/schema/vocabulary.js';
import { day } from '../helpers.js';

interface Changes {
  readonly contactBuckets?: Partial<Record<ContactBucket, number>>;
  readonly planBuckets?: Partial<Record<PlanBucket, number>>;
  readonly health?: Partial<ContactHealthFacts>;
  readonly facts?: Partial<Omit<RunHealthFacts, 'plans' | 'contacts' | 'childYears'>> & { readonly childYears?: Partial<RunHealthFacts['childYears']> };
  readonly planIds?: readonly string[];
  readonly disciplines?: RunHealthFacts['plans']['disciplines'];
  readonly plans?: Partial<Pick<RunHealthFacts['plans'], 'invalidRows' | 'hasDisciplineColumn' | 'disciplineColumn'>>;
  /** Child-years with provision due, by the day it began to be due (default: all 40 from 1 September 2025). */
  readonly dueFrom?: Readonly<Record<string, number>>;
}

/** dueBefore and firstDueDay of child-years due from these days. */
function dueFromDays(dueFrom: Readonly<Record<string, number>>): Pick<RunHealthFacts['childYears'], 'dueBefore' | 'firstDueDay'> {
  const days = Object.entries(dueFrom).map(([from, childYears]) => ({ from: day(from), childYears }));
  return {
    dueBefore: (before) => days.filter((entry) => entry.from < before).reduce((total, entry) => total + entry.childYears, 0),
    firstDueDay: days.length === 0 ? null : Math.min(...days.map((entry) => entry.from)),
  };
}

/** A clean run of 2025/26 to 31 March 2026: 100 in-year contacts that count, of varied lengths, from 3 September. */
function factsOf(changes: Changes = {}): RunHealthFacts {
  const contactBuckets = changes.contactBuckets ?? { counted: 90, dna: 10, 'after-as-of': 30 };
  const planBuckets = changes.planBuckets ?? { reconciled: 40 };
  const sum = (buckets: Partial<Record<string, number>>) => Object.values(buckets).reduce((total: number, count) => total + (count ?? 0), 0);
  const planIds = changes.planIds ?? ['C0001', 'C0002', 'C0003', 'C0004'];
  return {
    yearStart: 2025,
    asOf: day('2026-03-31'),
    today: day('2026-04-02'),
    asOfFromClock: false,
    countIndirect: false,
    discipline: null,
    withholdsCells: false,
    plans: {
      accounting: { rowsRead: sum(planBuckets), buckets: planBuckets },
      disciplines: changes.disciplines ?? ['OT'],
      childIds: () => planIds,
      invalidRows: { rows: 0, commonest: null },
      hasDisciplineColumn: true,
      disciplineColumn: null,
      ...changes.plans,
    },
    contacts: {
      accounting: { rowsRead: sum(contactBuckets), buckets: contactBuckets },
      health: {
        otherYears: [],
        lastOutcomeDay: day('2026-03-30'),
        firstDay: day('2025-09-03'),
        disciplines: { OT: 130, SLT: 0, PT: 0 },
        direct: 95,
        indirect: 5,
        attendanceBlank: 0,
        distinctMinutes: 3,
        commonestMinutes: 45,
        veryShort: 0,
        unknownChildSample: [],
        unknownChildCauses: { 'not-in-plans': 0, 'other-discipline': 0, 'unread-plan-line': 0 },
        invalidRows: { rows: 0, commonest: null },
        hasAttendanceColumn: true,
        hasDisciplineColumn: true,
        ...changes.health,
      },
    },
    ...changes.facts,
    childYears: {
      due: 40,
      withDelivery: 39,
      byDiscipline: { OT: { due: 40, withDelivery: 39 }, SLT: { due: 0, withDelivery: 0 }, PT: { due: 0, withDelivery: 0 } },
      ...dueFromDays(changes.dueFrom ?? { '2025-09-01': 40 }),
      ...changes.facts?.childYears,
    },
  };
}

function codes(warnings: readonly HealthWarning[]): string[] {
  return warnings.map((warning) => warning.code);
}

describe('run health of clean data', () => {
  it('gives no warning', () => {
    expect(checkRunHealth(factsOf())).toEqual([]);
  });
});

describe('identifiers that do not join', () => {
  it('fires when more than half of the in-year contacts are unknown-child, not at half', () => {
    const at = (unknown: number) => codes(checkRunHealth(factsOf({ contactBuckets: { 'unknown-child': unknown, counted: 40 - unknown } })));
    expect(at(20)).toEqual([]);
    expect(at(21)).toEqual(['ids-do-not-join']);
  });

  it('fires at more than 20% once at least 50 contacts are unknown-child', () => {
    const at = (unknown: number, inYear: number) => codes(checkRunHealth(factsOf({ contactBuckets: { 'unknown-child': unknown, counted: inYear - unknown } })));
    expect(at(50, 250)).toEqual([]); // exactly 20%
    expect(at(50, 249)).toEqual(['ids-do-not-join']);
    expect(at(49, 240)).toEqual([]); // over 20%, but 49 contacts
    expect(HEALTH_THRESHOLDS.unknownChildMany).toBe(50);
  });

  it('shows example IDs from both files and the rule that would join them', () => {
    const [warning] = checkRunHealth(
      factsOf({
        contactBuckets: { 'unknown-child': 830, counted: 201 },
        health: { unknownChildSample: ['485 777 3457', '485 777 3457', '943 476 5919', '401 023 2137', '999 999 9999'] },
        planIds: ['4857773457', '9434765919', '4010232137', '1234567881'],
      }),
    );
    expect(warning).toMatchObject({
      code: 'ids-do-not-join',
      unknownChildContacts: 830,
      inYearContacts: 1031,
      contactIds: ['485 777 3457', '943 476 5919', '401 023 2137'],
      planIds: ['4857773457', '9434765919', '4010232137'],
      suggestion: { rule: 'nhs-number', matched: 4, of: 5 },
    });
    expect(warning!.message).toContain('80.5% of the contacts in 2025/26 up to the as-of date (830 of 1,031) name a child the plans file does not have');
    expect(warning!.message).toContain(
      'Child IDs in the contacts file: 485 777 3457, 943 476 5919, 401 023 2137; in the plans file: 4857773457, 9434765919, 4010232137.',
    );
    expect(warning!.message).toContain('would match 4 of a sample of 5 unknown contacts (830 in the file): use --ids nhs-number.');
  });

  it('says when no rule joins them', () => {
    const [warning] = checkRunHealth(
      factsOf({ contactBuckets: { 'unknown-child': 30, counted: 10 }, health: { unknownChildSample: ['4857773457'] }, planIds: ['000123'] }),
    );
    expect(warning).toMatchObject({ code: 'ids-do-not-join', suggestion: null });
    expect(warning!.message).toContain('No identifier rule (--ids) joins them');
  });

  it('makes its sentence again from pseudonyms, leaving no raw ID in the words', () => {
    const [warning] = checkRunHealth(
      factsOf({ contactBuckets: { 'unknown-child': 30, counted: 10 }, health: { unknownChildSample: ['X1'] }, planIds: ['C0001'] }),
    );
    const hidden = mapWarningIds(warning!, (id) => `P-${id.length}`);
    expect(hidden).toMatchObject({ contactIds: ['P-2'], planIds: ['P-5'] });
    expect(hidden.message).toContain('in the contacts file: P-2; in the plans file: P-5.');
    expect(hidden.message).not.toMatch(/X1|C0001/);
  });
});

describe('nothing in the year', () => {
  it('fires when no contact falls in the year up to as-of, naming the years the contacts cover', () => {
    const facts = factsOf({
      contactBuckets: { 'other-year': 14_322, 'after-as-of': 3 },
      health: { otherYears: [{ yearStart: 2024, contacts: 14_322 }] },
      facts: { childYears: { due: 40, withDelivery: 0 } },
    });
    const [warning] = checkRunHealth(facts);
    expect(warning).toMatchObject({
      code: 'contacts-outside-year',
      contacts: 14_325,
      otherYearContacts: 14_322,
      afterAsOfContacts: 3,
      contactYears: [{ year: '2024/25', contacts: 14_322 }],
    });
    expect(warning!.message).toContain('of the 14,325 contacts that read, 14,322 are in other years (2024/25: 14,322) and 3 are dated after the as-of date');
    expect(
      codes(
        checkRunHealth({
          ...facts,
          contacts: { ...facts.contacts, accounting: { rowsRead: 14_326, buckets: { ...facts.contacts.accounting.buckets, counted: 1 } } },
        }),
      ),
    ).not.toContain('contacts-outside-year');
  });

  it('fires when no plan line is in the year', () => {
    const at = (reconciled: number) => codes(checkRunHealth(factsOf({ planBuckets: { reconciled, 'other-year': 86, 'after-as-of': 2 } })));
    expect(at(0)).toEqual(['plans-outside-year']);
    expect(at(1)).toEqual([]);
  });
});

describe('the as-of date', () => {
  it('warns when it was left to default to the clock', () => {
    expect(codes(checkRunHealth(factsOf({ facts: { asOfFromClock: true } })))).toEqual(['as-of-from-clock']);
  });

  it('warns when it is after today, not on today', () => {
    expect(codes(checkRunHealth(factsOf({ facts: { today: day('2026-03-31') } })))).toEqual([]);
    expect(codes(checkRunHealth(factsOf({ facts: { today: day('2026-03-30') } })))).toEqual(['as-of-in-future']);
  });

  it('warns when it is more than 45 days after the last contact with an outcome', () => {
    const at = (last: string) => checkRunHealth(factsOf({ health: { lastOutcomeDay: day(last) } }));
    expect(at('2026-02-14')).toEqual([]); // 45 days
    const [warning] = at('2026-02-13');
    expect(warning).toMatchObject({ code: 'as-of-after-last-contact', asOf: '2026-03-31', lastContact: '2026-02-13', days: 46 });
  });
});

describe('every child-year without contact', () => {
  it('fires only when no child-year with provision due has any delivery', () => {
    const at = (due: number, withDelivery: number) => codes(checkRunHealth(factsOf({ facts: { childYears: { due, withDelivery } } })));
    expect(at(40, 1)).toEqual([]);
    expect(at(40, 0)).toEqual(['all-no-contact']);
    expect(at(0, 0)).toEqual([]);
  });
});

describe('columns that read but carry nothing', () => {
  const inYear = (contacts: number) => ({ counted: contacts });

  it('every in-year contact indirect, from 20 contacts, unless --count-indirect', () => {
    const at = (contacts: number, direct: number, countIndirect = false) =>
      codes(checkRunHealth(factsOf({ contactBuckets: inYear(contacts), health: { direct, indirect: contacts - direct }, facts: { countIndirect } })));
    expect(at(20, 0)).toEqual(['contacts-all-indirect']);
    expect(at(19, 0)).toEqual([]);
    expect(at(20, 1)).toEqual([]);
    expect(at(20, 0, true)).toEqual([]);
  });

  it('every attendance blank, saying whether the column is missing or empty', () => {
    const at = (contacts: number, blank: number, hasAttendanceColumn = true) =>
      checkRunHealth(factsOf({ contactBuckets: inYear(contacts), health: { attendanceBlank: blank, hasAttendanceColumn } }));
    expect(codes(at(20, 19))).toEqual([]);
    expect(codes(at(19, 19))).toEqual([]);
    expect(at(20, 20)[0]!.message).toContain('The attendance column is blank on all 20 contacts');
    expect(at(20, 20, false)[0]!.message).toContain('The contacts file has no attendance column, so all 20 contacts');
  });

  it('every duration the same', () => {
    const at = (contacts: number, distinctMinutes: number) =>
      checkRunHealth(factsOf({ contactBuckets: inYear(contacts), health: { distinctMinutes, commonestMinutes: 30 } }));
    expect(codes(at(20, 2))).toEqual([]);
    expect(codes(at(19, 1))).toEqual([]);
    expect(at(20, 1)[0]).toMatchObject({ code: 'minutes-all-same', contacts: 20, minutes: 30 });
  });

  it('most durations of 5 minutes or less: hours read as minutes', () => {
    const at = (contacts: number, veryShort: number) => checkRunHealth(factsOf({ contactBuckets: inYear(contacts), health: { veryShort } }));
    expect(codes(at(20, 10))).toEqual([]);
    expect(codes(at(19, 19))).toEqual([]);
    const [warning] = at(20, 11);
    expect(warning).toMatchObject({ code: 'minutes-very-short', contacts: 20, veryShort: 11 });
    expect(warning!.message).toContain('last 5 minutes or less');
  });

  it('no discipline column while the plans hold more than one discipline', () => {
    const at = (disciplines: RunHealthFacts['plans']['disciplines'], hasDisciplineColumn: boolean) =>
      checkRunHealth(factsOf({ disciplines, health: { hasDisciplineColumn } }));
    expect(codes(at(['OT'], false))).toEqual([]);
    expect(codes(at(['OT', 'SLT'], true))).toEqual([]);
    const [warning] = at(['OT', 'SLT', 'PT'], false);
    expect(warning).toMatchObject({ code: 'discipline-column-missing', planDisciplines: ['OT', 'SLT', 'PT'], contacts: 130 });
    expect(warning!.message).toContain('while the plans file holds OT, SLT and PT provision: SLT and PT contacts are taken as OT');
    // Reconciling OT alone, a file of OT contacts with no discipline column is read as asked.
    expect(codes(checkRunHealth(factsOf({ disciplines: ['OT', 'SLT'], health: { hasDisciplineColumn: false }, facts: { discipline: 'OT' } })))).toEqual([]);
  });
});

describe('many duplicates', () => {
  it('fires at more than 10% of a file’s rows and at least 10 rows, for either file', () => {
    const contacts = (duplicate: number, counted: number) => codes(checkRunHealth(factsOf({ contactBuckets: { counted, duplicate } })));
    expect(contacts(10, 90)).toEqual([]);
    expect(contacts(11, 89)).toEqual(['many-duplicates']);
    expect(contacts(9, 1)).toEqual([]);
    const [warning] = checkRunHealth(factsOf({ planBuckets: { reconciled: 40, duplicate: 60 } }));
    expect(warning).toMatchObject({ code: 'many-duplicates', file: 'plans', duplicates: 60, rowsRead: 100 });
    expect(warning!.message).toContain('have the provision_id of a later row (duplicate)');
  });
});

describe('the list of warnings', () => {
  it('comes in the order of the codes, each with its sentence before its figures', () => {
    const warnings = checkRunHealth(
      factsOf({
        contactBuckets: { counted: 25 },
        health: { direct: 0, indirect: 25, attendanceBlank: 25, distinctMinutes: 1, hasDisciplineColumn: false, lastOutcomeDay: day('2025-12-01') },
        disciplines: ['OT', 'PT'],
        facts: { asOfFromClock: true, childYears: { due: 3, withDelivery: 0 } },
      }),
    );
    expect(codes(warnings)).toEqual(HEALTH_WARNING_CODES.filter((code) => codes(warnings).includes(code)));
    expect(codes(warnings)).toEqual([
      'as-of-from-clock',
      'as-of-after-last-contact',
      'all-no-contact',
      'contacts-all-indirect',
      'attendance-blank',
      'minutes-all-same',
      'discipline-column-missing',
    ]);
    for (const warning of warnings) expect(Object.keys(warning).slice(0, 2)).toEqual(['code', 'message']);
  });
});

describe('many rows that do not read', () => {
  const dateProblem = { field: 'date', reason: 'not a date in the format MM/dd/yyyy given, e.g. 09/03/2024', line: 2, value: '13/02/2026' };
  const contactsWith = (invalid: number, read: number, withholdsCells = false) =>
    checkRunHealth(
      factsOf({
        contactBuckets: { 'invalid-row': invalid, counted: read - invalid },
        health: { invalidRows: { rows: invalid, commonest: { ...dateProblem, rows: invalid } } },
        facts: { withholdsCells },
      }),
    );

  it('fires at more than 10% of a file’s rows, not at 10%', () => {
    expect(codes(contactsWith(10, 100))).toEqual([]);
    expect(codes(contactsWith(11, 100))).toEqual(['many-invalid-rows']);
    expect(HEALTH_THRESHOLDS.invalidRowsPercent).toBe(10);
  });

  it('waits for at least 10 such rows', () => {
    expect(codes(contactsWith(9, 20))).toEqual([]);
    expect(codes(contactsWith(10, 20))).toEqual(['many-invalid-rows']);
  });

  it('names the commonest field, reason and first value, and quotes no value under --pseudonymise', () => {
    const [warning] = contactsWith(44, 60);
    expect(warning).toMatchObject({ code: 'many-invalid-rows', file: 'contacts', invalidRows: 44, rowsRead: 60, commonest: { ...dateProblem, rows: 44 } });
    expect(warning!.message).toContain('44 of the 60 contact rows (73.3%) did not read (invalid-row)');
    expect(warning!.message).toContain('on every one: date "13/02/2026" (line 2): not a date in the format MM/dd/yyyy given');
    const [hidden] = contactsWith(44, 60, true);
    expect(hidden).toMatchObject({ commonest: { value: null } });
    expect(hidden!.message).toContain('on every one: date (first on line 2): not a date');
    expect(hidden!.message).not.toContain('13/02/2026');
  });

  it('looks at the plans file too, before the contacts', () => {
    const problem = { field: 'frequency', reason: 'not a frequency', rows: 12, line: 3, value: 'as needed' };
    const warnings = checkRunHealth(
      factsOf({
        planBuckets: { 'invalid-row': 15, reconciled: 40 },
        plans: { invalidRows: { rows: 15, commonest: problem } },
        contactBuckets: { 'invalid-row': 20, counted: 100 },
        health: { invalidRows: { rows: 20, commonest: { ...dateProblem, rows: 20 } } },
      }),
    );
    expect(warnings.map((warning) => [warning.code, 'file' in warning ? warning.file : null])).toEqual([
      ['many-invalid-rows', 'plans'],
      ['many-invalid-rows', 'contacts'],
    ]);
    expect(warnings[0]!.message).toContain('15 of the 55 plans rows (27.3%)');
    expect(warnings[0]!.message).toContain('12 of them: frequency "as needed" (line 3): not a frequency');
    expect(warnings[0]!.message).toContain('"plans": {"values": {"frequency": {…}}}');
  });

  it('redacts the reason with the ID pseudonyms, as exceptions.csv does', () => {
    const [warning] = checkRunHealth(
      factsOf({
        contactBuckets: { 'invalid-row': 30, counted: 70 },
        health: { invalidRows: { rows: 30, commonest: { field: 'minutes', reason: 'not a duration for C0001', rows: 30, line: 2, value: 'x' } } },
      }),
    );
    const hidden = mapWarningIds(
      warning!,
      (id) => id,
      (text) => text.replaceAll('C0001', 'P1'),
    );
    expect(hidden).toMatchObject({ commonest: { reason: 'not a duration for P1' } });
    expect(hidden.message).not.toContain('C0001');
  });
});

describe('unknown children that are no identifier problem', () => {
  const unknownOf = (causes: { 'not-in-plans': number; 'other-discipline': number; 'unread-plan-line': number }) =>
    checkRunHealth(
      factsOf({
        contactBuckets: { 'unknown-child': causes['not-in-plans'] + causes['other-discipline'] + causes['unread-plan-line'], counted: 40 },
        health: { unknownChildCauses: causes, unknownChildSample: Array.from({ length: causes['not-in-plans'] }, () => 'X1') },
      }),
    );

  it('counts only contacts whose child ID is on no plan line', () => {
    // 60 of 100 in-year contacts are unknown-child, but 20 are of children the plans have for another discipline.
    expect(codes(unknownOf({ 'not-in-plans': 40, 'other-discipline': 20, 'unread-plan-line': 0 }))).toEqual([]);
    expect(codes(unknownOf({ 'not-in-plans': 50, 'other-discipline': 10, 'unread-plan-line': 0 }))).toEqual(['ids-do-not-join']);
    expect(codes(unknownOf({ 'not-in-plans': 0, 'other-discipline': 60, 'unread-plan-line': 60 }))).toEqual([]);
  });

  it('says how many it left out, and why', () => {
    const [warning] = unknownOf({ 'not-in-plans': 50, 'other-discipline': 10, 'unread-plan-line': 1 });
    expect(warning).toMatchObject({
      unknownChildContacts: 61,
      inYearContacts: 101,
      unknownChildNotInPlans: 50,
      unknownChildOtherDiscipline: 10,
      unknownChildUnreadPlanLine: 1,
    });
    expect(warning!.message).toContain('(50 of 101) name a child the plans file does not have');
    expect(warning!.message).toContain(
      'Left out of these figures, as no identifier rule would join them: 10 contacts of children the plans file has for another discipline only and 1 contact of children whose plan lines do not read',
    );
  });
});

describe('a contacts export that starts late', () => {
  const firstContactOn = (first: string, dueFrom?: Readonly<Record<string, number>>) => checkRunHealth(factsOf({ health: { firstDay: day(first) }, dueFrom }));

  it('fires when provision was due more than 45 days before the first contact, not at 45', () => {
    expect(codes(firstContactOn('2025-10-16'))).toEqual([]); // 45 days after 1 September
    const [warning] = firstContactOn('2025-10-17');
    expect(warning).toMatchObject({
      code: 'contacts-start-late',
      year: '2025/26',
      firstContact: '2025-10-17',
      dueFrom: '2025-09-01',
      days: 46,
      childYears: 40,
      childYearsDueEarlier: 40,
    });
    expect(warning!.message).toContain('The first contact in the contacts file is dated 2025-10-17, 46 days after provision began to be due (2025-09-01)');
  });

  it('fires only when more than half of the child-years were due that early', () => {
    expect(codes(firstContactOn('2026-03-02', { '2025-09-01': 20, '2026-02-02': 20 }))).toEqual([]);
    expect(codes(firstContactOn('2026-03-02', { '2025-09-01': 21, '2026-02-02': 19 }))).toEqual(['contacts-start-late']);
  });

  it('does not fire for plans that themselves start late, nor when no contact is in the year', () => {
    expect(codes(firstContactOn('2026-01-07', { '2026-01-05': 40 }))).toEqual([]);
    const outside = checkRunHealth(
      factsOf({ contactBuckets: { 'other-year': 50 }, health: { firstDay: day('2026-09-03') }, facts: { childYears: { withDelivery: 0 } } }),
    );
    expect(codes(outside)).not.toContain('contacts-start-late');
  });
});

describe('a discipline with no counted contact', () => {
  const byDiscipline = (slt: { due: number; withDelivery: number }, disciplines = { OT: 0, SLT: 0, PT: 0 }) =>
    checkRunHealth(
      factsOf({
        health: { disciplines: { ...disciplines, OT: 130 } },
        facts: {
          childYears: {
            due: 40 + slt.due,
            withDelivery: 39 + slt.withDelivery,
            byDiscipline: { OT: { due: 40, withDelivery: 39 }, SLT: slt, PT: { due: 0, withDelivery: 0 } },
          },
        },
      }),
    );

  it('fires from 3 child-years due, none with a counted contact', () => {
    expect(codes(byDiscipline({ due: 2, withDelivery: 0 }))).toEqual([]);
    expect(codes(byDiscipline({ due: 3, withDelivery: 1 }))).toEqual([]);
    const [warning] = byDiscipline({ due: 3, withDelivery: 0 });
    expect(warning).toMatchObject({
      code: 'discipline-no-contact',
      discipline: 'SLT',
      childYears: 3,
      contacts: 0,
      otherChildYears: 40,
      otherChildYearsWithContact: 39,
    });
    expect(warning!.message).toContain(
      'None of the 3 SLT child-years with provision due in 2025/26 received a counted contact, while 39 of the 40 child-years',
    );
    expect(warning!.message).toContain('No contact row of the contacts file reads as SLT');
    expect(byDiscipline({ due: 3, withDelivery: 0 }, { OT: 0, SLT: 12, PT: 0 })[0]!.message).toContain('12 SLT contact rows read, but none counted');
  });

  it('leaves it to all-no-contact when no discipline has any', () => {
    const none = checkRunHealth(
      factsOf({
        facts: {
          childYears: {
            due: 43,
            withDelivery: 0,
            byDiscipline: { OT: { due: 40, withDelivery: 0 }, SLT: { due: 3, withDelivery: 0 }, PT: { due: 0, withDelivery: 0 } },
          },
        },
      }),
    );
    expect(codes(none)).toEqual(['all-no-contact']);
  });
});

describe('a plans file without a discipline column', () => {
  const column: NonNullable<RunHealthFacts['plans']['disciplineColumn']> = { number: 2, header: 'Provision Type', readAs: null, disciplines: ['OT', 'SLT'] };
  const plansWithout = (changes: {
    contacts?: { OT: number; SLT: number; PT: number };
    found?: typeof column | null;
    discipline?: 'OT' | 'SLT' | null;
    withholdsCells?: boolean;
  }) =>
    checkRunHealth(
      factsOf({
        plans: { hasDisciplineColumn: false, disciplineColumn: changes.found ?? null },
        health: { disciplines: changes.contacts ?? { OT: 130, SLT: 0, PT: 0 } },
        facts: { discipline: changes.discipline ?? null, withholdsCells: changes.withholdsCells ?? false },
      }),
    );

  it('fires when more than 10% of the contacts are of another discipline, not at 10%', () => {
    expect(codes(plansWithout({ contacts: { OT: 90, SLT: 10, PT: 0 } }))).toEqual([]);
    const [warning] = plansWithout({ contacts: { OT: 89, SLT: 6, PT: 5 } });
    expect(warning).toMatchObject({
      code: 'plans-discipline-column-missing',
      lines: 40,
      planDiscipline: 'OT',
      contacts: 100,
      otherDisciplineContacts: 11,
      contactDisciplines: ['OT', 'SLT', 'PT'],
      column: null,
    });
    expect(warning!.message).toContain('11 of the 100 contacts that read are SLT or PT, which no plan line can then hold');
    expect(warning!.message).toContain('if the plans file holds OT provision only, pass --discipline OT');
  });

  it('fires on a column of the plans that names other disciplines, naming it and the mapping that reads it', () => {
    const [warning] = plansWithout({ found: column });
    expect(warning).toMatchObject({ otherDisciplineContacts: 0, column });
    expect(warning!.message).toContain('its column "Provision Type" (column 2) names OT and SLT');
    expect(warning!.message).toContain('Map that column as the discipline: "plans": {"columns": {"discipline": "Provision Type"}} in a mapping file.');
    // A column that names the default discipline alone says the plans are of that discipline.
    expect(codes(plansWithout({ found: { ...column, disciplines: ['OT'] } }))).toEqual([]);
  });

  it('counts only the contacts of the run under --discipline', () => {
    expect(codes(plansWithout({ contacts: { OT: 50, SLT: 50, PT: 0 }, discipline: 'OT' }))).toEqual([]);
    expect(plansWithout({ contacts: { OT: 50, SLT: 50, PT: 0 }, discipline: 'SLT' })[0]).toMatchObject({
      contacts: 50,
      otherDisciplineContacts: 50,
      contactDisciplines: ['SLT'],
    });
  });

  it('does not fire when the plans have the column, and names the column by number under --pseudonymise', () => {
    const withColumn = checkRunHealth(factsOf({ health: { disciplines: { OT: 50, SLT: 50, PT: 0 } } }));
    expect(codes(withColumn)).toEqual([]);
    const [hidden] = plansWithout({ found: column, withholdsCells: true });
    expect(hidden).toMatchObject({ column: { number: 2, header: null } });
    expect(hidden!.message).toContain('its column 2 names OT and SLT');
    expect(hidden!.message).toContain('Map that column as the discipline (plans.columns.discipline in a mapping file).');
    expect(hidden!.message).not.toContain('Provision Type');
  });
});

describe('the new warnings in the list', () => {
  it('come in the order of the codes', () => {
    const warnings = checkRunHealth(
      factsOf({
        contactBuckets: { 'invalid-row': 30, counted: 100 },
        health: {
          invalidRows: { rows: 30, commonest: { field: 'date', reason: 'not a date', rows: 30, line: 2, value: 'x' } },
          firstDay: day('2026-03-02'),
          disciplines: { OT: 60, SLT: 40, PT: 0 },
        },
        plans: { hasDisciplineColumn: false, disciplineColumn: null },
        facts: {
          childYears: {
            due: 43,
            withDelivery: 39,
            byDiscipline: { OT: { due: 40, withDelivery: 39 }, SLT: { due: 3, withDelivery: 0 }, PT: { due: 0, withDelivery: 0 } },
          },
        },
      }),
    );
    expect(codes(warnings)).toEqual(['many-invalid-rows', 'contacts-start-late', 'discipline-no-contact', 'plans-discipline-column-missing']);
    expect(codes(warnings)).toEqual(HEALTH_WARNING_CODES.filter((code) => codes(warnings).includes(code)));
  });
});
