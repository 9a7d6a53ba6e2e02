/**
 * The emulator's database: one table per polymorphic family (single-table inheritance, as on the
 * reference server), link tables for many-to-many relations, and SQLite's habits where a test can
 * see them (integer keys compare with "1", a new row takes the highest id + 1, foreign keys are not
 * enforced, deleting a parent nulls its children's key as the ORM does).
 */
import { ValidationError } from '../../errors.js';
import type { ColumnProxies } from './field-kind.js';
import type { WireValue } from '../../query/expression.js';
import { affinityOf, storedValue } from '../../query/normalize.js';
import { inverseOf, relationLink } from './relation-link.js';
import { orderValues } from '../../query/sqlite.js';
import type { Datamodel, ModelDef, RelationDef } from '../../schema/datamodel.js';
import { LinkTables } from './link-tables.js';
import type { LinkTablesJournal } from './link-tables.js';
import { readRowInput } from './row-input.js';
import { isA, keyOf } from './row-keys.js';
import { canonicalColumn } from './row-values.js';

/** A row as the emulator hands it out: its column values in wire form (a copy). */
export type EmulatorRow = Readonly<Record<string, WireValue>>;

/**
 * The emulated server's data. Rows are written and read in wire form (the values a GET body
 * carries); model names are class names (`Person`, `Manager`).
 */
export interface EmulatorDb {
  /** Every row of a model in table order; a polymorphic parent includes its subclasses' rows. */
  rows(model: string): EmulatorRow[];
  /** The row with this primary key, or undefined (a subclass does not see its parent's own rows). */
  get(model: string, id: WireValue): EmulatorRow | undefined;
  /**
   * Adds a row. Columns are canonicalized as the server's database would return them; a missing
   * integer key takes the highest id + 1; many-to-many relations (and relations without a foreign
   * key in the datamodel) take a list of related primary keys. Throws `ValidationError` for an
   * unknown field, a duplicate key, or a value the column cannot hold.
   */
  insert(model: string, row: Readonly<Record<string, unknown>>): EmulatorRow;
  /** Changes columns (and link lists, which it replaces) of an existing row; returns the row as stored. */
  update(model: string, id: WireValue, changes: Readonly<Record<string, unknown>>): EmulatorRow;
  /** Deletes a row: its link-table entries go, and children's foreign keys to it become null. */
  delete(model: string, id: WireValue): boolean;
  /** The rows related to a row: one row or null for a to-one relation, a list for a to-many. */
  related(model: string, id: WireValue, relation: string): EmulatorRow | null | EmulatorRow[];
  /** Back to the rows the emulator was created with. */
  reset(): void;
  /** Removes every row. */
  clear(): void;
}

/** A stored row: its own class (a subclass when its discriminator says so) and its columns. */
export interface StoredRow {
  readonly model: ModelDef;
  readonly key: string;
  readonly values: Record<string, WireValue>;
}

/**
 * One write's undo log (`begin()`): each table slot it changed, as it was before the first
 * change, and the link tables it changed. Rolling back costs what the write changed, not the
 * size of the database (a whole-database snapshot per write made a save of N rows O(N^2)).
 */
export interface DbTransaction {
  /** Keeps the changes. */
  commit(): void;
  /** Puts back every changed slot and link table; a second call does nothing. */
  rollback(): void;
}

/** A row in its table: `seq` is its insertion order, which is table order for a non-integer key. */
interface Slot {
  readonly row: StoredRow;
  readonly seq: number;
}

interface Journal {
  /** Slot id -> the slot before the transaction's first change of it (undefined: it was empty). */
  readonly slots: Map<string, { readonly root: string; readonly key: string; readonly before: Slot | undefined }>;
  readonly links: LinkTablesJournal;
}

/** Rows per model class name, as `createClassicEmulator` takes them. */
export type SeedRows = Readonly<Record<string, ReadonlyArray<Readonly<Record<string, unknown>>>>>;

