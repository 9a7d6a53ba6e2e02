/**
 * What a name in a search refers to on a model, in the server's terms: `getattr(Model, name)`
 * can be a column (or hybrid), an association proxy onto a column, a relationship, an association
 * proxy onto a relationship, a plain Python attribute (an @property or a method), or nothing.
 * The server treats each differently, so the decoder asks here first.
 */
import type { AttributeDef, Datamodel, ModelDef, RelationDef } from '../../schema/datamodel.js';

/**
 * Column association proxies per model class name: field -> `relation.column`
 * (`{ Computer: { owner_name: 'owner.name' } }`). The datamodel lists them as plain attributes;
 * only this tells them apart. A subclass inherits its parents' proxies.
 */
export type ColumnProxies = Readonly<Record<string, Readonly<Record<string, string>>>>;

export type FieldKind =
  | { readonly kind: 'column'; readonly attribute: AttributeDef }
  | { readonly kind: 'column-proxy'; readonly attribute: AttributeDef; readonly relation: RelationDef; readonly target: ModelDef; readonly column: string }
  | { readonly kind: 'relation'; readonly relation: RelationDef; readonly target: ModelDef }
  | { readonly kind: 'relation-proxy'; readonly relation: RelationDef }
  /** An attribute the datamodel marks as a proxy, with no `relation.column` path to compute it. */
  | { readonly kind: 'unmapped-proxy'; readonly attribute: AttributeDef }
  | { readonly kind: 'python-attribute' }
  | { readonly kind: 'unknown' };

/** Classifies `name` on `model`. */
export function classifyField(model: ModelDef, name: string, datamodel: Datamodel, proxies: ColumnProxies): FieldKind {
  const attribute = model.attributes.get(name);
  if (attribute !== undefined) {
    const path = proxyPath(model, name, datamodel, proxies);
    if (path === undefined) return attribute.proxy ? { kind: 'unmapped-proxy', attribute } : { kind: 'column', attribute };
    const relation = model.relations.get(path.relation);
    const target = relation?.targetModel;
    if (relation === undefined || target === undefined) return { kind: 'unknown' };
    return { kind: 'column-proxy', attribute, relation, target, column: path.column };
  }
  const relation = model.relations.get(name);
  if (relation !== undefined) {
    if (relation.proxy) return { kind: 'relation-proxy', relation };
    return { kind: 'relation', relation, target: relation.targetModel };
  }
  if (model.properties.has(name) || model.methods.has(name)) return { kind: 'python-attribute' };
  return { kind: 'unknown' };
}

/** The `relation.column` a column proxy of `model` reads, looking at the model and its parents. */
export function proxyPath(model: ModelDef, field: string, datamodel: Datamodel, proxies: ColumnProxies): { relation: string; column: string } | undefined {
  let current: ModelDef | undefined = model;
  while (current !== undefined) {
    const path = proxies[current.name]?.[field];
    if (path !== undefined) {
      const [relation = '', column = ''] = path.split('.');
      return { relation, column };
    }
    current = current.parent === undefined ? undefined : datamodel.models.get(current.parent);
  }
  return undefined;
}
