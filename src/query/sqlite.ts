/**
 * SQLite's value semantics, which decide what the classic server's filters match (its recordings
 * run on SQLite): storage classes (NULL < numbers < TEXT), type affinity conversions before a
 * comparison, BINARY collation, and LIKE (case-insensitive for ASCII letters only).
 * See https://www.sqlite.org/datatype3.html, "Type Conversions Prior To Comparison".
 */
import { compareCodePoints } from './code-points.js';

/** A value as SQLite holds it: NULL, a number (INTEGER or REAL) or TEXT. */
export type SqlValue = null | number | string;

/** Column affinity; `none` is a bound parameter or an expression (a hybrid property). */
export type Affinity = 'integer' | 'real' | 'numeric' | 'text' | 'blob' | 'none';

/** An operand of a comparison: a value and the affinity it carries. */
export interface Operand {
  readonly value: SqlValue;
  readonly affinity: Affinity;
}

const NUMERIC_TEXT = /^[ \t\n\f\r\v]*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[ \t\n\f\r\v]*$/;

/** NUMERIC affinity applied to a value: text that is a well-formed number becomes that number. */
export function toNumeric(value: SqlValue): SqlValue {
  return typeof value === 'string' && NUMERIC_TEXT.test(value) ? Number(value) : value;
}

/** TEXT affinity applied to a value: numbers become their SQLite text rendering. */
export function toText(value: SqlValue): SqlValue {
  return typeof value === 'number' ? numberText(value) : value;
}

/** How SQLite renders a number as text (`printf('%!.15g')` for REAL values). */
export function numberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const text = value.toPrecision(15);
  const [mantissa = '', exponent] = text.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '.0') : `${mantissa}.0`;
  if (exponent === undefined) return trimmed;
  const power = Number(exponent);
  return `${trimmed}e${power < 0 ? '-' : '+'}${String(Math.abs(power)).padStart(2, '0')}`;
}

/**
 * Compares two operands as a WHERE clause does: affinities convert one side first, then storage
 * classes order NULL < numbers < TEXT. Returns `null` when either side is NULL (the comparison is
 * NULL, so the row does not match), otherwise a negative, zero or positive number.
 */
export function compareOperands(left: Operand, right: Operand): number | null {
  const [a, b] = convertForComparison(left, right);
  if (a === null || b === null) return null;
  return orderValues(a, b);
}

/** ORDER BY's total order: NULL first, then numbers, then TEXT by BINARY collation (code points). */
export function orderValues(a: SqlValue, b: SqlValue): number {
  const rankA = rank(a);
  const rankB = rank(b);
  if (rankA !== rankB) return rankA - rankB;
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  return 0;
}

/**
 * `value LIKE pattern`: `%` is any run, `_` any one character, no escape character, ASCII letters
 * match either case (SQLite's default; ILIKE compiles to `lower(x) LIKE lower(y)`, and `lower()`
 * is ASCII-only too). `null` when either side is NULL.
 */
export function sqlLike(value: SqlValue, pattern: SqlValue): boolean | null {
  if (value === null || pattern === null) return null;
  const text = Array.from(String(toText(value))).map(foldAscii);
  const glob = Array.from(String(toText(pattern))).map(foldAscii);
  return likeMatch(text, glob);
}

function convertForComparison(left: Operand, right: Operand): [SqlValue, SqlValue] {
  const numericLeft = isNumericAffinity(left.affinity);
  const numericRight = isNumericAffinity(right.affinity);
  if (numericLeft && !numericRight) return [left.value, toNumeric(right.value)];
  if (numericRight && !numericLeft) return [toNumeric(left.value), right.value];
  if (left.affinity === 'text' && right.affinity === 'none') return [left.value, toText(right.value)];
  if (right.affinity === 'text' && left.affinity === 'none') return [toText(left.value), right.value];
  return [left.value, right.value];
}

function isNumericAffinity(affinity: Affinity): boolean {
  return affinity === 'integer' || affinity === 'real' || affinity === 'numeric';
}

function rank(value: SqlValue): number {
  if (value === null) return 0;
  return typeof value === 'number' ? 1 : 2;
}

function foldAscii(char: string): string {
  return char.length === 1 && char >= 'A' && char <= 'Z' ? char.toLowerCase() : char;
}

/** Iterative wildcard matching with backtracking to the last `%` (linear in practice). */
function likeMatch(text: readonly string[], glob: readonly string[]): boolean {
  let t = 0;
  let g = 0;
  let starGlob = -1;
  let starText = 0;
  while (t < text.length) {
    const token = glob[g];
    if (token === '%') {
      starGlob = g++;
      starText = t;
    } else if (token !== undefined && (token === '_' || token === text[t])) {
      g++;
      t++;
    } else if (starGlob >= 0) {
      g = starGlob + 1;
      t = ++starText;
    } else {
      return false;
    }
  }
  while (glob[g] === '%') g++;
  return g === glob.length;
}
