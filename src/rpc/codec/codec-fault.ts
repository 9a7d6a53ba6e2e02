/**
 * An encoding or decoding failure on its way up the value tree. Containers append their key
 * while it unwinds, so the `CodecError` the `Codec` finally throws can say where the bad value
 * was (`kwargs.when`, `[0].owner`) without the happy path paying for a path stack.
 * It never leaves the codec: `Codec` turns it into a `CodecError`.
 */
export class CodecFault extends Error {
  override readonly name = 'CodecFault';
  /** Keys from the failing value up to the root (innermost first). */
  readonly path: Array<string | number> = [];

  constructor(
    readonly reason: string,
    cause?: unknown,
  ) {
    super(reason, cause === undefined ? undefined : { cause });
  }

  /** `root` then the path, as JS would spell it: `value.when`, `payload[0]["odd key"]`; with root `''`, `kwargs.when`. */
  where(root: string): string {
    let text = root;
    for (let i = this.path.length - 1; i >= 0; i--) {
      const key = this.path[i];
      if (typeof key === 'number') text += `[${key}]`;
      else if (key !== undefined && /^[A-Za-z_$][\w$]*$/.test(key)) text += `.${key}`;
      else text += `[${JSON.stringify(key)}]`;
    }
    return text.startsWith('.') ? text.slice(1) : text;
  }
}

/** Describes a value in an error message without dumping it whole. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `the string ${JSON.stringify(value.slice(0, 40))}...` : `the string ${JSON.stringify(value)}`;
    case 'number':
    case 'bigint':
    case 'boolean':
      return `the ${typeof value} ${String(value)}`;
    case 'object': {
      if (Array.isArray(value)) return `an array of ${value.length}`;
      const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
      return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object';
    }
    default:
      return `a ${typeof value}`;
  }
}

/** Adds `key` to the path of a failure passing through a container, making it a fault if needed. */
export function within(error: unknown, key: string | number): CodecFault {
  const fault =
    error instanceof CodecFault ? error : new CodecFault(error instanceof Error ? error.message : String(error), error);
  fault.path.push(key);
  return fault;
}
