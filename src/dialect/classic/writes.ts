/**
 * Writes on the classic server: POST a row to the collection, PUT changed fields to the instance,
 * DELETE the instance. A to-one is sent as its foreign-key column where the model has it, otherwise
 * as a key-only object (`{"id": 3}`: a key together with other fields would be applied to that
 * other row); a to-many of a new row is a list of key-only objects; an update changes a to-many by
 * `{add: [...], remove: [...]}`. Answers of POST and PUT carry the whole row.
 *
 * A new many-to-one target can instead be created inside its owner's POST, as a nested object
 * without a key (docs/protocol/classic/write.md #7): the server makes both rows in one transaction
 * and the answer nests the target with its new key. Only a keyless object is ever nested: one
 * with a key would update (#5) or create (#44) that row.
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
    nestsCreate,
  };
}

/**
 * True for a many-to-one whose key column this model holds (the recorded case, #7): the answer
 * nests the target (with its key) and carries the key column. A one-to-one held by the other side
 * is not nested (no recording says how it answers).
 */
function nestsCreate(model: ModelDef, relation: string): boolean {
  const definition = model.relations.get(relation);
  return definition !== undefined && !definition.many && !definition.proxy && sendsKeyColumn(model, relation);
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
  for (const [name, target] of changes.nested ?? []) {
    const relation = model.relations.get(name);
    if (relation === undefined) continue;
    // In place of the key column: the server sets it from the row it creates.
    if (relation.localColumn !== undefined) delete json[relation.localColumn];
    json[name] = bodyOf(relation.targetModel, target);
  }
  return json;
}

function keyOnly(row: RowKey): Record<string, WireValue> {
  return { [row.model.pk]: row.pk as PrimaryKey };
}
