/**
 * Everything a request handler of the emulator reads: built once by `createClassicEmulator`,
 * never mutated (the database is the only state, and it lives on the emulator instance).
 */
import type { ColumnProxies } from '../core/field-kind.js';
import type { RecordAccess } from '../../query/expression.js';
import type { Datamodel } from '../../schema/datamodel.js';
import type { DatabaseContext } from '../core/database-context.js';
import type { EmulatorDatabase, StoredRow } from '../core/db.js';
import type { SchemaFacts } from '../core/emulator-schema.js';
import type { RpcImplementations } from './rpc-implementations.js';

export interface EmulatorContext extends DatabaseContext {
  /** The server root, without a trailing slash (`http://localhost:5000`). */
  readonly base: string;
  readonly datamodel: Datamodel;
  /** The datamodel response body: Python `json.dumps` of the raw document. */
  readonly datamodelBody: string;
  /** Where the datamodel, RPC and function routes live (`/api`). */
  readonly apiPrefix: string;
  readonly db: EmulatorDatabase;
  /** How the evaluator reads stored rows (column proxies included). */
  readonly access: RecordAccess<StoredRow>;
  readonly proxies: ColumnProxies;
  readonly pageSize: number;
  readonly maxPageSize: number;
  readonly now: () => Date;
  /** What the datamodel does not say about the tables: constraints, enums, scales, hybrids. */
  readonly schema: SchemaFacts;
  /** Emulated model methods and properties, and the session policy after a method call. */
  readonly rpc: { readonly implementations: RpcImplementations; readonly commitOnMethodReturn: boolean };
}
