/**
 * The msw emulator of the classic server inside the page (msw's service worker): the page's
 * requests to its own origin's /api are answered by `createClassicEmulator` from
 * flask-restless-rx/testing, seeded as the reference server is. Loaded only for ?target=emulator.
 */
import { getResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import { createSeededEmulator } from '../../../mocks/emulator.js';

export async function startEmulator(): Promise<void> {
  const emulator = createSeededEmulator(location.origin);
  // The emulator answers everything under its baseUrl (a Flask 404 for unknown paths), and the
  // page's own files (its lazily loaded chunks) come from the same origin: hand it /api only.
  const api = http.all(
    ({ request }) => new URL(request.url).pathname.startsWith('/api/'),
    ({ request }) => getResponse(emulator.handlers, request),
  );
  const worker = setupWorker(api);
  await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
}
