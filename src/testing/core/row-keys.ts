/**
 * Identity of stored rows: primary keys compared as SQLite compares them in the key column
 * ("1" and 1 are one key in an integer column), and class membership in a polymorphic family.
 */
import type { WireValue } from '../../query/expression.js';
import { storedValue } from '../../query/normalize.js';
import type { Datamodel, ModelDef } from '../../schema/datamodel.js';

/** The canonical key of a primary key value of `model`, or undefined for NULL. */
export function keyOf(value: WireValue, model: ModelDef): string | undefined {
  const type = model.attributes.get(model.pk)?.type ?? 'integer';
  const stored = storedValue(value, type);
  if (stored === null) return undefined;
  return typeof stored === 'number' ? `n:${stored}` : `s:${stored}`;
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
