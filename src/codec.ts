/**
 * flask-restless-rx/codec: the RPC payload codec on its own (cereal-lazer's format, msgpack then
 * hex), for encoding or decoding payloads outside a client. A client loads its own codec on the
 * first remote call; `client.codec.register()` teaches it your types.
 *
 * @example
 * import { Codec } from 'flask-restless-rx/codec';
 * new Codec().encodeCall(['hello'], {}); // '82a46172677391a568656c6c6fa66b776172677380'
 */
export { Codec } from './rpc/codec/codec.js';
export type { CodecOptions, RpcCall } from './rpc/codec/codec.js';
export type { TypeCodec } from './rpc/codec/type-registry.js';
