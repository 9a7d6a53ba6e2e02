/**
 * Bundles an app the way a browser build does (esbuild, platform browser, ESM, minified, code
 * splitting, rxjs external since an app has its own) and tells which chunks a page downloads when:
 * at start (the entry and what it imports statically) and after a dynamic import() has loaded a
 * lazy chunk (that chunk and its own static imports). bench/bundle.ts prints the sizes;
 * src/rpc/start-chunk.test.ts checks what the start holds.
 */
import { build, type Plugin } from 'esbuild';
import { basename, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Chunk {
  /** The file name without esbuild's content hash: `remote-engine`, `chunk`, the app's name. */
  readonly name: string;
  readonly minBytes: number;
  readonly gzipBytes: number;
  /** Minified bytes in this chunk per input file (paths relative to the repository). */
  readonly inputs: ReadonlyMap<string, number>;
  readonly staticImports: readonly string[];
  readonly dynamicImports: readonly string[];
}

export interface AppBundle {
  readonly entry: string;
  readonly chunks: ReadonlyMap<string, Chunk>;
}

export async function bundleApp(entry: string, plugins: readonly Plugin[] = []): Promise<AppBundle> {
  const result = await build({
    plugins: [...plugins],
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    platform: 'browser',
    target: 'es2022',
    external: ['rxjs', 'rxjs/*'],
    // Nothing is written: outdir only names the chunks.
    outdir: 'bundle-bench-out',
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  const contents = new Map(result.outputFiles.map((file) => [file.path, file.contents]));
  const chunks = new Map<string, Chunk>();
  let entryFile: string | undefined;
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!file.endsWith('.js')) continue;
    const bytes = contents.get(resolve(file));
    if (bytes === undefined) throw new Error(`esbuild wrote no ${file}`);
    if (output.entryPoint !== undefined && resolve(output.entryPoint) === resolve(entry)) entryFile = file;
    const inputs = new Map<string, number>();
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput > 0) inputs.set(relative(process.cwd(), resolve(input)), bytesInOutput);
    }
    const internal = output.imports.filter((imported) => imported.external !== true);
    chunks.set(file, {
      name: basename(file, '.js').replace(/-[A-Z0-9]{8}$/, ''),
      minBytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
      inputs,
      staticImports: internal.filter((imported) => imported.kind === 'import-statement').map((imported) => imported.path),
      dynamicImports: internal.filter((imported) => imported.kind === 'dynamic-import').map((imported) => imported.path),
    });
  }
  if (entryFile === undefined) throw new Error(`esbuild made no entry chunk for ${entry}`);
  return { entry: entryFile, chunks };
}

/** The chunks a page has downloaded once the lazy chunks named (`remote-engine`) have loaded. */
export function downloaded(app: AppBundle, lazyLoaded: readonly string[] = []): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of app.chunks.get(file)?.staticImports ?? []) visit(imported);
  };
  visit(app.entry);
  for (const [file, chunk] of app.chunks) if (lazyLoaded.includes(chunk.name)) visit(file);
  return seen;
}

/** The input files (relative paths) of the chunks given. */
export function inputsOf(app: AppBundle, files: Iterable<string>): Set<string> {
  const inputs = new Set<string>();
  for (const file of files) for (const input of app.chunks.get(file)?.inputs.keys() ?? []) inputs.add(input);
  return inputs;
}
