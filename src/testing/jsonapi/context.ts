/**
 * Everything a view of the JSON:API emulator reads: built once by `createJsonApiEmulator`, never
 * mutated (the database is the only state, and it lives on the emulator instance).
 */
import type { RecordAccess, WireValue } from '../../query/expression.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { DatabaseContext } from '../core/database-context.js';
import type { StoredRow } from '../core/db.js';

export interface JsonApiContext extends DatabaseContext {
  /** Where the API lives, e.g. `/api`: collections are `<apiPrefix>/<collection_name>`. */
  readonly apiPrefix: string;
  /** The datamodel response body (Python `json.dumps` of the raw document). */
  readonly datamodelBody: string;
  /** Models by JSON:API type (their `collection_name`). */
  readonly byType: ReadonlyMap<string, ModelDef>;
  /** How the evaluator and sorter read stored rows (column proxies included). */
  readonly access: RecordAccess<StoredRow>;
  readonly pageSize: number;
  readonly maxPageSize: number;
  /** Column proxies serialized as attributes (`additional_attributes`), per model class name. */
  readonly additionalAttributes: Readonly<Record<string, readonly string[]>>;
  /** Columns set on every UPDATE (`onupdate`) and their value, per model class name: a PATCH answers 200 with the resource. */
  readonly onUpdate: Readonly<Record<string, Readonly<Record<string, () => WireValue>>>>;
  /** Association proxies onto a relationship: model -> relation -> `association.target` (`articletags.tag`). */
  readonly relationProxies: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly now: () => Date;
  /** The Python module of the model classes, as 404 details name them (`<class '__main__.Person'>`). */
  readonly modelModule: string;
}
