/**
 * Everything a client needs for remote methods and properties that reads and saves do not: the
 * codec (cereal-lazer over msgpack), the model resolver and the RPC routes. Loaded by
 * remote-loader.ts with a dynamic import(), so an app that never calls the server's Python code
 * does not download it.
 */
import type { RowReader } from '../dialect/dialect.js';
import type { ColumnCodec } from '../schema/column-codec.js';
import type { Datamodel } from '../schema/datamodel.js';
import type { EntityStore } from '../store/entity-store.js';
import type { HttpClient } from '../transport/http.js';
import { Codec } from './codec/codec.js';
import type { TypeCodec } from './codec/type-registry.js';
import { entityResolver } from './entity-resolver.js';
import { Remote } from './remote.js';

export interface RemoteEngineOptions {
  readonly http: HttpClient;
  readonly store: EntityStore;
  readonly datamodel: Datamodel;
  /** The server's column formats; its time zone is the codec's too. */
  readonly columns: ColumnCodec;
  /** How model instances in results read as rows (the classic serialization). */
  readonly rows: RowReader;
  readonly strict: boolean;
  readonly apiBase: string;
  /** The user's types, in registration order, registered on the new codec before any use. */
  readonly types: Iterable<readonly [string, TypeCodec<unknown>]>;
}

export interface RemoteEngine {
  readonly codec: Codec;
  readonly remote: Remote;
}

export function createRemoteEngine(options: RemoteEngineOptions): RemoteEngine {
  const { store, datamodel, columns } = options;
  const codec = new Codec({ timeZone: columns.timeZone, strict: options.strict, models: entityResolver(datamodel, { store, codec: columns, rows: options.rows }) });
  for (const [name, type] of options.types) codec.register(name, type);
  const remote = new Remote({ http: options.http, store, codec, apiBase: options.apiBase });
  return { codec, remote };
}
