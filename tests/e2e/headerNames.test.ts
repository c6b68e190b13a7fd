// Headers as a new user's exports write them: a unit in brackets reads, a required field inspect cannot
// place is a placeholder in the mapping it writes, and a run with the placeholder unfilled stops saying so.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, temporaryDir } from './cli.js';

const folder = temporaryDir();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

// Two children, one OT line each of 1 hour a week from 1 September.
const plans = write(
  'plans.csv',
  'Child Ref,Provision,Hours,Frequency,Start Date\n4000000071,Occupational Therapy,1,Weekly,01/09/2025\n4000000144,Occupational Therapy,1,Weekly,01/09/2025\n',
);
const CONTACT_ROWS = ['4000000071,31/01/2026,45,Attended,Occupational Therapy', '4000000144,02/02/2026,30,Attended,Occupational Therapy'];
const contactsWith = (durationHeader: string) =>
  write(`contacts-${durationHeader.replace(/\W+/g, '-')}.csv`, `NHS Number,Appointment Date,${durationHeader},Outcome,Service\n${CONTACT_ROWS.join('\n')}\n`);

function reconcile(contacts: string, extra: readonly string[] = []) {
  return runCli(['reconcile', '--plans', plans, '--contacts', contacts, '--as-of', '2026-03-31', '--format', 'json', ...extra]);
}

/** Hours delivered in the run, from its JSON. */
function deliveredHours(json: string): number {
  return (JSON.parse(json) as { headline: { deliveredWithinPlanHours: number } }).headline.deliveredWithinPlanHours;
}

describe('a unit in brackets', () => {
  it.each(['Duration (mins)', 'Time (minutes)', 'Duration [minutes]', 'Contact Duration (mins)'])('"%s" reads as minutes, with no mapping', (header) => {
    const run = reconcile(contactsWith(header));
    expect(run.status, run.stderr).toBe(0);
    // 45 + 30 minutes, both within the children's plans.
    expect(deliveredHours(run.stdout)).toBe(1.25);
    const inspected = runCli(['inspect', contactsWith(header)]);
    expect(inspected.stdout).toContain(`minutes          ← "${header}"`);
    expect(inspected.stdout).not.toContain('FILL IN');
  });
});

describe('a required field inspect cannot place', () => {
  it('is a placeholder in the mapping, said loudly, and a run with it unfilled stops until it is filled in', () => {
    const contacts = contactsWith('Time spent');
    const text = runCli(['inspect', '--plans', plans, '--contacts', contacts]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('FILL IN: no column reads as minutes, which a run needs.');
    expect(text.stdout).toContain('Not ready as it is: the mapping leaves contacts.columns.minutes to fill in');

    const json = runCli(['inspect', '--plans', plans, '--contacts', contacts, '--format', 'json']);
    expect(json.status, json.stderr).toBe(0);
    expect(json.stderr).toContain('ehcp-recon: warning: the mapping leaves contacts.columns.minutes to fill in');
    const mapping = JSON.parse(json.stdout);
    expect(mapping.contacts.columns.minutes).toBe("<fill in: the header of the contacts file's minutes column>");
    const mappingFile = write('mapping.json', json.stdout);

    const unfilled = reconcile(contacts, ['--mapping', mappingFile]);
    expect(unfilled.status).toBe(3);
    expect(unfilled.stdout).toBe('');
    expect(unfilled.stderr).toBe(
      `ehcp-recon: the mapping file "${mappingFile}" still has a placeholder to fill in (contacts.columns.minutes): replace each "<fill in: …>" with the header of the file's column that holds that field, then run again\n`,
    );

    // Filled in, the same mapping reads the file.
    writeFileSync(mappingFile, readFileSync(mappingFile, 'utf8').replace("<fill in: the header of the contacts file's minutes column>", 'Time spent'));
    const filled = reconcile(contacts, ['--mapping', mappingFile]);
    expect(filled.status, filled.stderr).toBe(0);
    expect(deliveredHours(filled.stdout)).toBe(1.25);
  });
});

describe('--plans and --contacts the wrong way round', () => {
  it('a run stops on the plans file saying it looks like a contacts file, and inspect says the same of both', () => {
    const contacts = contactsWith('Duration (mins)');
    const run = runCli(['reconcile', '--plans', contacts, '--contacts', plans, '--as-of', '2026-03-31']);
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^ehcp-recon: ${contacts.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the plans file has no start_date column `));
    expect(run.stderr).toMatch(/; it looks like a contacts file: are --plans and --contacts the wrong way round\?\n$/);
    // The right way round, the same files reconcile.
    expect(reconcile(contacts).status).toBe(0);

    const inspected = runCli(['inspect', '--plans', contacts, '--contacts', plans]);
    expect(inspected.status, inspected.stderr).toBe(0);
    expect(inspected.stdout).toContain('Given as the plans file, but it looks like a contacts file: are --plans and --contacts the wrong way round?');
    expect(inspected.stdout).toContain('Given as the contacts file, but it looks like a plans file: are --plans and --contacts the wrong way round?');
  });
});
