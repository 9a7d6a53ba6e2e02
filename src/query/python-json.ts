/**
 * Python's `json.dumps`, byte for byte. The classic server writes every body with it: Flask's
 * `jsonify` (compact, sorted keys), the datamodel and JSONP bodies (`", "` / `": "`), and SQLite
 * holds JSON columns as its output. All of them escape non-ASCII (`ensure_ascii`), and Python
 * prints floats differently from JavaScript (`1.0`, `1e+16`), so `JSON.stringify` is not enough.
 */
import { PyFloat } from '../schema/py-float.js';
import { compareCodePoints } from './code-points.js';
import type { WireValue } from './expression.js';

/**
 * A number that Python holds as a float (a Float column), so it prints as `7.0`, not `7`: JSON
 * cannot tell `7` from `7.0`, so the serializer marks the values it knows are floats with the
 * same `PyFloat` the RPC codec sends as a float64.
 */
export { PyFloat };

export type PyValue = WireValue | PyFloat | readonly PyValue[] | { readonly [key: string]: PyValue };

/** How to write it: Flask's `jsonify` is compact and sorted; plain `json.dumps` is neither. */
export interface PyDumpsStyle {
  readonly compact: boolean;
  readonly sortKeys: boolean;
}

/** `jsonify` in Flask 2.2 (before its trailing newline). */
export const FLASK_JSONIFY: PyDumpsStyle = { compact: true, sortKeys: true };
/** `json.dumps(value)` with Python's defaults. */
export const PYTHON_DEFAULT: PyDumpsStyle = { compact: false, sortKeys: false };
/** `flask.json.dumps(value)`: default separators, sorted keys. */
export const FLASK_DUMPS: PyDumpsStyle = { compact: false, sortKeys: true };

/** Writes `value` as Python's `json.dumps(value, ensure_ascii=True, ...)` does. */
export function pyDumps(value: PyValue, style: PyDumpsStyle): string {
  const item = style.compact ? ',' : ', ';
  const pair = style.compact ? ':' : ': ';
  const write = (node: PyValue): string => {
    if (node === null) return 'null';
    if (node instanceof PyFloat) return pyFloatRepr(node.value);
    if (typeof node === 'boolean') return node ? 'true' : 'false';
    if (typeof node === 'number') return Number.isInteger(node) ? integerRepr(node) : pyFloatRepr(node);
    if (typeof node === 'string') return pyString(node);
    if (isList(node)) return `[${node.map(write).join(item)}]`;
    const keys = Object.keys(node);
    if (style.sortKeys) keys.sort(comparePythonStrings);
    return `{${keys.map((key) => `${pyString(key)}${pair}${write(node[key] ?? null)}`).join(item)}}`;
  };
  return write(value);
}

/** Python's `repr(float)`: shortest round-trip digits, `.0` on integers, exponent outside [1e-4, 1e16). */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const text = plainDecimal(mantissa, exponent);
  return text.includes('.') ? text : `${text}.0`;
}

/** Python's string escaping with `ensure_ascii`: everything outside printable ASCII becomes `\uXXXX`. */
export function pyString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const char = text[i] ?? '';
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char === '\b') out += '\\b';
    else if (char === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** Python sorts `str` keys by code point; JavaScript's default sort compares UTF-16 units. */
export const comparePythonStrings = compareCodePoints;

function integerRepr(value: number): string {
  // Beyond 2^53 a JSON integer has already lost digits in JavaScript; print what is left.
  return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
}

function plainDecimal(mantissa: string, exponent: number): string {
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const point = exponent + 1;
  let text: string;
  if (point <= 0) text = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) text = digits + '0'.repeat(point - digits.length);
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${text}` : text;
}

function isList(value: PyValue): value is readonly PyValue[] {
  return Array.isArray(value);
}
