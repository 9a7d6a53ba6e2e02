// Builds the app with esbuild in JIT mode (@angular/compiler in the bundle): a small, fast build
// for this example and its browser test; an app of your own would use the Angular CLI (AOT).
// RESTLESS_SERVER set: the build talks to /api on its origin (a proxy to that server) instead of
// starting the msw emulator in the page.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = process.argv[2] ?? join(here, 'dist');
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

// One copy of rxjs and msw: the library is linked from ../.., whose node_modules hold them too.
const oneCopy = {
  name: 'one-copy',
  setup(b) {
    b.onResolve({ filter: /^(rxjs|msw)(\/.*)?$/ }, (args) =>
      args.resolveDir.startsWith(here) ? undefined : b.resolve(args.path, { kind: args.kind, resolveDir: here }),
    );
  },
};

await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  outdir,
  tsconfig: join(here, 'tsconfig.json'),
  define: { __USE_EMULATOR__: JSON.stringify(process.env.RESTLESS_SERVER === undefined) },
  plugins: [oneCopy],
  logLevel: 'warning',
});
cpSync(join(here, 'public'), outdir, { recursive: true });
cpSync(join(here, 'src', 'index.html'), join(outdir, 'index.html'));
