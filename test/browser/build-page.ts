/**
 * Bundles test/browser/page for the browser with esbuild (platform browser, ESM, code splitting
 * so that the RPC code and the emulator load as chunks), into memory, and adds index.html and
 * msw's service worker (the file `npx msw init` copies, taken from the installed msw).
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, 'page-out');

export async function buildPage(): Promise<Map<string, Uint8Array | string>> {
  const result = await build({
    entryPoints: [join(HERE, 'page', 'main.ts')],
    bundle: true,
    format: 'esm',
    splitting: true,
    platform: 'browser',
    target: 'es2022',
    outdir: OUT,
    write: false,
    sourcemap: 'inline',
    logLevel: 'error',
  });
  const files = new Map<string, Uint8Array | string>();
  for (const file of result.outputFiles) files.set(`/${relative(OUT, file.path).split('\\').join('/')}`, file.contents);
  files.set('/index.html', readFileSync(join(HERE, 'page', 'index.html'), 'utf8'));
  files.set('/mockServiceWorker.js', mockServiceWorker());
  return files;
}

/** msw's worker script, from the msw this repository installed (its version matches msw's code). */
export function mockServiceWorker(): string {
  const require = createRequire(import.meta.url);
  const mswRoot = dirname(require.resolve('msw/package.json'));
  return readFileSync(join(mswRoot, 'lib', 'mockServiceWorker.js'), 'utf8');
}
