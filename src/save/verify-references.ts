/**
 * A guard against the classic server's "a key that does not exist creates a row with it" trap
 * (docs/protocol/classic/write.md #44): a related row sent by key alone (`{"id": 3}`: many-to-many links, to-one
 * relations without a foreign key column) is looked up by the server and CREATED, empty, when
 * someone else deleted it since this client loaded it. Before such a write, the client counts the
 * referenced rows; a missing one fails the write instead of resurrecting it.
 */
import { EMPTY, Observable, from, ignoreElements, map, mergeMap } from 'rxjs';
import { NotFoundError } from '../errors.js';
import type { Dialect } from '../dialect/dialect.js';
import type { ModelDef } from '../schema/datamodel.js';
import type { EntityState } from '../store/entity-state.js';
import type { RowReference } from './payload.js';
import { keyOf } from '../store/entity-store.js';
import type { HttpClient } from '../transport/http.js';

/** The server caps a page at 100 rows; a filter with more keys would only make a longer URL. */
const KEYS_PER_REQUEST = 100;

/**
 * Completes when every referenced row still exists; errors with a NotFoundError naming the
 * missing row(s) otherwise. `page=0` asks only for the count, so rows the server cannot
 * serialize (an Interval column, a broken proxy) cannot make the check fail.
 */
export function verifyReferences(references: readonly RowReference[], owner: EntityState, http: HttpClient, dialect: Dialect): Observable<never> {
  if (references.length === 0) return EMPTY;
  const groups = new Map<ModelDef, Map<string, string | number>>();
  for (const target of references) {
    if (target.pk === undefined) continue;
    const keys = groups.get(target.model) ?? new Map<string, string | number>();
    keys.set(keyOf(target.pk), target.pk);
    groups.set(target.model, keys);
  }
  const checks: Array<{ model: ModelDef; keys: Array<string | number> }> = [];
  for (const [model, keys] of groups) {
    const all = [...keys.values()];
    for (let start = 0; start < all.length; start += KEYS_PER_REQUEST) checks.push({ model, keys: all.slice(start, start + KEYS_PER_REQUEST) });
  }
  return from(checks).pipe(
    mergeMap(({ model, keys }) => {
      const url = dialect.reads.count(dialect.urls.collection(model), { model: model.name, filters: [{ kind: 'field', field: model.pk, op: 'in', value: keys }], orderBy: [] });
      return http.request({ method: 'GET', url }).pipe(
        map((response) => {
          const found = dialect.reads.parsePage(response.body, url, 0).total;
          if (found >= keys.length) return;
          const which = keys.length === 1 ? `${model.name} ${String(keys[0])} no longer exists` : `${keys.length - found} of ${model.name} ${keys.join(', ')} no longer exist`;
          throw new NotFoundError(response.body, {
            method: 'GET',
            url,
            model: owner.model.name,
            message: `${which} on the server: sending its key would leave this ${owner.model.name} pointing at a row that does not exist (or, for a row named by key alone, make the server create it again, empty). The ${owner.model.name} was not saved; refresh it (or remove the stale entity from its relation) and save again.`,
          });
        }),
      );
    }),
    ignoreElements(),
  );
}
