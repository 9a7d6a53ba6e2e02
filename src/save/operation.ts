import type { EntityState } from '../store/entity-state.js';

/**
 * One request of a save, as data. Bodies are built when the request is sent, because keys of
 * entities created in earlier levels are only known then.
 */
export type Operation =
  /** POST the new entity; `deferred` to-one relations are sent by a later update (a reference cycle). */
  | {
      readonly kind: 'create';
      readonly id: string;
      readonly state: EntityState;
      readonly fields: readonly string[];
      readonly deferred: readonly string[];
      /** New to-one targets created inside this POST (see nest.ts); each is a create of its own otherwise. */
      readonly nested?: readonly NestedCreate[];
    }
  /** PUT the changed columns and to-one relations of a saved entity. */
  | { readonly kind: 'update'; readonly id: string; readonly state: EntityState; readonly fields: readonly string[] }
  /** PUT `{relation: {add, remove}}`: many-to-many links (and to-many without a foreign key on the other side). */
  | { readonly kind: 'link'; readonly id: string; readonly state: EntityState; readonly relation: string; readonly add: readonly EntityState[]; readonly remove: readonly EntityState[] }
  /** POST a settable server @property through the property route (POST of a new row ignores them). */
  | { readonly kind: 'property'; readonly id: string; readonly state: EntityState; readonly name: string };

/** A new entity created inside its owner's POST, as the owner's to-one `relation`. */
export interface NestedCreate {
  readonly relation: string;
  readonly state: EntityState;
  /** Its fields to send (columns and key columns only). */
  readonly fields: readonly string[];
}

/** The operations that are plain Flask-Restless writes (a property goes through the RPC route). */
export type RowOperation = Exclude<Operation, { kind: 'property' }>;

/** An operation and the operations that must succeed before it. */
export interface PlanNode {
  readonly operation: Operation;
  readonly dependsOn: readonly string[];
}
