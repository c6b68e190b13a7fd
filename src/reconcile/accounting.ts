// Row accounting (docs/rules.md#row-accounting): every data row lands in exactly one bucket, and exceptions keep the
// file, line, field, value and reason so that a person can find and fix the row.
import type { ContactBucket, ExceptionBucket, InputFile, PlanBucket } from '../schema/vocabulary.js';

export interface FileAccounting<B extends string> {
  readonly rowsRead: number;
  readonly buckets: Readonly<Partial<Record<B, number>>>;
}

export interface Accounting {
  readonly plans: FileAccounting<PlanBucket>;
  readonly contacts: FileAccounting<ContactBucket>;
}

export interface ExceptionRecord {
  readonly file: InputFile;
  readonly line: number;
  readonly bucket: ExceptionBucket;
  readonly field: string;
  readonly value: string;
  readonly reason: string;
  readonly childId: string | null;
  /**
   * Where the row is in a workbook input, as the spreadsheet shows it ("Plans!F22"); null for a row of
   * a CSV input in a run that read a workbook too. Absent when neither input was a workbook.
   */
  readonly cell?: string | null;
}

export function bucketTotal(accounting: FileAccounting<string>): number {
  let total = 0;
  for (const count of Object.values(accounting.buckets)) total += count ?? 0;
  return total;
}

/** Counts per bucket, in the buckets' order, leaving out empty buckets. */
export function countBuckets<B extends string>(order: readonly B[], counts: ArrayLike<number>): Partial<Record<B, number>> {
  const buckets: Partial<Record<B, number>> = {};
  order.forEach((bucket, index) => {
    const count = counts[index] ?? 0;
    if (count > 0) buckets[bucket] = count;
  });
  return buckets;
}
