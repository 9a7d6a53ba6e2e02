/**
 * Writing an association proxy onto a column, which a PATCH (or a nested object) does and a POST
 * silently skips (docs/protocol/classic/write.md #11, #12, #69-#71). A scalar proxy (`Computer.owner_name`) writes the
 * related row's column; with no related row, only None is accepted (the server fails creating
 * one, observed). A collection proxy (`Article.tag_names`) clears the relation and creates one
 * new related row per item through the default creator (`Tag(name=item)`), so a value that
 * already exists violates a unique column; Python iterates a string by character.
 */
import type { ColumnRef } from './field-assignment.js';
import { HtmlAbort } from './rpc-abort.js';
import { columnValue } from './column-value.js';
import { appendTo, setRelation } from './relation-writes.js';
import type { RowHandle } from '../core/write-session.js';
import type { ClassicSession } from './write-transaction.js';
import { pyIterate } from './python-semantics.js';
import type { WireValue } from '../../query/expression.js';

/** `setattr(row, proxy, value)`. */
export function writeColumnProxy(session: ClassicSession, handle: RowHandle, proxy: ColumnRef, value: unknown): void {
  const row = session.row(handle);
  if (row === undefined) throw new HtmlAbort(500, `setting ${proxy.name} on a row deleted in this request`);
  const where = `${row.model.name}.${proxy.name}`;
  const attribute = proxy.target.attributes.get(proxy.column);
  if (attribute === undefined) throw new HtmlAbort(500, `${where}: ${proxy.target.name} has no column ${proxy.column}`);
  if (!proxy.relation.many) {
    const related = session.ctx.db.relatedRows(row, proxy.relation.name);
    if (related === null || Array.isArray(related)) {
      if (value === null) return;
      throw new HtmlAbort(500, `${where}: creating the related ${proxy.target.name} through the proxy failed`);
    }
    session.setColumn(session.handleOf(related), proxy.column, columnValue(value, attribute, related.model, session.ctx));
    return;
  }
  const items = pyIterate(value as WireValue);
  if (items === undefined) throw new HtmlAbort(500, `${where}: TypeError: '${value === null ? 'NoneType' : typeof value}' object is not iterable`);
  setRelation(session, handle, proxy.relation, []);
  for (const item of items) {
    const created = session.create(proxy.target, null);
    session.setColumn(created, proxy.column, columnValue(item, attribute, proxy.target, session.ctx));
    appendTo(session, handle, proxy.relation, created);
  }
}
