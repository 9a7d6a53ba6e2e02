import type { Datamodel, RelationDef } from '../schema/datamodel.js';
import { stateOf, type EntityState } from '../store/entity-state.js';
import type { Operation } from './operation.js';

/** A dependency of an operation; `relation` names the to-one whose key it waits for (breakable in a cycle). */
export interface Dependency {
  readonly on: string;
  readonly relation?: string;
}

/** An operation before planning, with the dependencies that ordering must respect. */
export interface Pending {
  operation: Operation;
  dependsOn: Dependency[];
}

/** What collecting needs to know beyond the entities. */
export interface CollectContext {
  readonly datamodel: Datamodel;
}

export const createId = (state: EntityState): string => `create:${state.lid}`;
export const updateId = (state: EntityState): string => `update:${state.lid}`;

/**
 * Turns pending entities into operations: a POST per new entity, a PUT per changed saved entity,
 * and link PUTs for many-to-many links whose other end is new. Each waits for the creates of the
 * new entities it refers to. A to-many whose other side holds a foreign key is not sent by the
 * parent: the children's own foreign keys carry it (they follow every edit of the list).
 */
export function collect(states: Iterable<EntityState>, context: CollectContext): Pending[] {
  const result: Pending[] = [];
  const saving = new Set(states);
  for (const state of saving) {
    if (state.status === 'deleted') continue;
    const fields: string[] = [];
    const dependsOn: Dependency[] = [];
    const links: Pending[] = [];
    const properties: string[] = [];
    for (const field of state.local.keys()) {
      if (state.model.properties.has(field)) {
        properties.push(field);
        continue;
      }
      const attribute = state.model.attributes.get(field);
      if (attribute) {
        // Hybrids are the only columns never sent; a column association proxy is a column to the client.
        if (attribute.readOnly) continue;
        if (isDerivedForeignKey(state, field)) continue;
        fields.push(field);
        continue;
      }
      const relation = state.model.relations.get(field);
      if (!relation || relation.proxy) continue;
      if (!relation.many) {
        // Not known yet (the user set the foreign key to a row the store does not have): the key column carries it.
        if (state.read(field) === undefined) continue;
        const target = stateOf(state.read(field));
        fields.push(field);
        if (target?.status === 'new' && target !== state) dependsOn.push({ on: createId(target), relation: field });
        continue;
      }
      if (relation.carriedByChildren) continue;
      if (!relation.sendsLinks) {
        const link = unmirroredLinks(state, relation, saving);
        if (link) links.push(link);
        continue;
      }
      const { add, remove } = listChanges(state, field);
      const newAdds = add.filter((target) => target.status === 'new');
      if (state.status === 'new') {
        // Saved targets go in the POST as key-only references; new ones are linked once both exist.
        if (add.length > newAdds.length) fields.push(field);
        if (newAdds.length > 0) {
          links.push({
            operation: { kind: 'link', id: `link:${state.lid}:${field}`, state, relation: field, add: newAdds, remove: [] },
            dependsOn: [{ on: createId(state) }, ...newAdds.map((target) => ({ on: createId(target) }))],
          });
        }
      } else {
        fields.push(field);
        dependsOn.push(...newAdds.map((target) => ({ on: createId(target) })));
      }
    }
    if (state.status === 'new') {
      result.push({ operation: { kind: 'create', id: createId(state), state, fields, deferred: [] }, dependsOn });
    } else if (fields.length > 0) {
      result.push({ operation: { kind: 'update', id: updateId(state), state, fields }, dependsOn });
    }
    result.push(...links);
    // After the row exists, and after its own update (a setter may write the same columns).
    const before: Dependency[] = state.status === 'new' ? [{ on: createId(state) }] : fields.length > 0 ? [{ on: updateId(state) }] : [];
    for (const name of properties) result.push({ operation: { kind: 'property', id: `property:${state.lid}:${name}`, state, name }, dependsOn: before });
  }
  return result;
}

/**
 * The pending entities `entity.save()` must save: the entity, the new entities it refers to
 * (transitively), and the children whose foreign keys carry its list edits.
 */
export function needsOf(root: EntityState, datamodel: Datamodel): EntityState[] {
  const found = new Set<EntityState>();
  const visit = (state: EntityState) => {
    if (found.has(state) || state.status === 'deleted') return;
    if (state !== root && state.status !== 'new' && state.local.size === 0) return;
    found.add(state);
    for (const field of state.local.keys()) {
      const relation = state.model.relations.get(field);
      if (!relation || relation.proxy) continue;
      const value = state.read(field);
      const targets = (Array.isArray(value) ? value : [value]).map(stateOf).filter((target): target is EntityState => target !== undefined);
      for (const target of targets) {
        if (target.status === 'new') visit(target);
        else if (relation.carriedByChildren && relation.backref !== undefined && target.local.has(relation.backref)) visit(target);
      }
      if (relation.carriedByChildren) {
        // Children removed from the list carry the removal (their foreign key became null).
        for (const removed of listChanges(state, field).remove) if (relation.backref !== undefined && removed.local.has(relation.backref)) visit(removed);
      }
    }
  };
  visit(root);
  return [...found];
}

/** Items added to and removed from a to-many, comparing the user's value with the server's. */
export function listChanges(state: EntityState, field: string): { add: EntityState[]; remove: EntityState[] } {
  const current = asStates(state.read(field));
  const server = asStates(state.server.get(field));
  return { add: current.filter((item) => !server.includes(item)), remove: server.filter((item) => !current.includes(item)) };
}

/**
 * The link edits of the side that does not send them which the sending side will not send in this
 * save: it is not part of it (`tag.save()`), or its list is not loaded, so it does not mirror them.
 */
function unmirroredLinks(state: EntityState, relation: RelationDef, saving: ReadonlySet<EntityState>): Pending | undefined {
  const backref = relation.backref;
  const mirrored = (target: EntityState, side: 'add' | 'remove') =>
    backref !== undefined && saving.has(target) && target.status !== 'deleted' && listChanges(target, backref)[side].includes(state);
  const { add, remove } = listChanges(state, relation.name);
  const ownAdd = add.filter((target) => !mirrored(target, 'add'));
  const ownRemove = remove.filter((target) => !mirrored(target, 'remove'));
  if (ownAdd.length === 0 && ownRemove.length === 0) return undefined;
  const waits = [...(state.status === 'new' ? [state] : []), ...ownAdd.filter((target) => target.status === 'new')];
  return {
    operation: { kind: 'link', id: `link:${state.lid}:${relation.name}`, state, relation: relation.name, add: ownAdd, remove: ownRemove },
    dependsOn: waits.map((target) => ({ on: createId(target) })),
  };
}

/** A foreign key column whose to-one relation is being sent too: the relation decides its value. */
function isDerivedForeignKey(state: EntityState, field: string): boolean {
  for (const relation of state.model.relations.values()) {
    if (relation.localColumn === field && state.local.has(relation.name) && state.local.get(relation.name) !== undefined) return true;
  }
  return false;
}

function asStates(value: unknown): EntityState[] {
  return Array.isArray(value) ? value.map(stateOf).filter((item): item is EntityState => item !== undefined) : [];
}
