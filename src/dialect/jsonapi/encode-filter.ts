/**
 * The query AST's conditions as `filter[objects]` entries (read#19 to #45): `{name, op, val}`,
 * `{name, op, field}` to compare two columns (read#38), `has`/`any` with a nested filter (read#34,
 * #35), and `or`/`and` lists (read#36). The list itself is ANDed (read#37).
 */
import { ValidationError } from '../../errors.js';
import type { Condition, WireValue } from '../../query/expression.js';
import { encodeCondition } from '../filter-objects.js';
import type { ModelDef } from '../../schema/datamodel.js';


/**
 * The `filter[objects]` list of a query's (ANDed) conditions on `model`. A LargeBinary column has
 * no usable format on NG (README fact 11: a string is a 400, bytes an HTML 500), so comparing one
 * with a value is a ValidationError before anything is sent; is_null still works.
 */
export function encodeFilters(model: ModelDef, conditions: readonly Condition[]): WireValue[] {
  for (const condition of conditions) checkComparable(model, condition);
  return conditions.map(encodeCondition);
}

function checkComparable(model: ModelDef, condition: Condition): void {
  switch (condition.kind) {
    case 'field':
      if (condition.op !== 'isNull' && condition.op !== 'isNotNull') unusable(model, condition.field);
      return;
    case 'fields':
      unusable(model, condition.field);
      unusable(model, condition.other);
      return;
    case 'has':
    case 'any': {
      const target = model.relations.get(condition.relation)?.targetModel;
      if (target !== undefined) checkComparable(target, condition.where);
      return;
    }
    case 'and':
    case 'or':
      for (const inner of condition.conditions) checkComparable(model, inner);
      return;
    default:
      unreachable(condition);
  }
}

function unusable(model: ModelDef, field: string): void {
  if (model.attributes.get(field)?.type !== 'largebinary') return;
  throw new ValidationError(`${model.name}.${field} is a LargeBinary column, which Flask-Restless-NG cannot compare with a value (only isNull()/isNotNull() work on the 'jsonapi' dialect)`, { model: model.name, field });
}

function unreachable(value: never): never {
  throw new ValidationError(`Unknown condition ${JSON.stringify(value)}`);
}
