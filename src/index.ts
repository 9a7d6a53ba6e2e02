// Connecting
export { connect } from './client.js';
export type { Client, ConnectOptions } from './client.js';
export { bearerAuth, basicAuth } from './transport/auth.js';
export type { AuthOption, BearerAuth, BasicAuth, HeaderAuth } from './transport/auth.js';
export type { FetchLike } from './transport/http.js';
export type { RetryOptions } from './transport/retry.js';

// Models, entities and queries
export { ModelHandle } from './model/model-handle.js';
export type { Entity, EntityOf, EntityApi, EntityNames, NamesOf, CallArguments, DynamicEntity, DynamicSchema, ModelShape, SchemaShape, CreateValues } from './model/types.js';
export { Query } from './model/query.js';
export type { Fields, OrderSpec, FilterValue, FilterByValues } from './model/query.js';
export type { IterateOptions, ReadProgress, StreamOptions } from './model/types.js';
export { and, or, not, Criterion } from './query/criterion.js';
export { FieldRef } from './query/field-refs.js';
export type { RelationOps, NestedCondition } from './query/fields-proxy.js';
export type { QueryExpression, Condition, FieldOp, CompareOp, OrderBy, WireValue } from './query/expression.js';

// Saving
export type { SaveEvent, PlannedStep } from './save/save-event.js';
export type { Logger, LogRecord, SaveLogRecord } from './save/save-log.js';
export type { RequestLogRecord, RequestOutcome } from './transport/request-log.js';

// Remote methods and properties (RPC)
// The standalone `Codec` class is in 'flask-restless-rx/codec': re-exported here, it would put the
// codec and msgpack into every esbuild bundle's first chunk (esbuild #3704), loaded or not.
export type { CodecOptions, RpcCall } from './rpc/codec/codec.js';
export type { CodecTypes } from './rpc/remote-loader.js';
export type { TypeCodec } from './rpc/codec/type-registry.js';
export type { ModelResolver, EncodedInstance } from './rpc/codec/model-resolver.js';
export { PyDate } from './rpc/codec/py-date.js';
export { PyDateTime } from './rpc/codec/py-datetime.js';
export { PyFloat } from './schema/py-float.js';
export { PyClass } from './rpc/codec/py-class.js';
export { EMULATED, isEmulated } from './rpc/codec/emulated-object.js';
export type { EmulatedObject, EmulatedInfo } from './rpc/codec/emulated-object.js';

// The store
export type { StoreEvent, StoreEventType } from './store/store-events.js';
export type { PrimaryKey } from './store/entity-state.js';

// The datamodel
export { parseDatamodel } from './schema/parse-datamodel.js';
export type { ModelFacts, SchemaFacts } from './schema/model-facts.js';
export type { Datamodel, ModelDef, AttributeDef, RelationDef, MethodDef, ColumnType, RelationType, RawDatamodel } from './schema/datamodel.js';

// Errors
export {
  RestlessError,
  HttpError,
  NotFoundError,
  NoResultError,
  MultipleResultsError,
  ValidationError,
  SaveError,
  RpcError,
  DatamodelError,
  CodecError,
  NetworkError,
  ProtocolError,
  AuthError,
} from './errors.js';
export type { ErrorCode, ErrorContext } from './errors.js';
