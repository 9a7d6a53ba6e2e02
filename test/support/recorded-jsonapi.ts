/**
 * Bodies of the recorded Flask-Restless-NG exchanges, read from docs/protocol/jsonapi/<file>.md at
 * test time, so the dialect's unit tests run on what the real server sent and cite it by number.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DOCS = fileURLToPath(new URL('../../docs/protocol/jsonapi/', import.meta.url));

/** The JSON response body of exchange `number` of `file` (read, write, errors, relationships, polymorphism). */
export function recordedBody(file: string, number: number): unknown {
  const text = readFileSync(`${DOCS}${file}.md`, 'utf8');
  const start = text.indexOf(`\n### ${number}. `);
  if (start < 0) throw new Error(`${file}#${number} is not recorded`);
  const end = text.indexOf('\n### ', start + 1);
  const section = text.slice(start, end < 0 ? undefined : end);
  const response = section.indexOf('\nResponse:');
  const json = /```json\n([\s\S]*?)\n```/.exec(section.slice(response));
  if (json?.[1] === undefined) throw new Error(`${file}#${number} has no JSON response body`);
  return JSON.parse(json[1]) as unknown;
}

/** The HTML response body of exchange `number` ("Body (not JSON)"). */
export function recordedHtml(file: string, number: number): string {
  const text = readFileSync(`${DOCS}${file}.md`, 'utf8');
  const start = text.indexOf(`\n### ${number}. `);
  const end = text.indexOf('\n### ', start + 1);
  const section = text.slice(start, end < 0 ? undefined : end);
  const html = /Body \(not JSON\):\s*```html\n([\s\S]*?)\n```/.exec(section);
  if (html?.[1] === undefined) throw new Error(`${file}#${number} has no HTML body`);
  return html[1];
}
