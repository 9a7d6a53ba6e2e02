/**
 * The bytes Flask 2.2's `jsonify` writes for a JSON text shown pretty-printed in a recording:
 * compact, keys sorted by code point, non-ASCII escaped, and numbers exactly as written (`2.0`
 * stays `2.0`, which a round trip through `JSON.parse` would lose).
 */
import { comparePythonStrings, pyString } from '../src/query/python-json.js';

type Node = { readonly raw: string } | { readonly text: string } | Node[] | Map<string, Node>;

/** Compact, sorted, ASCII-escaped JSON of `pretty` (without Flask's trailing newline). */
export function compactFlaskJson(pretty: string): string {
  const tokens = pretty.match(/"(?:[^"\\]|\\.)*"|[{}[\]:,]|[^\s{}[\]:,"]+/g) ?? [];
  let at = 0;
  const next = (): string => {
    const token = tokens[at++];
    if (token === undefined) throw new Error('unexpected end of JSON');
    return token;
  };
  const value = (): Node => {
    const token = next();
    if (token === '[') {
      const items: Node[] = [];
      if (tokens[at] === ']') return (at++, items);
      for (;;) {
        items.push(value());
        if (next() === ']') return items;
      }
    }
    if (token === '{') {
      const entries = new Map<string, Node>();
      if (tokens[at] === '}') return (at++, entries);
      for (;;) {
        const key = JSON.parse(next()) as string;
        if (next() !== ':') throw new Error(`expected ":" after ${JSON.stringify(key)}`);
        entries.set(key, value());
        if (next() === '}') return entries;
      }
    }
    return token.startsWith('"') ? { text: JSON.parse(token) as string } : { raw: token };
  };
  const root = value();
  if (at !== tokens.length) throw new Error('trailing text after JSON');
  return write(root);
}

function write(node: Node): string {
  if (Array.isArray(node)) return `[${node.map(write).join(',')}]`;
  if (node instanceof Map) {
    const keys = [...node.keys()].sort(comparePythonStrings);
    return `{${keys.map((key) => `${pyString(key)}:${write(node.get(key) ?? { raw: 'null' })}`).join(',')}}`;
  }
  return 'raw' in node ? node.raw : pyString(node.text);
}