export class EmulatorDatabase implements EmulatorDb {
  readonly #datamodel: Datamodel;
  readonly #proxies: ColumnProxies;
  readonly #seed: ReadonlyArray<readonly [ModelDef, Readonly<Record<string, unknown>>]>;
  readonly #tables = new Map<string, Map<string, Slot>>();
  readonly #links = new LinkTables(() => this.#bump());
  #seq = 0;
  /** Bumped by every change: what a reader's cache of a search result is valid for. */
  #version = 0;
  /** Per family root, bumped by every change of its table: what its scan and indexes are valid for. */
  readonly #rootVersions = new Map<string, number>();
  /** Open transactions, innermost last; every change is recorded in each (first change only). */
  readonly #journals: Journal[] = [];
  /** Derived data per family root (scan order, inverse foreign key indexes), with the version it was built at. */
  readonly #derived = new Map<string, { readonly version: number; readonly value: unknown }>();
  /** Highest numeric primary key per family root, while known (undefined: recompute). */
  readonly #highest = new Map<string, number>();

  constructor(datamodel: Datamodel, proxies: ColumnProxies, seed: SeedRows) {
    this.#datamodel = datamodel;
    this.#proxies = proxies;
    this.#seed = Object.entries(seed).flatMap(([name, rows]) => {
      const model = this.#model(name);
      return rows.map((row) => [model, structuredClone(row)] as const);
    });
    this.reset();
  }

  rows(model: string): EmulatorRow[] {
    return this.scan(this.#model(model)).map(copy);
  }

  get(model: string, id: WireValue): EmulatorRow | undefined {
    const row = this.find(this.#model(model), id);
    return row === undefined ? undefined : copy(row);
  }

  insert(model: string, row: Readonly<Record<string, unknown>>): EmulatorRow {
    return copy(this.#store(this.#model(model), row, 'add'));
  }

  update(model: string, id: WireValue, changes: Readonly<Record<string, unknown>>): EmulatorRow {
    const definition = this.#model(model);
    const row = this.#existing(definition, id);
    const before = this.#table(definition.root).get(row.key);
    this.#clearSlot(definition.root, row.key);
    try {
      const root = this.#datamodel.models.get(definition.root) ?? definition;
      return copy(this.#store(root, { ...row.values, ...changes }, 'replace', row.key));
    } catch (error) {
      if (before !== undefined) this.#fillSlot(definition.root, row.key, before);
      throw error;
    }
  }

  delete(model: string, id: WireValue): boolean {
    const row = this.find(this.#model(model), id);
    if (row === undefined) return false;
    this.deleteRow(row);
    return true;
  }

  /** `session.delete(row)`: the row, its link-table entries, and its children's keys to it. */
  deleteRow(row: StoredRow): void {
    this.#clearSlot(row.model.root, row.key);
    this.#links.forget(row.model.root, row.key);
    this.#nullChildKeys(row);
  }

  related(model: string, id: WireValue, relation: string): EmulatorRow | null | EmulatorRow[] {
    const row = this.#existing(this.#model(model), id);
    if (!row.model.relations.has(relation)) throw new ValidationError(`${model} has no relation "${relation}"`, { model, field: relation });
    const related = this.relatedRows(row, relation);
    return related === null ? null : Array.isArray(related) ? related.map(copy) : copy(related);
  }

  reset(): void {
    this.clear();
    for (const [model, row] of this.#seed) this.#store(model, row, 'add');
  }

  /** Starts recording changes, to keep (`commit`) or undo (`rollback`): one write's transaction. */
  begin(): DbTransaction {
    const journal: Journal = { slots: new Map(), links: this.#links.beginJournal() };
    this.#journals.push(journal);
    let open = true;
    const close = (): boolean => {
      if (!open) return false;
      open = false;
      this.#journals.splice(this.#journals.indexOf(journal), 1);
      return true;
    };
    return {
      commit: () => void (close() && this.#links.endJournal(journal.links, 'keep')),
      rollback: () => {
        if (!close()) return;
        for (const { root, key, before } of journal.slots.values()) {
          if (before === undefined) this.#clearSlot(root, key);
          else this.#fillSlot(root, key, before);
          this.#highest.delete(root);
        }
        this.#links.endJournal(journal.links, 'undo');
      },
    };
  }

  /** Bumped by every change of rows or links: a cache of anything read from the database is valid while it stays. */
  get version(): number {
    return this.#version;
  }

  /** The link tables, for the write path's relation changes. */
  get links(): LinkTables {
    return this.#links;
  }

  /** The row of family `root` stored under `key`. */
  rowAt(root: string, key: string): StoredRow | undefined {
    return this.#table(root).get(key)?.row;
  }

  /** Stores `row` under its key, replacing what was there; links and other rows are left alone. */
  putRow(row: StoredRow): void {
    this.#fillSlot(row.model.root, row.key, { row, seq: (this.#seq += 1) });
  }

  /** Removes the row stored under `key` and nothing else (a primary key change moves a row). */
  dropRow(root: string, key: string): void {
    this.#clearSlot(root, key);
  }

  /**
   * `setattr(row, field, value)` on a stored row: recorded for the open transactions (a rollback
   * puts the old value back). Every change of a stored row's values goes through here.
   */
  setValue(row: StoredRow, field: string, value: WireValue): void {
    const root = row.model.root;
    this.#recordSlot(root, row.key);
    row.values[field] = value;
    if (field === row.model.pk) this.#highest.delete(root);
  }

  clear(): void {
    for (const root of this.#tables.keys()) this.#touchRoot(root);
    this.#tables.clear();
    this.#highest.clear();
    this.#links.clear();
  }

  /** Every row of a family's table, in no particular order (a constraint check). */
  familyRows(root: string): StoredRow[] {
    return [...this.#table(root).values()].map((slot) => slot.row);
  }

  /**
   * The rows a query on `model` starts from, in table order (rowid order: the key for integer
   * keys, insertion order otherwise). Built once per change of the table and shared: read-only.
   */
  scan(model: ModelDef): readonly StoredRow[] {
    return this.#derive(model.root, `scan\u0000${model.name}`, () => {
      const slots = [...this.#table(model.root).values()].filter((slot) => isA(slot.row.model, model, this.#datamodel));
      const pk = model.attributes.get(model.pk);
      if (pk !== undefined && affinityOf(pk.type) === 'integer') {
        const sortKey = new Map(slots.map((slot) => [slot, storedValue(slot.row.values[model.pk], pk.type)]));
        slots.sort((a, b) => orderValues(sortKey.get(a) ?? null, sortKey.get(b) ?? null) || a.seq - b.seq);
      } else {
        slots.sort((a, b) => a.seq - b.seq);
      }
      return slots.map((slot) => slot.row);
    });
  }

  /** `query(model).filter(pk == id).first()`: SQLite equality, so "1" finds the row with id 1. */
  find(model: ModelDef, id: WireValue): StoredRow | undefined {
    const key = keyOf(id, model);
    const row = key === undefined ? undefined : this.#table(model.root).get(key)?.row;
    return row !== undefined && isA(row.model, model, this.#datamodel) ? row : undefined;
  }

  /** What `getattr(instance, relation)` loads: a row or null for to-one, a list for to-many. */
  relatedRows(row: StoredRow, relationName: string): StoredRow | null | StoredRow[] {
    const relation = row.model.relations.get(relationName);
    const target = relation === undefined ? undefined : this.#datamodel.models.get(relation.target);
    if (relation === undefined || target === undefined) throw new ValidationError(`${row.model.name} has no relation "${relationName}"`, { model: row.model.name, field: relationName });
    const link = relationLink(row.model, relation, this.#datamodel);
    let rows: readonly StoredRow[];
    switch (link.kind) {
      case 'foreign-key':
        return this.find(target, row.values[link.column] ?? null) ?? null;
      case 'inverse-foreign-key':
        rows = this.#children(target, link.column, row.model).get(row.key) ?? [];
        break;
      case 'link-table': {
        // SQLite finds one side's links through the link table's primary key index, so they come in
        // key order; the other side's by a scan, in insertion order (probed on the reference server,
        // whose link table lists the alphabetically first side first, as `relationLink` names it left).
        const keys = this.#links.linked(link, row.key);
        const targetTable = this.#table(target.root);
        const found = (key: string): StoredRow | undefined => {
          const candidate = targetTable.get(key)?.row;
          return candidate !== undefined && isA(candidate.model, target, this.#datamodel) ? candidate : undefined;
        };
        if (link.side === 'left') {
          // Each linked row once, in table order (what the scan through the index yields).
          const position = this.#positions(target);
          rows = [...new Set(keys)].map(found).filter((candidate): candidate is StoredRow => candidate !== undefined).sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
        } else {
          rows = keys.map(found).filter((candidate): candidate is StoredRow => candidate !== undefined);
        }
        break;
      }
      default: {
        const unhandled: never = link;
        return unhandled;
      }
    }
    return relation.many ? [...rows] : (rows[0] ?? null);
  }

  /** Writes a row; `previousKey` is the key it had before an update (its links follow it). */
  #store(model: ModelDef, input: Readonly<Record<string, unknown>>, links: 'add' | 'replace', previousKey?: string): StoredRow {
    const { model: rowModel, values, links: linkValues } = readRowInput(model, input, this.#datamodel, this.#proxies);
    const row: StoredRow = { model: rowModel, key: this.#primaryKey(rowModel, values), values };
    if (this.#table(rowModel.root).has(row.key)) throw new ValidationError(`${rowModel.root} already has a row with ${rowModel.pk} ${JSON.stringify(values[rowModel.pk])}`, { model: rowModel.name, field: rowModel.pk });
    const keys = linkValues.map(([relation, value]) => [relation, this.#relatedKeys(rowModel, relation, value)] as const);
    this.putRow(row);
    if (previousKey !== undefined) this.#links.rekey(rowModel.root, previousKey, row.key);
    for (const [relation, related] of keys) {
      const link = relationLink(rowModel, relation, this.#datamodel);
      const target = this.#datamodel.models.get(relation.target);
      if (link.kind === 'link-table' && target !== undefined) this.#links.link(link, rowModel.root, target.root, row.key, related, links);
    }
    return row;
  }

  #primaryKey(model: ModelDef, values: Record<string, WireValue>): string {
    const pk = model.attributes.get(model.pk);
    const integer = pk !== undefined && affinityOf(pk.type) === 'integer';
    if (values[model.pk] === null || values[model.pk] === undefined) {
      if (!integer) throw new ValidationError(`A ${model.name} row needs its primary key ${model.pk}`, { model: model.name, field: model.pk });
      values[model.pk] = this.nextId(model);
    }
    const id = values[model.pk] ?? null;
    if (integer && !(typeof id === 'number' && Number.isInteger(id))) {
      throw new ValidationError(`${model.name}.${model.pk} is an integer primary key, got ${JSON.stringify(id)}`, { model: model.name, field: model.pk });
    }
    const key = keyOf(id, model);
    if (key === undefined) throw new ValidationError(`${model.name}.${model.pk} cannot be null`, { model: model.name, field: model.pk });
    return key;
  }

  /** SQLite's rowid rule: one more than the highest key in the table (so a deleted top id comes back). */
  nextId(model: ModelDef): number {
    let highest = this.#highest.get(model.root);
    if (highest === undefined) {
      highest = 0;
      for (const { row } of this.#table(model.root).values()) {
        const id = row.values[model.pk];
        if (typeof id === 'number' && id > highest) highest = id;
      }
      this.#highest.set(model.root, highest);
    }
    return highest + 1;
  }

  /** The keys a link list names: a list for a to-many relation, one key or null for a to-one. */
  #relatedKeys(model: ModelDef, relation: RelationDef, value: unknown): string[] {
    const target = this.#datamodel.models.get(relation.target);
    const site = { model: model.name, field: relation.name };
    const ids = relation.many ? value : value === null || value === undefined ? [] : [value];
    if (target === undefined || !Array.isArray(ids)) throw new ValidationError(`${model.name}.${relation.name} takes a list of ${relation.target} primary keys`, site);
    const pkType = target.attributes.get(target.pk)?.type ?? 'integer';
    return ids.map((id: unknown) => {
      const key = keyOf(canonicalColumn(id, pkType, site), target);
      if (key === undefined) throw new ValidationError(`${model.name}.${relation.name}: ${JSON.stringify(id)} is not a ${relation.target} primary key`, site);
      return key;
    });
  }

  /** The ORM nulls the foreign key of children it knows through a backref when their parent goes. */
  #nullChildKeys(parent: StoredRow): void {
    const seen = new Set<string>();
    for (const model of this.#datamodel.models.values()) {
      for (const relation of model.relations.values()) {
        const target = this.#datamodel.models.get(relation.target);
        const link = relationLink(model, relation, this.#datamodel);
        const id = `${model.root}.${relation.name}`;
        if (target?.root !== parent.model.root || link.kind !== 'foreign-key' || inverseOf(relation, this.#datamodel) === undefined || seen.has(id)) continue;
        seen.add(id);
        for (const child of [...(this.#children(this.#datamodel.models.get(model.root) ?? model, link.column, parent.model).get(parent.key) ?? [])]) this.setValue(child, link.column, null);
      }
    }
  }

  #existing(model: ModelDef, id: WireValue): StoredRow {
    const row = this.find(model, id);
    if (row === undefined) throw new ValidationError(`${model.name} has no row with ${model.pk} ${JSON.stringify(id)}`, { model: model.name });
    return row;
  }

  #table(root: string): Map<string, Slot> {
    let table = this.#tables.get(root);
    if (table === undefined) {
      table = new Map();
      this.#tables.set(root, table);
    }
    return table;
  }

  /** Puts `slot` under `key` (recorded for the open transactions). */
  #fillSlot(root: string, key: string, slot: Slot): void {
    this.#recordSlot(root, key);
    this.#table(root).set(key, slot);
    const id = slot.row.values[slot.row.model.pk];
    const highest = this.#highest.get(root);
    if (highest !== undefined && typeof id === 'number' && id > highest) this.#highest.set(root, id);
  }

  /** Empties the slot under `key` (recorded for the open transactions). */
  #clearSlot(root: string, key: string): void {
    const slot = this.#table(root).get(key);
    if (slot === undefined) return;
    this.#recordSlot(root, key);
    this.#table(root).delete(key);
    const id = slot.row.values[slot.row.model.pk];
    if (typeof id === 'number' && id >= (this.#highest.get(root) ?? Number.NEGATIVE_INFINITY)) this.#highest.delete(root);
  }

  /** Before a slot changes: each open transaction keeps its first content (values copied), and caches of the table expire. */
  #recordSlot(root: string, key: string): void {
    this.#touchRoot(root);
    if (this.#journals.length === 0) return;
    const id = `${root}\u0000${key}`;
    let before: Slot | undefined | null = null;
    for (const journal of this.#journals) {
      if (journal.slots.has(id)) continue;
      if (before === null) {
        const slot = this.#table(root).get(key);
        before = slot === undefined ? undefined : { seq: slot.seq, row: { ...slot.row, values: structuredClone(slot.row.values) } };
      }
      journal.slots.set(id, { root, key, before });
    }
  }

  #touchRoot(root: string): void {
    this.#bump();
    this.#rootVersions.set(root, (this.#rootVersions.get(root) ?? 0) + 1);
  }

  #bump(): void {
    this.#version += 1;
  }

  /** Data derived from one family's table, rebuilt only after the table changed. */
  #derive<T>(root: string, name: string, build: () => T): T {
    const id = `${root}\u0000${name}`;
    const version = this.#rootVersions.get(root) ?? 0;
    const cached = this.#derived.get(id);
    if (cached !== undefined && cached.version === version) return cached.value as T;
    const value = build();
    this.#derived.set(id, { version, value });
    return value;
  }

  /** `model`'s rows by the parent key their `column` holds (keys compared as `parent`'s key column compares them), in table order. */
  #children(model: ModelDef, column: string, parent: ModelDef): ReadonlyMap<string, readonly StoredRow[]> {
    return this.#derive(model.root, `children\u0000${model.name}\u0000${column}\u0000${parent.name}`, () => {
      const index = new Map<string, StoredRow[]>();
      for (const row of this.scan(model)) {
        const key = keyOf(row.values[column] ?? null, parent);
        if (key === undefined) continue;
        const siblings = index.get(key);
        if (siblings === undefined) index.set(key, [row]);
        else siblings.push(row);
      }
      return index;
    });
  }

  /** Each row of `model`'s scan and its position in it. */
  #positions(model: ModelDef): ReadonlyMap<StoredRow, number> {
    return this.#derive(model.root, `positions\u0000${model.name}`, () => new Map(this.scan(model).map((row, index) => [row, index])));
  }

  #model(name: string): ModelDef {
    const model = this.#datamodel.models.get(name);
    if (model === undefined) {
      throw new ValidationError(`The datamodel has no model "${name}" (models: ${[...this.#datamodel.models.keys()].join(', ')})`, { model: name });
    }
    return model;
  }
}

function copy(row: StoredRow): EmulatorRow {
  return structuredClone(row.values);
}
