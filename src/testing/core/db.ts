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

/** Every table and link table at one moment (`snapshot()`), to go back to with `restore()`. */
export interface DbSnapshot {
  readonly tables: ReadonlyMap<string, ReadonlyMap<string, StoredRow>>;
  readonly links: LinkTables;
}

/** Rows per model class name, as `createClassicEmulator` takes them. */
export type SeedRows = Readonly<Record<string, ReadonlyArray<Readonly<Record<string, unknown>>>>>;

export class EmulatorDatabase implements EmulatorDb {
  readonly #datamodel: Datamodel;
  readonly #proxies: ColumnProxies;
  readonly #seed: ReadonlyArray<readonly [ModelDef, Readonly<Record<string, unknown>>]>;
  readonly #tables = new Map<string, Map<string, StoredRow>>();
  readonly #links = new LinkTables();

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
    const table = this.#table(definition.root);
    table.delete(row.key);
    try {
      const root = this.#datamodel.models.get(definition.root) ?? definition;
      return copy(this.#store(root, { ...row.values, ...changes }, 'replace', row.key));
    } catch (error) {
      table.set(row.key, row);
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
    this.#table(row.model.root).delete(row.key);
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

  /** A copy of every table and link table: what `restore` goes back to (a write's rollback). */
  snapshot(): DbSnapshot {
    const tables = new Map([...this.#tables].map(([root, table]) => [root, new Map([...table].map(([key, row]) => [key, { ...row, values: structuredClone(row.values) }]))]));
    return { tables, links: this.#links.copy() };
  }

  /** Back to a snapshot (which stays usable: rows are copied again). */
  restore(snapshot: DbSnapshot): void {
    this.#tables.clear();
    for (const [root, table] of snapshot.tables) this.#tables.set(root, new Map([...table].map(([key, row]) => [key, { ...row, values: structuredClone(row.values) }])));
    this.#links.replaceWith(snapshot.links);
  }

  /** The link tables, for the write path's relation changes. */
  get links(): LinkTables {
    return this.#links;
  }

  /** The row of family `root` stored under `key`. */
  rowAt(root: string, key: string): StoredRow | undefined {
    return this.#table(root).get(key);
  }

  /** Stores `row` under its key, replacing what was there; links and other rows are left alone. */
  putRow(row: StoredRow): void {
    this.#table(row.model.root).set(row.key, row);
  }

  /** Removes the row stored under `key` and nothing else (a primary key change moves a row). */
  dropRow(root: string, key: string): void {
    this.#table(root).delete(key);
  }

  clear(): void {
    this.#tables.clear();
    this.#links.clear();
  }

  /** The rows a query on `model` starts from, in table order (rowid order: the key for integer keys). */
  scan(model: ModelDef): StoredRow[] {
    const rows = [...this.#table(model.root).values()].filter((row) => isA(row.model, model, this.#datamodel));
    const pk = model.attributes.get(model.pk);
    if (pk !== undefined && affinityOf(pk.type) === 'integer') {
      rows.sort((a, b) => orderValues(storedValue(a.values[model.pk], pk.type), storedValue(b.values[model.pk], pk.type)));
    }
    return rows;
  }

  /** `query(model).filter(pk == id).first()`: SQLite equality, so "1" finds the row with id 1. */
  find(model: ModelDef, id: WireValue): StoredRow | undefined {
    const key = keyOf(id, model);
    const row = key === undefined ? undefined : this.#table(model.root).get(key);
    return row !== undefined && isA(row.model, model, this.#datamodel) ? row : undefined;
  }

  /** What `getattr(instance, relation)` loads: a row or null for to-one, a list for to-many. */
  relatedRows(row: StoredRow, relationName: string): StoredRow | null | StoredRow[] {
    const relation = row.model.relations.get(relationName);
    const target = relation === undefined ? undefined : this.#datamodel.models.get(relation.target);
    if (relation === undefined || target === undefined) throw new ValidationError(`${row.model.name} has no relation "${relationName}"`, { model: row.model.name, field: relationName });
    const link = relationLink(row.model, relation, this.#datamodel);
    let rows: StoredRow[];
    switch (link.kind) {
      case 'foreign-key':
        return this.find(target, row.values[link.column] ?? null) ?? null;
      case 'inverse-foreign-key':
        rows = this.scan(target).filter((candidate) => keyOf(candidate.values[link.column] ?? null, row.model) === row.key);
        break;
      case 'link-table': {
        // SQLite finds one side's links through the link table's primary key index, so they come in
        // key order; the other side's by a scan, in insertion order (probed on the reference server,
        // whose link table lists the alphabetically first side first, as `relationLink` names it left).
        const keys = this.#links.linked(link, row.model.root, target.root, row.key);
        const targetTable = this.#table(target.root);
        const linked = new Set(keys);
        rows =
          link.side === 'left'
            ? this.scan(target).filter((candidate) => linked.has(candidate.key))
            : keys.map((key) => targetTable.get(key)).filter((found): found is StoredRow => found !== undefined && isA(found.model, target, this.#datamodel));
        break;
      }
      default: {
        const unhandled: never = link;
        return unhandled;
      }
    }
    return relation.many ? rows : (rows[0] ?? null);
  }

  /** Writes a row; `previousKey` is the key it had before an update (its links follow it). */
  #store(model: ModelDef, input: Readonly<Record<string, unknown>>, links: 'add' | 'replace', previousKey?: string): StoredRow {
    const { model: rowModel, values, links: linkValues } = readRowInput(model, input, this.#datamodel, this.#proxies);
    const row: StoredRow = { model: rowModel, key: this.#primaryKey(rowModel, values), values };
    const table = this.#table(rowModel.root);
    if (table.has(row.key)) throw new ValidationError(`${rowModel.root} already has a row with ${rowModel.pk} ${JSON.stringify(values[rowModel.pk])}`, { model: rowModel.name, field: rowModel.pk });
    const keys = linkValues.map(([relation, value]) => [relation, this.#relatedKeys(rowModel, relation, value)] as const);
    table.set(row.key, row);
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
    let highest = 0;
    for (const row of this.#table(model.root).values()) {
      const id = row.values[model.pk];
      if (typeof id === 'number' && id > highest) highest = id;
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
        for (const child of this.#table(model.root).values()) {
          if (keyOf(child.values[link.column] ?? null, parent.model) === parent.key) child.values[link.column] = null;
        }
      }
    }
  }

  #existing(model: ModelDef, id: WireValue): StoredRow {
    const row = this.find(model, id);
    if (row === undefined) throw new ValidationError(`${model.name} has no row with ${model.pk} ${JSON.stringify(id)}`, { model: model.name });
    return row;
  }

  #table(root: string): Map<string, StoredRow> {
    let table = this.#tables.get(root);
    if (table === undefined) {
      table = new Map();
      this.#tables.set(root, table);
    }
    return table;
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
