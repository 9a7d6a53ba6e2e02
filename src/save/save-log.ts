import type { RequestLogRecord } from '../transport/request-log.js';
import { stateOf } from '../store/entity-state.js';
import type { SaveEvent } from './save-event.js';

/**
 * One step of a save, taken from its event stream: which event, for which model and row. No field
 * values and no errors' text (a server may echo what it was sent); the requests themselves are
 * logged as `RequestLogRecord`s.
 */
export interface SaveLogRecord {
  readonly kind: 'save';
  readonly type: SaveEvent['type'];
  /** The model of the entity the event is about (absent for `planned` and `completed`). */
  readonly model?: string;
  /** The entity's primary key, once it has one. */
  readonly key?: string | number;
  /** For `request` and `retrying`: which send of this write (1 = the first). */
  readonly attempt?: number;
}

/** What the `logger` option of `connect` receives. */
export type LogRecord = RequestLogRecord | SaveLogRecord;

/** The `logger` option: called synchronously; whatever it throws is ignored. */
export type Logger = (record: LogRecord) => void;

export function saveLogRecord(event: SaveEvent): SaveLogRecord {
  const state = 'entity' in event ? stateOf(event.entity) : undefined;
  const key = state?.pk;
  return {
    kind: 'save',
    type: event.type,
    ...(state === undefined ? {} : { model: state.model.name }),
    ...(typeof key === 'string' || typeof key === 'number' ? { key } : {}),
    ...('attempt' in event ? { attempt: event.attempt } : {}),
  };
}
