/**
 * Reads the recording markdown of docs/protocol/ (`### N. title`, a fenced `http` request, a
 * fenced `http` response, optional `Body (N bytes; pretty-printed here)` JSON, `Raw body,
 * verbatim` details, `body identical to exchange N`) into data, and writes the
 * `mocks/recorded/*.ts` modules the replay tests import. A module, so other generators (rpc.md)
 * reuse the parser; a CLI, so a generated file says how to make it again:
 *
 *   npx tsx scripts/extract-recordings.ts --export recordedWrites --out mocks/recorded/classic-writes.ts \
 *     docs/protocol/classic/write.md 'docs/protocol/classic/errors.md#20-22'
 *
 * (`FILE.md#1-3,7` takes only those exchanges; `--doc TEXT` sets the module's description, which
 * is otherwise kept from the file being regenerated.) Other scripts import `parseRecording` (the
 * sections with their request, response, body form and prose) or `toExchange`/`renderModule`.
 *
 * Every body is checked against its Content-Length (or the recorder's stated size): a recording
 * this parser misreads fails here, not as a puzzling test failure later.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RecordedExchange } from '../mocks/recorded/recorded-exchange.js';
import { compactFlaskJson } from './compact-flask-json.js';

/** A request or response as its fenced `http` block shows it. */
export interface HttpMessage {
  readonly startLine: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The body shown in the block, or undefined when the block ends with the headers. */
  readonly body: string | undefined;
}

/** How the recording gives the response body. */
export type RecordedBody =
  | { readonly form: 'verbatim'; readonly text: string }
  /** Pretty-printed JSON, re-compacted as Flask writes it (and checked against the stated size). */
  | { readonly form: 'pretty'; readonly text: string }
  /** Pretty-printed with lists cut short by the recorder: only the size is known. */
  | { readonly form: 'truncated'; readonly bytes: number }
  | { readonly form: 'absent' };

/** One `### N. title` section that holds an exchange. */
export interface RecordedSection {
  readonly file: string;
  readonly number: number;
  readonly title: string;
  /** The `*Server: ...*` note (`CLASSIC_PEERS=0`), when the exchange ran on a non-default server. */
  readonly server: string | undefined;
  readonly request: HttpMessage;
  readonly response: HttpMessage;
  readonly body: RecordedBody;
  /** Everything outside the fenced blocks (decoded payloads, server log lines, remarks). */
  readonly prose: string;
}

/** Request headers every recorded request carries (python-requests' defaults and framing). */
const DEFAULT_REQUEST_HEADERS = new Set(['host', 'user-agent', 'accept-encoding', 'connection', 'content-length']);

