/**
 * The msw emulator of the classic server, in the page (msw's service worker at
 * /mockServiceWorker.js, copied by `npx msw init public`), seeded as the repository's test server.
 */
import { getResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import { createSeededEmulator } from '../../../mocks/emulator.js';

export async function startEmulator(): Promise<void> {
  const emulator = createSeededEmulator(location.origin);
  // The emulator answers everything under its baseUrl; the app's own files share the origin.
  const api = http.all(
    ({ request }) => new URL(request.url).pathname.startsWith('/api/'),
    // The cast: in this repository the emulator's msw types come from ../../node_modules, the
    // worker's from ./node_modules (one runtime copy: vite.config.ts dedupes msw).
    ({ request }) => getResponse(emulator.handlers as unknown as Parameters<typeof getResponse>[0], request),
  );
  await setupWorker(api).start({ onUnhandledRequest: 'bypass', quiet: true });
}
