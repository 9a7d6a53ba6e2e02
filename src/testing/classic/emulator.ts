/**
 * `createClassicEmulator`: msw handlers that answer like a Flask-Restless 0.17 server with
 * flask-restless-datamodel, built from a datamodel and rows. Everything the emulator knows lives on
 * the returned instance, so two emulators (two servers) can run side by side.
 */
import type { HttpHandler } from 'msw';
import { ValidationError } from '../../errors.js';
import type { WireValue } from '../../query/expression.js';
import { PYTHON_DEFAULT, pyDumps } from '../../query/python-json.js';
import type { Datamodel } from '../../schema/datamodel.js';
import { parseDatamodel } from '../../schema/parse-datamodel.js';
import type { EmulatorDb, SeedRows } from '../core/db.js';
import { EmulatorDatabase } from '../core/db.js';
import type { EmulatedServer } from '../core/emulated-server.js';
import { baseUrlOf, createNetwork, serverHandler } from '../core/emulated-server.js';
import type { EmulatorAuth, EmulatorAuthOptions } from '../core/emulator-auth.js';
import type { EmulatorSchema } from '../core/emulator-schema.js';
import { SchemaFacts } from '../core/emulator-schema.js';
import type { EmulatorFaults } from '../core/faults.js';
import type { ColumnProxies } from '../core/field-kind.js';
import type { RequestLog } from '../core/request-log.js';
import { rowAccess } from '../core/row-access.js';
import type { EmulatorContext } from './context.js';
import { dispatch } from './dispatch.js';
import { respond } from './responses.js';
import type { RpcMethods, RpcProperties } from './rpc-implementations.js';
import { RpcImplementations } from './rpc-implementations.js';

/** What the emulated server is made of. */
export interface ClassicEmulatorOptions {
  /** The server root the handlers answer under, e.g. `http://localhost:5000`. */
  readonly baseUrl: string;
  /**
   * The datamodel document (as GET <url_prefix>/flask-restless-datamodel returns it). It is served
   * back as Python's `json.dumps` writes it, keys in the given order.
   */
  readonly datamodel: unknown;
  /**
   * Rows per model class name, in wire form (the values a GET body carries). A to-one relation
   * comes from its foreign key column; a many-to-many relation is a list of related primary keys
   * given on either side; a subclass's rows may be listed under the subclass or under its parent
   * with the discriminator set.
   */
  readonly rows?: SeedRows;
  /** `results_per_page` when the request gives none (default 10, as `create_api`). */
  readonly pageSize?: number;
  /** The cap on `results_per_page` (default 100). */
  readonly maxPageSize?: number;
  /**
   * Association proxies onto a column, per model: field -> `relation.column`, e.g.
   * `{ Computer: { owner_name: 'owner.name' } }`. They can be filtered on and never appear in
   * bodies, as on the real server; the datamodel alone cannot tell them from columns.
   */
  readonly columnProxies?: ColumnProxies;
  /** Where the datamodel and the RPC routes live (default `/api`). */
  readonly apiPrefix?: string;
  /** The clock behind `CURRENT_DATE`/`CURRENT_TIMESTAMP` in filters and writes (default: the system clock). */
  readonly now?: () => Date;
  /**
   * What the datamodel does not publish about the tables, per model class name: UNIQUE and NOT
   * NULL constraints (writes that break them answer `400 {"message": "IntegrityError"}`), Enum
   * values, Numeric scales, a polymorphic base's own identity, hybrid properties' formulas.
   *
   * @example
   * schema: { Person: { unique: ['name'] }, Tag: { unique: ['name'], notNull: ['name'] }, Employee: { identity: 'employee' } }
   */
  readonly schema?: EmulatorSchema;
  /** Every answer comes this many milliseconds late (default 0); see also `faults`. */
  readonly latencyMs?: number;
  /**
   * Model methods, served at `<api>/method/<collection>/<pk>/<name>`: per model class name, per
   * method the datamodel lists, `(self, args, session) => result`. `self` is the row (assign its
   * columns to change it), `args` the call's arguments bound by parameter name as Python binds
   * them (defaults are yours to apply), `session` reaches other rows. Throw a `PythonError` to
   * raise a Python exception. A subclass row finds its parents' methods. A listed method without
   * an implementation answers 501.
   *
   * @example
   * methods: {
   *   Person: {
   *     speak: (self, { what_to_say }) => `Errr... uh... ehm... ${String(what_to_say)}?`,
   *     describe: (self, { prefix = 'Person', suffix = '!' }) => `${String(prefix)} ${String(self['name'])}${String(suffix)}`,
   *     first_computer: (self, _args, session) => session.toMany(self, 'computers')[0] ?? null,
   *   },
   * }
   */
  readonly methods?: RpcMethods;
  /**
   * Python `@property`s, served at `<api>/property/<collection>/<pk>/<name>`: per model, per
   * property the datamodel lists, `{ get(self, session), set?(self, value, session) }` (`set`
   * only for the ones it lists as settable; a set is committed).
   *
   * @example
   * properties: { Person: { nickname: { get: (self) => self['name'] ?? null, set: (self, value) => { self['name'] = String(value); } } } }
   */
  readonly properties?: RpcProperties;
  /**
   * Keep what a method changed (`DataModel(commit_on_method_return=True)`); by default the
   * server rolls the session back after every method call (docs/protocol/classic/rpc.md #38-#41).
   */
  readonly commitOnMethodReturn?: boolean;
  /**
   * Token authentication in front of the server (off by default): POST `<apiPrefix>/auth` with a
   * form `username` and `password` answers `{"access_token": ...}` or 401, and every other request
   * needs `Authorization: Bearer <token>` with a token that has not expired, else 401.
   *
   * @example
   * auth: { username: 'roy', password: 'hunter2', tokenTtlMs: 60_000 }
   */
  readonly auth?: EmulatorAuthOptions;
}

