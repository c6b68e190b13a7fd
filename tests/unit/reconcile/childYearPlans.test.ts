// A child-year's plan, held in columns, must read back as the lines it was made of say.
import { describe, expect, it } from 'vitest';
import { ChildYearPlans } from '../../../src/reconcile/childYearPlans.js';
import { childYearEntitlement } from '../../../src/reconcile/entitlement.js';
import { day, planLine, rational, sessions, settings } from '../helpers.js';

const run = settings({ asOf: day('2025-02-14') });

describe('ChildYearPlans', () => {
  it('holds the entitlement of all the lines, to the as-of date and for the whole year', () => {
    const lines = [planLine({ quantity: sessions(1, 45, 'week') }), planLine({ quantity: sessions(6, 30, 'term'), start: day('2025-01-06') })];
    const plans = new ChildYearPlans(run.year, run.asOf);
    const index = plans.add('C1', 'OT', lines);
    const toAsOf = childYearEntitlement(lines, run.year, run.asOf);
    const plan = plans.at(index);
    expect(plan.requiredMinutes).toBe(toAsOf.requiredMinutes);
    expect(plan.termMinutes).toEqual(toAsOf.termMinutes);
    expect(plan.fullYearMinutes).toBe(childYearEntitlement(lines, run.year, run.year.end).requiredMinutes);
    expect(plan.requiredMinutes).toBeGreaterThan(0);
    expect(plan.fullYearMinutes).toBeGreaterThan(plan.requiredMinutes);
  });

  it('takes the session length, end and texts of the line with the latest start, the later row on a tie', () => {
    const plans = new ChildYearPlans(run.year, run.asOf);
    const early = planLine({ start: day('2024-09-01'), provider: 'A', end: day('2025-07-01') });
    const tiedFirst = planLine({ start: day('2024-11-01'), provider: 'B', quantity: sessions(1, 60, 'week') });
    const tiedLast = planLine({
      start: day('2024-11-01'),
      provider: 'C',
      quantity: sessions(1, 30, 'week'),
      locality: null,
      establishment: 'special',
      end: day('2025-06-30'),
    });
    plans.add('C1', 'SLT', [early, tiedFirst, tiedLast]);
    expect(plans.at(0)).toMatchObject({
      childId: 'C1',
      discipline: 'SLT',
      sessionMinutes: rational(30),
      planEnd: day('2025-06-30'),
      provider: 'C',
      locality: null,
      commissioner: 'LA',
      establishment: 'special',
    });
  });

  it('keeps child-years apart as it grows, an open end as null, and hours as 60-minute sessions', () => {
    const plans = new ChildYearPlans(run.year, run.asOf);
    for (let child = 0; child < 3000; child++) {
      const quantity = child % 2 === 0 ? sessions(1, 45, 'week') : { form: 'hours' as const, hours: rational(1, 2), frequency: 'week' as const };
      plans.add(`C${child}`, child % 3 === 0 ? 'PT' : 'OT', [planLine({ childId: `C${child}`, quantity, provider: `P${child % 7}` })]);
    }
    expect(plans.length).toBe(3000);
    expect([...plans].map((plan) => plan.childId)).toEqual(Array.from({ length: 3000 }, (_, child) => `C${child}`));
    expect(plans.at(2999)).toMatchObject({ childId: 'C2999', discipline: 'OT', provider: 'P3', planEnd: null, sessionMinutes: rational(60) });
    expect(plans.at(2998)).toMatchObject({ discipline: 'OT', provider: 'P2', sessionMinutes: rational(45) });
    expect(plans.at(2997).discipline).toBe('PT');
    expect(plans.childIdOf(1234)).toBe('C1234');
    expect(() => plans.at(3000)).toThrow(RangeError);
  });
});
