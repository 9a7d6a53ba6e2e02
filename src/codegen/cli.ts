/**
 * `flask-restless-rx codegen <url-or-file> [-o models.ts] [--check] [--library <specifier>]`:
 * the command line over generateModels. A source that is an existing file is read as the datamodel
 * JSON; anything else is a server url, loaded by `connect` itself (same url rules, `auth` from the
 * RESTLESS_CLIENT_* environment), so there is one HTTP client in the package, not two.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from '../client.js';
import { RestlessError } from '../errors.js';
import { generateModels } from './generate.js';

const USAGE = 'usage: flask-restless-rx codegen <url-or-file> [-o models.ts] [--check] [--library flask-restless-rx]';

interface Arguments {
  readonly source: string;
  readonly out: string | undefined;
  readonly check: boolean;
  readonly library: string | undefined;
}

/** Where the text goes: the process's streams in the bin, buffers in tests. */
export interface Console {
  out(text: string): void;
  err(text: string): void;
}

/** Runs the command; resolves to the exit code (0 done, 1 out of date, 2 usage or load failure). */
export async function runCli(argv: readonly string[], console: Console): Promise<number> {
  const parsed = parseArguments(argv);
  if (typeof parsed === 'string') {
    console.err(`${parsed}\n${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    const raw = existsSync(parsed.source) ? (JSON.parse(readFileSync(parsed.source, 'utf8')) as unknown) : (await connect({ url: parsed.source })).datamodel.raw;
    text = generateModels(raw, { command: commandLine({ ...parsed, check: false }), ...(parsed.library !== undefined ? { library: parsed.library } : {}) });
  } catch (error) {
    // RestlessError messages carry no credentials (errors.ts); other errors are file and JSON ones.
    console.err(`codegen: ${error instanceof RestlessError || error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (parsed.check) {
    if (parsed.out === undefined) {
      console.err(`--check needs -o <file>\n${USAGE}\n`);
      return 2;
    }
    const current = existsSync(parsed.out) ? readFileSync(parsed.out, 'utf8') : undefined;
    if (current === text) return 0;
    console.err(`${parsed.out} is out of date: regenerate it with ${commandLine({ ...parsed, check: false })}\n`);
    return 1;
  }
  if (parsed.out === undefined) console.out(text);
  else writeFileSync(parsed.out, text);
  return 0;
}

function parseArguments(argv: readonly string[]): Arguments | string {
  const [command, ...rest] = argv;
  if (command !== 'codegen') return command === undefined ? 'no command given' : `unknown command ${JSON.stringify(command)}`;
  let source: string | undefined;
  let out: string | undefined;
  let library: string | undefined;
  let check = false;
  for (let index = 0; index < rest.length; index++) {
    const argument = rest[index] ?? '';
    if (argument === '--check') check = true;
    else if (argument === '-o' || argument === '--out') out = rest[++index];
    else if (argument === '--library') library = rest[++index];
    else if (argument.startsWith('-')) return `unknown option ${JSON.stringify(argument)}`;
    else if (source === undefined) source = argument;
    else return `unexpected argument ${JSON.stringify(argument)}`;
  }
  if (source === undefined) return 'no url or file given';
  if ((out === undefined && rest.some((a) => a === '-o' || a === '--out')) || (library === undefined && rest.includes('--library'))) return 'an option lacks its value';
  return { source, out, check, library };
}

/** The command that regenerates the file, for its header (a url's credentials, if any, left out). */
function commandLine(parsed: Arguments): string {
  const source = /^[a-z]+:\/\//i.test(parsed.source) ? withoutCredentials(parsed.source) : parsed.source;
  return ['npx flask-restless-rx codegen', source, ...(parsed.out !== undefined ? ['-o', parsed.out] : []), ...(parsed.library !== undefined ? ['--library', parsed.library] : []), ...(parsed.check ? ['--check'] : [])].join(' ');
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}
