/**
 * A settable Python `@property` written by a PATCH (or inside a nested object): the server runs its
 * setter (docs/protocol/classic/write.md #73, `nickname` renames the person). The emulator runs the `set` given in its
 * `properties` option (the one `/api/property` uses), through the RPC session so the setter sees the
 * same row objects; without one it answers 501. A setter that raises is an HTML 500: nothing
 * around `setattr` catches it.
 */
import { ValidationError } from '../../errors.js';
import { HtmlAbort, NotEmulated, abortOf } from './rpc-abort.js';
import { pythonMessage } from './python-error.js';
import { EmulatorSession } from './rpc-session.js';
import type { RowHandle } from '../core/write-session.js';
import type { ClassicSession } from './write-transaction.js';

/** `setattr(row, name, value)` for a settable property. */
export function writeProperty(session: ClassicSession, handle: RowHandle, name: string, value: unknown): void {
  const row = session.row(handle);
  if (row === undefined) throw new HtmlAbort(500, `setting ${name} on a row deleted in this request`);
  const found = session.ctx.rpc.implementations.property(row.model, name);
  const set = found?.implementation.set;
  if (found === undefined || set === undefined) throw new NotEmulated(`the setter of the @property ${row.model.name}.${name} (give it in the emulator's properties option)`);
  const rpc = new EmulatorSession(session.ctx);
  const self = rpc.adopt(row);
  try {
    set.call(found.implementation, self, value, rpc.api);
    rpc.flush();
  } catch (error) {
    const abort = abortOf(error);
    if (abort !== undefined) throw abort;
    if (ValidationError.is(error)) throw new HtmlAbort(500, `${row.model.name}.${name}: the setter wrote what the database cannot hold: ${error.message}`);
    throw new HtmlAbort(500, `${row.model.name}.${name}: the setter raised ${pythonMessage(error)}`);
  }
  session.touch(handle);
}
