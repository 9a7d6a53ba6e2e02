import type { Datamodel, ModelDef } from './datamodel.js';

/** True when `model` is the model named `ancestor` or one of its polymorphic subclasses. */
export function isKindOf(datamodel: Datamodel, model: ModelDef, ancestor: string): boolean {
  let current: ModelDef | undefined = model;
  while (current) {
    if (current.name === ancestor) return true;
    current = current.parent === undefined ? undefined : datamodel.models.get(current.parent);
  }
  return false;
}