/** An emulated classic server. */
export interface ClassicEmulator {
  /** Give these to msw's `setupServer` (Node) or `setupWorker` (browser). */
  readonly handlers: HttpHandler[];
  /** The emulated database: inspect, add, change or reset rows between requests. */
  readonly db: EmulatorDb;
  /** The validated datamodel the emulator serves. */
  readonly datamodel: Datamodel;
  /** Fault injection: answer given requests with a status, a dropped connection, or late. */
  readonly faults: EmulatorFaults;
  /** Every request that reached the emulator, in order, and whether it was applied. */
  readonly requests: RequestLog;
  /** The tokens, with the `auth` option (`expireAll()`); undefined without it. */
  readonly auth: EmulatorAuth | undefined;
}

/**
 * Creates msw handlers that emulate a classic Flask-Restless server (reads, writes, and model
 * methods and properties from the implementations given). Responses match the real
 * server's byte for byte; the `flask-restless-rx/testing` module documentation lists what is not
 * reproduced.
 *
 * @example
 * import { setupServer } from 'msw/node';
 * import { createClassicEmulator } from 'flask-restless-rx/testing';
 *
 * const emulator = createClassicEmulator({
 *   baseUrl: 'http://localhost:5000',
 *   datamodel,
 *   rows: { Person: [{ id: 1, name: 'Alice', birth_date: '1990-01-15' }] },
 * });
 * const server = setupServer(...emulator.handlers);
 * server.listen();
 */
export function createClassicEmulator(options: ClassicEmulatorOptions): ClassicEmulator {
  const base = baseUrlOf(options.baseUrl);
  const datamodel = parseDatamodel(options.datamodel);
  const proxies = options.columnProxies ?? {};
  checkProxies(datamodel, proxies);
  const db = new EmulatorDatabase(datamodel, proxies, options.rows ?? {});
  const ctx: EmulatorContext = {
    base: base.href.replace(/\/+$/, ''),
    datamodel,
    datamodelBody: pyDumps(JSON.parse(JSON.stringify(options.datamodel)) as WireValue, PYTHON_DEFAULT),
    apiPrefix: options.apiPrefix ?? '/api',
    db,
    access: rowAccess(db, datamodel, proxies),
    proxies,
    pageSize: positiveInteger(options.pageSize, 10, 'pageSize'),
    maxPageSize: positiveInteger(options.maxPageSize, 100, 'maxPageSize'),
    now: options.now ?? (() => new Date()),
    schema: new SchemaFacts(datamodel, options.schema),
    rpc: { implementations: new RpcImplementations(datamodel, options.methods, options.properties), commitOnMethodReturn: options.commitOnMethodReturn ?? false },
  };
  const { network, faults, requests, auth } = createNetwork({ latencyMs: options.latencyMs, auth: options.auth, loginPath: `${ctx.base.slice(base.origin.length)}${ctx.apiPrefix}/auth` });
  const server: EmulatedServer = { answer: (request) => dispatch(request, ctx), statusAnswer: respond };
  return { handlers: [serverHandler(base, server, network)], db, datamodel, faults, requests, auth };
}
function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new ValidationError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

function checkProxies(datamodel: Datamodel, proxies: ColumnProxies): void {
  for (const [modelName, fields] of Object.entries(proxies)) {
    const model = datamodel.models.get(modelName);
    if (model === undefined) throw new ValidationError(`columnProxies: the datamodel has no model "${modelName}"`, { model: modelName });
    for (const [field, path] of Object.entries(fields)) {
      const where = { model: modelName, field };
      if (!model.attributes.has(field)) throw new ValidationError(`columnProxies: ${modelName} has no attribute "${field}" (the datamodel lists column proxies as attributes)`, where);
      const [relationName = '', column = '', ...rest] = path.split('.');
      const relation = model.relations.get(relationName);
      const target = relation === undefined ? undefined : datamodel.models.get(relation.target);
      if (rest.length > 0 || relation === undefined || target === undefined || !target.attributes.has(column)) {
        throw new ValidationError(`columnProxies: ${modelName}.${field} must map to "relation.column" of ${modelName}, got ${JSON.stringify(path)}`, where);
      }
    }
  }
}
