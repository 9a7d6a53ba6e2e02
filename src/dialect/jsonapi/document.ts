/**
 * A compound document as the rest of the client holds it: each raw row a page hands out is a
 * `ResourceRow`, one resource object together with its document (its primary data and `included`
 * resources by type and id, read#53 to #57), so that the dialect's row reader can turn linkage
 * into related rows of their own models. Nothing outside this folder looks inside.
 */

/** A resource object as sent: `{type, id, attributes?, relationships?}` (read#1, #3). */
export type ResourceObject = Readonly<Record<string, unknown>>;

/** The document a resource came in: every resource it holds, by type and id. */
export class CompoundDocument {
  readonly #data: readonly unknown[];
  readonly #included: readonly unknown[];
  #index: Map<unknown, Map<unknown, ResourceObject>> | undefined;
  /**
   * Resources whose relations were already read out of this document. Linkage can go round
   * (`include=owner.computers` brings the computer back, read#56): a resource's relations are
   * followed once per document, later references carry its attributes only.
   */
  readonly expanded = new Set<ResourceObject>();

  constructor(data: readonly unknown[], included: readonly unknown[]) {
    this.#data = data;
    this.#included = included;
  }

  /** The document's resource of `type` and `id` (primary or included), or undefined (then only its linkage is known). */
  find(type: unknown, id: unknown): ResourceObject | undefined {
    this.#index ??= indexOf([this.#data, this.#included]);
    return this.#index.get(type)?.get(id);
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

function indexOf(lists: ReadonlyArray<readonly unknown[]>): Map<unknown, Map<unknown, ResourceObject>> {
  const index = new Map<unknown, Map<unknown, ResourceObject>>();
  for (const list of lists) {
    for (const resource of list) {
      if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) continue;
      const record = resource as ResourceObject;
      let byId = index.get(record['type']);
      if (byId === undefined) index.set(record['type'], (byId = new Map()));
      // The first of a duplicate wins: primary data before included resources.
      if (!byId.has(record['id'])) byId.set(record['id'], record);
    }
  }
  return index;
}

/** The raw rows of a document's primary data. */
export function rowsOf(data: readonly unknown[], included: readonly unknown[]): ResourceRow[] {
  const document = new CompoundDocument(data, included);
  return data.map((resource) => new ResourceRow(resource as ResourceObject, document, true));
}

/** The raw row of a single-resource document's `data`, or null. */
export function rowOf(data: unknown, included: readonly unknown[]): ResourceRow | null {
  if (data === null) return null;
  return new ResourceRow(data as ResourceObject, new CompoundDocument([data], included), true);
}
