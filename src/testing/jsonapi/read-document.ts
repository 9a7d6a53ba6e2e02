/**
 * The request document of a write, read as NG 3.3.0 reads it: a body that is not JSON is
 * `Unable to decode data`; linkage objects are looked up by type and id (errors.md #45 to #58,
 * write.md #7 to #11, #39 to #41, relationships.md #28 to #46).
 */
import type { WireValue } from '../../query/expression.js';
import type { RelationDef } from '../../schema/datamodel.js';
import type { StoredRow } from '../core/db.js';
import type { JsonApiContext } from './context.js';
import { failWith } from './request-failure.js';
import { errorResponse } from './responses.js';

export type JsonObject = { readonly [key: string]: WireValue };

export function isObject(value: WireValue | undefined): value is JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/** The parsed body, or the 400 "Unable to decode data". */
export async function readBody(request: Request): Promise<WireValue> {
  const text = await request.text();
  try {
    return JSON.parse(text) as WireValue;
  } catch {
    return failWith(errorResponse(400, { detail: 'Unable to decode data' }));
  }
}

/** A linkage object's id as the lookup compares it (`"1"` and `1` find the same row). */
export function linkageId(value: WireValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

/** The row a linkage object names, or undefined. */
export function linkedRow(relation: RelationDef, id: WireValue | undefined, ctx: JsonApiContext): StoredRow | undefined {
  return id === undefined || id === null ? undefined : ctx.db.find(relation.targetModel, id);
}
