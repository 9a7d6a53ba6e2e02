/**
 * The two reserved single-key maps cereal-lazer wraps non-msgpack values in
 * (docs/protocol/classic/cereal-lazer.md, "Layer 3"), and the names its every `Cereal()`
 * registers. Kept apart so the encoder and the decoder cannot disagree on a spelling.
 */

/** `{"__cereal_lazer_instance__": [TYPE_NAME, PAYLOAD]}` */
export const INSTANCE_KEY = '__cereal_lazer_instance__';

/** `{"__cereal_lazer_class__": CLASS_NAME}` */
export const CLASS_KEY = '__cereal_lazer_class__';

/** Type names every `Cereal()` registers; user registrations may not take them. */
export const BUILT_IN_TYPES: ReadonlySet<string> = new Set(['date', 'datetime', 'set']);

/** msgpack-python's packb gives up past 511 levels ("recursion limit exceeded"); a cycle gets there too. */
export const MAX_DEPTH = 512;
