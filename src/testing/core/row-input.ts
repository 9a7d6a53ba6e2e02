/**
 * Reading a row given to the emulated database: which class it is (the discriminator may name a
 * subclass), its column values canonicalized, and the link lists it carries. Everything the
 * server's database could not hold is a `ValidationError` naming the model and the field.
 */
import { ValidationError } from '../../errors.js';
import type { ColumnProxies } from './field-kind.js';
import { proxyPath } from './field-kind.js';
import type { WireValue } from '../../query/expression.js';
import { relationLink } from './relation-link.js';
import type { Datamodel, ModelDef, RelationDef } from '../../schema/datamodel.js';
import { isA } from './row-keys.js';
import { canonicalColumn } from './row-values.js';

export interface RowInput {
  readonly model: ModelDef;
  /** Every column of the class (absent ones null), the primary key possibly still null. */
  readonly values: Record<string, WireValue>;
  /** Relations stored in link tables, with the related keys as given. */
  readonly links: ReadonlyArray<readonly [RelationDef, unknown]>;
}

export function readRowInput(model: ModelDef, input: Readonly<Record<string, unknown>>, datamodel: Datamodel, proxies: ColumnProxies): RowInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ValidationError(`A ${model.name} row must be an object of column values`, { model: model.name });
  }
  const rowModel = classOf(model, input, datamodel);
  const values: Record<string, WireValue> = {};
  const links: Array<readonly [RelationDef, unknown]> = [];
  for (const [field, value] of Object.entries(input)) {
    const site = { model: rowModel.name, field };
    const attribute = rowModel.attributes.get(field);
    const relation = rowModel.relations.get(field);
    if (attribute !== undefined) {
      const path = proxyPath(rowModel, field, datamodel, proxies);
      if (path !== undefined) throw new ValidationError(`${rowModel.name}.${field} is an association proxy onto ${path.relation}.${path.column}; it is computed, set the related rows instead`, site);
      values[field] = canonicalColumn(value, attribute.type, site);
    } else if (relation !== undefined) {
      const link = relationLink(rowModel, relation, datamodel);
      if (link.kind !== 'link-table') {
        const holder = link.kind === 'foreign-key' ? `${rowModel.name}.${link.column}` : `${relation.target}.${link.column} on the related rows`;
        throw new ValidationError(`${rowModel.name}.${field} is stored as a foreign key: set ${holder} instead`, site);
      }
      links.push([relation, value]);
    } else {
      throw new ValidationError(`${rowModel.name} has no column or relation "${field}"`, site);
    }
  }
  for (const attribute of rowModel.attributes.values()) {
    if (!(attribute.name in values) && proxyPath(rowModel, attribute.name, datamodel, proxies) === undefined) values[attribute.name] = null;
  }
  // Single-table inheritance writes the class's identity into the discriminator.
  if (rowModel.discriminator !== undefined && values[rowModel.discriminator] === null && rowModel.identity !== undefined) {
    values[rowModel.discriminator] = rowModel.identity;
  }
  return { model: rowModel, values, links };
}

/** The row's class: a subclass when the discriminator names one, which must be `model` or below it. */
function classOf(model: ModelDef, input: Readonly<Record<string, unknown>>, datamodel: Datamodel): ModelDef {
  const discriminator = model.discriminator;
  if (discriminator === undefined) return model;
  const given = input[discriminator];
  if (given === undefined || given === null) return model;
  const named = typeof given === 'string' ? model.identities.get(given) : undefined;
  const rowModel = named === undefined ? undefined : datamodel.models.get(named);
  if (rowModel === undefined) {
    // The root's own identity is in no list; only a subclass knows its identity for sure.
    if (model.identity === undefined) return model;
    throw new ValidationError(`A ${model.name} row has ${discriminator} ${JSON.stringify(model.identity)}, not ${JSON.stringify(given)}`, { model: model.name, field: discriminator });
  }
  if (!isA(rowModel, model, datamodel)) {
    throw new ValidationError(`${discriminator} ${JSON.stringify(given)} makes a ${rowModel.name}, which is not a ${model.name}`, { model: model.name, field: discriminator });
  }
  return rowModel;
}
