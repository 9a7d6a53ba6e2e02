import { ValidationError } from '../errors.js';
import { checkColumn, type ColumnCodec } from '../schema/column-codec.js';
import type { WireValue } from '../query/expression.js';
import type { Dialect, RowChanges, RowKey, WireWrite } from '../dialect/dialect.js';
import type { Datamodel, ModelDef } from '../schema/datamodel.js';
import { stateOf, type EntityState, type PrimaryKey } from '../store/entity-state.js';
import { listChanges } from './collect.js';
import type { RowOperation } from './operation.js';

/** A write request and the values it sends, to tell afterwards which fields it made clean. */
export interface WriteRequest extends WireWrite {
  readonly sent: ReadonlyMap<string, unknown>;
  /** Saved rows the body names by key alone: the server creates them if they were deleted meanwhile. */
  readonly references: ReadonlyArray<RowReference>;
  /** What a create sends of each entity nested in it (see nest.ts). */
  readonly nestedSent: ReadonlyMap<EntityState, ReadonlyMap<string, unknown>>;
}

/**
 * The request of an operation, built when it is sent (keys created by earlier levels are known
 * then). What changes is said here in the client's terms; the dialect's `writes` shape the body.
 * Related rows are named by key, and never by a key the server did not give us.
 */
export function requestFor(operation: RowOperation, dialect: Dialect, codec: ColumnCodec, known: KnownRows = {}): WriteRequest {
  const { state } = operation;
  const references: RowReference[] = [];
  const nested = operation.kind === 'create' ? (operation.nested ?? []) : [];
  const inside = new Map<string, RowChanges>();
  const nestedSent = new Map<EntityState, ReadonlyMap<string, unknown>>();
  for (const each of nested) {
    const made = changesOf(each.state, each.fields, 'create', dialect, codec, known, references, new Set());
    inside.set(each.relation, made.changes);
    nestedSent.set(each.state, made.sent);
  }
  const fields = operation.kind === 'link' ? [] : operation.fields;
  const { changes, sent } = changesOf(state, fields, operation.kind, dialect, codec, known, references, new Set(inside.keys()));
  if (operation.kind === 'link') {
    const reference = (target: EntityState): RowKey => {
      const saved = keyOf(target, state, operation.relation);
      references.push(saved);
      return saved;
    };
    changes.links.set(operation.relation, { add: operation.add.map(reference), remove: operation.remove.map(reference) });
  }
  if (operation.kind === 'create') {
    const withNested: RowChanges = inside.size === 0 ? changes : { ...changes, nested: inside };
    return { ...dialect.writes.create(state.model, withNested), sent, references, nestedSent };
  }
  if (state.pk === undefined) throw new ValidationError(`${state.model.name} has no key to update`, { model: state.model.name });
  return { ...dialect.writes.update(state.model, state.pk, changes), sent, references, nestedSent };
}

/** RowChanges whose maps the builder still fills. */
interface Changes extends RowChanges {
  readonly columns: Map<string, WireValue>;
  readonly toOne: Map<string, RowKey | null>;
  readonly toMany: Map<string, readonly RowKey[]>;
  readonly links: Map<string, { add: readonly RowKey[]; remove: readonly RowKey[] }>;
}

/**
 * The changes of `fields` of one entity, and the values sent. Rows named by key are added to
 * `references`; the to-ones in `nestedRelations` are left out (their targets travel nested).
 */
function changesOf(
  state: EntityState,
  fields: readonly string[],
  kind: RowOperation['kind'],
  dialect: Dialect,
  codec: ColumnCodec,
  known: KnownRows,
  references: RowReference[],
  nestedRelations: ReadonlySet<string>,
): { changes: Changes; sent: Map<string, unknown> } {
  const fresh = known.fresh ?? NONE;
  const changes: Changes = { columns: new Map(), toOne: new Map(), toMany: new Map(), links: new Map() };
  const sent = new Map<string, unknown>();
  const reference = (target: EntityState, field: string): RowKey => {
    const saved = keyOf(target, state, field);
    references.push(saved);
    return saved;
  };
  for (const field of fields) {
    const value = state.read(field);
    sent.set(field, value);
    const attribute = state.model.attributes.get(field);
    if (attribute) {
      // Checked again when sent: a Date or a JSON value is mutable, and may have been changed in
      // place since it was assigned (a cycle, a year 10000) into something the server cannot store.
      const problem = checkColumn(attribute.type, value, dialect.columnRules);
      if (problem !== undefined) throw new ValidationError(`${state.model.name}.${field}: ${problem}`, { model: state.model.name, field });
      changes.columns.set(field, codec.write(attribute.type, value));
      // A key typed in by hand (`c.owner_id = 7`) names a row the store may never have seen.
      const keyed = known.datamodel === undefined ? undefined : foreignKeyTarget(known.datamodel, state, field);
      if (keyed !== undefined && (typeof value === 'number' || typeof value === 'string')) references.push({ model: keyed, pk: value });
      continue;
    }
    const relation = state.model.relations.get(field);
    if (!relation) continue;
    if (!relation.many) {
      if (nestedRelations.has(field)) continue;
      const target = value === null ? null : keyOf(stateOf(value), state, field);
      if (dialect.writes.sendsKeyColumn(state.model, field)) {
        changes.toOne.set(field, target);
        // The server stores any key in a foreign key column (SQLite does not enforce them): a row
        // deleted by someone else since it was read would leave a key pointing at nothing, which
        // the next row to reuse that id silently inherits. Rows this save created are known to exist.
        if (target !== null && !fresh.has(target)) references.push(target);
      } else {
        changes.toOne.set(field, target === null ? null : reference(target, field));
      }
      continue;
    }
    const { add, remove } = listChanges(state, field);
    if (kind === 'create') {
      changes.toMany.set(field, add.filter((item) => item.pk !== undefined).map((item) => reference(item, field)));
    } else {
      changes.links.set(field, { add: add.map((item) => reference(item, field)), remove: remove.map((item) => reference(item, field)) });
    }
  }
  return { changes, sent };
}

/** A row named by key in a write: checked to exist before the write is sent (verify-references). */
export interface RowReference {
  readonly model: ModelDef;
  readonly pk: PrimaryKey | undefined;
}

/** What a request builder may assume exists, and where to look models up. */
export interface KnownRows {
  /** Entities this save created: their rows exist, no need to check them. */
  readonly fresh?: ReadonlySet<EntityState>;
  readonly datamodel?: Datamodel;
}

const NONE: ReadonlySet<EntityState> = new Set();

/** The model a foreign key column points at, when `field` is the local column of a to-one. */
function foreignKeyTarget(datamodel: Datamodel, state: EntityState, field: string): ModelDef | undefined {
  for (const relation of state.model.relations.values()) {
    if (!relation.many && !relation.proxy && relation.localColumn === field) return datamodel.models.get(relation.target);
  }
  return undefined;
}

function keyOf(target: EntityState | undefined, owner: EntityState, field: string): EntityState & { pk: PrimaryKey } {
  if (!target || target.pk === undefined) {
    throw new ValidationError(`${owner.model.name}.${field} refers to a ${target?.model.name ?? 'row'} that is not saved`, { model: owner.model.name, field });
  }
  return target as EntityState & { pk: PrimaryKey };
}
