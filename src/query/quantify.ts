import { ValidationError } from '../errors.js';
import type { Condition } from './expression.js';

/**
 * Builds `has`/`any` over a nested condition in a form the classic server can run. Flask-Restless
 * 0.17 reads the nested value of has/any as ONE `{name, op, val}` (no and/or, no column
 * comparison), so equivalent forms are used where they exist:
 * any(a or b) = any(a) or any(b); has(a and b) = has(a) and has(b) (one related row);
 * has(a or b) = has(a) or has(b). any(a and b) has no equivalent and is refused here, when the
 * query is built, rather than answered wrongly.
 */
export function quantify(kind: 'has' | 'any', relation: string, where: Condition): Condition {
  switch (where.kind) {
    case 'field':
    case 'has':
    case 'any':
      return { kind, relation, where };
    case 'fields':
      throw new ValidationError(`${kind}() on ${relation}: the classic server cannot compare two columns inside a relation condition`, { field: relation });
    case 'or':
      return { kind: 'or', conditions: where.conditions.map((inner) => quantify(kind, relation, inner)) };
    case 'and':
      if (kind === 'has') return { kind: 'and', conditions: where.conditions.map((inner) => quantify(kind, relation, inner)) };
      if (where.conditions.length === 1 && where.conditions[0]) return quantify(kind, relation, where.conditions[0]);
      throw new ValidationError(`any() on ${relation} with several conditions that must hold for the SAME related row cannot be sent to a classic Flask-Restless server; filter on each condition separately if any row may satisfy each`, { field: relation });
    default:
      return unreachable(where);
  }
}

function unreachable(value: never): never {
  throw new ValidationError(`Unknown condition ${JSON.stringify(value)}`);
}
