/**
 * `createJsonApiEmulator`: msw handlers that answer like a Flask-Restless-NG 3.3.0 server (the
 * JSON:API dialect) with the Python helper's datamodel document, built from a datamodel and rows
 * on the same database core as the classic emulator, with the same faults, latency and request
 * log. Everything it knows lives on the returned instance.
 */
import type { HttpHandler } from 'msw';
import { ValidationError } from '../../errors.js';
import type { WireValue } from '../../query/expression.js';
import { PYTHON_DEFAULT, pyDumps } from '../../query/python-json.js';
import type { Datamodel } from '../../schema/datamodel.js';
import type { JsonApiRegistration } from './api-registrations.js';
import { buildApis } from './api-registrations.js';
import { parseDatamodel } from '../../schema/parse-datamodel.js';
import type { EmulatorDb, SeedRows } from '../core/db.js';
import { EmulatorDatabase } from '../core/db.js';
import type { EmulatedServer } from '../core/emulated-server.js';
import { baseUrlOf, createNetwork, serverHandler } from '../core/emulated-server.js';
import type { EmulatorAuth, EmulatorAuthOptions } from '../core/emulator-auth.js';
import type { ModelSchema } from '../core/emulator-schema.js';
import { SchemaFacts } from '../core/emulator-schema.js';
import type { EmulatorFaults } from '../core/faults.js';
import type { ColumnProxies } from '../core/field-kind.js';
import type { RequestLog } from '../core/request-log.js';
import type { JsonApiContext } from './context.js';
import { dispatch } from './dispatch.js';
import { jsonApiAccess } from './related-rows.js';
import { statusAnswer } from './responses.js';

/** The schema facts of one model, plus what only the JSON:API server's answers depend on. */
export interface JsonApiModelSchema extends ModelSchema {
  /** Columns with an `onupdate` (set by every UPDATE): a PATCH of such a model answers 200 with the resource instead of 204 (write.md #33). */
  readonly onUpdate?: Readonly<Record<string, () => WireValue>>;
}

/** Schema facts per model class name. */
export type JsonApiEmulatorSchema = Readonly<Record<string, JsonApiModelSchema>>;

/** What the emulated NG server is made of. */
export interface JsonApiEmulatorOptions {
  /** The server root the handlers answer under, e.g. `http://localhost:5000`. */
  readonly baseUrl: string;
  /** The datamodel document (the flask-restless-datamodel form, as the Python helper serves it); JSON:API types are the collection names. */
  readonly datamodel: unknown;
  /** Rows per model class name, in wire form (as `createClassicEmulator` takes them). */
  readonly rows?: SeedRows;
  /** `page_size` of `create_api` (default 10). */
  readonly pageSize?: number;
  /** `max_page_size` of `create_api` (default 100): a larger `page[size]` is a 400. */
  readonly maxPageSize?: number;
  /** Where the API lives (default `/api`); the datamodel document is served under it. */
  readonly apiPrefix?: string;
  /**
   * More APIs of the same app over the same database, each with its own `create_api` settings
   * per model (`methods`, page sizes, client ids, to-many flags, `additional_attributes`,
   * `exclude`), as the recordings' `/api2` and `/api-fixed`.
   *
   * @example
   * apis: [{ prefix: '/api-fixed', models: { Person: { pageSize: 2, maxPageSize: 3, allowToManyReplacement: false, allowDeleteFromToMany: false }, Computer: { methods: ['GET'] } } }]
   */
  readonly apis?: readonly JsonApiRegistration[];
  /** Association proxies onto a column, per model: field -> `relation.column` (`{ Computer: { owner_name: 'owner.name' } }`); filterable, never serialized unless in `additionalAttributes`. */
  readonly columnProxies?: ColumnProxies;
  /** `additional_attributes` of `create_api`, per model: column proxies serialized as attributes. */
  readonly additionalAttributes?: Readonly<Record<string, readonly string[]>>;
  /**
   * Association proxies onto a relationship, per model: relation -> `association.target`
   * (`{ Article2: { tags: 'articletags.tag' } }`): read as the association objects' targets; a
   * write through it creates or deletes association objects.
   */
  readonly relationProxies?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** What the datamodel does not publish: UNIQUE/NOT NULL, enums, Numeric scales, identities, `onUpdate` columns. */
  readonly schema?: JsonApiEmulatorSchema;
  /** The clock behind `CURRENT_TIMESTAMP` and `onUpdate` defaults (default: the system clock). */
  readonly now?: () => Date;
  /**
   * `APIManager(include_links=True)` (default false, NG's default): every resource object gets an
   * absolute `links.self` (dropped by a sparse fieldset that does not list `self`), every
   * relationship object relative `self` and `related` links (read.md #75 to #80).
   */
  readonly includeLinks?: boolean;
  /** The Python module of the model classes, which some 404 details name (default `__main__`: `<class '__main__.Person'>`). */
  readonly modelModule?: string;
  /** Every answer comes this many milliseconds late (default 0); see also `faults`. */
  readonly latencyMs?: number;
  /** Token authentication in front of the server (off by default), as for the classic emulator. */
  readonly auth?: EmulatorAuthOptions;
}

