/**
 * flask-restless-rx/testing: an msw emulator of a classic Flask-Restless 0.17 server
 * (with flask-restless-datamodel), for your own tests. It serves the datamodel, collections with
 * every search operator and pagination edge, single objects and relation sub-resources, with the
 * real server's status codes, headers and bodies byte for byte, including its error pages.
 *
 * Model methods and properties (`/api/method/...`, `/api/property/...`) run JavaScript
 * implementations you give (`methods`, `properties`), with the server's payloads (cereal-lazer),
 * argument binding and TypeErrors, error bodies, model instances both ways and session policy
 * (rolled back after a method unless `commitOnMethodReturn`; a property set commits):
 *
 * @example
 * const emulator = createClassicEmulator({
 *   baseUrl: 'http://localhost:5000', datamodel, rows,
 *   methods: {
 *     Person: {
 *       speak: (self, { what_to_say }) => `Errr... uh... ehm... ${String(what_to_say)}?`,
 *       rename: (self, { new_name }) => { self['name'] = String(new_name); return self['name']; },
 *       first_computer: (self, _args, session) => session.toMany(self, 'computers')[0] ?? null,
 *       explode: () => { throw new PythonError('ValueError', 'Kaboom'); },
 *     },
 *   },
 *   properties: { Person: { name_upper: { get: (self) => String(self['name']).toUpperCase() } } },
 * });
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
 * Writes (POST, PUT/PATCH, DELETE) answer as the server does, traps included: a nested object with
 * a primary key AND other keys updates that other row, a primary key that does not exist creates a
 * row with it, POST skips association proxies and `@property`s where PATCH applies them, datetime
 * offsets are dropped, a new row takes the highest id + 1. The constraints the datamodel does not
 * publish come from the `schema` option:
 *
 * @example
 * const emulator = createClassicEmulator({
 *   baseUrl: 'http://localhost:5000', datamodel, rows,
 *   schema: { Person: { unique: ['name'] }, Tag: { unique: ['name'], notNull: ['name'] } },
 *   properties: { Person: { nickname: { get: (self) => self['name'] ?? null, set: (self, value) => { self['name'] = value as string; } } } },
 * });
 *
 * Faults, for tests of what your code does when the network or the server fails: rules on
 * `emulator.faults` answer matching requests with a status (the write is not applied), drop the
 * connection (after applying the write, or before), refuse it (fetch rejects with
 * `code: 'ECONNREFUSED'`), answer late, cut the body mid-way (`truncate`), replace it
 * (`garble`), or never answer until the client aborts (`stall`); a status with `applied: true`
 * comes after the write; `latencyMs` delays every answer; `emulator.requests` lists what arrived
 * and whether it was applied:
 *
 * @example
 * emulator.faults.add({ method: 'POST', path: '/api/person', fault: { kind: 'network', applied: true } });
 * emulator.faults.add({ method: 'PUT', fault: { kind: 'status', status: 503, headers: { 'Retry-After': '1' } }, times: 2 });
 * emulator.faults.add({ method: 'POST', fault: { kind: 'network', applied: false, code: 'ECONNREFUSED' } });
 * // ... save ...
 * expect(emulator.requests.filter((r) => r.method === 'POST' && r.applied)).toHaveLength(1);
 * // msw 2.15 prints each refused connection (an EmulatedConnectionError) on stderr as well.
 *
 * Not reproduced (reads), deliberately:
 * - association proxies onto a relationship (`is_proxy: true`, like `Computer.peers`) are left out
 *   of bodies, and filters through them answer 501 (the reference server itself fails on `peers`);
 * - hybrid properties are not computed: rows carry their values (written rows compute the
 *   formulas given in `schema.hybrids`);
 * - a date filter value in a form dateutil may read but the emulator cannot vouch for (`"1999"`)
 *   answers 501 instead of guessing; `NaN`/`Infinity` in `q` (Python accepts them) are a 400;
 * - `order_by` directions other than asc/desc (`nulls_first`) answer 501;
 * - per-API settings of `create_api` (methods, include/exclude columns, per-model page sizes,
 *   `allow_functions`) are not configurable: every model behaves as in the reference app;
 * - `/api/eval` answers 501 (not emulated yet);
 * - the `Server`, `Date` and `Connection` headers are not sent.
 *
 * Not reproduced (writes), deliberately:
 * - Python code: a settable `@property` written by a PATCH runs the `set` given in `properties`
 *   (501 without one); a hybrid is recomputed only from `schema.hybrids` (else null on new rows; a
 *   float result prints as an int); hybrids are taken to have no setter (writing one is the
 *   unknown-field 400); collection proxies create rows with the default creator
 *   (`Target(column=value)`); a scalar proxy without a related row accepts only null;
 * - association proxies onto a relationship (`peers`) in a body answer 501, and the server's HTML
 *   500 when a write's answer serializes `peers` is not reproduced (the emulator leaves it out);
 * - what the server commits but then cannot read back answers 501 instead of poisoning the data:
 *   a polymorphic identity neither the datamodel nor `schema.identity` names (null included when
 *   the identity is known), `CURRENT_DATE` in a DateTime column, `inf`/`nan` for Float/Numeric (an
 *   Enum value outside `schema.enums` IS reproduced: stored, then every read of the row fails);
 * - a date string dateutil may read but the emulator cannot vouch for, and NaN/Infinity in a body
 *   (Python's json reads them), answer 501; JSON numbers lose their float-ness (`2.0` reaches a
 *   text or JSON column as `2`);
 * - constraints are what `schema` declares (UNIQUE, NOT NULL), plus primary keys and link tables;
 *   foreign keys are not enforced, as on SQLite. They are checked at commit, so a request that
 *   also fails in a way the server's flush would have met first may get the other answer;
 * - the order of Python sets: a PATCH sets settable properties first, then the other fields in
 *   body order; relations follow body order (nested objects: alphabetical, as `dir()`); this shows
 *   only when one request writes the same column twice or creates rows of one table in two places;
 * - one-to-many relations behave as `lazy="dynamic"` ones (the reference app's): removing a row that
 *   is not a child still nulls its key, where a list relationship would answer 500;
 * - names Python finds on every model class (`query`, `metadata`, dunder names) are unknown fields
 *   here; a POST on the server silently ignores them;
 * - faults and latency are the emulator's own: the server has neither.
 *
 * Not reproduced (RPC), deliberately:
 * - implementations are yours: the datamodel has signatures, not code (nor default values: a
 *   defaulted parameter that was not passed is absent from `args`), and a listed method or
 *   property without an implementation answers 501;
 * - `Computer.peers`-like proxies are left out of model instances, as of GET bodies;
 * - a whole float argument (`2.0`) reaches an implementation as the number 2 and goes back as an
 *   int; a JS Set iterates in insertion order where a Python set uses hash order;
 * - keyword-only parameters cannot be told from the datamodel: they bind like the others;
 * - a model argument without a primary key that sets a relation or a proxy answers 501, as do
 *   payloads whose `args` is not a list or whose `kwargs` is not a dict (the server's TypeError
 *   there names the Python module) and results holding a LargeBinary value;
 * - an implementation changes rows by assigning their columns; it cannot add or delete rows, and
 *   a model argument without a primary key is never stored; hybrids of such an argument are null;
 * - implementations are synchronous; a result no Python value stands for (a function) or a
 *   promise is a test error (msw's 500 "Unhandled Exception"), not a server answer.
 *
 * `createJsonApiEmulator` serves the same database as Flask-Restless-NG 3.3.0 does
 * (docs/protocol/jsonapi/). Not reproduced there, deliberately:
 * - the order of `included` and of some `Allow` headers (Python sets on the server);
 * - a "Statement Error" detail stops after its first line (the server goes on with the SQL and a
 *   parameter dict in no stable order); date text is read in ISO 8601 and the forms JavaScript's
 *   parser also reads (dateutil reads more; anything else is the HTML 500 of its ParserError);
 * - model methods and properties (NG has no route for them), and association proxies onto a
 *   relationship without a `relationProxies` path (left out of bodies).
 */

