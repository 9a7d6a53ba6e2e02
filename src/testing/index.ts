/**
 * flask-restless-rx/testing: an msw emulator of a classic Flask-Restless 0.17 server
 * (with flask-restless-datamodel), for your own tests. It serves the datamodel, collections with
 * every search operator and pagination edge, single objects and relation sub-resources, with the
 * real server's status codes, headers and bodies byte for byte, including its error pages.
 *
 * @example
 * import { setupServer } from 'msw/node';
 * import { createClassicEmulator } from 'flask-restless-rx/testing';
 *
 * const emulator = createClassicEmulator({ baseUrl: 'http://localhost:5000', datamodel, rows });
 * const server = setupServer(...emulator.handlers);
 * beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
 * beforeEach(() => emulator.db.reset());
 * afterAll(() => server.close());
 *
 * Not reproduced (reads): association proxies onto a relationship (`is_proxy: true`) are left out
 * of bodies; Python hybrids come from the rows as given; dateutil forms other than the common ones
 * answer 501; `/api/eval`, RPC and writes answer 501 (not emulated yet).
 */

// The emulator
/** Creates msw handlers and a database that together emulate a classic server. */
export { createClassicEmulator } from './emulator.js';
export type { ClassicEmulator, ClassicEmulatorOptions } from './emulator.js';

// Its database
export type { EmulatorDb, EmulatorRow, SeedRows } from './db.js';
/** Association proxies onto a column, per model: field -> `relation.column`. */
export type { ColumnProxies } from '../dialect/classic/field-kind.js';
