import type { ModelDef } from '../schema/datamodel.js';
import type { EntityState, EntityStatus, PrimaryKey } from './entity-state.js';
import { writable } from './writable.js';

/** The batch sets a state can be in (the store's batch kinds, plus `changed`). */
export type BatchKind = 'created' | 'updated' | 'deleted' | 'loaded' | 'evicted' | 'changed';

/** An entity as it was when a transaction first changed it. */
export interface Snapshot {
  readonly server: ReadonlyMap<string, unknown>;
  readonly local: ReadonlyMap<string, unknown>;
  readonly status: EntityStatus;
  readonly pk: PrimaryKey | undefined;
  readonly model: ModelDef;
  readonly version: number;
}

/**
 * What one store transaction changed, so that a transaction that throws can be undone: an answer
 * is applied whole or not at all (a page whose 40th row is unusable merges none of the 39 before
 * it, and announces nothing). Each entity is snapshot once, before its first change; entities the
 * transaction made are simply forgotten.
 */
export class Journal {
  readonly before = new Map<EntityState, Snapshot>();
  readonly created = new Set<EntityState>();
  /** The batch sets each state was in before this transaction first changed or marked it. */
  readonly inBatch = new Map<EntityState, readonly BatchKind[]>();

  /** Records the batch sets `state` is in before this transaction first marks it. */
  noteMark(state: EntityState, inBatch: () => readonly BatchKind[]): void {
    // A state this transaction made leaves every batch set on an undo anyway: nothing to record.
    if (this.created.has(state)) return;
    if (!this.inBatch.has(state)) this.inBatch.set(state, inBatch());
  }

  /** Records `state` before its first change in this transaction. */
  touch(state: EntityState, inBatch: () => readonly BatchKind[]): void {
    this.noteMark(state, inBatch);
    if (this.created.has(state) || this.before.has(state)) return;
    this.before.set(state, {
      server: new Map(state.server),
      local: new Map(state.local),
      status: state.status,
      pk: state.pk,
      model: state.model,
      version: state.version,
    });
  }

  /** An inner transaction ended well: the enclosing one can now undo its changes too. */
  handTo(outer: Journal): void {
    for (const [state, snapshot] of this.before) {
      if (!outer.created.has(state) && !outer.before.has(state)) outer.before.set(state, snapshot);
    }
    for (const state of this.created) outer.created.add(state);
    for (const [state, kinds] of this.inBatch) if (!outer.inBatch.has(state)) outer.inBatch.set(state, kinds);
  }
}

/** Puts a state's values back as the snapshot has them (bypassing the maps' change hook). */
export function restore(state: EntityState, snapshot: Snapshot): void {
  const target = writable(state);
  target.server.replaceQuietly(snapshot.server);
  if (snapshot.local.size > 0 || target.local.size > 0) target.ownLocal().replaceQuietly(snapshot.local);
  target.status = snapshot.status;
  target.pk = snapshot.pk;
  target.model = snapshot.model;
  target.version = snapshot.version;
}
