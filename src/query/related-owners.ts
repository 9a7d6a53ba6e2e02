/**
 * Which rows of a list's model a change to a related row can move, for lists filtered through a
 * relation (`has`/`any`): a changed computer can move only the people whose `computers` hold it.
 * They are found by walking back along the filter's relation paths: through each relation's
 * inverse where the row has it loaded (the store keeps it in step with the owner side, see
 * store/inverse.ts), else through a reverse index of that relation the list keeps itself (built on
 * first need by one pass over the owners, then kept up from the batches the list hears). Where the
 * way back is not known (a deleted row), the answer is "all of them", and the caller re-checks the
 * whole model family, as it always did.
 */
import type { Datamodel, ModelDef, RelationDef } from '../schema/datamodel.js';
import { stateOf, type EntityState } from '../store/entity-state.js';
import type { EntityStore, StoreBatch } from '../store/entity-store.js';
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

/** The owners of related rows, for one list: `update` with every batch the list hears, then `ownersOfChanged`. */
export class RelatedOwners {
  readonly #store: EntityStore;
  readonly #paths: readonly RelationPath[];
  readonly #model: ModelDef;
  /** Reverse indexes by relation, made on first need. */
  readonly #indexes = new Map<RelationDef, ReverseIndex>();

  constructor(store: EntityStore, model: ModelDef, paths: readonly RelationPath[]) {
    this.#store = store;
    this.#model = model;
    this.#paths = paths;
  }

  /** Keeps the reverse indexes in step with a batch (every batch the list hears, its own loads too). */
  update(batch: StoreBatch): void {
    if (this.#indexes.size === 0) return;
    const visit = (state: EntityState) => {
      for (const index of this.#indexes.values()) index.note(state, batch.deleted.has(state) || batch.evicted.has(state));
    };
    batch.changed.forEach(visit);
    batch.created.forEach(visit);
    batch.deleted.forEach(visit);
    batch.evicted.forEach(visit);
  }

  /**
   * The rows of the model's family that the batch's changes to related rows may move, or `'all'`
   * when they cannot be told. Rows of the model itself that changed are the caller's to add.
   */
  ownersOfChanged(batch: StoreBatch): Set<EntityState> | 'all' {
    const owners = new Set<EntityState>();
    const visit = (state: EntityState): boolean => {
      for (const path of this.#paths) {
        const relation = path[path.length - 1];
        if (relation === undefined || relation.targetModel.root !== state.model.root) continue;
        if (batch.deleted.has(state)) return false;
        const found = this.#walkBack(state, path);
        if (found === undefined) return false;
        for (const owner of found) if (owner.model.root === this.#model.root) owners.add(owner);
      }
      return true;
    };
    for (const state of batch.changed) if (!visit(state)) return 'all';
    for (const state of batch.created) if (!visit(state)) return 'all';
    for (const state of batch.deleted) if (!visit(state)) return 'all';
    return owners;
  }

  /** From a row at the end of `path` back to the rows at its start that reach it (undefined: unknown). */
  #walkBack(state: EntityState, path: RelationPath): Set<EntityState> | undefined {
    let rows = new Set<EntityState>([state]);
    for (let step = path.length - 1; step >= 0; step--) {
      const relation = path[step] as RelationDef;
      const previous = new Set<EntityState>();
      for (const row of rows) {
        const holders = this.#holders(row, relation, step === 0 ? this.#model : (path[step - 1] as RelationDef).targetModel);
        if (holders === undefined) return undefined;
        for (const holder of holders) previous.add(holder);
      }
      rows = previous;
    }
    return rows;
  }

  /** The rows of `owner` whose `relation` holds `row`: its inverse when loaded, else the reverse index. */
  #holders(row: EntityState, relation: RelationDef, owner: ModelDef): Iterable<EntityState> | undefined {
    const inverse = relation.inverse;
    if (inverse !== undefined && !inverse.proxy && row.isLoaded(inverse.name)) {
      const value = row.read(inverse.name);
      const items: readonly unknown[] = Array.isArray(value) ? value : value === null ? [] : [value];
      const holders: EntityState[] = [];
      for (const item of items) {
        const holder = stateOf(item);
        if (holder === undefined) return undefined;
        holders.push(holder);
      }
      return holders;
    }
    let index = this.#indexes.get(relation);
    if (index === undefined) {
      index = new ReverseIndex(relation, owner.root);
      for (const state of this.#store.family(owner)) index.note(state, false);
      this.#indexes.set(relation, index);
    }
    return index.holdersOf(row);
  }
}

/** For one relation: which owner rows currently hold each target row (as far as their relation is loaded). */
class ReverseIndex {
  readonly #relation: RelationDef;
  readonly #ownerRoot: string;
  readonly #holders = new Map<EntityState, Set<EntityState>>();
  readonly #held = new Map<EntityState, readonly EntityState[]>();

  constructor(relation: RelationDef, ownerRoot: string) {
    this.#relation = relation;
    this.#ownerRoot = ownerRoot;
  }

  holdersOf(target: EntityState): Iterable<EntityState> {
    return this.#holders.get(target) ?? [];
  }

  /** Records what `state` holds now (nothing once `gone`). */
  note(state: EntityState, gone: boolean): void {
    if (state.model.root !== this.#ownerRoot) return;
    const before = this.#held.get(state) ?? [];
    const after = gone ? [] : targetsOf(state, this.#relation.name);
    for (const target of before) {
      if (after.includes(target)) continue;
      const holders = this.#holders.get(target);
      holders?.delete(state);
      if (holders?.size === 0) this.#holders.delete(target);
    }
    for (const target of after) {
      const holders = this.#holders.get(target) ?? new Set<EntityState>();
      holders.add(state);
      this.#holders.set(target, holders);
    }
    if (after.length === 0) this.#held.delete(state);
    else this.#held.set(state, after);
  }
}

function targetsOf(state: EntityState, relation: string): EntityState[] {
  if (!state.isLoaded(relation)) return [];
  const value = state.read(relation);
  const items: readonly unknown[] = Array.isArray(value) ? value : value === null ? [] : [value];
  const targets: EntityState[] = [];
  for (const item of items) {
    const target = stateOf(item);
    if (target !== undefined) targets.push(target);
  }
  return targets;
}
