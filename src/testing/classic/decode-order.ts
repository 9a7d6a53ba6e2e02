/**
 * `order_by` and `group_by` of a classic search, as Flask-Restless 0.17 reads them
 * (`OrderBy(**o)`, `GroupBy(**o)`, then `getattr` on the model). All failures are 400s.
 * `rel__field` orders by a related column through `query.join(RelatedModel)`, which SQLAlchemy can
 * only build along a foreign key: through a link table it fails when the query runs.
 */
import type { Datamodel, ModelDef } from '../../schema/datamodel.js';
import type { OrderBy, WireValue } from '../../query/expression.js';
import { relationLink } from '../core/relation-link.js';
import { pyTypeName } from './convert-dates.js';
import type { ColumnProxies } from '../core/field-kind.js';
import { classifyField } from '../core/field-kind.js';
import { isPyDict, pyContains, pyIterate } from './python-semantics.js';
import { unconstructable, unsupported } from './query-rejection.js';

/** What ordering needs besides the list. */
export interface OrderContext {
  readonly model: ModelDef;
  readonly datamodel: Datamodel;
  readonly proxies: ColumnProxies;
  failWhenRun(detail: string): void;
}

/** SQLAlchemy column methods that would order too; the emulator only knows asc and desc. */
const OTHER_ORDERINGS: ReadonlySet<string> = new Set(['nulls_first', 'nullsfirst', 'nulls_last', 'nullslast']);

/** Reads `order_by`; a dotted `OrderBy.field` (`owner.name`) stands for the server's `owner__name`. */
export function decodeOrderBy(value: WireValue | undefined, ctx: OrderContext): OrderBy[] {
  return keywordItems(value ?? [], ['field', 'direction'], 'OrderBy').map((item) => {
    const direction = item['direction'] ?? 'asc';
    const field = item['field'] ?? null;
    const dunder = pyContains(field, '__');
    if (dunder === undefined) throw unconstructable(`TypeError: argument of type '${pyTypeName(field)}' is not iterable`);
    if (typeof field !== 'string') throw unconstructable(`TypeError: attribute name must be string, not '${pyTypeName(field)}'`);
    if (!dunder) {
      checkOrderable(ctx.model, field, ctx);
      return { field, direction: directionOf(direction) };
    }
    const parts = field.split('__');
    if (parts.length !== 2) throw unconstructable('ValueError: too many values to unpack (expected 2)');
    const [relationName = '', column = ''] = parts;
    const kind = classifyField(ctx.model, relationName, ctx.datamodel, ctx.proxies);
    if (kind.kind !== 'relation') throw unconstructable(`AttributeError: ${ctx.model.name}.${relationName} has no attribute 'mapper'`);
    checkOrderable(kind.target, column, ctx);
    const resolved = directionOf(direction);
    if (relationLink(ctx.model, kind.relation, ctx.datamodel).kind === 'link-table') {
      ctx.failWhenRun(`sqlalchemy.exc.InvalidRequestError: Don't know how to join to ${kind.target.name}; no foreign key links it to ${ctx.model.name}`);
    }
    return { field: `${relationName}.${column}`, direction: resolved };
  });
}

/** Reads `group_by`: a list of `{"field": column}`. */
export function decodeGroupBy(value: WireValue | undefined, ctx: OrderContext): string[] {
  return keywordItems(value ?? [], ['field'], 'GroupBy').map((item) => {
    const field = item['field'] ?? null;
    if (typeof field !== 'string') throw unconstructable(`TypeError: attribute name must be string, not '${pyTypeName(field)}'`);
    const kind = classifyField(ctx.model, field, ctx.datamodel, ctx.proxies);
    if (kind.kind === 'column') return field;
    if (kind.kind === 'unknown' || kind.kind === 'python-attribute') throw unconstructable(`AttributeError: type object '${ctx.model.name}' has no attribute '${field}'`);
    throw unsupported(`${ctx.model.name}.${field}: grouping by a relation or a proxy`);
  });
}

/** `[Cls(**o) for o in value]`: every item a dict with only these keywords, the first one required. */
function keywordItems(value: WireValue, keywords: readonly string[], cls: string): Array<{ readonly [key: string]: WireValue }> {
  const items = pyIterate(value);
  if (items === undefined) throw unconstructable(`TypeError: '${pyTypeName(value)}' object is not iterable`);
  return items.map((item) => {
    if (!isPyDict(item)) throw unconstructable(`TypeError: ${cls}() argument after ** must be a mapping, not ${pyTypeName(item)}`);
    const unexpected = Object.keys(item).find((key) => !keywords.includes(key));
    if (unexpected !== undefined) throw unconstructable(`TypeError: ${cls}.__init__() got an unexpected keyword argument '${unexpected}'`);
    if (!Object.hasOwn(item, keywords[0] ?? '')) throw unconstructable(`TypeError: ${cls}.__init__() missing 1 required positional argument: '${keywords[0] ?? ''}'`);
    return item;
  });
}

function checkOrderable(model: ModelDef, field: string, ctx: OrderContext): void {
  const kind = classifyField(model, field, ctx.datamodel, ctx.proxies);
  if (kind.kind === 'column') return;
  if (kind.kind === 'unknown' || kind.kind === 'python-attribute') throw unconstructable(`AttributeError: type object '${model.name}' has no attribute '${field}'`);
  throw unsupported(`${model.name}.${field}: ordering by a relation or a proxy`);
}

function directionOf(direction: WireValue): 'asc' | 'desc' {
  if (direction === 'asc' || direction === 'desc') return direction;
  if (typeof direction === 'string' && OTHER_ORDERINGS.has(direction)) throw unsupported(`order_by direction "${direction}"`);
  throw unconstructable(`AttributeError: the column has no attribute ${JSON.stringify(direction)}`);
}
