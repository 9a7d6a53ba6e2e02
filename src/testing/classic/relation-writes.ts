/**
 * Relation changes as SQLAlchemy makes them on the reference server's relationships: a to-one
 * writes the foreign key; a one-to-many writes its children's keys and is dynamic (`lazy="dynamic"`,
 * like `Person.computers`), so removing a row that is not a child still nulls that row's key
 * (observed on the reference server); a many-to-many is a link list (removing a row that is not
 * linked is Python's `ValueError`, an HTML 500; linking a pair twice fails at commit). What Python
 * cannot do (`append` on a to-one, `remove` of None) is an HTML 500, as there.
 */
import { relationLink } from '../core/relation-link.js';
import type { WireValue } from '../../query/expression.js';
import type { ModelDef, RelationDef } from '../../schema/datamodel.js';
import { HtmlAbort, NotEmulated } from './rpc-abort.js';
import type { StoredRow } from '../core/db.js';
import type { RowHandle } from '../core/write-session.js';
import type { ClassicSession } from './write-transaction.js';

/** `setattr(owner, relation, value)`: a row or null for a to-one, a list for a to-many. */
export function setRelation(session: ClassicSession, owner: RowHandle, relation: RelationDef, value: RowHandle | null | readonly RowHandle[]): void {
  const row = rowOf(session, owner, relation);
  const where = `${row.model.name}.${relation.name}`;
  if (relation.many !== Array.isArray(value)) throw new HtmlAbort(500, `${where}: ${relation.many ? 'TypeError: a collection takes a list' : "AttributeError: 'list' object has no attribute '_sa_instance_state'"}`);
  const targets = value === null ? [] : Array.isArray(value) ? value : [value as RowHandle];
  const link = linkOf(session, row, relation);
  switch (link.kind) {
    case 'foreign-key':
      session.setColumn(owner, link.column, targets[0] === undefined ? null : pkOf(session, targets[0]));
      return;
    case 'inverse-foreign-key': {
      const keep = new Set(targets.map((target) => target.key));
      for (const child of children(session, row, relation)) if (!keep.has(child.key)) session.setColumn(session.handleOf(child), link.column, null);
      for (const target of targets) session.setColumn(target, link.column, pkOf(session, owner));
      return;
    }
    case 'link-table': {
      const targetRoot = targetOf(session, relation).root;
      session.ctx.db.links.link(link, row.model.root, targetRoot, row.key, [], 'replace');
      for (const target of targets) session.ctx.db.links.append(link, row.model.root, targetRoot, row.key, target.key);
      return;
    }
    default: {
      const unhandled: never = link;
      return unhandled;
    }
  }
}

/** `getattr(owner, relation).append(item)`; on a to-one, Flask-Restless falls back to setting it. */
export function appendTo(session: ClassicSession, owner: RowHandle, relation: RelationDef, item: RowHandle): void {
  const row = rowOf(session, owner, relation);
  if (!relation.many) return setRelation(session, owner, relation, item);
  const link = linkOf(session, row, relation);
  if (link.kind === 'inverse-foreign-key') session.setColumn(item, link.column, pkOf(session, owner));
  else if (link.kind === 'link-table') session.ctx.db.links.append(link, row.model.root, targetOf(session, relation).root, row.key, item.key);
}

/** `getattr(owner, relation).remove(item)`, `item` being what the lookup found (maybe nothing). */
export function removeFrom(session: ClassicSession, owner: RowHandle, relation: RelationDef, item: RowHandle | undefined): void {
  const row = rowOf(session, owner, relation);
  const where = `${row.model.name}.${relation.name}`;
  if (!relation.many) throw new HtmlAbort(500, `${where}: AttributeError: a to-one relation has no attribute 'remove'`);
  if (item === undefined) throw new HtmlAbort(500, `${where}: removing None (no such row)`);
  const link = linkOf(session, row, relation);
  if (link.kind === 'inverse-foreign-key') session.setColumn(item, link.column, null);
  else if (link.kind === 'link-table' && !session.ctx.db.links.removeOne(link, row.model.root, targetOf(session, relation).root, row.key, item.key)) {
    throw new HtmlAbort(500, `${where}: ValueError: list.remove(x): x not in list`);
  }
}

/** The rows a relation holds now. */
function children(session: ClassicSession, row: StoredRow, relation: RelationDef): StoredRow[] {
  const related = session.ctx.db.relatedRows(row, relation.name);
  return related === null ? [] : Array.isArray(related) ? related : [related];
}

function rowOf(session: ClassicSession, handle: RowHandle, relation: RelationDef): StoredRow {
  if (relation.proxy) throw new NotEmulated(`writing the association proxy ${relation.name} (onto a relationship)`);
  const row = session.row(handle);
  if (row === undefined) throw new HtmlAbort(500, `${relation.name}: the row was deleted in this request`);
  return row;
}

function linkOf(session: ClassicSession, row: StoredRow, relation: RelationDef): ReturnType<typeof relationLink> {
  return relationLink(row.model, relation, session.ctx.datamodel);
}

function targetOf(session: ClassicSession, relation: RelationDef): ModelDef {
  const target = session.ctx.datamodel.models.get(relation.target);
  if (target === undefined) throw new NotEmulated(`the relation ${relation.name} to the unknown model ${relation.target}`);
  return target;
}

function pkOf(session: ClassicSession, handle: RowHandle): WireValue {
  const row = session.row(handle);
  return row === undefined ? null : (row.values[row.model.pk] ?? null);
}
