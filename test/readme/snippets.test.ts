/**
 * Every TypeScript snippet of the README compiles against the package's own sources (strict), so
 * the documentation cannot drift from the API. Each snippet becomes a module: its imports stay at
 * the top, the rest runs inside an async function, after declarations of the names the prose
 * assumes (`url`, a `client` and its models, typed by the generated models of the test server's
 * datamodel, test/generated/models.ts, as a user's codegen output would type them). Compiled with
 * the library's own strict options (`noUncheckedIndexedAccess` included). Snippets for Angular
 * (compiled by the browser tests with the example's own packages) are left out.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'node_modules', '.cache', 'readme-snippets');
/** What `import ... from './models.js'` (a user's codegen output) means in a snippet. */
const MODELS = join(ROOT, 'test', 'generated', 'models.js');

/** Names the prose takes as given, declared at module level (a snippet's own declarations shadow them). */
const DECLARED = `
declare const url: string;
declare const baseUrl: string;
declare const client: Client<Schema>;
declare const Person: Client<Schema>['models']['Person'];
declare const Computer: Client<Schema>['models']['Computer'];
declare const rows: Record<string, Array<Record<string, unknown>>>;
declare const emulator: ClassicEmulator;
declare function render(entities: readonly object[]): void;
`;

/** Imported for a snippet unless it imports the name itself. */
const AMBIENT: ReadonlyArray<readonly [string, string]> = [
  ['connect', 'SRC'], ['and', 'SRC'], ['or', 'SRC'], ['not', 'SRC'], ['bearerAuth', 'SRC'], ['basicAuth', 'SRC'],
  ['ValidationError', 'SRC'], ['SaveError', 'SRC'], ['NotFoundError', 'SRC'], ['PyFloat', 'SRC'],
  ['type Client', 'SRC'], ['type Schema', 'MODELS'], ['datamodel', 'MODELS'], ['type ClassicEmulator', 'TESTING'], ['createClassicEmulator', 'TESTING'],
  ['firstValueFrom', 'rxjs'], ['lastValueFrom', 'rxjs'], ['eachValueFrom', 'rxjs-for-await'],
  ['beforeAll', 'vitest'], ['beforeEach', 'vitest'], ['afterAll', 'vitest'], ['it', 'vitest'], ['expect', 'vitest'],
];

function snippets(): Array<{ line: number; code: string }> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const found: Array<{ line: number; code: string }> = [];
  const fence = /^```ts\n([\s\S]*?)^```/gm;
  for (let match = fence.exec(readme); match; match = fence.exec(readme)) {
    const code = match[1] ?? '';
    // Angular class members and imports: compiled with the example's packages by the browser tests.
    if (code.includes('@angular/') || code.includes('inject(')) continue;
    found.push({ line: readme.slice(0, match.index).split('\n').length, code });
  }
  return found;
}

function moduleOf(code: string): string {
  const lines = code.split('\n');
  const imports = lines.filter((line) => /^import\s/.test(line)).map((line) => line
    .replace(/from 'flask-restless-rx(\/testing)?'/, (_, sub: string | undefined) => `from '${join(ROOT, 'src', sub === undefined ? 'index.js' : 'testing/index.js')}'`)
    .replace(/from '\.\/models\.js'/, `from '${MODELS}'`));
  const body = lines.filter((line) => !/^import\s/.test(line));
  const imported = new Set(imports.flatMap((line) => [...(/\{([^}]*)\}/.exec(line)?.[1] ?? '').split(',')].map((name) => name.trim().replace(/^type\s+/, ''))));
  const ambient = AMBIENT.filter(([name]) => !imported.has(name.replace(/^type\s+/, ''))).map(([name, from]) => {
    const source = from === 'SRC' ? join(ROOT, 'src', 'index.js') : from === 'TESTING' ? join(ROOT, 'src', 'testing', 'index.js') : from === 'MODELS' ? MODELS : from;
    return `import { ${name} } from '${source}';`;
  });
  return [
    ...imports,
    ...ambient,
    DECLARED,
    'export async function snippet(): Promise<void> {',
    ...body,
    '}',
  ].join('\n');
}

it('every TypeScript snippet of the README compiles', () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const files = snippets().map(({ line, code }) => {
    const file = join(OUT, `readme-line-${line}.ts`);
    writeFileSync(file, moduleOf(code));
    return file;
  });
  expect(files.length).toBeGreaterThan(10);
  const program = ts.createProgram(files, {
    strict: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    noUnusedLocals: false,
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules', '@types')],
  });
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file !== undefined && files.includes(diagnostic.file.fileName))
    .map((diagnostic) => `${diagnostic.file?.fileName.split('/').at(-1) ?? ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
  expect(problems).toEqual([]);
}, 60_000);
