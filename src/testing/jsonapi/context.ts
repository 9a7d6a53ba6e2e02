/**
 * Everything a view of the JSON:API emulator reads: built once by `createJsonApiEmulator`, never
 * mutated (the database is the only state, and it lives on the emulator instance).
 */
import type { RecordAccess, WireValue } from '../../query/expression.js';
import type { ApiDef, ServedModel } from './api-registrations.js';
import type { DatabaseContext } from '../core/database-context.js';
import type { StoredRow } from '../core/db.js';

export interface JsonApiContext extends DatabaseContext {
  /** The datamodel response body (Python `json.dumps` of the raw document). */
  readonly datamodelBody: string;
  /** Every API the app registers; the first is the main one (the datamodel lives under its prefix). */
  readonly apis: readonly ApiDef[];
  /** The API the request is for. */
  readonly api: ApiDef;
  /** The route's model as that API serves it (its page sizes, flags). */
  readonly served: ServedModel | undefined;
  /** How the evaluator and sorter read stored rows (column proxies included). */
  readonly access: RecordAccess<StoredRow>;
  /** Columns set on every UPDATE (`onupdate`) and their value, per model class name: a PATCH answers 200 with the resource. */
  readonly onUpdate: Readonly<Record<string, Readonly<Record<string, () => WireValue>>>>;
  /** Association proxies onto a relationship: model -> relation -> `association.target` (`articletags.tag`). */
  readonly relationProxies: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly now: () => Date;
  /** `APIManager(include_links=True)`: resource objects carry an absolute `links.self`, relationship objects relative `self`/`related` links. */
  readonly includeLinks: boolean;
  /** `scheme://host` of the request (absolute links). */
  readonly origin: string;
  /** The Python module of the model classes, as 404 details name them (`<class '__main__.Person'>`). */
  readonly modelModule: string;
}
