import type { WriteEncoding } from '../dialect/dialect.js';
import type { EntityState } from '../store/entity-state.js';
import { createId, type Dependency, type Pending } from './collect.js';
import type { NestedCreate, Operation } from './operation.js';

/** What nesting needs to know beyond the operations. */
export interface NestContext {
  /** The dialect's write shapes: whether (and through which relations) a create can carry a new target. */
  readonly writes: Pick<WriteEncoding, 'nestsCreate' | 'sendsKeyColumn'>;
  /** Creates in doubt are neither nested nor nesting: a save does not send them as they are. */
  readonly inDoubt: (state: EntityState) => boolean;
}

type Create = Extract<Operation, { kind: 'create' }>;

/**
 * Halves the requests of a common save: a new entity's new to-one target that nothing else in the
 * save needs is created inside the entity's own POST (one request, one transaction), where the
 * dialect can (classic: docs/protocol/classic/write.md #7). A target is nested only when
 * - exactly one edge of the whole save waits for its create: a to-one of another create (so no
 *   other entity, no second relation, no link, no @property and no update needs it first);
 * - its own create waits for nothing, sends no key (#5, #44: a nested key updates or makes THAT
 *   row) and only plain columns and key columns (the server's nested constructor would set an
 *   association proxy or look a reference object up by key), and it is of the relation's model
 *   itself (the server builds the relation's class);
 * - neither side is in doubt.
 * One level only: a create that waits for a target is never nested itself. Runs before `plan`.
 */
export function nest(pending: readonly Pending[], context: NestContext): Pending[] {
  const { nestsCreate } = context.writes;
  if (nestsCreate === undefined) return [...pending];
  const waiting = new Map<string, Array<{ entry: Pending; dependency: Dependency }>>();
  for (const entry of pending) {
    for (const dependency of entry.dependsOn) {
      const list = waiting.get(dependency.on) ?? [];
      list.push({ entry, dependency });
      waiting.set(dependency.on, list);
    }
  }
  const nestedInto = new Map<Pending, NestedCreate[]>();
  const absorbed = new Set<Pending>();
  for (const entry of pending) {
    const operation = entry.operation;
    if (operation.kind !== 'create' || !nestable(entry, operation, context)) continue;
    const users = waiting.get(operation.id) ?? [];
    if (users.length !== 1) continue;
    const { entry: owner, dependency } = users[0] as { entry: Pending; dependency: Dependency };
    const relation = dependency.relation;
    const into = owner.operation;
    if (into.kind !== 'create' || relation === undefined || into.state === operation.state || context.inDoubt(into.state)) continue;
    if (!nestsCreate(into.state.model, relation) || into.state.model.relations.get(relation)?.targetModel !== operation.state.model) continue;
    absorbed.add(entry);
    nestedInto.set(owner, [...(nestedInto.get(owner) ?? []), { relation, state: operation.state, fields: operation.fields }]);
  }
  if (absorbed.size === 0) return [...pending];
  const result: Pending[] = [];
  for (const entry of pending) {
    if (absorbed.has(entry)) continue;
    const nested = nestedInto.get(entry);
    if (nested === undefined) {
      result.push(entry);
      continue;
    }
    const inside = new Set(nested.map((each) => createId(each.state)));
    result.push({ operation: { ...(entry.operation as Create), nested }, dependsOn: entry.dependsOn.filter((dependency) => !inside.has(dependency.on)) });
  }
  return result;
}

/** The entities a create makes: its own and those nested in it (the owner first). */
export function createdBy(operation: Operation): EntityState[] {
  return [operation.state, ...(operation.kind === 'create' ? (operation.nested ?? []).map((each) => each.state) : [])];
}

/** True when this create may travel inside another's POST (its side of the rules of `nest`). */
function nestable(entry: Pending, operation: Create, context: NestContext): boolean {
  const { state } = operation;
  if (entry.dependsOn.length > 0 || operation.deferred.length > 0 || state.status !== 'new' || context.inDoubt(state)) return false;
  const { model } = state;
  if (operation.fields.includes(model.pk) || state.read(model.pk) !== undefined) return false;
  return operation.fields.every((field) => {
    const attribute = model.attributes.get(field);
    if (attribute !== undefined) return !attribute.proxy && !attribute.readOnly;
    const relation = model.relations.get(field);
    return relation !== undefined && !relation.many && !relation.proxy && context.writes.sendsKeyColumn(model, field) && state.read(field) !== state.entity;
  });
}
