// Finding the header of an input below a title block: many reports put their name, "Generated on …"
// and blank lines above the real header (docs/exports.md#title-blocks-and-totals-rows). The header is
// the first row whose cells place every column the file needs; the rows above it are lines of the
// title, read past with a note. Line numbers stay those of the file, as an editor shows them.
import { InputError } from '../errors.js';
import { MAX_RECORDS_ABOVE_HEADER } from '../io/csvTypes.js';
import { countRecognisedHeaders, resolveColumns, type ColumnMessageOptions } from '../schema/columns.js';
import { CONTACT_FIELDS, PLAN_FIELDS } from '../schema/fields.js';
import { judgeFileKind } from '../schema/inspection.js';
import type { Mapping } from '../schema/mapping.js';
import { visible } from '../schema/visibleText.js';
import type { InputFile } from '../schema/vocabulary.js';
import { PRESET_TITLES, recognisePreset, type Preset } from './presets.js';

/** The header found, and what lay above it. */
export interface HeaderFound {
  readonly header: readonly string[];
  /** The header's line in the file. */
  readonly line: number;
  /** Rows read past above it (0: the header is the first row that is not blank). */
  readonly rowsAbove: number;
  /** The first words of the first row above it, to show which block was read past. */
  readonly title: string | undefined;
}

/**
 * Offered the rows of a file in order, says which is the header. Past MAX_RECORDS_ABOVE_HEADER rows,
 * or at the end of the file, it gives up with the problem of the row that looked most like a header
 * (a header missing a column, not a title line), as the first row's would have been before.
 */
export class HeaderFinder {
  private rowsAbove = 0;
  private title: string | undefined;
  private closest: { readonly recognised: number; readonly problem: string; readonly cells: readonly string[] } | undefined;

  /**
   * `presets`: the presets to suggest when the header turns out to be one of theirs (none when the run
   * has one). `messages.withholdsCells` (--pseudonymise): rows above a header may be rows of data, child
   * IDs and all, so neither the problem nor the note on a title block quotes them.
   */
  constructor(
    private readonly file: InputFile,
    private readonly source: string,
    private readonly mapping: Mapping,
    private readonly presets: readonly Preset[] = [],
    private readonly messages: ColumnMessageOptions = {},
  ) {}

  /** The header, when this row is it; undefined when it is a line above the header. Throws once it gives up. */
  offer(cells: readonly string[], line: number): HeaderFound | undefined {
    const section = this.file === 'plans' ? this.mapping.plans : this.mapping.contacts;
    const fields: readonly ((typeof PLAN_FIELDS)[number] | (typeof CONTACT_FIELDS)[number])[] = this.file === 'plans' ? PLAN_FIELDS : CONTACT_FIELDS;
    const resolution = resolveColumns(this.file, fields, cells, section?.columns, section?.aliases, this.messages);
    if (resolution.ok) return { header: cells, line, rowsAbove: this.rowsAbove, title: this.title };
    const recognised = countRecognisedHeaders(this.file, cells, { columns: section?.columns, aliases: section?.aliases });
    if (this.closest === undefined || recognised > this.closest.recognised) this.closest = { recognised, problem: resolution.problem, cells };
    if (this.messages.withholdsCells !== true) this.title ??= cells.find((cell) => cell.trim() !== '')?.trim();
    if (++this.rowsAbove > MAX_RECORDS_ABOVE_HEADER) this.giveUp();
    return undefined;
  }

  /**
   * No row was the header: the problem of the one most like it, and the preset that would read it, if
   * one would; or, when it looks like the other input's header, that the two may have been swapped.
   */
  giveUp(): never {
    const closest = this.closest;
    const match = closest === undefined ? undefined : recognisePreset(this.file, closest.cells, this.presets);
    let hint = match === undefined ? '' : `. The headers look like ${PRESET_TITLES[match.name]}: try --preset ${match.name}`;
    if (match === undefined && closest !== undefined) {
      const looksLike = judgeFileKind(closest.cells, { exports: this.presets, mapping: this.mapping });
      if (looksLike !== undefined && looksLike !== this.file) hint = `; ${swappedInputs(looksLike)}`;
    }
    throw new InputError(`${this.source}: ${closest?.problem ?? 'no header row'}${hint}`);
  }
}

/** What to say of a file whose header looks like the other input's (the --plans and --contacts files swapped). */
export function swappedInputs(looksLike: InputFile): string {
  return `it looks like a ${looksLike} file: are --plans and --contacts the wrong way round?`;
}

/** The note a run gives when it read past lines above the header; undefined when there were none. */
export function describeLinesAbove(source: string, found: HeaderFound): string | undefined {
  if (found.rowsAbove === 0) return undefined;
  const lines = found.line - 1;
  const title = found.title === undefined ? '' : ` ("${visible(found.title.length > 60 ? `${found.title.slice(0, 60)}…` : found.title)}"…)`;
  return `skipped ${lines} line${lines === 1 ? '' : 's'} above the header of ${source}: a title block${title}; the header is line ${found.line}`;
}
