// Every text renderer shows a cell's control characters as text instead of passing them to the
// terminal or the page: an escape sequence (ESC) would recolour or clear the screen, a bell (BEL) ring
// it, a carriage return (CR) draw over the start of the line, and a right-to-left override (U+202E)
// reverse what follows it. Each renderer is fed a cell holding all four.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src/cli/context.js';
import { createReadProgress } from '../../../src/cli/progress.js';
import { compareSummaries } from '../../../src/diff/compare.js';
import { renderDiff } from '../../../src/diff/render.js';
import { explain, reconcile, validate } from '../../../src/engine/reconcile.js';
import type { InputSources } from '../../../src/engine/run.js';
import { reporterFor } from '../../../src/report/reporters.js';
import { childYear, side } from '../diff/builders.js';

const HOSTILE = 'North\u001b[2J\u0007\r\u202eTrust';
/** The characters that must never reach a terminal raw. */
const ACTING = /[\u001b\u0007\r\u202e]/;

function stream(text: string): AsyncIterable<Uint8Array> {
  return Readable.from([Buffer.from(text, 'utf8')]);
}

function sources(): InputSources {
  const plans = ['child_id,provision_id,discipline,hours,frequency,start_date,provider', `C1,P1,OT,1,week,2025-09-01,"${HOSTILE}"`, ''].join('\n');
  const contacts = ['contact_id,child_id,date,minutes,discipline', `"${HOSTILE}",C1,2025-09-10,45,OT`, `K2,C1,"${HOSTILE}",45,OT`, ''].join('\n');
  return { plans: { stream: stream(plans), name: 'plans.csv' }, contacts: { stream: stream(contacts), name: 'contacts.csv' } };
}

const OPTIONS = { year: '2025/26', asOf: '2026-03-31' } as const;

function rendered(pieces: Iterable<string>): string {
  return [...pieces].join('');
}

describe('control characters in a cell', () => {
  it('reconcile: the table and the Markdown show them as text', async () => {
    const result = await reconcile(sources(), OPTIONS);
    expect(result.summary.byProvider[0]?.key).toBe(HOSTILE);
    for (const format of ['table', 'md'] as const) {
      const text = rendered(reporterFor(format, 'reconciliation')(result, { color: false }));
      expect(text, format).toContain('North');
      expect(text, format).not.toMatch(ACTING);
      expect(text, format).toContain('\\u001b');
      expect(text, format).toContain('\\u202e');
    }
  });

  it('validate: the table and the Markdown show them as text', async () => {
    const validation = await validate(sources(), OPTIONS);
    expect([...validation.exceptions].map((record) => record.value)).toEqual([HOSTILE]);
    for (const format of ['table', 'md'] as const) {
      const text = rendered(reporterFor(format, 'validation')(validation, { color: false }));
      expect(text, format).toMatch(/contacts line \d+: invalid-row|\| contacts \| \d+ \| invalid-row/);
      expect(text, format).not.toMatch(ACTING);
      expect(text, format).toContain('\\u0007');
    }
  });

  it('explain: the audit trail shows them as text', async () => {
    const explanation = await explain(sources(), 'C1', OPTIONS);
    const text = rendered(reporterFor('table', 'explanation')(explanation, { color: false }));
    expect(text).toContain('line 2: 2025-09-10 OT 45 min attended direct (North\\u001b[2J');
    expect(text).not.toMatch(ACTING);
  });

  it('diff: the table and the Markdown show them as text', () => {
    const diff = compareSummaries(side(`old${HOSTILE}.json`, [childYear(HOSTILE, 'met')]), side('new.json', [childYear(HOSTILE, 'shortfall', 45)]), 0);
    for (const format of ['table', 'md'] as const) {
      const text = renderDiff(diff, format, { color: false });
      expect(text, format).toContain('Entered shortfall');
      expect(text, format).not.toMatch(ACTING);
      expect(text, format).toContain('\\u202e');
    }
  });

  it('progress: a file path in the label shows them as text', () => {
    const written: string[] = [];
    const terminal = { isTTY: true, write: (text: string) => written.push(text) > 0 } as unknown as CliContext['stderr'];
    let time = 0;
    const progress = createReadProgress(
      terminal,
      { plans: { label: `Reading ${HOSTILE}.csv`, totalBytes: 100 }, contacts: { label: 'Reading c.csv', totalBytes: 100 } },
      { quiet: false, now: () => time },
    );
    progress.update('plans', 0, 0);
    time += 1000;
    progress.update('plans', 50, 10);
    expect(written).toHaveLength(1);
    // The line starts with the one carriage return that redraws it and ends with the one sequence that
    // clears what an older, longer line left; nothing in between, the label included, may act.
    const line = written[0]!;
    expect(line.startsWith('\rReading North\\u001b[2J\\u0007\\u000d\\u202eTrust.csv: 50%')).toBe(true);
    expect(line.endsWith('\u001b[K')).toBe(true);
    expect(line.slice(1, -'\u001b[K'.length)).not.toMatch(ACTING);
  });
});
