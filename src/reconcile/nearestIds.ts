// "Did you mean C0001834?": the IDs nearest to one that was not found, for explain. A mistyped ID is
// usually one slip away (a digit changed, dropped, added, or two neighbours swapped), so candidates are
// compared by that edit distance, and only those within a small bound are kept. The bound also makes
// the search cheap: a candidate whose length differs by more than it is skipped unread, and the
// comparison of the rest stops once every path through it is over the bound.
import { compareCodePoints } from '../exact/codePointOrder.js';

/** How far a suggestion may be: one slip in a short ID, two in a usual one, three in a long one. */
export function suggestionDistance(id: string): number {
  if (id.length <= 4) return 1;
  return id.length <= 12 ? 2 : 3;
}

let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * The optimal string alignment distance between a and b (insertions, deletions, changes and swaps of
 * two neighbours, each 1), or a number over `bound` as soon as it is certain to be over it.
 */
export function editDistanceWithin(a: string, b: string, bound: number): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  const width = b.length + 1;
  // Three rows of the table, reused from call to call: a search compares hundreds of thousands of IDs.
  if (rows[0].length < width) rows = [new Int32Array(width * 2), new Int32Array(width * 2), new Int32Array(width * 2)];
  let [before, previous, current] = rows;
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j < width; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let distance = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        distance = Math.min(distance, before[j - 2]! + 1);
      }
      current[j] = distance;
      if (distance < rowMinimum) rowMinimum = distance;
    }
    if (rowMinimum > bound) return bound + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

/**
 * Up to `limit` distinct candidates nearest to `id` and within suggestionDistance(id) of it, nearest
 * first, then in code-point order, so that the answer is the same every run. `id` itself is never one.
 */
export function nearestIds(id: string, candidates: Iterable<string>, limit = 3): string[] {
  const bound = suggestionDistance(id);
  const found = new Map<string, number>();
  for (const candidate of candidates) {
    if (candidate === id || found.has(candidate)) continue;
    const distance = editDistanceWithin(id, candidate, bound);
    if (distance <= bound) found.set(candidate, distance);
  }
  return [...found]
    .sort(([a, distanceA], [b, distanceB]) => distanceA - distanceB || compareCodePoints(a, b))
    .slice(0, limit)
    .map(([candidate]) => candidate);
}
