// The cells of a plans record as text, for the plans row reader. Most plans columns repeat a few values
// (providers, localities, dates, frequencies, numbers), so each column's texts come from a memo keyed
// by the cell's bytes: a repeated value is the same string every time, made once, instead of a new
// string per cell that the collector must then reclaim. Only the identifiers, different on every row,
// are made afresh.
import { CELL_QUOTED_WITH_QUOTES, type ByteCells } from '../table/cells.js';
import type { ColumnPlan } from './columns.js';
import type { PlanField } from './fields.js';
import { ByteKeyedMemo } from './values/byteCache.js';

export type PlanCellTexts = (record: ByteCells) => string[];

export function createPlanCellTexts(columns: ColumnPlan<PlanField>): PlanCellTexts {
  const identifiers = new Set([columns.child_id, columns.provision_id]);
  const memos: Array<ByteKeyedMemo<string> | undefined> = [];
  return (record) => {
    record.complete();
    const texts = new Array<string>(record.fieldCount);
    for (let i = 0; i < record.fieldCount; i++) {
      if (identifiers.has(i) || record.quoting[i] === CELL_QUOTED_WITH_QUOTES) {
        texts[i] = record.text(i);
        continue;
      }
      let memo = memos[i];
      if (memo === undefined) {
        memo = new ByteKeyedMemo((text: string) => text);
        memos[i] = memo;
      }
      texts[i] = memo.get(record.bytes, record.starts[i]!, record.ends[i]!);
    }
    return texts;
  };
}
