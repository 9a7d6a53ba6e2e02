import { ValidationError } from '../errors.js';
import type { Datamodel, ModelDef } from './datamodel.js';
import { loneSurrogateProblem } from './lone-surrogate.js';

/**
 * What the datamodel does not publish about a model's table but the client needs to refuse a
 * value before sending it. The emulator's `ModelSchema` (flask-restless-rx/testing) extends it,
 * so one object can describe the server to both.
 * @example connect({ url, schema: { TypeZoo: { enums: { an_enum: ['red', 'green', 'blue'] } } } })
 */
export interface ModelFacts {
  /**
   * The values each Enum column accepts. The classic server stores any string in an Enum column
   * (SQLite has no CHECK for it) and then fails every read of that row, so another value is refused.
   */
  readonly enums?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Model facts per model class name (the `schema` option of `connect`). The emulator's schema,
 * whose models also say `unique`, `notNull`, `scales`, `identity` and `hybrids`, can be passed as
 * it is: those keys are accepted and not used; any other key is a typo and refused.
 */
export type SchemaFacts = Readonly<Record<string, ModelFacts & object>>;

/** What a column's values are checked against, beyond its type. */
export interface ColumnRules {
  /** The zone datetimes are written in: their wall-clock year must be 1..9999. Default 'UTC'. */
  readonly timeZone?: string;
  /** The values an enum column accepts, when the `schema` option names them. */
  readonly enumValues?: readonly string[];
  /**
   * The server takes an interval as a whole number of seconds and gives it back (Flask-Restless-NG,
   * docs/protocol/jsonapi/write.md #22); without it an interval cannot be written (the classic
   * server commits it, then cannot send the row back).
   */
  readonly intervalSeconds?: boolean;
}

/** The rules a dialect's server sets for every column, whatever the model. */
export type WireColumnRules = Pick<ColumnRules, 'intervalSeconds'>;

/** The checked `schema` option: the rules of each column, walking up polymorphic parents (one table). */
export class ColumnFacts {
  readonly #datamodel: Datamodel;
  readonly #timeZone: string;
  /** "Model.column" -> the enum's values, copied so that later changes to the option do not leak in. */
  readonly #enums = new Map<string, readonly string[]>();

  readonly #wire: WireColumnRules;

  constructor(datamodel: Datamodel, schema: SchemaFacts = {}, timeZone = 'UTC', wire: WireColumnRules = {}) {
    check(datamodel, schema);
    this.#datamodel = datamodel;
    this.#timeZone = timeZone;
    this.#wire = wire;
    for (const [name, facts] of Object.entries(schema)) {
      for (const [column, values] of Object.entries(facts.enums ?? {})) this.#enums.set(`${name}.${column}`, Object.freeze([...values]));
    }
  }

  /** The rules values of `column` of `model` must follow. */
  rules(model: ModelDef, column: string): ColumnRules {
    for (let current: ModelDef | undefined = model; current !== undefined; current = current.parent === undefined ? undefined : this.#datamodel.models.get(current.parent)) {
      const values = this.#enums.get(`${current.name}.${column}`);
      if (values !== undefined) return { ...this.#wire, timeZone: this.#timeZone, enumValues: values };
    }
    return { ...this.#wire, timeZone: this.#timeZone };
  }
}

/** The emulator's facts (flask-restless-rx/testing ModelSchema) the client has no use for. */
const EMULATOR_FACTS: ReadonlySet<string> = new Set(['unique', 'notNull', 'scales', 'identity', 'hybrids']);
const KNOWN_FACTS: ReadonlySet<string> = new Set(['enums', ...EMULATOR_FACTS]);

/** A typo must fail at connect(), not leave a check that silently never runs. */
function check(datamodel: Datamodel, schema: SchemaFacts): void {
  if (typeof schema !== 'object' || schema === null) throw new ValidationError('schema must be an object of model facts by model name');
  for (const [name, facts] of Object.entries(schema)) {
    const model = datamodel.models.get(name);
    if (model === undefined) throw new ValidationError(`schema: the datamodel has no model "${name}"`, { model: name });
    if (typeof facts !== 'object' || facts === null) throw new ValidationError(`schema: the facts of ${name} must be an object`, { model: name });
    const unknownKey = Object.keys(facts).find((key) => !KNOWN_FACTS.has(key));
    if (unknownKey !== undefined) throw new ValidationError(`schema: ${name} has "${unknownKey}", which is not a fact this client or the emulator knows (enums, ${[...EMULATOR_FACTS].join(', ')})`, { model: name });
    const enums: unknown = facts.enums ?? {};
    if (typeof enums !== 'object' || enums === null) throw new ValidationError(`schema: enums of ${name} must be an object of value lists by column`, { model: name });
    for (const [field, values] of Object.entries(enums)) {
      if (model.attributes.get(field)?.type !== 'enum') throw new ValidationError(`schema: ${name}.${field} is not an enum column of the datamodel`, { model: name, field });
      if (!Array.isArray(values) || values.some((value) => typeof value !== 'string' || loneSurrogateProblem(value) !== undefined)) {
        throw new ValidationError(`schema: enums.${field} of ${name} must be a list of strings`, { model: name, field });
      }
    }
  }
}
