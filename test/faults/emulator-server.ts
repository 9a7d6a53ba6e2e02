/**
 * A soak server on the emulator: one emulator per lane (its own base URL and rows), faults armed as
 * one-shot rules, "another client" writing straight into the emulator's database.
 */
import { createSeededEmulator } from '../../mocks/emulator.js';
import type { ClassicEmulator, FaultHandle } from '../../src/testing/index.js';
import { emulatorFault } from './fault-kinds.js';
import type { SoakServer } from './soak-server.js';

export function emulatorSoakServer(url: string): { readonly server: SoakServer; readonly emulator: ClassicEmulator } {
  const credentials = { username: 'soak', password: 'soak-password' };
  const emulator = createSeededEmulator(url, { auth: credentials });
  let armed: FaultHandle[] = [];
  const expireAll = (emulator as unknown as { auth?: { expireAll(): void } }).auth?.expireAll;
  const server: SoakServer = {
    url,
    cleanUrl: url,
    credentials,
    arm(plan, method, path, times) {
      const handle = emulator.faults.add({ method, ...(path === undefined ? {} : { path }), times, fault: emulatorFault(plan) });
      armed.push(handle);
      return { served: () => handle.served };
    },
    expireTokens: expireAll === undefined ? undefined : () => expireAll.call((emulator as unknown as { auth: unknown }).auth),
    disarm() {
      for (const handle of armed) handle.remove();
      armed = [];
      // Also lets go of stalled requests the client's fetch never aborted.
      emulator.faults.clear();
    },
    foreign: {
      insert: async (model, row) => emulator.db.insert(model, row)['id'] as number,
      update: async (model, id, changes) => void emulator.db.update(model, id, changes),
      remove: async (model, id) => void emulator.db.delete(model, id),
    },
  };
  return { server, emulator };
}