/** The exchanges of one recording file, in order; sections without a request block are skipped. */
export function parseRecording(markdown: string, file: string): RecordedSection[] {
  const sections = [...markdown.matchAll(/^### (\d+)\. (.*)$([\s\S]*?)(?=^### |(?![\s\S]))/gm)];
  const parsed: RecordedSection[] = [];
  for (const [, number = '', title = '', text = ''] of sections) {
    const blocks = [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map(([, info = '', content = '']) => ({ info, content }));
    const [requestBlock, responseBlock] = blocks.filter((block) => block.info === 'http');
    if (requestBlock === undefined) continue;
    const where = `${file} #${number}`;
    const identical = /body identical to exchange (\d+)/.exec(text);
    let response: HttpMessage;
    let body: RecordedBody;
    if (identical !== null) {
      const earlier = parsed.find((section) => section.number === Number(identical[1]));
      const line = /^\*\*Response\*\*: `(\d+ [^`]*)`, `Content-Type: ([^`]*)`/m.exec(text);
      if (earlier === undefined || line === null) throw new Error(`${where}: cannot resolve "${identical[0]}"`);
      response = { ...earlier.response, startLine: `HTTP/1.1 ${line[1] ?? ''}` };
      body = earlier.body;
    } else {
      if (responseBlock === undefined) throw new Error(`${where}: no response block`);
      response = parseHttpBlock(responseBlock.content);
      body = responseBody(response, text, blocks, where);
    }
    const server = /^\*Server: (\S+)/m.exec(text)?.[1];
    const prose = text.replace(/^```\w*\n[\s\S]*?^```$/gm, '').trim();
    parsed.push({ file, number: Number(number), title, server, request: parseHttpBlock(requestBlock.content), response, body, prose });
  }
  return parsed;
}

/** Start line, headers, and the body after the blank line (the recorder adds one newline after it). */
export function parseHttpBlock(content: string): HttpMessage {
  const blank = content.indexOf('\n\n');
  const head = blank < 0 ? content.replace(/\n$/, '') : content.slice(0, blank);
  const [startLine = '', ...lines] = head.split('\n');
  const headers = lines.map((line): readonly [string, string] => {
    const colon = line.indexOf(': ');
    if (colon < 0) throw new Error(`not a header line: ${JSON.stringify(line)}`);
    return [line.slice(0, colon), line.slice(colon + 2)];
  });
  if (blank < 0) return { startLine, headers, body: undefined };
  const rest = content.slice(blank + 2).replace(/\n$/, '');
  return { startLine, headers, body: rest === '(empty body)' ? '' : rest };
}

/** The value of a header (first occurrence, any case). */
export function headerOf(message: HttpMessage, name: string): string | undefined {
  return message.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

/** The `RecordedExchange` the replay tests use. */
export function toExchange(section: RecordedSection): RecordedExchange {
  const { request, response } = section;
  const [method = '', path = ''] = request.startLine.split(' ');
  const status = /^HTTP\/1\.1 (\d+) (.*)$/.exec(response.startLine);
  if (status === null) throw new Error(`${section.file} #${section.number}: bad status line ${JSON.stringify(response.startLine)}`);
  const extra = request.headers.filter(([name, value]) => !DEFAULT_REQUEST_HEADERS.has(name.toLowerCase()) && !(name.toLowerCase() === 'accept' && value === '*/*'));
  const length = headerOf(response, 'Content-Length');
  const body = section.body.form === 'verbatim' || section.body.form === 'pretty' ? section.body.text : undefined;
  const exchange: Record<string, unknown> = {
    source: `${section.file} #${section.number}`,
    title: section.title,
    method,
    url: `http://${headerOf(request, 'Host') ?? 'localhost'}${path}`,
    requestHeaders: extra.length > 0 ? Object.fromEntries(extra) : undefined,
    requestBody: request.body,
    status: Number(status[1]),
    statusText: status[2],
    contentType: headerOf(response, 'Content-Type'),
    link: headerOf(response, 'Link'),
    location: headerOf(response, 'Location'),
    allow: headerOf(response, 'Allow'),
    vary: headerOf(response, 'Vary'),
    contentLength: length === undefined ? undefined : Number(length),
    body,
  };
  return Object.fromEntries(Object.entries(exchange).filter(([, value]) => value !== undefined)) as unknown as RecordedExchange;
}

/** The TypeScript module that exports `exchanges` as `name`. */
export function renderModule(name: string, doc: string, exchanges: readonly RecordedExchange[]): string {
  const fields = exchanges.map((exchange) => {
    const lines = Object.entries(exchange).map(([key, value]) => `    ${key}: ${key === 'requestHeaders' ? pyStyleObject(value as Record<string, string>) : JSON.stringify(value)},`);
    return `  {\n${lines.join('\n')}\n  },`;
  });
  const comment = doc.split('\n').map((line) => ` * ${line}`.trimEnd()).join('\n');
  return `/**\n${comment}\n */\nimport type { RecordedExchange } from './recorded-exchange.js';\n\nexport type { RecordedExchange };\n\nexport const ${name}: readonly RecordedExchange[] = [\n${fields.join('\n')}\n];\n`;
}

/** `path` or `path#1-3,7`: a recording file and the exchange numbers to take from it (all when none). */
export function selectExchanges(spec: string): RecordedExchange[] {
  const [path = '', selection] = spec.split('#');
  const wanted = selection === undefined ? undefined : numbersOf(selection);
  return parseRecording(readFileSync(path, 'utf8'), basename(path))
    .filter((section) => wanted === undefined || wanted.has(section.number))
    .map(toExchange);
}

function responseBody(response: HttpMessage, text: string, blocks: ReadonlyArray<{ info: string; content: string }>, where: string): RecordedBody {
  const length = headerOf(response, 'Content-Length');
  const raw = /Raw body, verbatim<\/summary>\s*```\n([\s\S]*?)\n```/.exec(text);
  const stated = /^Body \((\d+) bytes; pretty-printed here(, long lists truncated)?\):/m.exec(text);
  let body: RecordedBody;
  if (raw !== null) body = { form: 'verbatim', text: raw[1] ?? '' };
  else if (response.body !== undefined) body = { form: 'verbatim', text: response.body };
  else if (stated !== null && stated[2] !== undefined) body = { form: 'truncated', bytes: Number(stated[1]) };
  else if (stated !== null) {
    const json = blocks.find((block) => block.info === 'json');
    if (json === undefined) throw new Error(`${where}: "Body (...)" without a json block`);
    body = { form: 'pretty', text: `${compactFlaskJson(json.content)}\n` };
  } else body = { form: 'absent' };
  const size = body.form === 'truncated' ? body.bytes : body.form === 'absent' ? undefined : Buffer.byteLength(body.text);
  const expected = length ?? stated?.[1];
  if (size !== undefined && expected !== undefined && size !== Number(expected)) throw new Error(`${where}: the body has ${size} bytes, the recording says ${expected}`);
  return body;
}

function numbersOf(selection: string): Set<number> {
  const numbers = new Set<number>();
  for (const part of selection.split(',')) {
    const [from = '', to = from] = part.split('-');
    for (let n = Number(from); n <= Number(to); n++) numbers.add(n);
  }
  return numbers;
}

/** `{"Accept": "text/html"}`, as the first generated file wrote request headers. */
function pyStyleObject(value: Record<string, string>): string {
  return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${JSON.stringify(item)}`).join(', ')}}`;
}

/** The description in the doc comment of a generated module (the lines before "Generated by:"). */
function existingDoc(module: string): string | undefined {
  const comment = /^\/\*\*\n([\s\S]*?)\n \*\/\n/.exec(module)?.[1];
  const lines = comment?.split('\n').map((line) => line.replace(/^ \* ?/, ''));
  const end = lines?.indexOf('Generated by:') ?? -1;
  return lines === undefined || end < 1 ? undefined : lines.slice(0, end).join('\n').trimEnd();
}

function main(argv: readonly string[]): void {
  let name = 'recordedExchanges';
  let out: string | undefined;
  let doc: string | undefined;
  const specs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--export') name = argv[++i] ?? name;
    else if (arg === '--out') out = argv[++i];
    else if (arg === '--doc') doc = argv[++i];
    else specs.push(arg);
  }
  if (specs.length === 0) throw new Error('usage: extract-recordings.ts [--export NAME] [--out FILE] [--doc TEXT] FILE.md[#1-3,7] ...');
  const command = `npx tsx scripts/extract-recordings.ts --export ${name}${out === undefined ? '' : ` --out ${out}`} ${specs.map((spec) => `'${spec.replace(/^.*\/shared\//, '../shared/')}'`).join(' ')}`;
  // Regenerating a file keeps its description unless a new one is given.
  doc ??= (out !== undefined && existsSync(out) ? existingDoc(readFileSync(out, 'utf8')) : undefined) ?? 'Exchanges recorded from a real server. Generated from the recordings; do not edit by hand.';
  const module = renderModule(name, `${doc}\n\nGenerated by:\n  ${command}`, specs.flatMap(selectExchanges));
  if (out === undefined) process.stdout.write(module);
  else writeFileSync(out, module);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
