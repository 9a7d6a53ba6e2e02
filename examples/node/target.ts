/**
 * Where the Node examples read and write: the server at RESTLESS_URL (auth from the
 * RESTLESS_CLIENT_* variables, as `connect` reads them), or else the built-in emulator of the
 * reference server (flask-restless-rx/testing), in this process through msw, seeded as the demo's.
 */
import { setupServer } from 'msw/node';
import { connect, type Client } from '../../src/index.js';
import { createSeededEmulator } from '../../mocks/emulator.js';

export interface Target {
  readonly client: Client;
  /** Where it is, for messages. */
  readonly where: string;
  close(): void;
}

/**
 * `empty`: on the emulator, start from an empty database (an import of what an export wrote would
 * otherwise collide with the rows it came from). A real server is used as it is.
 */
export async function openTarget(options: { readonly empty?: boolean } = {}): Promise<Target> {
  // A short gcTimeMs: rows the loop has passed leave the store, so memory stays flat however long the collection.
  const settings = { gcTimeMs: 0 };
  const url = process.env['RESTLESS_URL'];
  if (url !== undefined && url !== '') {
    return { client: await connect({ url, ...settings }), where: url, close: () => undefined };
  }
  const base = 'http://emulator.local';
  const emulator = createSeededEmulator(base);
  if (options.empty === true) emulator.db.clear();
  const server = setupServer(...emulator.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  try {
    return { client: await connect({ url: base, ...settings }), where: `the built-in emulator${options.empty === true ? ' (empty)' : ''}`, close: () => server.close() };
  } catch (error) {
    server.close();
    throw error;
  }
}
