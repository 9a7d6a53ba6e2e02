/**
 * Bundle size benchmark (printed, never asserted): the min+gzip size of two browser apps bundled
 * with esbuild (platform browser, ESM, code splitting, rxjs external since an app has its own):
 * one that reads and saves, one that also calls remote methods. "At start" is what the page loads
 * before the app runs; "with lazy chunks" adds the chunks a dynamic import() loads on first use.
 * Lazy chunks: remote-engine (the codec, msgpack and the RPC routes: first remote call or
 * property read) and browser-ponyfill (cross-fetch: only where there is no global fetch, so never
 * in a browser). Target: the library's share for reads and saves <= 25 KB gzip.
 * Run: npx tsx bench/bundle.ts
 */
import { build, type Metafile } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const APPS = ['bench/bundle-apps/reads-and-saves.ts', 'bench/bundle-apps/with-remote-methods.ts'];

interface Sizes {
  readonly startGzip: number;
  readonly totalGzip: number;
  readonly startMin: number;
  readonly chunks: number;
  /** Lazily loaded files by name (hash removed) with their gzip size. */
  readonly lazy: string[];
}

async function measure(entry: string): Promise<Sizes> {
  const outdir = mkdtempSync(join(tmpdir(), 'bundle-bench-'));
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'esm',
      splitting: true,
      platform: 'browser',
      target: 'es2022',
      external: ['rxjs', 'rxjs/*'],
      outdir,
      metafile: true,
      logLevel: 'error',
    });
    const outputs = result.metafile.outputs;
    const start = startChunks(outputs);
    let startGzip = 0;
    let startMin = 0;
    let totalGzip = 0;
    const lazy: string[] = [];
    for (const file of Object.keys(outputs)) {
      const bytes = readFileSync(file);
      const gzip = gzipSync(bytes, { level: 9 }).length;
      totalGzip += gzip;
      if (start.has(file)) {
        startGzip += gzip;
        startMin += bytes.length;
      } else {
        lazy.push(`${basename(file).replace(/-[A-Z0-9]{8}\.js$/, '')} ${kb(gzip)}`);
      }
    }
    return { startGzip, totalGzip, startMin, chunks: Object.keys(outputs).length, lazy };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The entry chunk and the chunks it imports statically (what loads before the app runs). */
function startChunks(outputs: Metafile['outputs']): Set<string> {
  const entry = Object.keys(outputs).find((file) => outputs[file]?.entryPoint !== undefined);
  const seen = new Set<string>();
  const visit = (file: string | undefined): void => {
    if (file === undefined || seen.has(file)) return;
    seen.add(file);
    for (const imported of outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entry);
  return seen;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

console.log('Bundle sizes (esbuild, platform browser, minified, gzip -9, rxjs external):');
for (const app of APPS) {
  const sizes = await measure(app);
  console.log(
    `  ${basename(app, '.ts').padEnd(20)} at start ${kb(sizes.startGzip)} gzip (${kb(sizes.startMin)} min); ` +
      `with lazy chunks ${kb(sizes.totalGzip)} gzip (${sizes.lazy.join(', ')})`,
  );
}
