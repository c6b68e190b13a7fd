// The presets: mapping files that ship with the tool (presets/*.json at the package's root) for the
// exports of systems many services use, chosen with --preset and laid under a user's own mapping,
// which wins key by key (docs/exports.md).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { recogniseExport } from '../schema/inspection.js';
import { combineMappings, parseMapping, type Mapping } from '../schema/mapping.js';
import type { InputFile } from '../schema/vocabulary.js';

export const PRESETS = ['csds', 'systmone', 'emis'] as const;
export type PresetName = (typeof PRESETS)[number];

/** The package's presets folder: two levels up from this module, in dist/ as in src/. */
const PRESET_FOLDER = new URL('../../presets/', import.meta.url);

export interface Preset {
  readonly name: PresetName;
  readonly mapping: Mapping;
  /** The SHA-256 of the preset's file, for the manifest. */
  readonly sha256: string;
}

export function isPresetName(name: string): name is PresetName {
  return (PRESETS as readonly string[]).includes(name);
}

/** A preset as it ships. One that cannot be read or does not validate is a fault of the package itself. */
export async function loadPreset(name: PresetName): Promise<Preset> {
  const bytes = await readFile(new URL(`${name}.json`, PRESET_FOLDER));
  const parsed = parseMapping(bytes.toString('utf8'));
  if ('problems' in parsed) throw new Error(`the ${name} preset that ships with the tool does not validate: ${parsed.problems.join('; ')}`);
  return { name, mapping: parsed.mapping, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Every preset, for `inspect` to recognise an export by its headers. */
export function loadPresets(): Promise<Preset[]> {
  return Promise.all(PRESETS.map(loadPreset));
}

/**
 * The preset a file's headers look like (docs/exports.md#inspect): the one whose own names place
 * every column the file needs and name the most of its headers. Undefined when none does.
 */
export function recognisePreset(file: InputFile, headers: readonly string[], presets: readonly Preset[]): Preset | undefined {
  return recogniseExport(file, headers, presets)?.known;
}

/** What each preset reads, as a hint names it. */
export const PRESET_TITLES = {
  csds: 'an NHS Community Services Data Set (CSDS) care contact extract',
  systmone: 'a SystmOne appointment extract (SRAppointment)',
  emis: 'an EMIS Web appointment extract',
} as const satisfies Record<PresetName, string>;

/** The mapping a run reads with: the preset's, with the user's laid over it. */
export function withPreset(preset: Preset | undefined, mapping: Mapping): Mapping {
  return preset === undefined ? mapping : combineMappings(preset.mapping, mapping);
}
