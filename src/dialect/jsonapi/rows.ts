/**
 * Resource objects into rows (the store's RowReader port). A resource's `type` picks its model, so
 * a superclass collection gives entities of their own subclasses (polymorphism#1); `attributes`
 * are the columns; the key columns NG leaves out of `attributes` (README fact 2) are filled in from
 * the to-one linkage; linkage becomes related rows, carrying the included resource when the
 * document has it (read#53), its bare `{type, id}` otherwise.
 */
import type { Datamodel, ModelDef } from '../../schema/datamodel.js';
import { isKindOf } from '../../schema/family.js';
import type { PrimaryKey } from '../../store/entity-state.js';
import type { RowReader, WireRow } from '../dialect.js';
import { CompoundDocument, ResourceRow, type ResourceObject } from './document.js';
import { badResource, keyOfId, ResourceTypes } from './resources.js';

export function jsonapiRows(datamodel: Datamodel, types: ResourceTypes): RowReader {
  const concreteOf = (model: ModelDef, resource: ResourceObject, url?: string): ModelDef => {
    const concrete = types.modelOf(resource['type']);
    if (concrete === undefined) throw badResource(model, `its type ${JSON.stringify(resource['type'])} is not one of the datamodel's collections`, resource, url);
    if (concrete !== model && !isKindOf(datamodel, concrete, model.name)) throw badResource(model, `its type "${String(resource['type'])}" is not a ${model.name}`, resource, url);
    return concrete;
  };
  return {
    read(model, raw, url): WireRow {
      const row = asRow(raw);
      if (row === undefined) throw badResource(model, `got ${describe(raw)}`, raw, url);
      const { resource, document } = row;
      const concrete = concreteOf(model, resource, url);
      const pk = keyOfId(concrete, resource['id']);
      if (pk === undefined) throw badResource(model, `its id ${JSON.stringify(resource['id'])} is not a ${concrete.name} key`, resource, url);
      const attributes = resource['attributes'];
      if (attributes !== undefined && (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))) throw badResource(model, 'its attributes are not an object', resource, url);
      // Spread defines own properties: an attribute named "__proto__" never sets the prototype.
      const columns: Record<string, unknown> = { ...(attributes as Record<string, unknown> | undefined) };
      columns[concrete.pk] = pk;
      // A plain object (fast to fill, unlike a prototype-less one); setOwn keeps "__proto__" an own key.
      const relations: Record<string, unknown> = {};
      const linkage = relationshipsOf(resource);
      if (linkage === undefined) return { model: concrete, pk, columns, relations };
      // A resource's relations are read once per document (linkage can go round, read#56).
      const expand = row.primary || !document.expanded.has(resource);
      document.expanded.add(resource);
      for (const relation of concrete.relations.values()) {
        const name = relation.name;
        const related = Object.hasOwn(linkage, name) ? linkage[name] : undefined;
        if (typeof related !== 'object' || related === null || !Object.hasOwn(related, 'data')) continue;
        const data = (related as Record<string, unknown>)['data'];
        const keyColumn = relation.localColumn !== undefined && concrete.attributes.has(relation.localColumn) ? relation.localColumn : undefined;
        if (data === null) {
          if (keyColumn !== undefined) columns[keyColumn] = null;
          if (expand) setOwn(relations, name, null);
        } else if (Array.isArray(data)) {
          if (expand) setOwn(relations, name, data.map((target) => linked(target, document)));
        } else if (typeof data === 'object') {
          const target = data as ResourceObject;
          if (keyColumn !== undefined) columns[keyColumn] = keyOfId(types.modelOf(target['type']) ?? relation.targetModel, target['id']) ?? null;
          if (!expand) continue;
          const found = document.find(target['type'], target['id']);
          // A nested resource pointing back at a resource whose relations this document already
          // reads (a person's computer's owner): that side's linkage sets this one through the
          // inverse, and no holder of the row has to be searched for (which costs a store scan each).
          if (!row.primary && relation.inverse !== undefined && found !== undefined && document.expanded.has(found)) continue;
          setOwn(relations, name, new ResourceRow(found ?? target, document, false));
        }
      }
      return { model: concrete, pk, columns, relations };
    },
    keyOf(model, raw): PrimaryKey | undefined {
      const row = asRow(raw);
      if (row === undefined) return undefined;
      return keyOfId(types.modelOf(row.resource['type']) ?? model, row.resource['id']);
    },
  };
}

/** `target[name] = value` as an own property, even for the name "__proto__" (which assignment would make the prototype). */
function setOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}

/** A related row: the included resource when the document has it, the linkage itself otherwise. */
function linked(linkage: unknown, document: CompoundDocument): ResourceRow {
  const target = (typeof linkage === 'object' && linkage !== null ? linkage : {}) as ResourceObject;
  return new ResourceRow(document.find(target['type'], target['id']) ?? target, document, false);
}

/** A raw row of this dialect; a bare resource object is read as a document of its own. */
function asRow(raw: unknown): ResourceRow | undefined {
  if (raw instanceof ResourceRow) return raw;
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.hasOwn(raw, 'type')) return new ResourceRow(raw as ResourceObject, new CompoundDocument([raw], []), true);
  return undefined;
}

function relationshipsOf(resource: ResourceObject): Readonly<Record<string, unknown>> | undefined {
  const relationships = resource['relationships'];
  if (typeof relationships !== 'object' || relationships === null || Array.isArray(relationships)) return undefined;
  // Read with Object.hasOwn: a name like "constructor" is never taken from the prototype.
  return relationships as Readonly<Record<string, unknown>>;
}

function describe(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'a list';
  return typeof raw === 'object' ? 'an object without a type' : typeof raw;
}
