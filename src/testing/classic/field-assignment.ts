/**
 * `setattr(row, name, value)` as Python runs it on a model instance, for every kind of name the
 * server lets through: a column (stored as column-value.ts says), an association proxy onto a
 * column (written through), a relation (given rows from `getOrCreate`), a settable `@property`
 * (its setter), a read-only one (AttributeError, an HTML 500, docs/protocol/classic/write.md #74) or a method (shadowed
 * on the instance: nothing happens). A name the class does not have at all is the constructor's
 * TypeError, an HTML 500.
 */
import { classifyField } from '../core/field-kind.js';
import type { ModelDef, RelationDef } from '../../schema/datamodel.js';
import { columnValue } from './column-value.js';
import { writeProperty } from './property-write.js';
import { writeColumnProxy } from './proxy-write.js';
import { setRelation } from './relation-writes.js';
import { HtmlAbort, NotEmulated } from './rpc-abort.js';
import { RowHandle } from '../core/write-session.js';
import type { ClassicSession } from './write-transaction.js';

/** An association proxy onto a column: `name` reads `relation.column` of `target`. */
export interface ColumnRef {
  readonly name: string;
  readonly relation: RelationDef;
  readonly target: ModelDef;
  readonly column: string;
}

/**
 * Flask-Restless's `has_field`: what a write may name at the top level. Hybrid properties are
 * refused (the datamodel cannot say whether one has a setter; the reference app's has none);
 * names Python finds on any class (`query`, `metadata`) are not known to the emulator.
 */
export function hasField(model: ModelDef, field: string): boolean {
  const attribute = model.attributes.get(field);
  if (attribute !== undefined) return attribute.type !== 'hybrid';
  return model.relations.has(field) || model.properties.has(field) || model.methods.has(field);
}

/** Sets `field` of the row behind `handle`, an instance of `model`. */
export function assignField(session: ClassicSession, handle: RowHandle, model: ModelDef, field: string, value: unknown): void {
  const where = `${model.name}.${field}`;
  const kind = classifyField(model, field, session.ctx.datamodel, session.ctx.proxies);
  switch (kind.kind) {
    case 'column':
      session.setColumn(handle, field, columnValue(value, kind.attribute, model, session.ctx));
      return;
    case 'column-proxy':
      writeColumnProxy(session, handle, { name: field, relation: kind.relation, target: kind.target, column: kind.column }, value);
      return;
    case 'relation':
      setRelation(session, handle, kind.relation, relatedRows(value, kind.relation.many, where));
      return;
    case 'relation-proxy':
    case 'unmapped-proxy':
      throw new NotEmulated(`writing the association proxy ${where}`);
    case 'python-attribute': {
      const settable = model.properties.get(field);
      if (settable === true) writeProperty(session, handle, field, value);
      else if (settable === false) throw new HtmlAbort(500, `AttributeError: property '${field}' of '${model.name}' object has no setter`);
      return;
    }
    case 'unknown':
      throw new HtmlAbort(500, `TypeError: ${JSON.stringify(field)} is an invalid keyword argument for ${model.name}`);
    default: {
      const unhandled: never = kind;
      return unhandled;
    }
  }
}

/** What a relation can be set to: rows for a to-many, a row or None for a to-one. */
function relatedRows(value: unknown, many: boolean, where: string): RowHandle | null | RowHandle[] {
  if (many && Array.isArray(value) && value.every((item) => item instanceof RowHandle)) return value as RowHandle[];
  if (!many && (value === null || value instanceof RowHandle)) return value;
  throw new HtmlAbort(500, `${where}: AttributeError: '${Array.isArray(value) ? 'list' : typeof value}' object has no attribute '_sa_instance_state'`);
}
