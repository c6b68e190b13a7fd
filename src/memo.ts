// Answers remembered per distinct key. A contacts file has millions of rows but only a few thousand
// distinct dates, durations and codes; a national output repeats the same provider, date and number of
// hours on thousands of rows. Each reader or writer that does such work remembers its answers here.
//
// The bound keeps a stream of distinct values (free text, IDs) from growing the map without limit.
// When it is reached the map is cleared whole (cheaper than an LRU; a reader's values may change as
// a file goes on, and the new ones are then remembered), or kept as it is (a writer's first values,
// the providers and dates of a file, repeat to the end: what comes after them is made afresh and
// dies young, where refilling the map would keep each new value alive long enough to be promoted and
// swell the old generation with garbage). In front of the map sits the last answer: exports are sorted (by date, by child)
// and codes repeat, so the same key as the call before is the common case, and comparing two short
// strings is far cheaper than hashing a freshly parsed one for a map lookup.

export const DEFAULT_MEMO_LIMIT = 100_000;

export function memoise<K, V>(make: (key: K) => V, limit: number = DEFAULT_MEMO_LIMIT, whenFull: 'clear' | 'keep' = 'clear'): (key: K) => V {
  const answers = new Map<K, V>();
  let hasLast = false;
  let lastKey: K | undefined;
  let lastAnswer: V;
  return (key: K): V => {
    if (hasLast && key === lastKey) return lastAnswer;
    let answer = answers.get(key);
    if (answer === undefined && !answers.has(key)) {
      answer = make(key);
      if (answers.size < limit) answers.set(key, answer);
      else if (whenFull === 'clear') {
        answers.clear();
        answers.set(key, answer);
      }
    }
    hasLast = true;
    lastKey = key;
    lastAnswer = answer as V;
    return answer as V;
  };
}
