// Header names: what matching ignores, and that no header can read as two fields of one file, whether
// by the built-in names or by a preset's (docs/rules.md#inputs, docs/exports.md#presets).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headerKey, resolveColumns } from '../../../src/schema/columns.js';
import { CONTACT_FIELDS, FALLBACK_ALIASES, FIELD_ALIASES, normaliseHeader, PLAN_FIELDS } from '../../../src/schema/fields.js';
import { parseMapping, type MappedHeader } from '../../../src/schema/mapping.js';
import type { InputFile } from '../../../src/schema/vocabulary.js';

const FILES: readonly InputFile[] = ['plans', 'contacts'];
const fieldsOf = (file: InputFile): readonly string[] => (file === 'plans' ? PLAN_FIELDS : CONTACT_FIELDS);

/** Every name that reads as each field of a file: its own, its aliases and its fallbacks. */
function builtInNames(file: InputFile): Map<string, string[]> {
  const aliases = FIELD_ALIASES[file] as Record<string, readonly string[]>;
  const fallbacks = FALLBACK_ALIASES[file] as Record<string, readonly string[] | undefined>;
  return new Map(fieldsOf(file).map((field) => [field, [field, ...(aliases[field] ?? []), ...(fallbacks[field] ?? [])]]));
}

/** The keys that read as more than one field, each with the fields it reads as. */
function collisions(names: ReadonlyMap<string, readonly string[]>): string[] {
  const owners = new Map<string, Set<string>>();
  for (const [field, list] of names) {
    for (const name of list) {
      const key = headerKey(name);
      owners.set(key, (owners.get(key) ?? new Set()).add(field));
    }
  }
  return [...owners].filter(([, fields]) => fields.size > 1).map(([key, fields]) => `${key}: ${[...fields].join(', ')}`);
}

describe('header names', () => {
  it('ignore case, spaces, _ and -, and the brackets and punctuation round a unit, never the words', () => {
    expect(normaliseHeader('Duration (mins)')).toBe(normaliseHeader('duration mins'));
    expect(normaliseHeader('Session_Length [minutes]')).toBe(normaliseHeader('session length minutes'));
    expect(normaliseHeader('No. of sessions:')).toBe(normaliseHeader('no of sessions'));
    expect(normaliseHeader('Direct/Indirect')).toBe(normaliseHeader('direct indirect'));
    expect(normaliseHeader('\uFEFFChild-ID')).toBe('childid');
    // The words inside the brackets still count: "Start (actual)" is not "Start".
    expect(normaliseHeader('Start (actual)')).not.toBe(normaliseHeader('Start'));
    expect(normaliseHeader('Hours (per week)')).not.toBe(normaliseHeader('Hours'));
  });

  it.each(FILES)('of the %s file: no built-in name reads as two fields', (file) => {
    expect(collisions(builtInNames(file))).toEqual([]);
  });

  it.each(readdirSync(join(import.meta.dirname, '../../../presets')).filter((name) => name.endsWith('.json')))(
    "preset %s: no name of the preset's reads as two fields, nor as another field's built-in name",
    (presetFile) => {
      const parsed = parseMapping(readFileSync(join(import.meta.dirname, '../../../presets', presetFile), 'utf8'));
      if (!('mapping' in parsed)) throw new Error(parsed.problems.join('; '));
      for (const file of FILES) {
        const section = parsed.mapping[file];
        if (section === undefined) continue;
        const names = builtInNames(file);
        const flat = (headers: readonly MappedHeader[] | MappedHeader | undefined) => (headers === undefined ? [] : [headers].flat(2));
        for (const field of fieldsOf(file)) {
          const own = [
            ...flat((section.columns as Record<string, MappedHeader> | undefined)?.[field]),
            ...flat((section.aliases as Record<string, readonly MappedHeader[]> | undefined)?.[field]),
          ];
          names.set(field, [...(names.get(field) ?? []), ...own]);
        }
        expect(collisions(names), `${presetFile} ${file}`).toEqual([]);
      }
    },
  );

  it('read the units exports put in brackets', () => {
    const contacts = resolveColumns('contacts', CONTACT_FIELDS, ['NHS Number', 'Appointment Date', 'Duration (mins)', 'Outcome'], undefined);
    expect(contacts.ok && contacts.columns.minutes).toBe(2);
    const timed = resolveColumns('contacts', CONTACT_FIELDS, ['Client ID', 'Contact Date', 'Time (minutes)'], undefined);
    expect(timed.ok && timed.columns.minutes).toBe(2);
    const plans = resolveColumns('plans', PLAN_FIELDS, ['Pupil Ref', 'Sessions', 'Session Length (mins)', 'Frequency', 'Start Date'], undefined);
    expect(plans.ok && [plans.columns.sessions, plans.columns.session_minutes]).toEqual([1, 2]);
  });
});
