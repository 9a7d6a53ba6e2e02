/**
 * What loading one more part of the library on first use would change, measured rather than
 * guessed: each alternative rebuilds the reads-and-saves app with one static import turned into a
 * dynamic import() (an esbuild plugin rewrites that import in the bundled copy only; the result is
 * sized, never run). A part counts only when the app that reads, opens a live list and saves does
 * not load it anyway, so each is printed as "at start" and "after the first read, live list and
 * save" (the start plus the chunk it would load then). bench/bundle.ts prints them.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';
import ts from 'typescript';
import { bundleApp, downloaded, type AppBundle } from './bundle-measure.js';

export interface Alternative {
  /** What would load on first use, and when. */
  readonly what: string;
  /** The file (under src/) whose import becomes dynamic. */
  readonly file: string;
  /** Its imports that become dynamic: names and the module they come from, as the source writes them. */
  readonly imports: readonly { readonly names: readonly string[]; readonly from: string }[];
  /** The lazy chunk esbuild names after the first of them. */
  readonly chunk: string;
  /** Whether the app that reads, opens a live list and saves loads it anyway. */
  readonly typicalAppLoadsIt: boolean;
}

export const ALTERNATIVES: readonly Alternative[] = [
  {
    what: 'the local evaluator, on the first live list',
    file: 'src/query/live-list.ts',
    imports: [{ names: ['evaluate'], from: './evaluate.js' }, { names: ['sortRecords'], from: './sort.js' }],
    chunk: 'evaluate',
    typicalAppLoadsIt: true,
  },
  { what: 'the save pipeline, on the first save', file: 'src/client.ts', imports: [{ names: ['Saver'], from: './save/saver.js' }], chunk: 'saver', typicalAppLoadsIt: true },
  {
    what: 'reconciliation of creates in doubt, on the first doubt',
    file: 'src/save/saver.ts',
    imports: [{ names: ['reconcile', 'settle'], from: './reconcile.js' }],
    chunk: 'reconcile',
    typicalAppLoadsIt: false,
  },
  {
    what: 'the datamodel validator, while connect() loads the datamodel',
    file: 'src/client.ts',
    imports: [{ names: ['parseDatamodel'], from: './schema/parse-datamodel.js' }],
    chunk: 'parse-datamodel',
    typicalAppLoadsIt: true,
  },
];

export interface AlternativeSize {
  readonly alternative: Alternative;
  /** Undefined when the import is no longer written that way (the source moved on). */
  readonly sizes?: { readonly atStart: number; readonly afterUse: number; readonly chunk: string };
}

/** Gzip bytes of the chunks given. */
function gzipOf(app: AppBundle, files: Iterable<string>): number {
  let bytes = 0;
  for (const file of files) bytes += app.chunks.get(file)?.gzipBytes ?? 0;
  return bytes;
}

function lazily(alternative: Alternative, found: { value: boolean }): Plugin {
  return {
    name: 'lazy-import',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (!args.path.replaceAll('\\', '/').endsWith(alternative.file)) return undefined;
        let source = await readFile(args.path, 'utf8');
        let rewritten = 0;
        for (const { names, from } of alternative.imports) {
          const statement = new RegExp(`import \\{ ([^}]*) \\} from '${from.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}';\\n`);
          const match = statement.exec(source);
          const imported = match?.[1]?.split(',').map((name) => name.trim()) ?? [];
          if (match === null || !names.every((name) => imported.includes(name))) continue;
          rewritten += 1;
          // Sized, never run: the names are bound once the chunk has loaded.
          const lazy = `let ${names.map((name) => `${name}: any`).join(', ')};\nvoid import('${from}').then((module) => ({ ${names.join(', ')} } = module));\n`;
          const kept = imported.filter((name) => !names.includes(name));
          // Only types left: an `import { type X }` would still load the module for its side effects.
          const typesOnly = kept.every((name) => name.startsWith('type '));
          const rest = kept.length === 0 ? '' : typesOnly ? `import type { ${kept.map((name) => name.slice('type '.length)).join(', ')} } from '${from}';\n` : `import { ${kept.join(', ')} } from '${from}';\n`;
          source = source.replace(statement, rest + lazy);
        }
        found.value = rewritten === alternative.imports.length;
        return { contents: source, loader: 'ts' };
      });
    },
  };
}

export async function measureAlternatives(entry: string): Promise<AlternativeSize[]> {
  const results: AlternativeSize[] = [];
  for (const alternative of ALTERNATIVES) {
    const found = { value: false };
    const app = await bundleApp(entry, [lazily(alternative, found)]);
    const chunk = alternative.chunk;
    if (!found.value) {
      results.push({ alternative });
      continue;
    }
    const atStart = gzipOf(app, downloaded(app));
    const afterUse = gzipOf(app, downloaded(app, alternative.typicalAppLoadsIt ? [chunk] : []));
    results.push({ alternative, sizes: { atStart, afterUse, chunk } });
  }
  return results;
}

/**
 * The start's gzip size with the text of every error the library builds replaced by '' (the first
 * argument of each `new ...Error(...)` in src/): what all its messages cost together, the most
 * that sharing their phrasing could save.
 */
export async function measureWithoutErrorTexts(entry: string): Promise<{ readonly atStart: number; readonly withoutTexts: number }> {
  const plain = await bundleApp(entry);
  const stripped = await bundleApp(entry, [
    {
      name: 'strip-error-texts',
      setup(build) {
        build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
          const source = await readFile(args.path, 'utf8');
          const file = ts.createSourceFile(args.path, source, ts.ScriptTarget.Latest, true);
          const texts: ts.Node[] = [];
          const visit = (node: ts.Node): void => {
            if (ts.isNewExpression(node) && /Error$/.test(node.expression.getText(file))) {
              const text = node.arguments?.find((argument) => ts.isStringLiteralLike(argument) || ts.isTemplateExpression(argument) || ts.isBinaryExpression(argument));
              if (text !== undefined) texts.push(text);
            }
            ts.forEachChild(node, visit);
          };
          visit(file);
          let contents = source;
          // From the end, skipping a text inside one already replaced.
          let before = Infinity;
          for (const text of texts.sort((a, b) => b.getStart(file) - a.getStart(file))) {
            if (text.getEnd() > before) continue;
            contents = `${contents.slice(0, text.getStart(file))}''${contents.slice(text.getEnd())}`;
            before = text.getStart(file);
          }
          return { contents, loader: 'ts' };
        });
      },
    },
  ]);
  return { atStart: gzipOf(plain, downloaded(plain)), withoutTexts: gzipOf(stripped, downloaded(stripped)) };
}
