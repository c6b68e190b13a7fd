// A plans file with no discipline column reads every line as the default discipline, silently. Council
// exports often have the column under a name the tool does not know ("Provision Type"), or under a
// name it reads as another field ("Provision", the provision text). While such a file is read, this
// looks for a column whose cells read as disciplines, so that the run-health warning can name the
// column to map (docs/operations.md#when-the-numbers-look-wrong) instead of only saying one is missing.
//
// Every column is tried on the first rows; a column whose cells mostly do not read as disciplines is
// dropped once it has shown enough of them, so the work per row soon falls to the one or two columns
// still in the running. The bar for dropping (half) is lower than the bar for being the column (nine
// in ten), so that a column is never dropped early for a run of odd cells it makes up for later.
// Memory is a few counters a column.
import type { ColumnPlan } from './columns.js';
import { PLAN_FIELDS, type PlanField } from './fields.js';
import { isInvalid, type Invalid } from './values/invalid.js';
import { DISCIPLINES, type Discipline } from './vocabulary.js';

/** Filled cells a column shows before it can be dropped for holding other things… */
const CELLS_BEFORE_DROPPING = 20;
/** …when fewer than this share (percent) of them read as a discipline. */
const DROPPED_BELOW_PERCENT = 50;
/** The share (percent) of a column's filled cells that must read as a discipline for it to be the column. */
const DISCIPLINE_CELLS_PERCENT = 90;

/** A column whose cells read as disciplines. */
export interface DisciplineColumn {
  /** Its position, counting from 1 as a spreadsheet's columns are shown. */
  readonly number: number;
  /** Its header as written, trimmed. */
  readonly header: string;
  /** The field the file's columns were placed to read it as, or null when it is read as nothing. */
  readonly readAs: PlanField | null;
  /** The disciplines its cells name, in the order of DISCIPLINES. */
  readonly disciplines: readonly Discipline[];
  /** Its cells that read as a discipline. */
  readonly cells: number;
}

interface ColumnTally {
  readonly index: number;
  filled: number;
  read: number;
  readonly byDiscipline: Int32Array;
}

export class DisciplineColumnSearch {
  private live: ColumnTally[];

  constructor(
    private readonly header: readonly string[],
    private readonly columns: ColumnPlan<PlanField>,
    private readonly readDiscipline: (text: string) => Discipline | Invalid,
  ) {
    this.live = header.map((_, index) => ({ index, filled: 0, read: 0, byDiscipline: new Int32Array(DISCIPLINES.length) }));
  }

  /** One row's cells as text. */
  note(texts: readonly string[]): void {
    let dropped = false;
    for (const column of this.live) {
      const text = texts[column.index]?.trim() ?? '';
      if (text === '') continue;
      column.filled++;
      const discipline = this.readDiscipline(text);
      if (!isInvalid(discipline)) {
        column.read++;
        column.byDiscipline[DISCIPLINES.indexOf(discipline)]! += 1;
      } else if (isDropped(column)) {
        dropped = true;
      }
    }
    if (dropped) this.live = this.live.filter((column) => !isDropped(column));
  }

  /** The column whose cells read as disciplines, the most of them; null when none does. */
  finish(): DisciplineColumn | null {
    let best: ColumnTally | undefined;
    for (const column of this.live) if (column.read > 0 && isMostlyDisciplines(column) && (best === undefined || column.read > best.read)) best = column;
    if (best === undefined) return null;
    const { index, byDiscipline } = best;
    return {
      number: index + 1,
      header: (this.header[index] ?? '').trim(),
      readAs: PLAN_FIELDS.find((field) => this.columns[field] === index) ?? null,
      disciplines: DISCIPLINES.filter((_, at) => byDiscipline[at]! > 0),
      cells: best.read,
    };
  }
}

function isDropped(column: ColumnTally): boolean {
  return column.filled >= CELLS_BEFORE_DROPPING && column.read * 100 < column.filled * DROPPED_BELOW_PERCENT;
}

function isMostlyDisciplines(column: ColumnTally): boolean {
  return column.read * 100 >= column.filled * DISCIPLINE_CELLS_PERCENT;
}
