/**
 * Outer deadlines: every awaited operation of the soak settles within one, so a hang is a finding
 * that names the operation instead of a test timeout. At the deadline the subscription is dropped
 * (which aborts what the client has in flight), as a user leaving the page would.
 */
import type { Observable } from 'rxjs';

export type Settled<T> = { readonly kind: 'ok'; readonly value: T | undefined; readonly values: number } | { readonly kind: 'error'; readonly error: unknown } | { readonly kind: 'hang' };

/** Runs `source` to its end (the last value) or its error, or gives up after `ms`. */
export function settle<T>(source: Observable<T>, ms: number): Promise<Settled<T>> {
  return new Promise((resolve) => {
    let last: T | undefined;
    let values = 0;
    let done = false;
    const finish = (result: Settled<T>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      finish({ kind: 'hang' });
      subscription.unsubscribe();
    }, ms);
    const subscription = source.subscribe({
      next: (value) => {
        last = value;
        values += 1;
      },
      error: (error: unknown) => finish({ kind: 'error', error }),
      complete: () => finish({ kind: 'ok', value: last, values }),
    });
    if (done) subscription.unsubscribe();
  });
}

/** The first value of `source` (then unsubscribes), its error, or a hang after `ms`. */
export function first<T>(source: Observable<T>, ms: number): Promise<Settled<T>> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: Settled<T>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(result);
      queueMicrotask(() => subscription?.unsubscribe());
    };
    const timer = setTimeout(() => finish({ kind: 'hang' }), ms);
    // eslint-disable-next-line prefer-const
    let subscription: { unsubscribe(): void } | undefined;
    subscription = source.subscribe({
      next: (value) => finish({ kind: 'ok', value, values: 1 }),
      error: (error: unknown) => finish({ kind: 'error', error }),
      complete: () => finish({ kind: 'error', error: new Error('completed without a value') }),
    });
    if (done) subscription.unsubscribe();
  });
}

/** A promise's value or error, or a hang after `ms`. */
export function settlePromise<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'hang' }), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve({ kind: 'ok', value, values: 1 });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ kind: 'error', error });
      },
    );
  });
}
