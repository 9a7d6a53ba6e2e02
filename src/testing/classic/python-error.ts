/**
 * `PythonError`: what an emulated model method throws to raise a given Python exception, so the
 * emulator answers exactly as the server does (`500 {"message": "ValueError: boom"}`). A plain JS
 * Error stands for the exception class of its `name` (`TypeError`, `RangeError`...).
 *
 * Not a `RestlessError`: it is not raised by the library at a user, it is a value a test hands to
 * the emulator to describe what the server would raise.
 */

const PYTHON_ERROR = Symbol.for('flask-restless-rx.python-error');

/**
 * A Python exception raised by an emulated method or property.
 *
 * @example
 * methods: { Person: { explode: (self) => { throw new PythonError('ValueError', `Kaboom from ${String(self['name'])}`); } } }
 */
export class PythonError extends Error {
  declare readonly [PYTHON_ERROR]: true;
  override readonly name = 'PythonError';

  /**
   * @param pythonClass the exception's class name as Python prints it (`ValueError`, `KeyError`)
   * @param pythonMessage `str(exception)`: for a KeyError that is the key's repr (`"'kwargs'"`)
   */
  constructor(
    readonly pythonClass: string,
    readonly pythonMessage: string,
  ) {
    super(`${pythonClass}: ${pythonMessage}`);
    Object.defineProperty(this, PYTHON_ERROR, { value: true });
  }

  /** True for a `PythonError`, even from another copy of the package. */
  static is(value: unknown): value is PythonError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PYTHON_ERROR] === true;
  }
}

/** `f"{e.__class__.__name__}: {str(e)}"` for whatever an implementation threw. */
export function pythonMessage(error: unknown): string {
  return `${pythonClassOf(error)}: ${pythonStr(error)}`;
}

/** `str(e)`: the message alone (what "Could not set property: ..." carries). */
export function pythonStr(error: unknown): string {
  if (PythonError.is(error)) return error.pythonMessage;
  return error instanceof Error ? error.message : String(error);
}

function pythonClassOf(error: unknown): string {
  if (PythonError.is(error)) return error.pythonClass;
  // A thrown non-Error (`throw 'oops'`) has no class; Python's closest is the base Exception.
  return error instanceof Error ? error.name : 'Exception';
}
