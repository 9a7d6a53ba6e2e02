import type { Observable } from 'rxjs';
import type { QueryExpression } from './expression.js';

/** Runs queries; the client supplies it. */
export interface QueryRunner {
  all(expression: QueryExpression): Observable<object[]>;
  first(expression: QueryExpression): Observable<object | null>;
  one(expression: QueryExpression, orNone: boolean): Observable<object | null>;
  count(expression: QueryExpression): Observable<number>;
  stream(expression: QueryExpression): Observable<object>;
}
