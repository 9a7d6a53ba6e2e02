/**
 * What the RPC tests of the emulator share: a fresh emulator of the reference datamodel and seed
 * per test (with the methods and properties the test gives), and a client-side view of its
 * answers (status, raw text, the decoded payload with model instances as `{ Class: dict }`).
 */
import type { setupServer } from 'msw/node';
import { Codec } from '../src/rpc/codec/codec.js';
import { createClassicEmulator, type ClassicEmulator, type ClassicEmulatorOptions } from '../src/testing/index.js';
import { recordedDatamodel } from './datamodel.js';
import { seedColumnProxies, seedRows } from './seed.js';

/** An RPC answer as a test reads it. */
export interface RpcAnswer {
  readonly status: number;
  readonly text: string;
  /** The decoded `payload`, when the answer has one. */
  readonly value: unknown;
  /** The `message` of a JSON error answer. */
  readonly message: string | undefined;
}

/** A fresh emulator on its own host, registered on `server` until its handlers are reset. */
export interface RpcHarness {
  readonly emulator: ClassicEmulator;
  readonly url: string;
  call(path: string, args?: readonly unknown[], kwargs?: Readonly<Record<string, unknown>>): Promise<RpcAnswer>;
  send(path: string, init: RequestInit): Promise<RpcAnswer>;
  /** A row as GET returns it. */
  row(path: string): Promise<unknown>;
}

/** Decodes model instances as `{ Computer: {...} }`, so a test sees the tag and the dict. */
export const taggingCodec = new Codec({
  models: { isModel: () => true, decodeInstance: (name, dict) => ({ [name]: dict }), encodeInstance: () => undefined },
});

let hosts = 0;

export function rpcHarness(server: Pick<ReturnType<typeof setupServer>, 'use'>, options: Partial<ClassicEmulatorOptions> = {}): RpcHarness {
  const url = `http://rpc-${++hosts}.test`;
  const emulator = createClassicEmulator({ baseUrl: url, datamodel: recordedDatamodel, rows: seedRows, columnProxies: seedColumnProxies, ...options });
  server.use(...emulator.handlers);
  const send = async (path: string, init: RequestInit): Promise<RpcAnswer> => {
    const response = await fetch(`${url}${path}`, init);
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('html') && !text.startsWith('{') ? undefined : (JSON.parse(text || 'null') as Record<string, unknown> | null);
    const payload = json?.['payload'];
    const message = json?.['message'];
    return {
      status: response.status,
      text,
      value: typeof payload === 'string' ? taggingCodec.decode(payload) : undefined,
      message: typeof message === 'string' ? message : undefined,
    };
  };
  return {
    emulator,
    url,
    send,
    call: (path, args = [], kwargs = {}) =>
      send(`/api/method/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ payload: taggingCodec.encodeCall(args, kwargs) }) }),
    row: async (path) => (await fetch(`${url}/api/${path}`)).json() as Promise<unknown>,
  };
}
