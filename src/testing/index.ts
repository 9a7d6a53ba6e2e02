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
 * Not reproduced (reads), deliberately:
 * - association proxies onto a relationship (`is_proxy: true`, like `Computer.peers`) are left out
 *   of bodies, and filters through them answer 501 (the reference server itself fails on `peers`);
 * - hybrid properties are not computed: rows carry their values;
 * - a date filter value in a form dateutil may read but the emulator cannot vouch for (`"1999"`)
 *   answers 501 instead of guessing; `NaN`/`Infinity` in `q` (Python accepts them) are a 400;
 * - `order_by` directions other than asc/desc (`nulls_first`) answer 501;
 * - per-API settings of `create_api` (methods, include/exclude columns, per-model page sizes,
 *   `allow_functions`) are not configurable: every model behaves as in the reference app;
 * - writes, RPC (`/api/method`, `/api/property`) and `/api/eval` answer 501 (not emulated yet);
 * - the `Server`, `Date` and `Connection` headers are not sent.
 */

// The emulator
/** Creates msw handlers and a database that together emulate a classic server. */
export { createClassicEmulator } from './emulator.js';
export type { ClassicEmulator, ClassicEmulatorOptions } from './emulator.js';

// Its database
export type { EmulatorDb, EmulatorRow, SeedRows } from './db.js';
/** Association proxies onto a column, per model: field -> `relation.column`. */
export type { ColumnProxies } from '../dialect/classic/field-kind.js';
