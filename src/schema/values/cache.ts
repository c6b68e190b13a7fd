// A contacts file has millions of rows but only a few thousand distinct dates, durations and codes,
// so each hot reader remembers its answers per distinct raw string. The bound keeps a file of
// free-text values from growing the map without limit; clearing it whole is cheaper than an LRU and
// costs only re-reading values that are, by then, evidently not repeating much.
//
// In front of the map sits the last answer: exports are sorted (by date, by child) and codes repeat, so
// the same text as the row before is the common case, and comparing two short strings is far cheaper
// than hashing a freshly parsed one for a map lookup.

export const DEFAULT_CACHE_LIMIT = 100_000;

export function memoiseByText<T>(read: (text: string) => T, limit: number = DEFAULT_CACHE_LIMIT): (text: string) => T {
  const answers = new Map<string, T>();
  let lastText: string | undefined;
  let lastAnswer: T;
  return (text: string): T => {
    if (text === lastText) return lastAnswer;
    let answer = answers.get(text);
    if (answer === undefined && !answers.has(text)) {
      answer = read(text);
      if (answers.size >= limit) answers.clear();
      answers.set(text, answer);
    }
    lastText = text;
    lastAnswer = answer as T;
    return answer as T;
  };
}
