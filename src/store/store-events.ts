/** The kinds of change the store reports. */
export type StoreEventType = 'created' | 'updated' | 'deleted' | 'loaded' | 'evicted';

/**
 * One kind of change within one batch of the store: a response loaded, an edit made, a save or a
 * delete applied. A batch that touches many entities emits one event per kind, not one per entity.
 */
export interface StoreEvent<E = object> {
  readonly type: StoreEventType;
  /** The entities concerned, each once. */
  readonly entities: readonly E[];
}
