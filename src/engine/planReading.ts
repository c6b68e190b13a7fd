// The plans side of a run: every row of the plans table read and folded into the plan book.
import type { TableReadSummary, TableSource } from '../io/tableSource.js';
import { PlanBookBuilder, type PlanBook, type PlanRowReading } from '../reconcile/planBook.js';
import type { RunSettings } from '../reconcile/settings.js';
import { planColumnsOf, withMappingErrors } from '../schema/columns.js';
import { DisciplineColumnSearch, type DisciplineColumn } from '../schema/disciplineColumnSearch.js';
import { createDisciplineReader } from '../schema/values/discipline.js';
import { createPlanCellTexts, type PlanCellTexts } from '../schema/planCells.js';
import { createPlanRowReader, type ValueOptions } from '../schema/planRow.js';
import { cellTexts, type ByteCells } from '../table/cells.js';
import { describeLinesAbove, HeaderFinder } from './headerFinding.js';
import type { Preset } from './presets.js';
import { ExceptionSpool } from './exceptionSpool.js';
import type { FieldColumns } from './exceptionCells.js';

export interface PlansRead {
  readonly book: PlanBook;
  readonly read: TableReadSummary;
  /** Every plans row of the watched child, for `explain`. */
  readonly watchedRows: readonly PlanRowReading[];
  /** The column of each field, as the header placed them. */
  readonly fieldColumns: FieldColumns | undefined;
  /**
   * Whether the header placed a discipline column; without one, every line reads as the default
   * discipline, and `disciplineColumn` is a column whose cells read as disciplines, if one does.
   */
  readonly hasDisciplineColumn: boolean;
  readonly disciplineColumn: DisciplineColumn | null;
}

/** Plan rows read before the file's size is turned into an estimate of its rows, to make room for them at once. */
const PLAN_ROWS_BEFORE_ESTIMATE = 1 << 12;

export async function readPlans(
  source: TableSource,
  values: ValueOptions,
  settings: RunSettings,
  options: {
    watchChildId?: string | undefined;
    onProgress?: ((bytes: number, rows: number) => void) | undefined;
    /** Something the user should know, such as lines read past above the header. */
    onNote?: ((message: string) => void) | undefined;
    /** Presets to suggest when the header is one of theirs. */
    presetHints?: readonly Preset[] | undefined;
    /** Hears every child ID read (pseudonymisation). */
    onChildId?: ((childId: string, isInPlanBook: boolean) => void) | undefined;
    /** No message may quote a cell (pseudonymisation). */
    withholdsCells?: boolean | undefined;
  } = {},
): Promise<PlansRead> {
  const { watchChildId, onProgress, withholdsCells } = options;
  const headerFinder = new HeaderFinder('plans', source.name, values.mapping, options.presetHints, { withholdsCells });
  const builder = new PlanBookBuilder(settings, { exceptions: new ExceptionSpool(), onChildId: options.onChildId });
  const watchedRows: PlanRowReading[] = [];
  let reader: ReturnType<typeof createPlanRowReader> | undefined;
  let texts: PlanCellTexts | undefined;
  let fieldColumns: FieldColumns | undefined;
  let disciplineSearch: DisciplineColumnSearch | undefined;
  const fileBytes = source.fileBytes;
  let rows = 0;
  const read = await source.read(
    {
      header(cells) {
        const found = headerFinder.offer(cellTexts(cells), cells.line);
        if (found === undefined) return false;
        const linesAbove = describeLinesAbove(source.name, found);
        if (linesAbove !== undefined) options.onNote?.(linesAbove);
        const columns = planColumnsOf(found.header, source.name, values.mapping, { withholdsCells });
        fieldColumns = columns;
        reader = withMappingErrors(() => createPlanRowReader(columns, values));
        texts = source.givesByteCells ? createPlanCellTexts(columns) : undefined;
        if (columns.discipline < 0) {
          disciplineSearch = new DisciplineColumnSearch(found.header, columns, createDisciplineReader(values.mapping.plans?.values?.discipline));
        }
        return true;
      },
      noHeader: () => headerFinder.giveUp(),
      row(cells) {
        const line = cells.line;
        if (++rows === PLAN_ROWS_BEFORE_ESTIMATE && fileBytes !== undefined && source.givesByteCells) {
          builder.expectRows(Math.ceil((fileBytes / (cells as ByteCells).offset) * rows * 1.05));
        }
        const rowTexts = texts === undefined ? cellTexts(cells) : texts(cells as ByteCells);
        disciplineSearch?.note(rowTexts);
        const reading = reader!(rowTexts, line);
        builder.add(line, reading);
        if (watchChildId !== undefined && (reading.ok ? reading.record.childId : reading.childId) === watchChildId) watchedRows.push({ line, reading });
      },
    },
    { onProgress: onProgress === undefined ? undefined : (bytes) => onProgress(bytes, rows) },
  );
  return {
    book: builder.finish(),
    read,
    watchedRows,
    fieldColumns,
    hasDisciplineColumn: disciplineSearch === undefined,
    disciplineColumn: disciplineSearch?.finish() ?? null,
  };
}
