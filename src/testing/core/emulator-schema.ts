/**
 * What the datamodel does not publish about the server's tables, but its writes depend on: UNIQUE
 * and NOT NULL constraints (a violation is `400 {"message": "IntegrityError"}`), the values of
 * Enum columns (another value is stored, then every read of the row fails), Numeric scales (a
 * posted 0.1 reads back as "0.10" with scale 2), a polymorphic base's own identity, and how hybrid
 * properties compute. The emulator takes it as its `schema` option, checked against the datamodel.
 */
import { ValidationError } from '../../errors.js';
import type { WireValue } from '../../query/expression.js';
import type { Datamodel, ModelDef } from '../../schema/datamodel.js';
import type { ModelFacts } from '../../schema/model-facts.js';
import type { EmulatorRow } from './db.js';

/**
 * The schema facts of one model (a subclass inherits its parents': they share one table). It
 * extends the client's `ModelFacts`, so the object given to the emulator can be given to
 * `connect({ schema })` too (the client reads the enums, the facts it can check before sending).
 */
export interface ModelSchema extends ModelFacts {
  /** UNIQUE constraints: a column, or several columns for a composite constraint. */
  readonly unique?: ReadonlyArray<string | readonly string[]>;
  /** Columns declared `nullable=False` (the primary key always is). */
  readonly notNull?: readonly string[];
  /** The scale of each Numeric column (without one, SQLAlchemy reads back 10 decimals). */
  readonly scales?: Readonly<Record<string, number>>;
  /** A polymorphic base's own identity: the datamodel lists only its subclasses'. */
  readonly identity?: string;
  /** Hybrid properties: their value for a row, recomputed whenever the emulated server writes it. */
  readonly hybrids?: Readonly<Record<string, (row: EmulatorRow) => WireValue>>;
}

/** Schema facts per model class name. */
export type EmulatorSchema = Readonly<Record<string, ModelSchema>>;

/** Lookups into a checked schema, walking up polymorphic parents. */
export class SchemaFacts {
  readonly #schema: EmulatorSchema;
  readonly #datamodel: Datamodel;

  constructor(datamodel: Datamodel, schema: EmulatorSchema = {}) {
    this.#datamodel = datamodel;
    this.#schema = schema;
    check(datamodel, schema);
  }

  /** Every UNIQUE constraint on the table of `model` (as column lists). */
  unique(model: ModelDef): string[][] {
    return this.#lineage(model).flatMap((own) => (own.unique ?? []).map((columns) => (typeof columns === 'string' ? [columns] : [...columns])));
  }

  notNull(model: ModelDef): string[] {
    return this.#lineage(model).flatMap((own) => own.notNull ?? []);
  }

  enumValues(model: ModelDef, column: string): readonly string[] | undefined {
    return this.#lineage(model).find((own) => own.enums?.[column] !== undefined)?.enums?.[column];
  }

  scale(model: ModelDef, column: string): number | undefined {
    return this.#lineage(model).find((own) => own.scales?.[column] !== undefined)?.scales?.[column];
  }

  /** The identity a row of `model` gets when nothing sets its discriminator. */
  identity(model: ModelDef): string | undefined {
    return model.identity ?? this.#schema[model.name]?.identity;
  }

  hybrids(model: ModelDef): Array<readonly [string, (row: EmulatorRow) => WireValue]> {
    return this.#lineage(model).flatMap((own) => Object.entries(own.hybrids ?? {}));
  }

  /** The schema entries of `model` and its parents. */
  #lineage(model: ModelDef): ModelSchema[] {
    const found: ModelSchema[] = [];
    for (let current: ModelDef | undefined = model; current !== undefined; current = current.parent === undefined ? undefined : this.#datamodel.models.get(current.parent)) {
      const own = this.#schema[current.name];
      if (own !== undefined) found.push(own);
    }
    return found;
  }
}

/** Typos surface when the emulator is made, not as a constraint that silently never fires. */
function check(datamodel: Datamodel, schema: EmulatorSchema): void {
  for (const [name, own] of Object.entries(schema)) {
    const model = datamodel.models.get(name);
    if (model === undefined) throw new ValidationError(`schema: the datamodel has no model "${name}"`, { model: name });
    const column = (field: string, types?: readonly string[]): void => {
      const attribute = model.attributes.get(field);
      if (attribute === undefined || (types !== undefined && !types.includes(attribute.type))) {
        throw new ValidationError(`schema: ${name}.${field} is not ${types === undefined ? 'a column' : `a ${types.join(' or ')} column`} of the datamodel`, { model: name, field });
      }
    };
    for (const columns of own.unique ?? []) for (const field of typeof columns === 'string' ? [columns] : columns) column(field);
    for (const field of own.notNull ?? []) column(field);
    for (const field of Object.keys(own.enums ?? {})) column(field, ['enum']);
    for (const [field, scale] of Object.entries(own.scales ?? {})) {
      column(field, ['numeric']);
      if (!Number.isInteger(scale) || scale < 0) throw new ValidationError(`schema: the scale of ${name}.${field} must be a whole number, got ${String(scale)}`, { model: name, field });
    }
    for (const [field, compute] of Object.entries(own.hybrids ?? {})) {
      column(field, ['hybrid']);
      if (typeof compute !== 'function') throw new ValidationError(`schema: hybrids.${field} of ${name} must be a function (row) => value`, { model: name, field });
    }
    if (own.identity !== undefined && (model.discriminator === undefined || model.parent !== undefined)) {
      throw new ValidationError(`schema: ${name} is not the base of a polymorphic family, so it takes no identity`, { model: name });
    }
  }
}
