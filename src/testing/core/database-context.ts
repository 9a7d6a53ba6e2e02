/**
 * What the dialect-neutral core of the emulator (the database and its write sessions) reads about
 * the emulated server: its datamodel, its tables, the column proxies and the schema facts the
 * datamodel does not publish. A dialect's own request context extends it.
 */
import type { Datamodel } from '../../schema/datamodel.js';
import type { EmulatorDatabase } from './db.js';
import type { SchemaFacts } from './emulator-schema.js';
import type { ColumnProxies } from './field-kind.js';

export interface DatabaseContext {
  readonly datamodel: Datamodel;
  readonly db: EmulatorDatabase;
  readonly proxies: ColumnProxies;
  /** What the datamodel does not say about the tables: constraints, enums, scales, hybrids. */
  readonly schema: SchemaFacts;
}
