/**
 * Every `// @ts-expect-error TSnnnn: reason` of the type tests fails for its stated reason: with
 * the directives taken out, the line below each one has exactly the named diagnostic (a directive
 * alone would also be satisfied by an unrelated error, such as a typo in the test itself).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const DIRECTIVE = /\/\/ @ts-expect-error (TS\d+): /;

it('each expected type error is the one its comment names, and nothing else fails', () => {
  const configFile = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const files = readdirSync(HERE).filter((name) => name.endsWith('.test-d.ts')).map((name) => join(HERE, name));
  const expected: string[] = [];
  const sources = new Map<string, string>();
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      const code = DIRECTIVE.exec(line)?.[1];
      if (code !== undefined) expected.push(`${file.split('/').at(-1) ?? ''}:${index + 2} ${code}`);
    });
    // Blanking the directive keeps the line numbers.
    sources.set(file, lines.map((line) => (DIRECTIVE.test(line) ? '' : line)).join('\n'));
  }
  expect(expected.length).toBeGreaterThan(10);
  const host = ts.createCompilerHost({ ...options, noEmit: true });
  const readFile = host.readFile.bind(host);
  host.readFile = (path) => sources.get(path) ?? readFile(path);
  const program = ts.createProgram(files, { ...options, noEmit: true }, host);
  const actual = ts.getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file !== undefined && sources.has(diagnostic.file.fileName))
    .map((diagnostic) => {
      const file = diagnostic.file as ts.SourceFile;
      const line = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1;
      return `${file.fileName.split('/').at(-1) ?? ''}:${line} TS${diagnostic.code}`;
    });
  expect(actual.sort()).toEqual(expected.sort());
}, 60_000);