// The emulator
/** Creates msw handlers and a database that together emulate a classic server. */
export { createClassicEmulator } from './classic/emulator.js';
export type { ClassicEmulator, ClassicEmulatorOptions } from './classic/emulator.js';

/**
 * Creates msw handlers and a database that together emulate a Flask-Restless-NG 3.3.0 server (the
 * JSON:API dialect), with the same database, faults, latency and request log as the classic one.
 */
export { createJsonApiEmulator } from './jsonapi/emulator.js';
export type { JsonApiEmulator, JsonApiEmulatorOptions, JsonApiEmulatorSchema, JsonApiModelSchema } from './jsonapi/emulator.js';

// Its database
export type { EmulatorDb, EmulatorRow, SeedRows } from './core/db.js';
/** What the datamodel does not publish about the tables: constraints, enum values, scales, identities, hybrid formulas. */
export type { EmulatorSchema, ModelSchema } from './core/emulator-schema.js';

// Faults and the request log
/** Fault rules (`emulator.faults.add(rule)`): a status, a dropped or refused connection, a delay, a cut or garbled body, a stall. */
export type { ConnectionErrorCode, EmulatorFaults, Fault, FaultHandle, FaultRule, GarbledBody } from './core/faults.js';
/** `emulator.requests`: what arrived, in order, and whether it was applied. */
export type { LoggedRequest, RequestLog } from './core/request-log.js';
/** The error of a connection refused by a fault, as fetch rejects with it (`code`, `errno`). */
export { EmulatedConnectionError } from './core/serve.js';
/** Association proxies onto a column, per model: field -> `relation.column`. */
export type { ColumnProxies } from './core/field-kind.js';

// Authentication (opt-in)
/** The `auth` option (token login at `<api>/auth`, bearer tokens on every request) and `emulator.auth`. */
export type { EmulatorAuth, EmulatorAuthOptions } from './core/emulator-auth.js';

// Model methods and properties (RPC)
/** A Python exception for an emulated method or property to raise: `new PythonError('ValueError', 'boom')`. */
export { PythonError } from './classic/python-error.js';
/** What emulated methods and properties receive and what the `methods`/`properties` options take. */
export type { MethodImplementation, PropertyImplementation, RpcMethods, RpcProperties, RpcRow, RpcSession } from './classic/rpc-implementations.js';
/** A call's arguments bound by parameter name, as Python binds them. */
export type { RpcArguments } from './classic/rpc-binding.js';
