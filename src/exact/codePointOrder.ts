/**
 * Plain code-point order. JavaScript's `<` compares UTF-16 code units, which puts characters above
 * U+FFFF before U+E000–U+FFFF; the rules ask for code points so that the order is the same everywhere.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const isSurrogateX = x >= 0xd800 && x <= 0xdfff;
    const isSurrogateY = y >= 0xd800 && y <= 0xdfff;
    if (isSurrogateX === isSurrogateY) return x - y;
    return isSurrogateX ? 1 : -1;
  }
  return a.length - b.length;
}
