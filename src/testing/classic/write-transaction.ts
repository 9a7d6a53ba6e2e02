/**
 * One write request is one transaction, as Flask-Restless's views run it: everything the work
 * did is committed when it returns, and rolled back when it throws, the failure becoming the
 * server's answer (an IntegrityError 400, an HTML 500 ...).
 */
import type { EmulatorContext } from './context.js';
import { failureResponse } from './write-responses.js';
import { WriteSession } from '../core/write-session.js';

/** The database session of a classic write: its `ctx` is the classic request context. */
export type ClassicSession = WriteSession<EmulatorContext>;

export type TransactionResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly response: Response };

/** Runs `work` in a new write session; an error with no server answer of its own is rethrown. */
export function inWriteTransaction<T>(request: Request, ctx: EmulatorContext, work: (session: ClassicSession) => T): TransactionResult<T> {
  const session = new WriteSession(ctx);
  try {
    const value = work(session);
    session.commit();
    return { ok: true, value };
  } catch (error) {
    session.rollback();
    const response = failureResponse(request, error);
    if (response === undefined) throw error;
    return { ok: false, response };
  }
}
