/** What a save reports as it runs; `save()` is a cold observable of these. */
export type SaveEvent =
  /** The plan: the operations of each level, in order. */
  | { readonly type: 'planned'; readonly levels: ReadonlyArray<ReadonlyArray<PlannedStep>> }
  /** A request is being sent (again, when `attempt` > 1). */
  | { readonly type: 'request'; readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; readonly url: string; readonly entity: object; readonly attempt: number }
  | { readonly type: 'created'; readonly entity: object }
  | { readonly type: 'updated'; readonly entity: object }
  /** A transient failure; the same request goes again after `delayMs`. */
  | { readonly type: 'retrying'; readonly entity: object; readonly attempt: number; readonly delayMs: number; readonly error: unknown }
  /** The entity could not be saved; it stays pending and dirty, with this error attached. */
  | { readonly type: 'failed'; readonly entity: object; readonly error: unknown }
  /** Not attempted because something it depends on failed. */
  | { readonly type: 'skipped'; readonly entity: object; readonly because: object }
  | { readonly type: 'completed'; readonly created: number; readonly updated: number; readonly failed: number; readonly skipped: number };

/** One operation of a plan, as `planned` lists it. */
export interface PlannedStep {
  readonly kind: 'create' | 'update' | 'link' | 'property';
  readonly entity: object;
  /** The fields this step writes. */
  readonly fields: readonly string[];
}
