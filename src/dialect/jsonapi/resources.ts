/**
 * Where resources live on Flask-Restless-NG and what they are called: the URLs are the classic
 * ones (`<root><url_prefix>/<collection_name>[/<id>[/<relation>]]`), plus the linkage endpoints
 * `.../<id>/relationships/<relation>`; a resource's JSON:API `type` is its model's collection name
 * (read#1 `person`, read#70 `all_types`, polymorphism#1 `manager`); ids are strings on the wire.
 */
import { ProtocolError } from '../../errors.js';
import type { Datamodel, ModelDef } from '../../schema/datamodel.js';
import type { PrimaryKey } from '../../store/entity-state.js';
import type { DialectUrls } from '../dialect.js';
import { withQuery } from './query-string.js';

export function collectionUrl(root: string, model: ModelDef): string {
  return `${root}${model.urlPrefix}/${encodeURIComponent(model.collection)}`;
}

export function itemUrl(root: string, model: ModelDef, pk: PrimaryKey): string {
  return `${collectionUrl(root, model)}/${encodeURIComponent(String(pk))}`;
}

/** The linkage endpoint of one relation (relationships#27 to #59). */
export function linkageUrl(root: string, model: ModelDef, pk: PrimaryKey, relation: string): string {
  return `${itemUrl(root, model, pk)}/relationships/${encodeURIComponent(relation)}`;
}

/**
 * Why a value cannot address a row, or undefined. Werkzeug decodes `%2F` before routing and URL
 * parsers resolve `.`/`..` segments, so such ids would reach another route even when encoded.
 */
export function unaddressableKey(pk: unknown): string | undefined {
  if (typeof pk === 'number') return Number.isFinite(pk) ? undefined : 'a numeric primary key must be finite';
  if (typeof pk !== 'string') return `a primary key is a number or a string, not ${pk === null ? 'null' : typeof pk}`;
  if (pk === '' || pk === '.' || pk === '..' || /[/\\]/.test(pk)) return 'this primary key cannot be addressed in a URL on a Flask server (empty, a dot segment, or a slash)';
  return undefined;
}

/**
 * The relations a read includes: the model's own, proxies left out (an association proxy is not a
 * relationship NG can include). The classic server nests every related row's columns one level
 * deep; asking NG for the same keeps the client's reads alike on both (an unknown include path
 * would be an HTML 500, errors#13, so only the datamodel's relations are named).
 */
export function includeOf(model: ModelDef): string[] {
  return [...model.relations.values()].filter((relation) => !relation.proxy).map((relation) => relation.name);
}

export function jsonapiUrls(root: string): DialectUrls {
  return {
    collection: (model) => collectionUrl(root, model),
    // Only reads (get, refresh) use it: writes build their own URLs (writes.ts).
    instance: (model, pk) => withQuery(itemUrl(root, model, pk), { include: includeOf(model) }),
    relation: (model, pk, relation) => `${itemUrl(root, model, pk)}/${encodeURIComponent(relation)}`,
    unaddressable: unaddressableKey,
  };
}

/** JSON:API types <-> models, from the datamodel's collection names. */
export class ResourceTypes {
  readonly #byType = new Map<string, ModelDef>();

  constructor(datamodel: Datamodel) {
    for (const model of datamodel.models.values()) this.#byType.set(model.collection, model);
  }

  typeOf(model: ModelDef): string {
    return model.collection;
  }

  /** The model of a `type`, or undefined for a type the datamodel does not know. */
  modelOf(type: unknown): ModelDef | undefined {
    return typeof type === 'string' ? this.#byType.get(type) : undefined;
  }
}

const INTEGER_TYPES: ReadonlySet<string> = new Set(['integer', 'biginteger', 'smallinteger']);
const DIGITS = /^-?\d+$/;
/** Whether a model's key column is an integer, looked up once per model (every resource asks). */
const integerKeys = new WeakMap<ModelDef, boolean>();

/** The client's key of a wire id (always a string on NG, read#2): a number for an integer key column. */
export function keyOfId(model: ModelDef, id: unknown): PrimaryKey | undefined {
  if (typeof id === 'number') return Number.isSafeInteger(id) ? id : undefined;
  if (typeof id !== 'string') return undefined;
  let integer = integerKeys.get(model);
  if (integer === undefined) integerKeys.set(model, (integer = INTEGER_TYPES.has(model.attributes.get(model.pk)?.type ?? '')));
  if (!integer) return id;
  if (!DIGITS.test(id)) return undefined;
  const pk = Number(id);
  return Number.isSafeInteger(pk) ? pk : undefined;
}

/** The wire id of a key: always a string (a number is a 409 "ID must be 1, not 1" in a PATCH body, write#32). */
export function idOf(pk: PrimaryKey): string {
  return String(pk);
}

/** A ProtocolError for a resource object that is not usable as one of `model`. */
export function badResource(model: ModelDef, why: string, raw: unknown, url?: string): ProtocolError {
  return new ProtocolError(`Expected a ${model.name} resource from the server: ${why}`, raw, url === undefined ? { model: model.name } : { model: model.name, url });
}
