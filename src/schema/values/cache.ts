// A contacts file has millions of rows but only a few thousand distinct dates, durations and codes,
// so each hot reader remembers its answers per distinct raw string. The bound keeps a file of
// free-text values from growing the map without limit; clearing it whole is cheaper than an LRU and
// costs only re-reading values that are, by then, evidently not repeating much.

export const DEFAULT_CACHE_LIMIT = 100_000;

export function memoiseByText<T>(read: (text: string) => T, limit: number = DEFAULT_CACHE_LIMIT): (text: string) => T {
  const answers = new Map<string, T>();
  return (text: string): T => {
    const known = answers.get(text);
    if (known !== undefined || answers.has(text)) return known as T;
    const answer = read(text);
    if (answers.size >= limit) answers.clear();
    answers.set(text, answer);
    return answer;
  };
}
