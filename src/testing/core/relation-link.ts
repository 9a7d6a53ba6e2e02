/**
 * Where a relation's rows are linked in the server's database, as far as the datamodel tells:
 * a many-to-one holds a foreign key (`local_column`), a one-to-many or one-to-one is the other
 * side's foreign key (found through `backref`), and anything else (many-to-many, or a relation
 * whose key the datamodel does not name) goes through a link table. The emulator stores rows by
 * it; the emulated `order_by` uses it, since the server's `query.join(Model)` can only follow a
 * foreign key.
 */
import type { Datamodel, ModelDef, RelationDef } from '../../schema/datamodel.js';

export type RelationLink =
  /** This row holds the key of the related row in `column`. */
  | { readonly kind: 'foreign-key'; readonly column: string }
  /** Related rows hold this row's key in their `column`. */
  | { readonly kind: 'inverse-foreign-key'; readonly column: string }
  /** Pairs of keys in a link table, shared by both sides of the relation under `table`. */
  | { readonly kind: 'link-table'; readonly table: string; readonly side: 'left' | 'right' };

/** How `model.relation` is linked (from the facts the datamodel's parser resolved; `datamodel` is kept for callers). */
export function relationLink(model: ModelDef, relation: RelationDef, datamodel?: Datamodel): RelationLink {
  void datamodel;
  if (relation.type === 'MANYTOONE' && relation.localColumn !== undefined) {
    return { kind: 'foreign-key', column: relation.localColumn };
  }
  const inverse = relation.inverse;
  if ((relation.type === 'ONETOMANY' || relation.type === 'ONETOONE') && inverse?.type === 'MANYTOONE' && inverse.localColumn !== undefined) {
    return { kind: 'inverse-foreign-key', column: inverse.localColumn };
  }
  const here = `${model.root}.${relation.name}`;
  const there = inverse === undefined ? undefined : `${relation.targetModel.root}.${inverse.name}`;
  if (there === undefined || there === here) return { kind: 'link-table', table: here, side: 'left' };
  // The side that sends the links is the left one of their table.
  return relation.sendsLinks ? { kind: 'link-table', table: `${here}~${there}`, side: 'left' } : { kind: 'link-table', table: `${there}~${here}`, side: 'right' };
}

/** The relation on the other side (`backref`), when the datamodel names one that points back. */
export function inverseOf(relation: RelationDef, datamodel?: Datamodel): RelationDef | undefined {
  void datamodel;
  return relation.inverse;
}
