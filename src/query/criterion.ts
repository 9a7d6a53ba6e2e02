import { ValidationError } from '../errors.js';
import type { CompareOp, Condition, FieldOp } from './expression.js';

type Node =
  | { readonly kind: 'leaf'; readonly condition: Condition }
  | { readonly kind: 'not'; readonly node: Node }
  | { readonly kind: 'and' | 'or'; readonly nodes: readonly Node[] };

const BRAND = Symbol.for('flask-restless-rx.criterion');

/**
 * A filter condition as the builder makes it, before negation is compiled away. Made by field
 * operators (`p.name.eq('Bob')`) and combined with `and`, `or`, `not`.
 */
export class Criterion {
  readonly [BRAND] = true;
  /** @internal */
  readonly node: Node;

  /** @internal */
  constructor(node: Node) {
    this.node = node;
  }

  /** @internal */
  static leaf(condition: Condition): Criterion {
    return new Criterion({ kind: 'leaf', condition });
  }

  static is(value: unknown): value is Criterion {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** The condition the server receives: negations pushed down to inverted operators. */
  compile(): Condition {
    return compile(this.node, false);
  }
}

/**
 * All of the conditions.
 * @example Person.query.filter(p => and(p.id.gt(1), p.id.lt(4)))
 */
export function and(...criteria: Criterion[]): Criterion {
  return new Criterion({ kind: 'and', nodes: criteria.map(check).map((c) => c.node) });
}

/**
 * Any of the conditions.
 * @example Person.query.filter(p => or(p.name.eq('Bob'), p.name.eq('Eve')))
 */
export function or(...criteria: Criterion[]): Criterion {
  return new Criterion({ kind: 'or', nodes: criteria.map(check).map((c) => c.node) });
}

/**
 * The negation of a condition. The classic server has no NOT, so it is compiled by inverting
 * operators; a negation it cannot express (`not(like)`, `not(any)`) is a ValidationError here.
 * @example Person.query.filter(p => not(p.name.in(['Bob', 'Eve'])))
 */
export function not(criterion: Criterion): Criterion {
  // Compiling now makes an inexpressible negation fail where the query is built.
  const negated = new Criterion({ kind: 'not', node: check(criterion).node });
  negated.compile();
  return negated;
}

function check(value: unknown): Criterion {
  if (!Criterion.is(value)) throw new ValidationError(`Expected a condition such as p.name.eq('Bob'), got ${typeof value}`);
  return value;
}

const INVERSE: Partial<Record<FieldOp, FieldOp>> = {
  eq: 'ne', ne: 'eq', gt: 'le', le: 'gt', lt: 'ge', ge: 'lt', in: 'notIn', notIn: 'in', isNull: 'isNotNull', isNotNull: 'isNull',
};

function compile(node: Node, negated: boolean): Condition {
  switch (node.kind) {
    case 'leaf':
      return negated ? invert(node.condition) : node.condition;
    case 'not':
      return compile(node.node, !negated);
    case 'and':
    case 'or': {
      // De Morgan: not(a and b) = not a or not b.
      const kind = negated ? (node.kind === 'and' ? 'or' : 'and') : node.kind;
      return { kind, conditions: node.nodes.map((child) => compile(child, negated)) };
    }
    default:
      return unreachable(node);
  }
}

function invert(condition: Condition): Condition {
  switch (condition.kind) {
    case 'field': {
      const op = INVERSE[condition.op];
      if (op === undefined) throw cannotNegate(`${condition.field} ${condition.op}`);
      return { ...condition, op };
    }
    case 'fields':
      return { ...condition, op: INVERSE[condition.op] as CompareOp };
    case 'has':
    case 'any':
      throw cannotNegate(`${condition.kind} on ${condition.relation}`);
    case 'and':
    case 'or':
      return { kind: condition.kind === 'and' ? 'or' : 'and', conditions: condition.conditions.map(invert) };
    default:
      return unreachable(condition);
  }
}

function cannotNegate(what: string): ValidationError {
  return new ValidationError(`not(${what}) cannot be sent to a classic Flask-Restless server: it has no negation, and ${what} has no inverse operator`);
}

function unreachable(value: never): never {
  throw new ValidationError(`Unknown condition ${JSON.stringify(value)}`);
}
