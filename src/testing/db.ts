/**
 * The emulator's database: one table per polymorphic family (single-table inheritance, as on the
 * reference server), link tables for many-to-many relations, and SQLite's habits where a test can
 * see them (integer keys compare with "1", a new row takes the highest id + 1, foreign keys are not
 * enforced, deleting a parent nulls its children's key as the ORM does).
 */
import { ValidationError } from '../errors.js';
import type { WireValue } from '../query/expression.js';
import { affinityOf, storedValue } from '../query/normalize.js';
import { inverseOf, relationLink } from '../query/relation-link.js';
import { orderValues } from '../query/sqlite.js';
import type { Datamodel, ModelDef, RelationDef } from '../schema/datamodel.js';
import type { ColumnProxies } from '../dialect/classic/field-kind.js';
import { proxyPath } from '../dialect/classic/field-kind.js';
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

interface LinkTable {
  readonly leftRoot: string;
  readonly rightRoot: string;
  entries: Array<{ readonly left: string; readonly right: string }>;
}

/** Rows per model class name, as `createClassicEmulator` takes them. */
export type SeedRows = Readonly<Record<string, ReadonlyArray<Readonly<Record<string, unknown>>>>>;

export class EmulatorDatabase implements EmulatorDb {
  readonly #datamodel: Datamodel;
  readonly #proxies: ColumnProxies;
  readonly #seed: ReadonlyArray<readonly [ModelDef, Readonly<Record<string, unknown>>]>;
  readonly #tables = new Map<string, Map<string, StoredRow>>();
  readonly #links = new Map<string, LinkTable>();

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
    return copy(this.#insert(this.#model(model), row));
  }

