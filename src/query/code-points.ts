/**
 * Compares strings by Unicode code point: how SQLite's BINARY collation (UTF-8 bytes) and Python's
 * `str` ordering sort, unlike JavaScript's default comparison of UTF-16 units.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const left = Array.from(a);
  const right = Array.from(b);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const diff = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}
