/**
 * A compound document as the rest of the client holds it: each raw row a page hands out is a
 * `ResourceRow`, one resource object together with its document (the `included` index, read#53 to
 * #57), so that the dialect's row reader can turn linkage into related rows of their own models.
 * Nothing outside this folder looks inside.
 */

/** A resource object as sent: `{type, id, attributes?, relationships?}` (read#1, #3). */
export type ResourceObject = Readonly<Record<string, unknown>>;

/** The document a resource came in: its `included` resources by type and id. */
export class CompoundDocument {
  readonly #included: readonly unknown[];
  #index: Map<string, ResourceObject> | undefined;
  /**
   * Resources whose relations were already read out of this document. Linkage can go round
   * (`include=owner.computers` brings the computer back, read#56): a resource's relations are
   * followed once per document, later references carry its attributes only.
   */
  readonly expanded = new Set<string>();

  constructor(included: readonly unknown[]) {
    this.#included = included;
  }

  /** The included resource of `type` and `id`, or undefined (then only its linkage is known). */
  find(type: unknown, id: unknown): ResourceObject | undefined {
    if (this.#included.length === 0) return undefined;
    this.#index ??= indexOf(this.#included);
    return this.#index.get(keyOf(type, id));
  }
}

/** One raw row: a resource (or a bare `{type, id}` linkage) of a document. */
export class ResourceRow {
  constructor(
    readonly resource: ResourceObject,
    readonly document: CompoundDocument,
    /** True for the document's primary data: its relations are always read. */
    readonly primary: boolean,
  ) {}
}

/** The document's `included` index key of a resource. */
export function keyOf(type: unknown, id: unknown): string {
  return `${String(type)}\u0000${String(id)}`;
}

function indexOf(included: readonly unknown[]): Map<string, ResourceObject> {
  const index = new Map<string, ResourceObject>();
  for (const resource of included) {
    if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) continue;
    const record = resource as ResourceObject;
    index.set(keyOf(record['type'], record['id']), record);
  }
  return index;
}

/** The raw rows of a document's primary data (an array, one resource, or null). */
export function rowsOf(data: readonly unknown[], included: readonly unknown[]): ResourceRow[] {
  const document = new CompoundDocument(included);
  return data.map((resource) => new ResourceRow(resource as ResourceObject, document, true));
}

/** The raw row of a single-resource document's `data`, or null. */
export function rowOf(data: unknown, included: readonly unknown[]): ResourceRow | null {
  if (data === null) return null;
  return new ResourceRow(data as ResourceObject, new CompoundDocument(included), true);
}