  update(model: string, id: WireValue, changes: Readonly<Record<string, unknown>>): EmulatorRow {
    const definition = this.#model(model);
    const row = this.find(definition, id);
    if (row === undefined) throw new ValidationError(`${model} has no row with ${definition.pk} ${JSON.stringify(id)}`, { model });
    const table = this.#table(definition.root);
    table.delete(row.key);
    try {
      const root = this.#datamodel.models.get(definition.root) ?? definition;
      return copy(this.#store(root, { ...row.values, ...changes }, 'replace', row));
    } catch (error) {
      table.set(row.key, row);
      throw error;
    }
  }

  delete(model: string, id: WireValue): boolean {
    const row = this.find(this.#model(model), id);
    if (row === undefined) return false;
    this.#table(row.model.root).delete(row.key);
    for (const table of this.#links.values()) {
      table.entries = table.entries.filter((entry) => !(table.leftRoot === row.model.root && entry.left === row.key) && !(table.rightRoot === row.model.root && entry.right === row.key));
    }
    this.#nullChildKeys(row);
    return true;
  }

  related(model: string, id: WireValue, relation: string): EmulatorRow | null | EmulatorRow[] {
    const definition = this.#model(model);
    const row = this.find(definition, id);
    if (row === undefined) throw new ValidationError(`${model} has no row with ${definition.pk} ${JSON.stringify(id)}`, { model });
    if (!row.model.relations.has(relation)) throw new ValidationError(`${model} has no relation "${relation}"`, { model, field: relation });
    const related = this.relatedRows(row, relation);
    return related === null ? null : Array.isArray(related) ? related.map(copy) : copy(related);
  }

  reset(): void {
    this.clear();
    for (const [model, row] of this.#seed) this.#insert(model, row);
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
      case 'foreign-key': {
        const found = this.find(target, row.values[link.column] ?? null);
        return found ?? null;
      }
      case 'inverse-foreign-key':
        rows = this.scan(target).filter((candidate) => keyOf(candidate.values[link.column] ?? null, row.model) === row.key);
        break;
      case 'link-table': {
        const table = this.#linkTable(link.table, row.model, relation, target);
        const mine = link.side === 'left' ? 'left' : 'right';
        const theirs = link.side === 'left' ? 'right' : 'left';
        const keys = table.entries.filter((entry) => entry[mine] === row.key).map((entry) => entry[theirs]);
        const targetTable = this.#table(target.root);
        rows = keys.map((key) => targetTable.get(key)).filter((found): found is StoredRow => found !== undefined && isA(found.model, target, this.#datamodel));
        break;
      }
      default: {
        const unhandled: never = link;
        return unhandled;
      }
    }
    return relation.many ? rows : (rows[0] ?? null);
  }

  #insert(model: ModelDef, input: Readonly<Record<string, unknown>>): StoredRow {
    return this.#store(model, input, 'add', undefined);
  }

  #store(model: ModelDef, input: Readonly<Record<string, unknown>>, links: 'add' | 'replace', previous: StoredRow | undefined): StoredRow {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new ValidationError(`A ${model.name} row must be an object of column values`, { model: model.name });
    }
    const rowModel = this.#classOf(model, input);
    const values: Record<string, WireValue> = {};
    const linkValues: Array<readonly [RelationDef, unknown]> = [];
    for (const [field, value] of Object.entries(input)) {
      const site = { model: rowModel.name, field };
      const attribute = rowModel.attributes.get(field);
      const relation = rowModel.relations.get(field);
      if (attribute !== undefined) {
        const path = proxyPath(rowModel, field, this.#datamodel, this.#proxies);
        if (path !== undefined) throw new ValidationError(`${rowModel.name}.${field} is an association proxy onto ${path.relation}.${path.column}; it is computed, set the related rows instead`, site);
        values[field] = canonicalColumn(value, attribute.type, site);
      } else if (relation !== undefined) {
        const link = relationLink(rowModel, relation, this.#datamodel);
        if (link.kind !== 'link-table') {
          const holder = link.kind === 'foreign-key' ? `${rowModel.name}.${link.column}` : `${relation.target}.${link.column} on the related rows`;
          throw new ValidationError(`${rowModel.name}.${field} is stored as a foreign key: set ${holder} instead`, site);
        }
        linkValues.push([relation, value]);
      } else {
        throw new ValidationError(`${rowModel.name} has no column or relation "${field}"`, site);
      }
    }
    for (const attribute of rowModel.attributes.values()) {
      if (!(attribute.name in values) && proxyPath(rowModel, attribute.name, this.#datamodel, this.#proxies) === undefined) values[attribute.name] = null;
    }
    // Single-table inheritance writes the class's identity into the discriminator.
    if (rowModel.discriminator !== undefined && values[rowModel.discriminator] === null && rowModel.identity !== undefined) {
      values[rowModel.discriminator] = rowModel.identity;
    }
    const row: StoredRow = { model: rowModel, key: this.#primaryKey(rowModel, values), values };
    const table = this.#table(rowModel.root);
    if (table.has(row.key)) throw new ValidationError(`${rowModel.root} already has a row with ${rowModel.pk} ${JSON.stringify(values[rowModel.pk])}`, { model: rowModel.name, field: rowModel.pk });
    table.set(row.key, row);
    if (previous !== undefined) this.#rekeyLinks(previous, row);
    for (const [relation, value] of linkValues) this.#setLinks(row, relation, value, links);
    return row;
  }

  /** The row's class: a subclass when the discriminator names one, which must be `model` or below it. */
  #classOf(model: ModelDef, input: Readonly<Record<string, unknown>>): ModelDef {
    const discriminator = model.discriminator;
    if (discriminator === undefined) return model;
    const given = input[discriminator];
    if (given === undefined || given === null) return model;
    const named = typeof given === 'string' ? model.identities.get(given) : undefined;
    const rowModel = named === undefined ? undefined : this.#datamodel.models.get(named);
    if (rowModel === undefined) {
      if (model.identity === undefined) return model;
      throw new ValidationError(`A ${model.name} row has ${discriminator} ${JSON.stringify(model.identity)}, not ${JSON.stringify(given)}`, { model: model.name, field: discriminator });
    }
    if (!isA(rowModel, model, this.#datamodel)) {
      throw new ValidationError(`${discriminator} ${JSON.stringify(given)} makes a ${rowModel.name}, which is not a ${model.name}`, { model: model.name, field: discriminator });
    }
    return rowModel;
  }

  #primaryKey(model: ModelDef, values: Record<string, WireValue>): string {
    const pk = model.attributes.get(model.pk);
    const integer = pk !== undefined && affinityOf(pk.type) === 'integer';
    if (values[model.pk] === null || values[model.pk] === undefined) {
      if (!integer) throw new ValidationError(`A ${model.name} row needs its primary key ${model.pk}`, { model: model.name, field: model.pk });
      values[model.pk] = this.#nextId(model);
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
  #nextId(model: ModelDef): number {
    let highest = 0;
    for (const row of this.#table(model.root).values()) {
      const id = row.values[model.pk];
      if (typeof id === 'number' && id > highest) highest = id;
    }
    return highest + 1;
  }

  #setLinks(row: StoredRow, relation: RelationDef, value: unknown, mode: 'add' | 'replace'): void {
    const target = this.#datamodel.models.get(relation.target);
    const link = relationLink(row.model, relation, this.#datamodel);
    if (target === undefined || link.kind !== 'link-table') return;
    const site = { model: row.model.name, field: relation.name };
    const ids = relation.many ? value : value === null || value === undefined ? [] : [value];
    if (!Array.isArray(ids)) throw new ValidationError(`${row.model.name}.${relation.name} takes a list of ${relation.target} primary keys`, site);
    const table = this.#linkTable(link.table, row.model, relation, target);
    const mine = link.side;
    if (mode === 'replace') table.entries = table.entries.filter((entry) => entry[mine] !== row.key);
    for (const id of ids) {
      const key = keyOf(canonicalColumn(id, target.attributes.get(target.pk)?.type ?? 'integer', site), target);
      if (key === undefined) throw new ValidationError(`${row.model.name}.${relation.name}: ${JSON.stringify(id)} is not a ${relation.target} primary key`, site);
      const entry = mine === 'left' ? { left: row.key, right: key } : { left: key, right: row.key };
      if (!table.entries.some((existing) => existing.left === entry.left && existing.right === entry.right)) table.entries.push(entry);
    }
  }

  #linkTable(name: string, model: ModelDef, relation: RelationDef, target: ModelDef): LinkTable {
    let table = this.#links.get(name);
    if (table === undefined) {
      const side = relationLink(model, relation, this.#datamodel);
      const left = side.kind === 'link-table' && side.side === 'right' ? target.root : model.root;
      const right = left === model.root ? target.root : model.root;
      table = { leftRoot: left, rightRoot: right, entries: [] };
      this.#links.set(name, table);
    }
    return table;
  }

  #rekeyLinks(previous: StoredRow, row: StoredRow): void {
    if (previous.key === row.key) return;
    for (const table of this.#links.values()) {
      table.entries = table.entries.map((entry) => ({
        left: table.leftRoot === row.model.root && entry.left === previous.key ? row.key : entry.left,
        right: table.rightRoot === row.model.root && entry.right === previous.key ? row.key : entry.right,
      }));
    }
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

/** Whether a row of class `rowModel` is a `model` (itself or a subclass of it). */
export function isA(rowModel: ModelDef, model: ModelDef, datamodel: Datamodel): boolean {
  let current: ModelDef | undefined = rowModel;
  while (current !== undefined) {
    if (current.name === model.name) return true;
    current = current.parent === undefined ? undefined : datamodel.models.get(current.parent);
  }
  return false;
}

/** A primary key value as SQLite compares it in this model's key column: "1" and 1 are one key. */
function keyOf(value: WireValue, model: ModelDef): string | undefined {
  const type = model.attributes.get(model.pk)?.type ?? 'integer';
  const stored = storedValue(value, type);
  if (stored === null) return undefined;
  return typeof stored === 'number' ? `n:${stored}` : `s:${stored}`;
}

function copy(row: StoredRow): EmulatorRow {
  return structuredClone(row.values);
}
