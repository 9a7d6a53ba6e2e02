/**
 * Writes on the classic server: POST a row to the collection, PUT changed fields to the instance,
 * DELETE the instance. A to-one is sent as its foreign-key column where the model has it, otherwise
 * as a key-only object (`{"id": 3}`: a key together with other fields would be applied to that
 * other row); a to-many of a new row is a list of key-only objects; an update changes a to-many by
 * `{add: [...], remove: [...]}`. Answers of POST and PUT carry the whole row.
 */
import type { WireValue } from '../../query/expression.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { PrimaryKey } from '../../store/entity-state.js';
import type { DialectUrls, RowChanges, RowKey, WireWrite, WriteEncoding } from '../dialect.js';

export function classicWrites(urls: DialectUrls): WriteEncoding {
  return {
    create: (model, changes) => ({ method: 'POST', url: urls.collection(model), json: bodyOf(model, changes), idempotent: false }),
    update(model, pk, changes): WireWrite {
      // Adding or removing links is not idempotent here (a link removed twice is an HTML 500,
      // added twice an IntegrityError), so such a PUT is not sent twice on a doubt.
      const links = [...changes.links.values()].some((change) => change.add.length > 0 || change.remove.length > 0);
      return { method: 'PUT', url: urls.instance(model, pk), json: bodyOf(model, changes), idempotent: !links };
    },
    delete: (model, pk) => ({ method: 'DELETE', url: urls.instance(model, pk), idempotent: true }),
    answer: (body) => (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : undefined),
    sendsKeyColumn,
  };
}

/** True when the model holds the to-one's foreign key as a column of its own. */
function sendsKeyColumn(model: ModelDef, relation: string): boolean {
  const local = model.relations.get(relation)?.localColumn;
  return local !== undefined && model.attributes.has(local);
}

function bodyOf(model: ModelDef, changes: RowChanges): Record<string, WireValue> {
  const json: Record<string, WireValue> = {};
  for (const [field, value] of changes.columns) json[field] = value;
  for (const [name, target] of changes.toOne) {
    const local = model.relations.get(name)?.localColumn;
    if (local !== undefined && sendsKeyColumn(model, name)) json[local] = target === null ? null : (target.pk as WireValue);
    else json[name] = target === null ? null : keyOnly(target);
  }
  for (const [name, members] of changes.toMany) json[name] = members.map(keyOnly);
  for (const [name, { add, remove }] of changes.links) json[name] = { add: add.map(keyOnly), remove: remove.map(keyOnly) };
  return json;
}

function keyOnly(row: RowKey): Record<string, WireValue> {
  return { [row.model.pk]: row.pk as PrimaryKey };
}
