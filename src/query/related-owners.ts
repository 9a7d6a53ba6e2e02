/**
 * Which rows of a list's model a change to a related row can move, for lists filtered through a
 * relation (`has`/`any`): a changed computer can move only the people whose `computers` hold it.
 * They are found by walking back along the filter's relation paths through each relation's
 * inverse, which the store keeps in step with its owner side (store/inverse.ts). Where the way
 * back is not known (no inverse relation, the inverse not loaded, a deleted row), the answer is
 * "all of them", and the caller re-checks the whole model family, as it always did.
 */
import type { Datamodel, ModelDef, RelationDef } from '../schema/datamodel.js';
import { stateOf, type EntityState } from '../store/entity-state.js';
import type { StoreBatch } from '../store/entity-store.js';
import type { Condition } from './expression.js';

/** A chain of relations a filter follows from the list's model, outermost first. */
export type RelationPath = readonly RelationDef[];

/** Every path of `has`/`any` the filters reach through (a path's prefixes are paths too). */
export function relationPaths(datamodel: Datamodel, model: ModelDef, filters: readonly Condition[]): RelationPath[] {
  const paths: RelationPath[] = [];
  const visit = (condition: Condition, owner: ModelDef | undefined, path: RelationPath) => {
    if (!owner) return;
    switch (condition.kind) {
      case 'has':
      case 'any': {
        const relation = owner.relations.get(condition.relation);
        const target = datamodel.models.get(relation?.target ?? '');
        if (relation === undefined || target === undefined) return;
        const next = [...path, relation];
        paths.push(next);
        visit(condition.where, target, next);
        return;
      }
      case 'and':
      case 'or':
        condition.conditions.forEach((inner) => visit(inner, owner, path));
        return;
      default:
        return;
    }
  };
  filters.forEach((condition) => visit(condition, model, []));
  return paths;
}

/**
 * The rows of `model`'s family that the batch's changes to related rows may move, or `'all'` when
 * they cannot be told. Rows of the model itself that changed are the caller's to add.
 */
export function ownersOfChanged(batch: StoreBatch, model: ModelDef, paths: readonly RelationPath[]): Set<EntityState> | 'all' {
  const owners = new Set<EntityState>();
  const visit = (state: EntityState): boolean => {
    for (const path of paths) {
      const last = path.length - 1;
      const relation = path[last];
      if (relation === undefined || relation.targetModel.root !== state.model.root) continue;
      if (batch.deleted.has(state)) return false;
      const found = walkBack(state, path);
      if (found === undefined) return false;
      for (const owner of found) if (owner.model.root === model.root) owners.add(owner);
    }
    return true;
  };
  for (const state of batch.changed) if (!visit(state)) return 'all';
  for (const state of batch.created) if (!visit(state)) return 'all';
  for (const state of batch.deleted) if (!visit(state)) return 'all';
  return owners;
}

/** From a row at the end of `path` back to the rows at its start that reach it (undefined: unknown). */
function walkBack(state: EntityState, path: RelationPath): Set<EntityState> | undefined {
  let rows = new Set<EntityState>([state]);
  for (let step = path.length - 1; step >= 0; step--) {
    const inverse = path[step]?.inverse;
    if (inverse === undefined || inverse.proxy) return undefined;
    const previous = new Set<EntityState>();
    for (const row of rows) {
      if (!row.isLoaded(inverse.name)) return undefined;
      const value = row.read(inverse.name);
      const items: readonly unknown[] = Array.isArray(value) ? value : value === null ? [] : [value];
      for (const item of items) {
        const owner = stateOf(item);
        if (owner === undefined) return undefined;
        previous.add(owner);
      }
    }
    rows = previous;
  }
  return rows;
}
