/**
 * The hook through which the client's model layer takes part in the codec, so RPC results become
 * store entities and entities can be passed as arguments. The codec calls it only for names and
 * values it does not handle itself (after the built-in and registered types).
 */
export interface ModelResolver {
  /**
   * True when `name` (a Python class name the server sent, e.g. `Computer`, `Manager`) is a model.
   * The name is untrusted: look it up in a `Map` or with `Object.hasOwn`.
   */
  isModel(name: string): boolean;
  /**
   * The value for a model instance the server sent. `dict` is what a `GET` of that row returns:
   * columns, hybrids, and relations one level deep as plain dicts; dates are ISO strings.
   */
  decodeInstance(name: string, dict: Record<string, unknown>): unknown;
  /** How to send `value` as a model instance, or `undefined` when it is not one. */
  encodeInstance(value: object): EncodedInstance | undefined;
}

/**
 * A model instance on its way to the server, sent as `["Computer", fields]`. The server loads the
 * row when `fields` has a truthy value under the primary key (every other key is then ignored),
 * so a saved entity is best sent as `{ id: 1 }`. Otherwise Flask-Restless builds a new transient
 * object from `fields` (JSON-shaped, like a POST body: dates as ISO strings), and a key the model
 * lacks is an HTML 500 on the server.
 */
export interface EncodedInstance {
  /** The model's class name (`Computer`), not its collection name. */
  readonly name: string;
  readonly fields: Readonly<Record<string, unknown>>;
}
