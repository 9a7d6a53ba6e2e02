/**
 * Relation changes as SQLAlchemy makes them on the NG reference app's relationships: a to-one
 * writes the foreign key; a one-to-many writes its children's keys; a many-to-many is a link
 * list; an association proxy onto a relationship (`Article2.tags` through `articletags.tag`)
 * creates association objects with its creator (`ArticleTag(tag=tag)`, other columns null) and
 * deletes them on removal (relationships.md #10 to #17).
 */
import type { WireValue } from '../../query/expression.js';
import type { RelationDef } from '../../schema/datamodel.js';
import type { StoredRow } from '../core/db.js';
import { relationLink } from '../core/relation-link.js';
import { NotEmulated } from '../core/server-failure.js';
import type { RowHandle, WriteSession } from '../core/write-session.js';
import type { JsonApiContext } from './context.js';
import { proxyOf, relatedOf } from './related-rows.js';

export type JsonApiSession = WriteSession<JsonApiContext>;

/** `setattr(owner, relation, value)`. */
export function setRelation(session: JsonApiSession, owner: RowHandle, relation: RelationDef, targets: readonly StoredRow[]): void {
  const row = existing(session, owner);
  const proxy = proxyOf(row, relation.name, session.ctx);
  if (proxy !== undefined) {
    // The flush INSERTs new association objects before it DELETEs old ones, so new ids count from the old highest.
    const keep = new Set(targets.map((target) => target.key));
    const before = current(session, row, relation);
    for (const target of targets) appendTo(session, owner, relation, target);
    for (const item of before) if (!keep.has(item.key)) removeFrom(session, owner, relation, item);
    return;
  }
  const link = relationLink(row.model, relation, session.ctx.datamodel);
  switch (link.kind) {
    case 'foreign-key':
      session.setColumn(owner, link.column, targets[0] === undefined ? null : pkOf(targets[0]));
      return;
    case 'inverse-foreign-key': {
      const keep = new Set(targets.map((target) => target.key));
      for (const child of current(session, row, relation)) if (!keep.has(child.key)) session.setColumn(session.handleOf(child), link.column, null);
      for (const target of targets) session.setColumn(session.handleOf(target), link.column, pkOf(row));
      return;
    }
    case 'link-table': {
      const targetRoot = relation.targetModel.root;
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

/** `getattr(owner, relation).append(item)` unless it is a member already. */
export function appendTo(session: JsonApiSession, owner: RowHandle, relation: RelationDef, item: StoredRow): void {
  const row = existing(session, owner);
  if (current(session, row, relation).some((member) => member.model.root === item.model.root && member.key === item.key)) return;
  const proxy = proxyOf(row, relation.name, session.ctx);
  if (proxy !== undefined) {
    const [through = '', target = ''] = proxy.split('.');
    const association = row.model.relations.get(through);
    const link = association?.inverse?.localColumn;
    const targetColumn = association?.targetModel.relations.get(target)?.localColumn;
    if (association === undefined || link === undefined || targetColumn === undefined) throw new NotEmulated(`writing ${row.model.name}.${relation.name} through ${proxy}`);
    const created = session.create(association.targetModel, null);
    session.setColumn(created, link, pkOf(row));
    session.setColumn(created, targetColumn, pkOf(item));
    return;
  }
  const link = relationLink(row.model, relation, session.ctx.datamodel);
  if (link.kind === 'inverse-foreign-key') session.setColumn(session.handleOf(item), link.column, pkOf(row));
  else if (link.kind === 'link-table') session.ctx.db.links.append(link, row.model.root, relation.targetModel.root, row.key, item.key);
  else session.setColumn(owner, link.column, pkOf(item));
}

/** `getattr(owner, relation).remove(item)` for a member; a non-member is left alone. */
export function removeFrom(session: JsonApiSession, owner: RowHandle, relation: RelationDef, item: StoredRow): void {
  const row = existing(session, owner);
  if (!current(session, row, relation).some((member) => member.model.root === item.model.root && member.key === item.key)) return;
  const proxy = proxyOf(row, relation.name, session.ctx);
  if (proxy !== undefined) {
    const [through = '', target = ''] = proxy.split('.');
    const middle = session.ctx.db.relatedRows(row, through);
    for (const association of Array.isArray(middle) ? middle : middle === null ? [] : [middle]) {
      const linked = session.ctx.db.relatedRows(association, target);
      if (linked !== null && !Array.isArray(linked) && linked.key === item.key) session.delete(session.handleOf(association));
    }
    return;
  }
  const link = relationLink(row.model, relation, session.ctx.datamodel);
  if (link.kind === 'inverse-foreign-key') session.setColumn(session.handleOf(item), link.column, null);
  else if (link.kind === 'link-table') session.ctx.db.links.removeOne(link, row.model.root, relation.targetModel.root, row.key, item.key);
  else session.setColumn(owner, link.column, null);
}

function current(session: JsonApiSession, row: StoredRow, relation: RelationDef): StoredRow[] {
  const related = relatedOf(row, relation.name, session.ctx);
  return related === null ? [] : Array.isArray(related) ? related : [related];
}

function existing(session: JsonApiSession, handle: RowHandle): StoredRow {
  const row = session.row(handle);
  if (row === undefined) throw new NotEmulated('a relation change of a row deleted in the same request');
  return row;
}

function pkOf(row: StoredRow): WireValue {
  return row.values[row.model.pk] ?? null;
}
