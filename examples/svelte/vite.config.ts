import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * One setting picks the server: without RESTLESS_SERVER the app talks to the msw emulator in the
 * page; with `RESTLESS_SERVER=http://127.0.0.1:5000 npm run dev` the dev server proxies /api to
 * that Flask-Restless server (and a build made with it set leaves the emulator out).
 */
const server = process.env['RESTLESS_SERVER'];

export default defineConfig({
  plugins: [svelte()],
  define: { __USE_EMULATOR__: JSON.stringify(server === undefined) },
  // The library is linked from ../.. (file:), whose own node_modules hold rxjs and msw too: one
  // copy of each, or observables and msw handlers from two copies would meet.
  resolve: { dedupe: ['rxjs', 'msw'] },
  server: server === undefined ? {} : { proxy: { '/api': { target: server, changeOrigin: true } } },
  build: { target: 'es2022' },
});
