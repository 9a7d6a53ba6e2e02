/**
 * A request that ends early with a given answer (an error document, an HTML page): thrown by any
 * step of a view, caught by the dispatcher. A write in progress is rolled back by whoever opened it.
 */
export class RequestFailure {
  constructor(readonly response: Response) {}
}

/** Throws the answer. */
export function failWith(response: Response): never {
  throw new RequestFailure(response);
}
