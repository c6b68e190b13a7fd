// The engine's options, as a library caller or the command line gives them: the message names what the user gave.
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../../src/engine/options.js';

describe('resolveOptions', () => {
  it('says, of an as-of date before the year begins, whether it was given or is today by default', () => {
    expect(() => resolveOptions({ year: '2027/28', asOf: '2027-08-31' })).toThrow('--as-of 2027-08-31 is before the year named by --year begins (2027-09-01)');
    expect(() => resolveOptions({ year: '2027/28', today: '2026-12-07' })).toThrow(
      "today's date, 2026-12-07, the as-of date when --as-of is not given, is before the year named by --year begins (2027-09-01)",
    );
  });
});
