/**
 * Writes on Flask-Restless-NG (docs/protocol/jsonapi/write.md, relationships.md):
 * - a create is one POST of `{data: {type, attributes, relationships}}` with to-one and to-many
 *   linkage (write#7, #11), answered 201 with the whole resource (write#1);
 * - an update is a PATCH of the changed attributes and to-one linkage with the id as a string
 *   (write#32: a number is a 409), answered 204 or, with an `onupdate` column, 200 and the
 *   resource (write#30, #33); each to-many change then goes to the relation's linkage endpoint:
 *   POST adds, DELETE removes, 204 each, idempotent (relationships#28, #30, #40, #42);
 * - a delete is a DELETE of the instance (204, write#53).
 * Key columns are not attributes on NG (README fact 2): one set by hand is sent as linkage.
 */
import { ValidationError } from '../../errors.js';
import type { WireValue } from '../../query/expression.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { PrimaryKey } from '../../store/entity-state.js';
import type { DialectUrls, RowChanges, RowKey, WireWrite, WriteEncoding } from '../dialect.js';
import { rowOf } from './document.js';
import { idOf, itemUrl, linkageUrl, ResourceTypes } from './resources.js';

export function jsonapiWrites(root: string, urls: DialectUrls, types: ResourceTypes): WriteEncoding {
  const linkage = (row: RowKey): Record<string, WireValue> => ({ type: types.typeOf(row.model), id: idOf(row.pk) });
  const resourceOf = (model: ModelDef, changes: RowChanges, pk?: PrimaryKey): Record<string, WireValue> => {
    const attributes: Record<string, WireValue> = {};
    const relationships: Record<string, WireValue> = {};
    for (const [field, value] of changes.columns) {
      checkWritable(model, field, value);
      const keyed = keyedRelation(model, field);
      if (keyed === undefined) attributes[field] = value;
      else relationships[keyed.name] = { data: value === null ? null : { type: types.typeOf(keyed.targetModel), id: String(value) } };
    }
    for (const [name, target] of changes.toOne) relationships[name] = { data: target === null ? null : linkage(target) };
    for (const [name, members] of changes.toMany) relationships[name] = { data: members.map(linkage) };
    const resource: Record<string, WireValue> = { type: types.typeOf(model) };
    if (pk !== undefined) resource['id'] = idOf(pk);
    if (Object.keys(attributes).length > 0) resource['attributes'] = attributes;
    if (Object.keys(relationships).length > 0) resource['relationships'] = relationships;
    return resource;
  };
  return {
    create: (model, changes) => ({ method: 'POST', url: urls.collection(model), json: { data: resourceOf(model, changes) }, idempotent: false }),
    update(model, pk, changes): WireWrite {
      const steps: WireWrite[] = [];
      for (const [name, { add, remove }] of changes.links) {
        const url = linkageUrl(root, model, pk, name);
        if (add.length > 0) steps.push({ method: 'POST', url, json: { data: add.map(linkage) }, idempotent: true, link: { relation: name, change: 'add' } });
        if (remove.length > 0) steps.push({ method: 'DELETE', url, json: { data: remove.map(linkage) }, idempotent: true, link: { relation: name, change: 'remove' } });
      }
      const patch: WireWrite = { method: 'PATCH', url: itemUrl(root, model, pk), json: { data: resourceOf(model, { ...changes, links: new Map() }, pk) }, idempotent: true };
      const patches = changes.columns.size > 0 || changes.toOne.size > 0 || changes.toMany.size > 0;
      // Nothing changed at all still gets one request (an empty PATCH is a 204, write#47).
      const [first = patch, ...rest] = patches ? [patch, ...steps] : steps;
      return rest.length === 0 ? first : { ...first, next: rest };
    },
    delete: (model, pk) => ({ method: 'DELETE', url: itemUrl(root, model, pk), idempotent: true }),
    // 201 and PATCH's 200 carry `{data}` (write#1, #33); 204 is empty (null here).
    answer(body) {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
      const data = (body as Record<string, unknown>)['data'];
      if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
      return rowOf(data, Array.isArray((body as Record<string, unknown>)['included']) ? ((body as Record<string, unknown>)['included'] as unknown[]) : []) ?? undefined;
    },
    // NG never takes a key column as an attribute: to-ones always go as linkage.
    sendsKeyColumn: () => false,
  };
}

/** The to-one whose key column `field` is, when it is one. */
function keyedRelation(model: ModelDef, field: string) {
  for (const relation of model.relations.values()) {
    if (!relation.many && !relation.proxy && relation.localColumn === field) return relation;
  }
  return undefined;
}

/** LargeBinary has no format NG reads (README fact 11: a string is a 400, write#24). */
function checkWritable(model: ModelDef, field: string, value: WireValue): void {
  if (value === null || model.attributes.get(field)?.type !== 'largebinary') return;
  throw new ValidationError(`${model.name}.${field} is a LargeBinary column, which Flask-Restless-NG cannot store from JSON (only null can be written on the 'jsonapi' dialect)`, { model: model.name, field });
}
