// The folder of each group of --split-by (docs/outputs.md#split-by-folders): the group's value made into
// a name every file system accepts (Linux, macOS, Windows, a network share), distinct from every other
// group's folder even where the file system ignores case, and the same on every run of the same groups.
//
// A value that is already such a name is its folder's name exactly. Any other value is made safe and
// given a hyphen and the first hex digits of its SHA-256: two values made safe alike ("A/B" and "A_B",
// "North" and "NORTH") then still get folders of their own, and a folder with no suffix is always
// named exactly as its group.
import { createHash } from 'node:crypto';

/** The folder of the child-years that have no value for the field. */
export const UNASSIGNED_FOLDER = 'unassigned';

/** Names beside the group folders that no group may take: the unassigned folder and the index. */
const RESERVED_NAMES = [UNASSIGNED_FOLDER, 'index.csv'];

/** A name is cut to this many characters and UTF-8 bytes, well inside every file system's 255 bytes. */
const MAX_NAME_CHARS = 64;
const MAX_NAME_BYTES = 128;

/** Hex digits of the SHA-256 a changed name is given first; more only if names still meet. */
const HASH_DIGITS = [8, 16, 32, 64] as const;

/**
 * Characters no name may hold: the separators and the characters Windows forbids, control characters
 * (C0 and C1), the marks that reorder text (a name could read as another in a listing), and half a
 * surrogate pair (no file system takes one; with the `u` flag a whole pair is one character).
 */
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f<>:"/\\|?*\u200e\u200f\u202a-\u202e\u2066-\u2069\uD800-\uDFFF]/gu;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Device names Windows keeps for itself in every folder, with any extension ("CON.txt"), in any case. */
const WINDOWS_DEVICE_NAMES = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/iu;

/** What a case-insensitive file system (Windows, macOS by default) takes for the same name. */
function foldedName(name: string): string {
  return name.normalize('NFC').toUpperCase().toLowerCase();
}

/** Leading dots (hidden files, "..") and spaces, and trailing dots and spaces (Windows drops them). */
function trimmedEnds(name: string): string {
  return name.replace(/^[.\s]+/u, '').replace(/[.\s]+$/u, '');
}

/** The longest start of `name` within the character and byte limits, whole characters only. */
function shortened(name: string): string {
  let kept = '';
  let chars = 0;
  let bytes = 0;
  for (const character of name) {
    const size = Buffer.byteLength(character, 'utf8');
    if (chars + 1 > MAX_NAME_CHARS || bytes + size > MAX_NAME_BYTES) break;
    kept += character;
    chars++;
    bytes += size;
  }
  return kept;
}

function isWindowsDeviceName(name: string): boolean {
  const stem = name.split('.')[0]!.trimEnd();
  return WINDOWS_DEVICE_NAMES.test(stem);
}

/** `value` made into a safe name, before any hash is added; "unnamed" when nothing of it is left. */
export function safeFolderBase(value: string): string {
  const cleaned = trimmedEnds(shortened(trimmedEnds(value.normalize('NFC').replace(UNSAFE_CHARACTERS, '_').replace(/\s+/gu, ' '))));
  if (cleaned === '') return 'unnamed';
  return isWindowsDeviceName(cleaned) ? `_${cleaned}` : cleaned;
}

/**
 * The SHA-256 of the value in UTF-8. UTF-8 has no form for half a surrogate pair (decoded text never
 * holds one), so such a value's UTF-16 code units are hashed instead: two values never share a digest.
 */
function sha256Hex(value: string): string {
  const bytes = LONE_SURROGATE.test(value) ? Buffer.from(value, 'utf16le') : Buffer.from(value, 'utf8');
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The folder of each group, in the order given: `null` (no value) is `unassigned`; each value is its
 * own name when safeFolderBase leaves it as it is and no other name or reserved name folds to it,
 * otherwise its safe base, "-" and hex digits of its SHA-256 (more digits while two names still meet).
 * The result depends on the set of values only, not their order. Values must be distinct.
 */
export function groupFolderNames(values: readonly (string | null)[]): string[] {
  if (new Set(values).size !== values.length) throw new Error('the groups of a split are not distinct');
  const groups = values.map((value) => {
    if (value === null) return { value, base: UNASSIGNED_FOLDER, hash: '', name: UNASSIGNED_FOLDER, isFixed: true };
    const base = safeFolderBase(value);
    const hash = sha256Hex(value);
    return { value, base, hash, name: base === value ? value : `${base}-${hash.slice(0, HASH_DIGITS[0])}`, isFixed: false };
  });
  const reserved = new Set(RESERVED_NAMES.map(foldedName));
  for (let round = 0; ; round++) {
    const holders = new Map<string, number>();
    for (const group of groups) {
      const folded = foldedName(group.name);
      holders.set(folded, (holders.get(folded) ?? 0) + 1);
    }
    const clashing = groups.filter((group) => {
      const folded = foldedName(group.name);
      return !group.isFixed && (holders.get(folded)! > 1 || reserved.has(folded));
    });
    if (clashing.length === 0) return groups.map((group) => group.name);
    const digits = HASH_DIGITS[round];
    // Distinct values have distinct SHA-256 digests, so names ending in all 64 digits never meet.
    if (digits === undefined) throw new Error('two groups of a split were given the same folder');
    for (const group of clashing) group.name = `${group.base}-${group.hash.slice(0, digits)}`;
  }
}