/** An emulated Flask-Restless-NG server. */
export interface JsonApiEmulator {
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
  /** The tokens, with the `auth` option; undefined without it. */
  readonly auth: EmulatorAuth | undefined;
}

/**
 * Creates msw handlers that answer like Flask-Restless-NG 3.3.0 (page size 10, maximum 100, to-many
 * replacement and deletion allowed, no client-generated ids), byte for byte as recorded in
 * docs/protocol/jsonapi/.
 *
 * @example
 * const emulator = createJsonApiEmulator({ baseUrl: 'http://localhost:5000', datamodel, rows: { Person: [{ id: 1, name: 'Alice' }] } });
 * const server = setupServer(...emulator.handlers);
 */
export function createJsonApiEmulator(options: JsonApiEmulatorOptions): JsonApiEmulator {
  const base = baseUrlOf(options.baseUrl);
  const datamodel = parseDatamodel(options.datamodel);
  const proxies = options.columnProxies ?? {};
  const db = new EmulatorDatabase(datamodel, proxies, options.rows ?? {});
  const onUpdate: Record<string, Readonly<Record<string, () => WireValue>>> = {};
  for (const [name, facts] of Object.entries(options.schema ?? {})) if (facts.onUpdate !== undefined) onUpdate[name] = facts.onUpdate;
  const relationProxies = options.relationProxies ?? {};
  const partial = { db, datamodel, proxies, relationProxies };
  const root = base.pathname.replace(/\/+$/, '');
  const apis = buildApis(
    datamodel,
    {
      prefix: `${root}${options.apiPrefix ?? '/api'}`,
      pageSize: positiveInteger(options.pageSize, 10, 'pageSize'),
      maxPageSize: positiveInteger(options.maxPageSize, 100, 'maxPageSize'),
      additionalAttributes: options.additionalAttributes ?? {},
    },
    (options.apis ?? []).map((registration) => ({ ...registration, prefix: `${root}${registration.prefix}` })),
  );
  const main = apis[0] ?? fail('no API');
  const ctx: JsonApiContext = {
    ...partial,
    datamodelBody: pyDumps(JSON.parse(JSON.stringify(options.datamodel)) as WireValue, PYTHON_DEFAULT),
    apis,
    api: main,
    served: undefined,
    access: jsonApiAccess(partial),
    onUpdate,
    schema: new SchemaFacts(datamodel, options.schema),
    now: options.now ?? (() => new Date()),
    modelModule: options.modelModule ?? '__main__',
    includeLinks: options.includeLinks ?? false,
    origin: base.origin,
  };
  const { network, faults, requests, auth } = createNetwork({ latencyMs: options.latencyMs, auth: options.auth, loginPath: `${main.prefix}/auth` });
  const server: EmulatedServer = { answer: (request) => dispatch(request, ctx), statusAnswer };
  return { handlers: [serverHandler(base, server, network)], db, datamodel, faults, requests, auth };
}

function fail(message: string): never {
  throw new ValidationError(message);
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new ValidationError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}
