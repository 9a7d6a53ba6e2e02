/**
 * A JavaScript string is UTF-16 and may hold half of a surrogate pair on its own; UTF-8 (the
 * request body, SQLite's text, Python's `str.encode`) cannot. The classic server answers such a
 * string with an HTML 500, in a row and in a filter alike.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be sent as text, or undefined when it can. */
export function loneSurrogateProblem(text: string): string | undefined {
  const match = LONE_SURROGATE.exec(text);
  if (!match) return undefined;
  const unit = match[0].charCodeAt(0).toString(16);
  return `the text holds a lone surrogate (\\u${unit} at index ${match.index}), which is not valid Unicode and cannot be stored`;
}
